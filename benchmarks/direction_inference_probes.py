"""Probe: three ways to fix a stance model's direction at prediction time, with no retraining, on every stance set.

    python benchmarks/direction_inference_probes.py models/default --out runs/s14/probes-default

Each pair is scored once against its target and once against the reversed target
(:func:`stance.augment.reverse_target`); then, beside plain argmax:

* **speaker pooling** (lambda): a speaker keeps one position on a target within an article (in
  our PolNeAR stance labels 98.5% of the sided test pairs in groups of two or more agree), so each
  claim's favor/against log-odds move towards the mean of its (article, speaker, target) group,
  weighted by how sided each claim is; p(none) is untouched. Gold speakers, so this is the most
  it could give. Only for sets with articles and speakers (PolNeAR, data/ dev).
* **article pooling** (lambda): the same over all of an article's claims on a target, whoever
  speaks (the majority direction of each (article, target) is right for 84% of PolNeAR's sided
  pairs; session 15). For sets with articles (PolNeAR, data/ dev).
* **reversed-target averaging** (w): p = (1 - w) p(target) + w p(reversed target) with favor and
  against swapped; a tone the model gives a unit whatever the target cancels out.
* **a none bias** (b): log p(none) lowered by b, more sides taken.

Printed: each set's headline figure (SemEval F_avg, Emergent and IBM accuracy, else macro-F1) and the
direction of gold-sided pairs (favor against against by the larger probability). Session 14
(docs/BENCHMARKS.md): none of the three is a gain on every set.
"""

from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

import numpy as np

from stance.augment import reverse_target
from stance.benchmark.datasets import parse_dataset_spec
from stance.benchmark.evaluators import StanceEvaluator
from stance.benchmark.models import project_stance_probabilities
from stance.config import load_config
from stance.data import load_articles
from stance.pipeline import load_pipeline

SETS = ("polnear_stance::test", "polnear_stance::train", "data-dev", "semeval2016", "ibm", "perspectrum", "emergent")
HEADLINE = {"semeval2016": "f_avg", "emergent": "accuracy", "ibm": "accuracy"}


def evaluator(spec: str) -> StanceEvaluator:
    if spec == "data-dev":  # the default config's dev articles: unseen by models trained with it
        dev = set(load_config("configs/default.yaml").dev_articles)
        return StanceEvaluator.from_articles([a for a in load_articles(["data"]) if a.article_id in dev])
    return next(e for e in parse_dataset_spec(spec).evaluators() if type(e) is StanceEvaluator)


def pooled(ev: StanceEvaluator, probabilities: np.ndarray, weight: float, by: str = "speaker") -> np.ndarray:
    """Each pair's favor/against log-odds moved ``weight`` of the way to its group's mean, weighted by how sided each is.

    ``by="speaker"`` groups by (article, gold speaker, target), ``by="article"`` by (article, target);
    p(none) is untouched.
    """
    log_odds = np.log(probabilities[:, 0] + 1e-9) - np.log(probabilities[:, 1] + 1e-9)
    sided = 1 - probabilities[:, 2]
    groups = collections.defaultdict(list)
    for k, (pair_id, fields) in enumerate(zip(ev.ids, ev.fields or [{}] * len(ev.ids))):
        article, _, target = pair_id.split(":", 2)
        speaker = (fields.get("speaker") or "").strip().lower()
        if by == "article":
            groups[(article, target)].append(k)
        elif speaker:
            groups[(article, speaker, target)].append(k)
    result = log_odds.copy()
    for rows in groups.values():
        if len(rows) > 1:
            result[rows] = (1 - weight) * log_odds[rows] + weight * np.average(log_odds[rows], weights=sided[rows] + 1e-6)
    total = probabilities[:, 0] + probabilities[:, 1]
    favor = total / (1 + np.exp(-result))
    return np.stack([favor, total - favor, probabilities[:, 2]], axis=1)


def scores(ev: StanceEvaluator, spec: str, probabilities: np.ndarray) -> tuple[float, float]:
    projected = project_stance_probabilities(probabilities, ev.labels, ev.label_map)
    result = ev.score({"predicted": [ev.labels[i] for i in projected.argmax(axis=1)]})
    name = spec.split(":")[0]
    headline = result[HEADLINE.get(name, "macro_f1")]
    ours = [(ev.label_map or {}).get(g, g) for g in ev.gold]
    sided = [k for k, g in enumerate(ours) if g in ("favor", "against")]
    direction = float(np.mean([("favor" if probabilities[k, 0] > probabilities[k, 1] else "against") == ours[k] for k in sided]))
    return headline, direction


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--sets", nargs="+", default=list(SETS))
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    pipeline = load_pipeline(args.model)
    rows = []
    for spec in args.sets:
        ev = evaluator(spec)
        plain = pipeline.score_stances(ev.targets, ev.texts, fields=ev.fields)
        reversed_ = pipeline.score_stances([reverse_target(t) for t in ev.targets], ev.texts, fields=ev.fields)[:, [1, 0, 2]]
        variants = {"argmax": plain}
        if ev.fields and any(f.get("speaker") for f in ev.fields):
            variants.update({f"speaker pooling {w}": pooled(ev, plain, w) for w in (0.25, 0.5)})
            variants.update({f"article pooling {w}": pooled(ev, plain, w, by="article") for w in (0.25, 0.5)})
        variants.update({f"reversed-target averaging {w}": (1 - w) * plain + w * reversed_ for w in (0.15, 0.25, 0.35)})
        for bias in (0.5, 1.0):
            shifted = np.log(plain + 1e-9)
            shifted[:, 2] -= bias
            variants[f"none bias {bias}"] = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
        for name, probabilities in variants.items():
            headline, direction = scores(ev, spec, probabilities)
            rows.append({"set": spec, "variant": name, "headline": round(headline, 4), "direction_on_gold_sided": round(direction, 4)})
            print(f"{spec:22s} {name:32s} headline {headline:.3f}  direction on gold-sided pairs {direction:.3f}", flush=True)
    (args.out / "probes.json").write_text(json.dumps({"model": args.model, "rows": rows}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
