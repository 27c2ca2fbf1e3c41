"""Probe: decide `none` against a side with a gate fitted on real-news labels, and check it on every stance set.

    python benchmarks/side_gate_probe.py models/default --out runs/s11/gate-default

For each set (our PolNeAR stance labels, train and test; SemEval-2016, IBM, Perspectrum and
Emergent test), scores every pair once with the model's stance head and its relatedness encoder
(cached as ``<out>/<set>.npz``). A logistic regression on PolNeAR *train* (a split the default
model never saw) learns whether a pair takes a side from the stance model's ``1 - p(none)``, from
relatedness, or from both; its threshold is the one with the best train macro-F1; a sided pair
then takes the larger of favor and against. Printed: each set's scores by argmax and by each
gate. IBM and Perspectrum have no ``none``: the benchmark scores them over favor / against only,
so a gate cannot change their headline figure (their macro-F1 here counts ``none`` calls as errors).
Session 8 measured the same idea; session 11 repeated it on every set (docs/BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from stance.benchmark.datasets import parse_dataset_spec
from stance.metrics.functions import classification_scores
from stance.pipeline import load_pipeline
from stance.relatedness import pair_unit_scores
from stance.schema import STANCE_LABELS

SETS = ("polnear_stance:train", "polnear_stance:test", "semeval2016", "ibm", "perspectrum", "emergent")
FAVOR, AGAINST, NONE = (STANCE_LABELS.index(x) for x in ("favor", "against", "none"))


def _pairs(spec: str) -> tuple[list[str], list[str], list[str]]:
    """The (target, text, label) pairs the benchmark scores for ``spec``, labels mapped onto ours."""
    from stance.benchmark.evaluators import StanceEvaluator

    evaluator = next(e for e in parse_dataset_spec(spec).evaluators() if type(e) is StanceEvaluator)
    mapping = evaluator.label_map or {}
    return evaluator.targets, evaluator.texts, [mapping.get(g, g) for g in evaluator.gold]


def score_sets(model: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    missing = [spec for spec in SETS if not (out / f"{spec.replace(':', '_')}.npz").exists()]
    pipeline = load_pipeline(model) if missing else None
    for spec in missing:
        cache = out / f"{spec.replace(':', '_')}.npz"
        targets, texts, gold = _pairs(spec)
        related = pipeline.relatedness_model
        relatedness = np.array([related.probability(c, s).max() for c, s in pair_unit_scores(related, targets, texts)])
        np.savez(cache, probs=pipeline.score_stances(targets, texts), rel=relatedness, gold=np.array([STANCE_LABELS.index(g) for g in gold]))


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _features(probs: np.ndarray, relatedness: np.ndarray, gate: str) -> np.ndarray:
    columns = {"stance": [_logit(1 - probs[:, NONE])], "relatedness": [_logit(relatedness)]}
    columns["both"] = columns["stance"] + columns["relatedness"]
    return np.stack(columns[gate], axis=1)


def _decide(probs: np.ndarray, sided: np.ndarray) -> np.ndarray:
    return np.where(sided, np.where(probs[:, FAVOR] >= probs[:, AGAINST], FAVOR, AGAINST), NONE)


def _scores(gold: np.ndarray, predicted: np.ndarray) -> str:
    present = [label for label in STANCE_LABELS if STANCE_LABELS.index(label) in set(gold.tolist())]
    s = classification_scores([STANCE_LABELS[i] for i in gold], [STANCE_LABELS[i] for i in predicted], labels=present, label_names=present)
    f_avg = (s["f1_favor"] + s["f1_against"]) / 2
    return f"macro-F1 {s['f1']:.3f}  F_avg {f_avg:.3f}  accuracy {s['accuracy']:.3f}"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    score_sets(args.model, args.out)
    data = {spec: np.load(args.out / f"{spec.replace(':', '_')}.npz") for spec in SETS}
    train = data["polnear_stance:train"]
    print("argmax:")
    for spec, d in data.items():
        print(f"  {spec:22s} {_scores(d['gold'], d['probs'].argmax(1))}")
    for gate in ("stance", "relatedness", "both"):
        fitted = LogisticRegression().fit(_features(train["probs"], train["rel"], gate), train["gold"] != NONE)
        p_sided = fitted.predict_proba(_features(train["probs"], train["rel"], gate))[:, 1]
        f1 = lambda t: classification_scores(list(train["gold"]), list(_decide(train["probs"], p_sided >= t)))["f1"]
        threshold = max(np.arange(0.05, 0.95, 0.01), key=f1)
        print(f"gate on {gate} (threshold {threshold:.2f}, fitted on PolNeAR train):")
        for spec, d in data.items():
            sided = fitted.predict_proba(_features(d["probs"], d["rel"], gate))[:, 1] >= threshold
            print(f"  {spec:22s} {_scores(d['gold'], _decide(d['probs'], sided))}")


if __name__ == "__main__":
    main()
