"""Probe: how much stance frozen sentence embeddings carry, by data/ 5-fold CV (no fine-tuning).

    python benchmarks/stance_probe.py [--C 0.1]

Embeds every claim unit and target once with the base encoder (mean pooling, as
all-MiniLM-L6-v2 was pretrained), then fits logistic regression on ``[u, t, u*t, |u-t|, u.t]``
with balanced classes, on the same article folds as ``evaluate.py --datasets data-cv --folds 5
--seed 42``. This is the probe that led to ``stance_architecture: bi-encoder``
(docs/BENCHMARKS.md, session 6).
"""

from __future__ import annotations

import argparse

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression
from transformers import AutoModel, AutoTokenizer

from stance.benchmark.crossval import article_folds
from stance.data import load_articles, stance_dataset
from stance.metrics.functions import classification_scores
from stance.model_folder import resolve_base_model
from stance.schema import STANCE_LABELS


def embed(texts: list[str], tokenizer, model, batch_size: int = 64) -> dict[str, np.ndarray]:
    """Mean-pooled, L2-normalised embeddings of distinct texts."""
    out = {}
    for i in range(0, len(texts), batch_size):
        chunk = texts[i : i + batch_size]
        features = tokenizer(chunk, padding=True, truncation=True, max_length=128, return_tensors="pt")
        with torch.inference_mode():
            hidden = model(**features).last_hidden_state
        mask = features["attention_mask"].unsqueeze(-1).float()
        vectors = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=-1).numpy()
        out.update(zip(chunk, vectors))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="data")
    parser.add_argument("--base-model", default="sentence-transformers/all-MiniLM-L6-v2")
    parser.add_argument("--C", type=float, default=0.1, help="inverse regularisation of the logistic regression")
    args = parser.parse_args()
    pairs = stance_dataset(load_articles(args.data))
    base = resolve_base_model(args.base_model)
    tokenizer, model = AutoTokenizer.from_pretrained(base), AutoModel.from_pretrained(base).eval()
    units = embed(sorted(set(pairs["text"])), tokenizer, model)
    targets = embed(sorted(set(pairs["target"])), tokenizer, model)
    u = np.stack([units[t] for t in pairs["text"]])
    t = np.stack([targets[x] for x in pairs["target"]])
    features = np.concatenate([u, t, u * t, np.abs(u - t), (u * t).sum(1, keepdims=True)], axis=1)
    labels, ids = np.array(pairs["label"]), np.array(pairs["article_id"])
    predicted = np.zeros_like(labels)
    for fold in article_folds(list(ids), 5, 42):
        test = np.isin(ids, fold)
        classifier = LogisticRegression(max_iter=3000, C=args.C, class_weight="balanced").fit(features[~test], labels[~test])
        predicted[test] = classifier.predict(features[test])
    scores = classification_scores(labels, predicted, labels=list(range(len(STANCE_LABELS))), label_names=list(STANCE_LABELS))
    print({k: round(v, 4) for k, v in scores.items() if isinstance(v, float)})


if __name__ == "__main__":
    main()
