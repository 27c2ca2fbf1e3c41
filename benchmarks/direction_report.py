"""Direction figures from benchmark results: of the pairs that take a side, how many come out on the right side.

    python benchmarks/direction_report.py runs/s10/bench-direction/results.json [more results.json ...]

For every stance result with favor / against / none labels it prints, per model: the share of
gold-sided pairs predicted on the right side (the figure the issue reports for real news quotes,
15% for the default model there), on the wrong side, and as none; the share of gold-none pairs
given a side; and, of the sided pairs predicted sided, the share in the right direction (direction
alone, whatever the none threshold). All from the confusion matrix ``evaluate.py`` stores.
"""

from __future__ import annotations

import json
import sys


# Each corpus's labels as favor / against / none (stance.importers.stance_corpora.LABEL_MAPS, without FNC-1's
# unrelated, which is not a direction).
SIDES = {"FAVOR": "favor", "AGAINST": "against", "NONE": "none", "for": "favor", "observing": "none"}


def direction_figures(confusion: list[list[int]], labels: list[str]) -> dict[str, float]:
    """Direction shares from a confusion matrix (rows gold, columns predicted) over favor / against / none."""
    labels = [SIDES.get(label, label) for label in labels]
    f, a, n = (labels.index(x) for x in ("favor", "against", "none"))
    sided = sum(confusion[f]) + sum(confusion[a])
    right = confusion[f][f] + confusion[a][a]
    wrong = confusion[f][a] + confusion[a][f]
    return {
        "sided_pairs": sided,
        "right_side": right / sided if sided else 0.0,
        "wrong_side": wrong / sided if sided else 0.0,
        "sided_as_none": (confusion[f][n] + confusion[a][n]) / sided if sided else 0.0,
        "none_given_a_side": (confusion[n][f] + confusion[n][a]) / sum(confusion[n]) if sum(confusion[n]) else 0.0,
        "direction_when_both_sided": right / (right + wrong) if right + wrong else 0.0,
    }


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    print("| results | dataset | model | sided pairs | right side | wrong side | sided as none | none given a side | direction when both sided |")
    print("|---|---|---|---|---|---|---|---|---|")
    for path in sys.argv[1:]:
        results = json.load(open(path, encoding="utf-8"))["results"]
        for dataset, tasks in results.items():
            stance = tasks.get("stance")
            if not stance:
                continue
            for model, scores in stance["models"].items():
                labels = scores.get("confusion_labels", [])
                if not {"favor", "against", "none"} <= {SIDES.get(label, label) for label in labels}:
                    continue
                d = direction_figures(scores["confusion"], labels)
                print(f"| {path} | {dataset} | {model} | {d['sided_pairs']} | {d['right_side']:.3f} | {d['wrong_side']:.3f} | "
                      f"{d['sided_as_none']:.3f} | {d['none_given_a_side']:.3f} | {d['direction_when_both_sided']:.3f} |")


if __name__ == "__main__":
    main()
