"""Post-hoc changes to the default's stance, read on a data/ CV run's held-out articles without training.

    python evaluate.py --models finetune:benchmarks/configs/cv-stance.yaml --datasets data-cv --folds 5 --seed 42 \
        --keep-fold-models --out runs/s33/cv-relabel
    python benchmarks/cv_posthoc.py runs/s33/cv-relabel [--weights 0.25 0.5 1] [--out FILE.json]

For each fold (the split ``evaluate.py`` made: 5 folds, seed 42, over data/'s articles) the kept model
scores its held-out articles and the fold's dev articles (the config's ``dev_articles`` it trained
beside), as the folder predicts them (temperature, competing targets). Variants, pooled over folds:

- ``argmax``: the CV figure itself;
- ``none offset``: a constant on the none probability's log, chosen per fold on its dev articles from
  -3 to +1 (ties to the offset nearest 0), as ``fit_none_offset: true`` does in training;
- ``speaker w``: each claim's favor/against log-odds moved ``w`` of the way to the mean of the same
  speaker's claims on the target in the article, weighted by how sided each is (session 14's
  ``direction_inference_probes.pooled``); p(none) untouched.

Printed: macro-F1 per variant over all pairs, the ``a-`` to ``g-`` articles and the ``h-`` to ``o-`` ones.
Session 33 (docs/BENCHMARKS.md) read both changes this way.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from direction_inference_probes import pooled  # benchmarks/ is on the path
from stance.benchmark.crossval import article_folds
from stance.benchmark.evaluators import StanceEvaluator
from stance.benchmark.models import PipelineModel
from stance.calibration import apply_label_offset, fit_label_offset
from stance.config import load_config
from stance.data import load_articles
from stance.metrics.functions import classification_scores
from stance.tasks import STANCE_LABELS

NONE = STANCE_LABELS.index("none")


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    return classification_scores(gold, predicted, labels=list(STANCE_LABELS))["f1"]


def labels_of(probabilities: np.ndarray) -> list[str]:
    return [STANCE_LABELS[i] for i in probabilities.argmax(axis=1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run", help="an evaluate.py data-cv output folder made with --keep-fold-models")
    parser.add_argument("--config", default="configs/default.yaml", help="the config the folds trained (its dev_articles)")
    parser.add_argument("--data", default="data")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--weights", type=float, nargs="+", default=[0.25, 0.5, 1.0], help="speaker pooling weights")
    parser.add_argument("--out", help="write the per-pair probabilities and the scores as JSON")
    args = parser.parse_args()

    by_id = {a.article_id: a for a in load_articles(args.data)}
    dev_ids = load_config(args.config).dev_articles or []
    ids, gold, fields, probabilities, offset_probabilities, offsets = [], [], [], [], [], []
    for f, held in enumerate(article_folds(list(by_id), args.folds, args.seed)):
        folders = sorted(p for p in (Path(args.run) / "folds" / f"fold{f}").iterdir() if p.is_dir())
        model = PipelineModel(folders[0])
        held_out = StanceEvaluator.from_articles([by_id[i] for i in held], n_bootstrap=0)
        dev = StanceEvaluator.from_articles([by_id[i] for i in dev_ids if i not in held], n_bootstrap=0)
        held_probs = np.asarray(held_out.predict(model)["probabilities"])
        dev_probs = np.asarray(dev.predict(model)["probabilities"])
        offset = fit_label_offset(dev_probs, [STANCE_LABELS.index(g) for g in dev.gold], NONE)
        before, after = (macro_f1(dev.gold, labels_of(apply_label_offset(dev_probs, NONE, c))) for c in (0.0, offset))
        print(f"fold {f + 1}: none offset {offset:+.1f} on {len(dev.gold)} dev pairs ({before:.3f} -> {after:.3f})", flush=True)
        ids += held_out.ids
        gold += held_out.gold
        fields += held_out.fields
        probabilities += list(held_probs)
        offset_probabilities += list(apply_label_offset(held_probs, NONE, offset))
        offsets.append(offset)
    probabilities = np.array(probabilities)
    variants = {"argmax": probabilities, "none offset": np.array(offset_probabilities)}
    for weight in args.weights:
        variants[f"speaker {weight:g}"] = pooled(SimpleNamespace(ids=ids, fields=fields), probabilities, weight)
    batches = {"a-g": tuple("abcdefg"), "h-o": tuple("hijklmno")}
    results = {}
    for name, variant in variants.items():
        predicted = labels_of(variant)
        row = {"all": macro_f1(gold, predicted)}
        for batch, initials in batches.items():
            chosen = [k for k, i in enumerate(ids) if i.startswith(initials)]
            row[batch] = macro_f1([gold[k] for k in chosen], [predicted[k] for k in chosen])
        results[name] = row
        print(f"{name:>14}: all {row['all']:.4f}   a-g {row['a-g']:.4f}   h-o {row['h-o']:.4f}")
    if args.out:
        Path(args.out).write_text(json.dumps({"scores": results, "ids": ids, "gold": gold, "fold_offsets": offsets,
                                              "probabilities": probabilities.round(5).tolist()}))


if __name__ == "__main__":
    main()
