"""``stance import <corpus> PATH --split S --out OUT``: run an importer from the command line.

One subcommand per entry of :data:`stance.corpora.CORPORA`; each sets ``run`` (the
convention of ``stance/cli.py``: ``args.run(args)`` returns the exit status).
"""

from __future__ import annotations

import time
from collections import Counter

from ..corpora import CORPORA
from .pairs import write_pairs
from .polnear import CUE_CATEGORIES, DEFAULT_KEEP, write_labelled
from .stance_corpora import map_labels

__all__ = ["add_import_parser"]


def _run_polnear(args) -> int:
    keep = DEFAULT_KEEP if args.keep is None else frozenset(k.strip() for k in args.keep.split(",") if k.strip())
    began = time.perf_counter()
    stats: dict = {}
    articles = CORPORA["polnear"].loader(args.path, args.split, keep=keep, stats=stats)
    written = write_labelled(articles, args.out)
    seconds = time.perf_counter() - began
    print(f"polnear {args.split}: {written} articles written to {args.out} "
          f"({stats['articles_skipped']} skipped by the validator) in {seconds:.1f} s")
    print(f"  attributions: {stats['attributions']} (first annotator; {stats['attributions_all_annotators']} in all files), "
          f"kept {stats['kept']}, dropped {stats['dropped']} (keep: {', '.join(sorted(keep))})")
    print("  by cue category: " + ", ".join(f"{c} {stats['by_category'].get(c, 0)}" for c in CUE_CATEGORIES))
    print(f"  units: {stats['units']}, claim units: {stats['claim_units']}")
    return 0


def _run_pairs(args) -> int:
    began = time.perf_counter()
    dataset = CORPORA[args.corpus].load(args.path, args.split)
    if args.map_labels:
        dataset = map_labels(dataset, args.corpus)
    written = write_pairs(dataset, args.out, args.corpus, args.split)
    seconds = time.perf_counter() - began
    labels = Counter(dataset["label"])
    print(f"{args.corpus} {args.split}: {written} rows written to {args.out} in {seconds:.1f} s")
    print("  labels: " + ", ".join(f"{label} {n}" for label, n in sorted(labels.items())))
    return 0


def add_import_parser(subparsers):
    """Add the ``import`` command, with one subcommand per corpus, to a CLI.

    ``stance import polnear PATH --split train --out DIR`` writes labelled articles (our
    format, checked by ``stance validate DIR``); every other corpus writes a pairs file:
    ``stance import fnc1 PATH --split train --out FILE.jsonl [--map-labels]``.

    Args:
        subparsers: What ``argparse.ArgumentParser.add_subparsers()`` returned.

    Returns:
        The ``import`` parser.

    Example:
        >>> import argparse
        >>> parser = argparse.ArgumentParser(prog="stance")
        >>> add_import_parser(parser.add_subparsers(dest="command"))  # doctest: +ELLIPSIS
        ArgumentParser(...)
        >>> args = parser.parse_args(["import", "emergent", "data/emergent", "--split", "test", "--out", "e.jsonl"])
        >>> args.run(args)  # doctest: +SKIP
        0
    """
    parser = subparsers.add_parser("import", help="turn a public corpus into the project's records")
    corpora = parser.add_subparsers(dest="corpus", required=True, metavar="CORPUS")

    polnear = corpora.add_parser("polnear", help="PolNeAR attributions -> labelled articles (a data folder)")
    polnear.add_argument("path", help="the polnear folder (holding data/)")
    polnear.add_argument("--split", choices=CORPORA["polnear"].splits, default="train")
    polnear.add_argument("--out", required=True, help="data folder to write (articles/ and labelled/)")
    polnear.add_argument("--keep", default=None, help=f"comma-separated cue categories counted as claims "
                         f"(default {','.join(sorted(DEFAULT_KEEP))}; all: {','.join(CUE_CATEGORIES)})")
    polnear.set_defaults(run=_run_polnear)

    for name, corpus in CORPORA.items():
        if corpus.kind == "articles" or name == "pairs":  # a pairs file is what the importers write
            continue
        sub = corpora.add_parser(name, help=f"{corpus.description} -> pairs file (JSON lines)")
        sub.add_argument("path", help=f"the {name} folder")
        sub.add_argument("--split", choices=corpus.splits, default=corpus.splits[0])
        sub.add_argument("--out", required=True, help="the .jsonl pairs file to write")
        if corpus.label_map:
            sub.add_argument("--map-labels", action="store_true", help="map labels onto favor/against/none (LABEL_MAPS)")
        else:
            sub.set_defaults(map_labels=False)
        sub.set_defaults(run=_run_pairs)
    return parser
