"""Probe: how much of a stance model's direction is a prior on the target rather than a reading of the unit?

    python benchmarks/direction_target_prior.py models/default models/full-pairs --out runs/s15/target-prior.json

For the gold-sided pairs of each set, grouped by (article, target), it prints:

* ``direction``: the share predicted on the right side (favor against against by the larger
  probability), as ``direction_inference_probes.py`` reports it;
* ``group majority``: the same share for an oracle that gives every pair of a group the group's
  majority gold direction: the most a model can score that reads the target and the article
  but never tells one unit from another;
* ``mixed groups``: direction on the groups whose gold labels hold both favor and against (the
  only pairs where reading the unit is the whole task), and how many pairs they hold;
* ``one direction``: the share of groups (two or more sided pairs) where the model gives every pair
  the same direction. Gold: ``gold one direction``.

Session 15 (docs/BENCHMARKS.md): on our PolNeAR stance test labels 54% of the (article, target)
groups hold one direction and the group-majority oracle scores 0.839; the models score 0.629
(default) and 0.707 (full-pairs), and on the 241 pairs of mixed groups 0.610 and 0.656. In
data/'s dev articles every group is mixed (the articles were written to argue both sides).
"""

from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

import numpy as np

from direction_inference_probes import evaluator  # the same sets, built the same way (benchmarks/ is on the path)
from stance.pipeline import load_pipeline


def target_prior_figures(ids: list[str], gold: list[str], predicted: list[str]) -> dict[str, float]:
    """Direction figures over gold-sided pairs grouped by (article, target).

    Args:
        ids: ``article:unit:target`` of each pair (the evaluator's pair ids).
        gold: ``favor`` / ``against`` of each pair.
        predicted: ``favor`` / ``against`` of each pair.

    Returns:
        ``pairs``, ``direction``, ``group_majority``, ``mixed_pairs``, ``mixed_direction``,
        ``one_direction`` and ``gold_one_direction`` (None where no group qualifies).
    """
    groups = collections.defaultdict(list)
    for k, pair_id in enumerate(ids):
        article, _, target = pair_id.split(":", 2)
        groups[(article, target)].append(k)
    right = np.array([p == g for p, g in zip(predicted, gold)], dtype=float)
    majority = sum(max(collections.Counter(gold[k] for k in rows).values()) for rows in groups.values())
    mixed = [k for rows in groups.values() if len({gold[k] for k in rows}) == 2 for k in rows]
    several = [rows for rows in groups.values() if len(rows) > 1]
    share = lambda rows, labels: float(np.mean([len({labels[k] for k in r}) == 1 for r in rows])) if rows else None  # noqa: E731
    return {
        "pairs": len(gold),
        "direction": float(right.mean()),
        "group_majority": majority / len(gold),
        "mixed_pairs": len(mixed),
        "mixed_direction": float(right[mixed].mean()) if mixed else None,
        "one_direction": share(several, predicted),
        "gold_one_direction": share(several, gold),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+")
    parser.add_argument("--sets", nargs="+", default=["polnear_stance::test", "polnear_stance::train", "data-dev"])
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    pipelines = {folder: load_pipeline(folder) for folder in args.models}
    rows = []
    for spec in args.sets:
        ev = evaluator(spec)
        sided = [k for k, g in enumerate(ev.gold) if g in ("favor", "against")]
        ids, gold = [ev.ids[k] for k in sided], [ev.gold[k] for k in sided]
        for folder, pipeline in pipelines.items():
            probabilities = pipeline.score_stances([ev.targets[k] for k in sided], [ev.texts[k] for k in sided],
                                                                fields=[ev.fields[k] for k in sided] if ev.fields else None)
            predicted = ["favor" if p[0] > p[1] else "against" for p in probabilities]
            row = {"set": spec, "model": folder, **target_prior_figures(ids, gold, predicted)}
            rows.append(row)
            print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()}), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
