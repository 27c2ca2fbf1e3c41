"""How far a stance model's none threshold is from where macro-F1 wants it, on our PolNeAR stance labels.

    python benchmarks/none_offset_probe.py runs/s22/one-stage-mpnet runs/s22/one-stage-minilm [--out FILE.json]

For each model folder, the PolNeAR dev and test pairs are scored once; a constant is then added to the
``none`` log-probability, swept from -3 to +1 in steps of 0.1. The offset is chosen on dev and the test
figure is read at that offset, so test stays held out. A model whose best offset is far from 0 leaves
sides unsaid (negative offset) or says too many (positive): its argmax figure understates what it reads.
The offsets are measured on top of any offset the folder already applies (``fit_none_offset``): such a
folder should read near 0. Training fits the same offset on the config's whole dev split.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from stance.benchmark.evaluators import StanceEvaluator
from stance.calibration import LABEL_OFFSETS, apply_label_offset
from stance.benchmark.models import PipelineModel
from stance.corpora import datasets_root, get_corpus
from stance.metrics.functions import classification_scores
from stance.tasks import STANCE_LABELS

OFFSETS = LABEL_OFFSETS


def macro_f1(gold: list[str], probabilities: np.ndarray, offset: float) -> float:
    shifted = apply_label_offset(probabilities, STANCE_LABELS.index("none"), offset)
    predicted = [STANCE_LABELS[i] for i in shifted.argmax(axis=1)]
    return classification_scores(gold, predicted, labels=list(STANCE_LABELS))["f1"]


def probe(folder: Path) -> dict:
    pipeline = PipelineModel(folder).pipeline
    scored = {}
    for split in ("dev", "test"):
        articles = get_corpus("polnear_stance").load(datasets_root() / "polnear", split)
        pairs = StanceEvaluator.from_articles(articles, name=split)
        fields = pairs.fields if pipeline.stance_input else None
        scored[split] = (list(pairs.gold), pipeline.score_stances(pairs.targets, pairs.texts, 32, fields=fields, units=pairs.units))
    dev = [macro_f1(*scored["dev"], offset) for offset in OFFSETS]
    best = float(OFFSETS[int(np.argmax(dev))])
    return {
        "argmax": {split: macro_f1(*scored[split], 0.0) for split in scored},
        "best_dev_offset": best,
        "at_best_dev_offset": {split: macro_f1(*scored[split], best) for split in scored},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    results = {str(folder): probe(folder) for folder in args.models}
    print("| model | dev / test, argmax | offset chosen on dev | dev / test there |")
    print("|---|---|---|---|")
    for name, r in results.items():
        print(
            f"| {name} | {r['argmax']['dev']:.3f} / {r['argmax']['test']:.3f} | {r['best_dev_offset']:+.1f} "
            f"| {r['at_best_dev_offset']['dev']:.3f} / {r['at_best_dev_offset']['test']:.3f} |"
        )
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
