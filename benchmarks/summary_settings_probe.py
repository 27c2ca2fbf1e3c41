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

from stance.benchmark.datasets import parse_dataset_spec
from stance.benchmark.evaluators import SummaryStanceEvaluator
from stance.pipeline import load_pipeline
from stance.summary import summarize

REPORTED = ("accuracy", "macro_f1", "fnc_relative_score")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("sets", nargs="+", help="fnc1, emergent")
    parser.add_argument("--thresholds", nargs="+", default=[], metavar="C,S,N")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    settings = {"defaults": {}} | {
        t: dict(zip(("commitment_threshold", "min_share", "min_claims"), (float(c), float(s), int(n))))
        for t in args.thresholds for c, s, n in [t.split(",")]
    }
    pipeline = load_pipeline(args.model)
    rows = []
    for spec in args.sets:
        ev = next(e for e in parse_dataset_spec(spec).evaluators() if isinstance(e, SummaryStanceEvaluator))
        per_article: dict[str, list[str]] = {}
        for target, article in zip(ev.targets, ev.texts):
            per_article.setdefault(article, [])
            if target not in per_article[article]:
                per_article[article].append(target)
        texts = list(per_article)
        claims = pipeline.predict(texts, [per_article[t] for t in texts], keep_non_claims=pipeline.has_relatedness, relatedness=pipeline.has_relatedness)
        for name, kwargs in settings.items():
            summaries = {text: summarize(found, per_article[text], **kwargs) for text, found in zip(texts, claims)}
            outcomes = [summaries[a].article[t] if summaries[a].related[t] else "unrelated" for t, a in zip(ev.targets, ev.texts)]
            result = ev.score({"predicted": [ev.summary_labels[o] for o in outcomes]})
            row = {"set": spec, "setting": name, **{k: round(float(result[k]), 4) for k in REPORTED if k in result}}
            rows.append(row)
            print(json.dumps(row), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
