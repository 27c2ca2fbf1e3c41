"""Accuracy per negation cue on data/negation's test pairs, from a benchmark run's errors files.

    python evaluate.py --models MODEL [MODEL ...] --datasets pairs:data/negation:test --seed 42 --out runs/negation
    python benchmarks/negation_cues.py runs/negation

Each test pair carries one primary cue (data/negation/cues/test.jsonl: "denial-of-opposite",
"double-negative", "refusal", ...). A pair is right when the model's errors file does not list it.
Prints one row per cue: the pairs with that cue, their gold labels, and each model's accuracy.
"""

from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

NEGATION = Path(__file__).resolve().parents[1] / "data" / "negation"
ERRORS = "pairs_test.stance.*.errors.jsonl"


def cue_accuracy(errors_file: Path, cues: dict[str, str]) -> dict[str, float]:
    """Share of each cue's test pairs that ``errors_file`` (one benchmark model's stance errors) does not list."""
    wrong = collections.Counter(cues[json.loads(line)["id"].removeprefix("test:")] for line in errors_file.read_text(encoding="utf-8").splitlines())
    totals = collections.Counter(cues.values())
    return {cue: 1 - wrong[cue] / n for cue, n in totals.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="+", type=Path, help="evaluate.py --out folders that scored pairs:data/negation:test")
    args = parser.parse_args(argv)
    cues = {row["id"]: row["cue"] for row in map(json.loads, (NEGATION / "cues" / "test.jsonl").read_text(encoding="utf-8").splitlines())}
    gold = {row["id"]: row["label"] for row in map(json.loads, (NEGATION / "test.jsonl").read_text(encoding="utf-8").splitlines())}
    files = sorted(f for run in args.runs for f in run.glob(ERRORS))
    if not files:
        parser.error(f"no {ERRORS} under {', '.join(map(str, args.runs))}")
    names = [f.name.removeprefix("pairs_test.stance.").removesuffix(".errors.jsonl") for f in files]
    scores = [cue_accuracy(f, cues) for f in files]
    labels = collections.defaultdict(collections.Counter)
    for pair, cue in cues.items():
        labels[cue][gold[pair]] += 1
    print("| cue | pairs | gold | " + " | ".join(names) + " |")
    print("|---|---|---|" + "---|" * len(names))
    for cue, n in collections.Counter(cues.values()).most_common():
        gold_text = ", ".join(f"{label} {count}" for label, count in sorted(labels[cue].items()))
        print(f"| {cue} | {n} | {gold_text} | " + " | ".join(f"{s[cue]:.2f}" for s in scores) + " |")


if __name__ == "__main__":
    main()
