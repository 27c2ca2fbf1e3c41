"""Target-attended pooling on a frozen stance encoder: does letting the target choose which of the unit's
tokens to read tell favor from against better than the bi-encoder's mean pooling?

    python benchmarks/target_attention_probe.py models/default/stance --out runs/s28/probe-default.json   # about 25 min

The bi-encoder embeds a unit once for every target, so much of its favor / against decision is the
unit's tone (docs/BENCHMARKS.md, session 13). This probe freezes an encoder (a stance folder or any
Hugging Face encoder), keeps its token states, and fits three heads on the PolNeAR stance train pairs
(``--train data``: data/'s pairs instead): ``linear`` on the mean-pooled ``[u, t, u*t, |u-t|]`` (what the
bi-encoder's head reads), ``mlp`` with a hidden layer beside it, and ``attn``, which adds a unit
embedding pooled by four attention heads whose query is the target (``[u_t, u_t*t, |u_t-t|]``). The epoch
and the none offset are chosen on PolNeAR dev; test is read there. Frozen features only: a gain here is
a reason to build the head into training, not a trained model's figure.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch
from none_offset_probe import macro_f1
from transformers import AutoModel, AutoTokenizer

from stance.benchmark.evaluators import StanceEvaluator
from stance.biencoder import masked_mean
from stance.calibration import LABEL_OFFSETS
from stance.corpora import datasets_root, get_corpus
from stance.data import load_articles
from stance.tasks import STANCE_LABELS


def stance_pairs(split: str) -> tuple[list[str], list[str], list[str]]:
    """(targets, units, gold labels) of a PolNeAR stance split, or of data/ for ``"data"``."""
    if split == "data":
        articles = load_articles(["data"])
    else:
        articles = get_corpus("polnear_stance").load(datasets_root() / "polnear", split)
    pairs = StanceEvaluator.from_articles(articles, name=split)
    return list(pairs.targets), list(pairs.texts), list(pairs.gold)


@torch.no_grad()
def token_states(model, tokenizer, texts: list[str], max_length: int = 96, batch_size: int = 64) -> tuple[torch.Tensor, torch.Tensor]:
    """Each text's last hidden states (float16, padded to ``max_length``) and its attention mask."""
    states = torch.zeros(len(texts), max_length, model.config.hidden_size, dtype=torch.float16)
    masks = torch.zeros(len(texts), max_length, dtype=torch.bool)
    order = np.argsort([len(t) for t in texts])  # batches of similar length pad little
    for i in range(0, len(texts), batch_size):
        rows = torch.from_numpy(order[i : i + batch_size])
        encoding = tokenizer([texts[j] for j in rows], truncation=True, max_length=max_length, padding=True, return_tensors="pt")
        hidden = model(**encoding).last_hidden_state
        states[rows, : hidden.shape[1]] = hidden.to(torch.float16)
        masks[rows, : hidden.shape[1]] = encoding["attention_mask"].bool()
    return states, masks


class ProbeHead(torch.nn.Module):
    """``linear``: a linear layer on ``[u, t, u*t, |u-t|]``; ``mlp``: plus a hidden layer beside it;
    ``attn``: the ``mlp`` head with ``[u_t, u_t*t, |u_t-t|]`` added, ``u_t`` the unit's tokens pooled by
    ``heads`` attention heads whose query is the target."""

    def __init__(self, hidden_size: int, kind: str, mlp_size: int = 256, heads: int = 4):
        super().__init__()
        self.kind, self.heads = kind, heads
        features = 4 * hidden_size + (3 * hidden_size if kind == "attn" else 0)
        self.query = torch.nn.Linear(hidden_size, hidden_size) if kind == "attn" else None
        self.linear = torch.nn.Linear(features, len(STANCE_LABELS))
        self.mlp = None if kind == "linear" else torch.nn.Sequential(
            torch.nn.Linear(features, mlp_size), torch.nn.GELU(), torch.nn.Dropout(0.1), torch.nn.Linear(mlp_size, len(STANCE_LABELS))
        )

    def forward(self, unit_states, unit_mask, target_states, target_mask):
        u, t = masked_mean(unit_states, unit_mask), masked_mean(target_states, target_mask)
        features = [u, t, u * t, (u - t).abs()]
        if self.query is not None:
            batch, length, size = unit_states.shape
            query = self.query(t).view(batch, self.heads, size // self.heads)
            keys = unit_states.view(batch, length, self.heads, size // self.heads)
            scores = torch.einsum("bhc,bnhc->bhn", query, keys) / (size // self.heads) ** 0.5
            weights = scores.masked_fill(~unit_mask.unsqueeze(1), -1e4).softmax(-1)
            attended = torch.einsum("bhn,bnhc->bhc", weights, keys).reshape(batch, size)
            features += [attended, attended * t, (attended - t).abs()]
        features = torch.cat(features, -1)
        logits = self.linear(features)
        return logits if self.mlp is None else logits + self.mlp(features)


def fit_head(kind: str, splits: dict, features, epochs: int) -> dict:
    """Train one head; the epoch and none offset with the best PolNeAR dev macro-F1, and test there."""
    torch.manual_seed(0)
    head = ProbeHead(features.hidden_size, kind)
    optimizer = torch.optim.AdamW(head.parameters(), lr=1e-3, weight_decay=0.01)
    labels = torch.tensor([STANCE_LABELS.index(g) for g in splits["train"][2]])
    best = {"dev": -1.0}
    for epoch in range(epochs):
        head.train()
        for batch in torch.randperm(len(labels)).split(32):
            loss = torch.nn.functional.cross_entropy(head(*features.batch("train", batch)), labels[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        dev_gold, dev_probabilities = splits["dev"][2], features.probabilities(head, "dev")
        by_offset = [macro_f1(dev_gold, dev_probabilities, o) for o in LABEL_OFFSETS]
        offset = float(LABEL_OFFSETS[int(np.argmax(by_offset))])
        print(f"{kind} epoch {epoch}: dev {macro_f1(dev_gold, dev_probabilities, 0.0):.3f} at argmax, {max(by_offset):.3f} at {offset:+.1f}", file=sys.stderr)
        if max(by_offset) > best["dev"]:
            test = features.probabilities(head, "test")
            best = {
                "epoch": epoch, "offset": offset, "dev": max(by_offset), "dev_argmax": macro_f1(dev_gold, dev_probabilities, 0.0),
                "test": macro_f1(splits["test"][2], test, offset), "test_argmax": macro_f1(splits["test"][2], test, 0.0),
            }
    return best


class FrozenFeatures:
    """Token states of every unit and target of the splits, encoded once."""

    def __init__(self, encoder: str, splits: dict):
        tokenizer, model = AutoTokenizer.from_pretrained(encoder), AutoModel.from_pretrained(encoder).eval()
        texts = sorted({text for targets, units, _ in splits.values() for text in [*targets, *units]})
        self.index = {text: i for i, text in enumerate(texts)}
        self.splits, self.hidden_size = splits, model.config.hidden_size
        self.states, self.masks = token_states(model, tokenizer, texts)

    def batch(self, split: str, rows):
        targets, units, _ = self.splits[split]
        unit_rows = torch.tensor([self.index[units[i]] for i in rows])
        target_rows = torch.tensor([self.index[targets[i]] for i in rows])
        return self.states[unit_rows].float(), self.masks[unit_rows], self.states[target_rows].float(), self.masks[target_rows]

    @torch.no_grad()
    def probabilities(self, head, split: str) -> np.ndarray:
        head.eval()
        rows = torch.arange(len(self.splits[split][2]))
        return torch.cat([head(*self.batch(split, chunk)).softmax(-1) for chunk in rows.split(256)]).numpy()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("encoder", help="a stance folder (models/default/stance) or any Hugging Face encoder folder")
    parser.add_argument("--train", choices=["polnear", "data"], default="polnear", help="the pairs the heads are fitted on")
    parser.add_argument("--kinds", default="linear,mlp,attn")
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    splits = {"train": stance_pairs("train" if args.train == "polnear" else "data"), "dev": stance_pairs("dev"), "test": stance_pairs("test")}
    features = FrozenFeatures(args.encoder, splits)
    results = {kind: fit_head(kind, splits, features, args.epochs) for kind in args.kinds.split(",")}
    print("| head | epoch | dev at argmax / at its offset | offset | test at argmax / at dev's offset |")
    print("|---|---|---|---|---|")
    for kind, r in results.items():
        print(f"| {kind} | {r['epoch']} | {r['dev_argmax']:.3f} / {r['dev']:.3f} | {r['offset']:+.1f} | {r['test_argmax']:.3f} / {r['test']:.3f} |")
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
