"""The ``stance`` command line: ``python -m stance <command>``."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from .model_folder import ModelFolderError
from .schema import STANCE_LABELS, LabelledDataError, labelled_files, read_labelled_file


def _validate(args) -> int:
    failed = 0
    files = labelled_files(args.paths)
    for path in files:
        try:
            article = read_labelled_file(path)
        except LabelledDataError as error:
            failed += 1
            print(error, file=sys.stderr)
            continue
        if not args.quiet:
            print(f"ok  {path}  ({len(article.units)} units)")
    print(f"{len(files) - failed} of {len(files)} files valid", file=sys.stderr if failed else sys.stdout)
    return 1 if failed else 0


def _skeleton(args) -> int:
    from .segment import segment

    path = Path(args.article)
    text = _read_text(path)
    for i, unit in enumerate(segment(text)):
        record = {
            "article_id": path.stem, "unit": i, "start": unit.start, "end": unit.end, "text": unit.text,
            "claim": False, "speaker": None, "mention": None, "cue": None,
            "stances": {t: "none" for t in args.targets},
        }
        print(json.dumps(record, ensure_ascii=False))
    return 0


def _stats(args) -> int:
    rows, totals = [], Counter()
    for path in labelled_files(args.paths):
        article = read_labelled_file(path)
        claims = [u for u in article.units if u["claim"]]
        labels = Counter(lab for u in claims for lab in u["stances"].values())
        totals.update(units=len(article.units), claims=len(claims), articles=1,
                      no_mention=sum(u["mention"] is None for u in claims), **labels)
        rows.append(f"| {article.article_id} | {len(article.units)} | {len(claims)} | {'; '.join(article.targets)} |")
    print("| article_id | units | claims | targets |\n|---|---|---|---|")
    print("\n".join(rows))
    print(f"\n{totals['articles']} articles, {totals['units']} units, {totals['claims']} claims "
          f"({totals['no_mention']} continuing quotes without a mention); stance pairs on claims: "
          + ", ".join(f"{lab} {totals[lab]}" for lab in STANCE_LABELS))
    return 0


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def format_table(claims, width: int = 100) -> str:
    """Claims as a plain-text table: unit, speaker, stance per target, claim text.

    Args:
        claims: :class:`stance.Claim` objects of one article.
        width: Line width to fit (the text column takes what is left).

    Returns:
        The table, one line per claim, with a header line and a key to the targets.
    """
    targets = list(claims[0].stances) if claims else []
    marks = {"favor": "favor", "against": "against", "none": "-"}
    speaker_width = min(24, max([len("speaker")] + [len(c.speaker or "") for c in claims]))
    stance_width = 7
    header = f"{'unit':>4}  {'speaker':<{speaker_width}}  " + "".join(f"{'T' + str(i + 1):<{stance_width}}  " for i in range(len(targets)))
    text_width = max(20, width - len(header))
    lines = [f"T{i + 1} = {t}" for i, t in enumerate(targets)]
    lines.append(header + "claim")
    for c in claims:
        stances = "".join(f"{marks[c.stances[t]]:<{stance_width}}  " for t in targets)
        speaker = _shorten(c.speaker or "", speaker_width)
        lines.append(f"{c.unit:>4}  {speaker:<{speaker_width}}  {stances}{_shorten(c.text, text_width)}")
    return "\n".join(lines)


def _predict(args) -> int:
    import transformers

    from .pipeline import load_pipeline

    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()

    paths = [Path(p) for p in args.files]
    texts = []
    for path in paths:
        text = _read_text(path)
        if not text.strip():
            raise SystemExit(f"error: {path}: the file is empty")
        texts.append(text)
    pipeline = load_pipeline(args.model)
    results = pipeline.predict(
        texts, args.targets, keep_non_claims=args.all or args.format == "jsonl",
        batch_size=args.batch_size, article_ids=[p.stem for p in paths],
    )
    for path, claims in zip(paths, results):
        if args.format == "jsonl":
            for claim in claims:
                print(json.dumps(claim.to_dict(), ensure_ascii=False))
        else:
            shown = claims if args.all else [c for c in claims if c.claim]
            print(f"== {path}: {len(shown)} claims")
            print(format_table(shown, args.width))
    return 0


def _train(args) -> int:
    from .training import run_training

    return run_training(args)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise SystemExit(f"error: {path}: not UTF-8 text (byte {error.start}); convert it with iconv first") from None
    except OSError as error:
        raise SystemExit(f"error: {path}: {error.strerror or error}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stance", description="Who said what, and where they stand.")
    commands = parser.add_subparsers(dest="command", required=True)

    predict = commands.add_parser("predict", help="print the claims of articles with speaker and stance")
    predict.add_argument("files", nargs="+", help="article text files (UTF-8, headline first)")
    predict.add_argument("--targets", nargs="+", help="stance targets (default: each article's headline)")
    predict.add_argument("--model", help="model folder (default: $STANCE_MODEL or models/default)")
    predict.add_argument("--format", choices=["table", "jsonl"], default="table",
                         help="table for reading; jsonl writes every unit in the data/labelled format")
    predict.add_argument("--all", action="store_true", help="show units that are not claims too")
    predict.add_argument("--batch-size", type=int, default=32)
    predict.add_argument("--width", type=int, default=100, help="table width in columns (default 100)")
    predict.set_defaults(run=_predict)

    from .training import add_train_arguments

    train = commands.add_parser("train", help="fine-tune the models (same as train.py)")
    add_train_arguments(train)
    train.set_defaults(run=_train)

    validate = commands.add_parser("validate", help="check labelled files against the data format")
    validate.add_argument("paths", nargs="+", help="labelled .jsonl files or folders (data/, data/labelled/)")
    validate.add_argument("-q", "--quiet", action="store_true", help="print only problems and the summary")
    validate.set_defaults(run=_validate)

    skeleton = commands.add_parser("skeleton", help="segment a raw article into unlabelled units (JSON lines)")
    skeleton.add_argument("article", help="the article's .txt file; its stem becomes the article_id")
    skeleton.add_argument("--targets", nargs="+", required=True, help="the article's stance targets")
    skeleton.set_defaults(run=_skeleton)

    from .importers.cli import add_import_parser

    add_import_parser(commands)

    from .benchmark.cli import add_benchmark_parser

    add_benchmark_parser(commands)

    stats = commands.add_parser("stats", help="count units, claims and stance labels per article")
    stats.add_argument("paths", nargs="+", help="labelled .jsonl files or folders")
    stats.set_defaults(run=_stats)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: Arguments without the program name; ``sys.argv[1:]`` when None.

    Returns:
        The exit status.
    """
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (FileNotFoundError, LabelledDataError, ModelFolderError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
