"""How well a model folder tells whether an article is about a target at all (FNC-1 related vs unrelated).

For each (headline, body) pair of an FNC-1 split, three scores of "the body is about the
headline", each the largest over the body's units (``stance.segment``):

* ``relatedness``: the folder's relatedness encoder, calibrated (``StancePipeline.pair_relatedness``);
  accuracy is at its own threshold, 0.5;
* ``stance embeddings``: the cosine of the bi-encoder stance model's own embeddings (bi-encoder
  folders only), the signal the relatedness encoder replaces;
* ``commitment``: the largest ``1 - p(none)`` of the stance model over the body's units, the
  summaries' old signal (bi-encoder folders only: a cross-encoder would read every pair).

ROC AUC needs no threshold; "best accuracy" is at the best threshold chosen on the same pairs
(an upper bound, for comparison only). Then real news: each PolNeAR test article of
data/polnear-stance against its own targets (about) and every other article's targets (the
relatedness encoder only, as ``stance.summarize`` reads it: the largest unit probability).
Command (about 3 minutes for 150 hold-out bodies)::

    python benchmarks/relatedness.py --model models/default --split dev --bodies 150
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _best_accuracy(scores: np.ndarray, related: np.ndarray) -> float:
    thresholds = np.unique(scores)
    if len(thresholds) > 400:
        thresholds = np.quantile(scores, np.linspace(0, 1, 401))
    return float(max(((scores >= t) == related).mean() for t in thresholds))


def _polnear(pipeline) -> dict | None:
    from stance.corpora import _polnear_stance, datasets_root
    from stance.errors import StanceError

    try:
        articles = [a for a in _polnear_stance(str(datasets_root() / "polnear"), "test") if a.targets and a.units]
    except (StanceError, OSError) as error:
        return {"skipped": str(error)}
    targets = list(dict.fromkeys(t for a in articles for t in a.targets))
    own, called, missed = [], [], []
    for article in articles:
        best = pipeline.relatedness_model.probabilities([u["text"] for u in article.units], targets).max(axis=0)
        for target, p in zip(targets, best):
            own.append(target in article.targets)
            called.append(p >= 0.5)
            if own[-1] and not called[-1]:
                missed.append([article.article_id, target, round(float(p), 3)])
    own, called = np.array(own), np.array(called)
    return {
        "articles": len(articles), "own_pairs": int(own.sum()), "other_pairs": int((~own).sum()),
        "own_called_related": round(float(called[own].mean()), 4), "other_called_related": round(float(called[~own].mean()), 4),
        "own_missed": missed,
    }


def main(argv=None) -> int:
    from sklearn.metrics import roc_auc_score

    from stance import load_pipeline
    from stance.biencoder import encode_side
    from stance.corpora import CORPORA, datasets_root
    from stance.segment import segment

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default="models/default")
    parser.add_argument("--split", default="dev", help="an FNC-1 split: dev (the hold-out bodies) or competition_test")
    parser.add_argument("--bodies", type=int, default=150, help="a seeded sample of this many bodies (0: all)")
    parser.add_argument("--path", default=None, help="the FNC-1 folder (default <datasets>/fnc1)")
    parser.add_argument("--out", default=None, help="write the figures here as JSON")
    args = parser.parse_args(argv)

    table = CORPORA["fnc1"].load(args.path or str(datasets_root() / "fnc1"), args.split)
    rows = list(zip(table["target"], table["text"], table["label"]))
    if args.bodies:
        bodies = list(dict.fromkeys(text for _, text, _ in rows))
        random.Random(0).shuffle(bodies)
        keep = set(bodies[: args.bodies])
        rows = [row for row in rows if row[1] in keep]
    targets, texts, labels = map(list, zip(*rows))
    related = np.array([label != "unrelated" for label in labels])
    pipeline = load_pipeline(args.model)
    scores = {"relatedness": pipeline.pair_relatedness(targets, texts)}

    distinct = list(dict.fromkeys(texts))
    units = [[u.text for u in segment(text)] or [text] for text in distinct]
    flat = [u for us in units for u in us]
    bounds = np.cumsum([0] + [len(us) for us in units])
    where = {text: i for i, text in enumerate(distinct)}
    heads = list(dict.fromkeys(targets))
    head_of = {h: i for i, h in enumerate(heads)}
    if pipeline.stance_architecture == "bi-encoder":
        tokenizer = pipeline.tokenizers["stance"]

        def embed(inputs):
            encoding = encode_side(tokenizer, inputs, pipeline.max_length)
            out = [None] * len(inputs)
            for batch, features in pipeline._batches(tokenizer, encoding, 64, 4096, False, "stance"):
                for row, vector in zip(batch, pipeline._forward["stance"](features)):
                    out[row] = vector
            matrix = np.stack(out).astype(np.float32)
            return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)

        cosines = embed(flat) @ embed(heads).T
        scores["stance embeddings"] = np.array(
            [cosines[bounds[where[x]] : bounds[where[x] + 1], head_of[t]].max() for t, x in zip(targets, texts)]
        )
        # every (headline, unit of its body) pair: cheap for a bi-encoder, which embeds each unit and headline once
        pair_units = [units[where[x]] for x in texts]
        none = pipeline.score_stances([t for t, us in zip(targets, pair_units) for _ in us], [u for us in pair_units for u in us])[:, 2]
        ends = np.cumsum([0] + [len(us) for us in pair_units])
        scores["commitment"] = np.array([(1 - none[ends[i] : ends[i + 1]]).max() for i in range(len(texts))])

    result = {"model": args.model, "split": args.split, "bodies": len(distinct), "pairs": len(rows), "related": int(related.sum()), "scores": {}}
    result["polnear_stance_test"] = _polnear(pipeline)
    for name, values in scores.items():
        entry = {"roc_auc": round(float(roc_auc_score(related, values)), 4), "best_accuracy": round(_best_accuracy(values, related), 4)}
        if name == "relatedness":
            entry["accuracy_at_0.5"] = round(float(((values >= 0.5) == related).mean()), 4)
            entry["called_related"] = {
                label: round(float((values[[lab == label for lab in labels]] >= 0.5).mean()), 4)
                for label in ("agree", "disagree", "discuss", "unrelated")
            }
        result["scores"][name] = entry
    print(json.dumps(result, indent=2))
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
