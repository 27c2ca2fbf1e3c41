"""Probe: FNC-1 and Emergent scored through `stance.summarize` with other settings beside its defaults.

    python benchmarks/summary_settings_probe.py models/full-pairs fnc1 --thresholds 0.6,0.5,1 --out runs/s15/summary-fnc1.json   # 15 minutes

What ``evaluate.py``'s "stance via summarize" evaluator does (each article read once with all its
headlines as targets, every unit through the relatedness encoder, then ``summarize``), with the
claims predicted once and summarised with each setting (commitment_threshold,min_share,min_claims).
Session 15 (docs/BENCHMARKS.md): the looser setting (0.6, 0.5, 1) that helps article stance on
real news loses FNC-1 (relative score 0.705 -> 0.652 with ``models/full-pairs``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from article_stance_probe import summary_settings  # the same --thresholds (benchmarks/ is on the path)
from stance.benchmark.datasets import parse_dataset_spec
from stance.benchmark.evaluators import SummaryStanceEvaluator
from stance.benchmark.models import PipelineModel, summary_outcomes

REPORTED = ("accuracy", "macro_f1", "fnc_relative_score")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("sets", nargs="+", help="fnc1, emergent")
    parser.add_argument("--thresholds", nargs="+", default=[], metavar="C,S,N")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    settings = summary_settings(args.thresholds)
    model = PipelineModel(args.model)
    rows = []
    for spec in args.sets:
        ev = next(e for e in parse_dataset_spec(spec).evaluators() if isinstance(e, SummaryStanceEvaluator))
        for name, summaries in zip(settings, model.article_summaries(ev.targets, ev.texts, list(settings.values()))):
            result = ev.score({"predicted": [ev.summary_labels[o] for o in summary_outcomes(summaries, ev.targets, ev.texts)]})
            row = {"set": spec, "setting": name, **{k: round(float(result[k]), 4) for k in REPORTED if k in result}}
            rows.append(row)
            print(json.dumps(row), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
