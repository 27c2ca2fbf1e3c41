"""Probe: two stance models' probabilities averaged (arithmetic and geometric mean), beside each alone, on every stance set.

    python benchmarks/stance_ensemble_probe.py models/full-pairs models/full-114 --out runs/s15/ensemble.json   # 4 minutes

Prints each set's headline figure (SemEval F_avg, Emergent and IBM accuracy, else macro-F1) and
the direction of gold-sided pairs. Session 15 (docs/BENCHMARKS.md): the two full models together
lose SemEval and gain nothing on PolNeAR stance test.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from direction_inference_probes import evaluator, scores  # the same sets, built the same way (benchmarks/ is on the path)
from stance.pipeline import load_pipeline

SETS = ("polnear_stance::test", "data-dev", "semeval2016", "ibm", "perspectrum", "emergent")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first")
    parser.add_argument("second")
    parser.add_argument("--sets", nargs="+", default=list(SETS))
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    pipelines = {folder: load_pipeline(folder) for folder in (args.first, args.second)}
    rows = []
    for spec in args.sets:
        ev = evaluator(spec)
        first, second = (p.score_stances(ev.targets, ev.texts, fields=ev.fields) for p in pipelines.values())
        geometric = np.sqrt((first + 1e-9) * (second + 1e-9))
        variants = {args.first: first, args.second: second, "arithmetic mean": (first + second) / 2,
                    "geometric mean": geometric / geometric.sum(axis=1, keepdims=True)}
        for name, probabilities in variants.items():
            headline, direction = scores(ev, spec, probabilities)
            rows.append({"set": spec, "variant": name, "headline": round(headline, 4), "direction_on_gold_sided": round(direction, 4)})
            print(f"{spec:22s} {name:24s} headline {headline:.3f}  direction on gold-sided pairs {direction:.3f}", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
