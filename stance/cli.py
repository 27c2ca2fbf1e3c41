"""The ``stance`` command line: ``python -m stance <command>``."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

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

    validate = commands.add_parser("validate", help="check labelled files against the data format")
    validate.add_argument("paths", nargs="+", help="labelled .jsonl files or folders (data/, data/labelled/)")
    validate.add_argument("-q", "--quiet", action="store_true", help="print only problems and the summary")
    validate.set_defaults(run=_validate)

    skeleton = commands.add_parser("skeleton", help="segment a raw article into unlabelled units (JSON lines)")
    skeleton.add_argument("article", help="the article's .txt file; its stem becomes the article_id")
    skeleton.add_argument("--targets", nargs="+", required=True, help="the article's stance targets")
    skeleton.set_defaults(run=_skeleton)

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
    except (FileNotFoundError, LabelledDataError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
