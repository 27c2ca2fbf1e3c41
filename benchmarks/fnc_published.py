"""Score the three published FNC-1 submissions with the project's scorer (checks `fnc_score`).

Usage: .venv/bin/python benchmarks/fnc_published.py [FNC1_FOLDER]  (default ../shared/datasets/fnc1)
Expected (Hanselowski et al. 2018): Athene 0.602 / 82.7%, Talos 0.576 / 82.0%, UCLMR 0.563 / 82.1%.
"""

import csv
import sys
from pathlib import Path

from stance.metrics import load_metric


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def main(root: str = "../shared/datasets/fnc1") -> None:
    root = Path(root)
    gold = [r["Stance"] for r in read(root / "competition_test_stances.csv")]
    metric = load_metric("fnc_score")
    print("| submission | 4-class macro-F1 | relative score |\n|---|---|---|")
    for path in sorted((root / "published_submissions").glob("*_submission.csv")):
        result = metric.compute(predictions=[r["Stance"] for r in read(path)], references=gold)
        print(f"| {path.stem.replace('_submission', '')} | {result['macro_f1']:.4f} | {100 * result['relative_score']:.2f}% |")


if __name__ == "__main__":
    main(*sys.argv[1:])
