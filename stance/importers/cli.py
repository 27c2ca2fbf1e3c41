"""``stance import <corpus> PATH --split S --out OUT``: run an importer from the command line.

The lead wires :func:`add_import_parser` into ``stance/cli.py``; each subcommand sets
``run`` (the convention there: ``args.run(args)`` returns the exit status).
"""

from __future__ import annotations

import time
from collections import Counter

from .checkthat import CHECKTHAT_SPLITS, load_checkthat
from .pairs import write_pairs
from .polnear import CUE_CATEGORIES, DEFAULT_KEEP, POLNEAR_SPLITS, import_polnear, write_labelled
from .stance_corpora import LABEL_MAPS, STANCE_SPLITS, load_emergent, load_fnc1, load_ibm_claim_stance, load_perspectrum, load_semeval2016, map_labels

__all__ = ["add_import_parser"]

_PAIR_LOADERS = {
    "fnc1": (load_fnc1, STANCE_SPLITS["fnc1"], "FNC-1 headline/body stance"),
    "emergent": (load_emergent, STANCE_SPLITS["emergent"], "Emergent claim/headline stance"),
    "semeval2016": (load_semeval2016, STANCE_SPLITS["semeval2016"], "SemEval-2016 task 6 tweet stance"),
    "ibm_claim_stance": (load_ibm_claim_stance, STANCE_SPLITS["ibm_claim_stance"], "IBM Debater claim stance"),
    "perspectrum": (load_perspectrum, STANCE_SPLITS["perspectrum"], "Perspectrum perspective stance"),
    "checkthat": (load_checkthat, CHECKTHAT_SPLITS, "CheckThat! 2024 check-worthiness (Yes/No)"),
}


def _run_polnear(args) -> int:
    keep = DEFAULT_KEEP if args.keep is None else frozenset(k.strip() for k in args.keep.split(",") if k.strip())
    began = time.perf_counter()
    stats: dict = {}
    articles = import_polnear(args.path, args.split, keep=keep, stats=stats)
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
    loader = _PAIR_LOADERS[args.corpus][0]
    began = time.perf_counter()
    dataset = loader(args.path, args.split)
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
    polnear.add_argument("--split", choices=POLNEAR_SPLITS, default="train")
    polnear.add_argument("--out", required=True, help="data folder to write (articles/ and labelled/)")
    polnear.add_argument("--keep", default=None, help=f"comma-separated cue categories counted as claims "
                         f"(default {','.join(sorted(DEFAULT_KEEP))}; all: {','.join(CUE_CATEGORIES)})")
    polnear.set_defaults(run=_run_polnear)

    for name, (_, splits, description) in _PAIR_LOADERS.items():
        sub = corpora.add_parser(name, help=f"{description} -> pairs file (JSON lines)")
        sub.add_argument("path", help=f"the {name} folder")
        sub.add_argument("--split", choices=splits, default=splits[0])
        sub.add_argument("--out", required=True, help="the .jsonl pairs file to write")
        if name in LABEL_MAPS:
            sub.add_argument("--map-labels", action="store_true", help="map labels onto favor/against/none (LABEL_MAPS)")
        else:
            sub.set_defaults(map_labels=False)
        sub.set_defaults(run=_run_pairs)
    return parser
