"""Two stance models pair by pair on our PolNeAR stance labels, with intervals over articles.

    python benchmarks/paired_articles.py runs/s26/full-stance-news-mpnet-2ep runs/s23/full-stance-news-mpnet-1ep [--out FILE.json]

Each model is read as `stance.predict` reads it (its temperature and none offsets). For the dev and
test splits it prints macro-F1 A - B, a 95% bootstrap interval that resamples whole articles
(:func:`stance.metrics.functions.paired_difference`), the same interval resampling pairs one by one,
the pairs A fixes and breaks, and McNemar's exact p over those. Pairs of one article share targets and
speakers, so their errors go together: the pair-level interval and McNemar's p overstate how sure a
difference is; read the article interval.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from scipy.stats import binomtest

from stance.benchmark.evaluators import StanceEvaluator
from stance.benchmark.models import PipelineModel
from stance.corpora import datasets_root, get_corpus
from stance.metrics.functions import metric_by_name, paired_difference
from stance.tasks import STANCE_LABELS


def stance_labels(folder: Path, pairs: StanceEvaluator) -> list[str]:
    pipeline = PipelineModel(folder).pipeline
    fields = pairs.fields if pipeline.stance_input else None
    # Each pair's unit, so that a folder whose claims' targets compete decides as predict() does.
    scores = pipeline.score_stances(pairs.targets, pairs.texts, 32, fields=fields, units=pairs.units)
    return [STANCE_LABELS[i] for i in scores.argmax(axis=1)]


def compare(a: Path, b: Path, split: str) -> dict:
    pairs = StanceEvaluator.from_articles(get_corpus("polnear_stance").load(datasets_root() / "polnear", split), name=split)
    gold, articles = list(pairs.gold), [pair_id.split(":")[0] for pair_id in pairs.ids]
    predicted_a, predicted_b = stance_labels(a, pairs), stance_labels(b, pairs)
    macro_f1 = metric_by_name("macro_f1", list(STANCE_LABELS))
    by_article = paired_difference(gold, predicted_a, predicted_b, macro_f1, groups=articles)
    by_pair = paired_difference(gold, predicted_a, predicted_b, macro_f1)
    changed = by_article["fixed"] + by_article["broken"]
    return {
        **by_article,
        "pair_low": by_pair["low"], "pair_high": by_pair["high"], "pairs": len(gold),
        "mcnemar_p": binomtest(by_article["fixed"], changed).pvalue if changed else 1.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_a", type=Path)
    parser.add_argument("model_b", type=Path)
    parser.add_argument("--splits", nargs="+", default=["dev", "test"])
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    results = {split: compare(args.model_a, args.model_b, split) for split in args.splits}
    print(f"A = {args.model_a}, B = {args.model_b}")
    print("| split | articles / pairs | macro-F1 A - B | 95% over articles | 95% over pairs | A fixes / breaks | McNemar p |")
    print("|---|---|---|---|---|---|---|")
    for split, r in results.items():
        print(
            f"| {split} | {r['groups']} / {r['pairs']} | {r['difference']:+.3f} | [{r['low']:+.3f}, {r['high']:+.3f}] "
            f"| [{r['pair_low']:+.3f}, {r['pair_high']:+.3f}] | {r['fixed']} / {r['broken']} | {r['mcnemar_p']:.3f} |"
        )
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
