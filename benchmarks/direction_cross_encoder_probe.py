"""Probe: does a cross-encoder that reads target and unit together, trained on favor / against pairs alone, tell direction better than the bi-encoder?

    python benchmarks/direction_cross_encoder_probe.py --variant flip --out runs/s14/probe-flip      # about 9 minutes on 2 cores

The bi-encoder stance model gives a unit one tone for every target (session 13). A second stage
that reads ``[CLS] target [SEP] unit [SEP]`` could tell "for X" from "for the opposite of X". This
trains one on data/'s sided pairs (the default config's dev articles held out), starting from
the pretrained MiniLM, and scores direction on gold-sided pairs: data/ dev and our PolNeAR stance labels (test
and train, neither seen), beside ``models/default``'s bi-encoder on the same pairs.

Variants: ``plain`` (the [CLS] classifier, everything at a learning rate of 5e-5), ``flip`` (each pair again with the target reversed and
the label swapped, so the unit alone tells nothing), ``mean+flip`` (mean-pooled, its head at a
learning rate of 1e-3, as the bi-encoder's). Session 14 (docs/BENCHMARKS.md): ``flip`` and
``mean+flip`` never leave the loss of chance, ``plain`` is below the bi-encoder everywhere.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch
from datasets import Dataset
from transformers import AutoModel, AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding, Trainer, TrainingArguments
from transformers.modeling_outputs import SequenceClassifierOutput

from direction_inference_probes import evaluator  # the same sets, built the same way (benchmarks/ is on the path)
from stance.augment import reverse_target
from stance.config import load_config
from stance.data import load_articles, split_articles, stance_dataset
from stance.model_folder import resolve_base_model
from stance.pipeline import load_pipeline
from stance.schema import STANCE_LABELS

FAVOR, AGAINST = STANCE_LABELS.index("favor"), STANCE_LABELS.index("against")


class MeanPooledCrossEncoder(torch.nn.Module):
    """The encoder over ``target [SEP] unit``, mean-pooled, then a linear head."""

    def __init__(self, path: str):
        super().__init__()
        self.encoder = AutoModel.from_pretrained(path)
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, 2)

    def forward(self, input_ids, attention_mask, token_type_ids=None, labels=None):
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
        mask = attention_mask.unsqueeze(-1).float()
        logits = self.head((hidden * mask).sum(1) / mask.sum(1).clamp(min=1))
        loss = torch.nn.functional.cross_entropy(logits, labels) if labels is not None else None
        return SequenceClassifierOutput(loss=loss, logits=logits)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", choices=("plain", "flip", "mean+flip"), default="flip")
    parser.add_argument("--epochs", type=float, default=3)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    torch.manual_seed(0)
    config = load_config("configs/default.yaml")
    articles = load_articles(["data"])
    train_ids, _ = split_articles([a.article_id for a in articles], dev_articles=config.dev_articles)
    sided = [r for r in stance_dataset([a for a in articles if a.article_id in set(train_ids)]) if r["label"] in (FAVOR, AGAINST)]
    pairs = [{"target": r["target"], "text": r["text"], "label": r["label"]} for r in sided]
    if "flip" in args.variant:
        pairs += [{"target": reverse_target(r["target"]), "text": r["text"], "label": 1 - r["label"]} for r in sided]
    path = resolve_base_model(config.base_model)
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = MeanPooledCrossEncoder(path) if args.variant.startswith("mean") else AutoModelForSequenceClassification.from_pretrained(path, num_labels=2)
    train = Dataset.from_list(pairs).map(
        lambda b: tokenizer(b["target"], b["text"], truncation="longest_first", max_length=128), batched=True, remove_columns=["target", "text"]
    )
    is_head = lambda name: name.startswith(("head", "classifier"))  # noqa: E731
    optimizer = torch.optim.AdamW(
        [{"params": [p for n, p in model.named_parameters() if not is_head(n)], "lr": 5e-5},
         {"params": [p for n, p in model.named_parameters() if is_head(n)], "lr": 1e-3 if args.variant.startswith("mean") else 5e-5}],
        weight_decay=0.01,
    )
    training = TrainingArguments(
        output_dir=str(args.out / "checkpoints"), num_train_epochs=args.epochs, per_device_train_batch_size=16, warmup_steps=0.1,
        save_strategy="no", report_to="none", logging_strategy="epoch", seed=0, use_cpu=not torch.cuda.is_available(),
    )
    trainer = Trainer(model=model, args=training, train_dataset=train, data_collator=DataCollatorWithPadding(tokenizer), optimizers=(optimizer, None))
    trainer.train()
    losses = [round(e["loss"], 4) for e in trainer.state.log_history if "loss" in e]
    model.eval()

    def direction(targets, texts) -> list[str]:
        out = []
        with torch.no_grad():
            for i in range(0, len(texts), 64):
                batch = tokenizer(targets[i : i + 64], texts[i : i + 64], truncation="longest_first", max_length=128, padding=True, return_tensors="pt")
                logits = model(**batch.to(next(model.parameters()).device)).logits
                out += ["favor" if row[FAVOR] > row[AGAINST] else "against" for row in logits.float().cpu().numpy()]
        return out

    bi_encoder = load_pipeline("models/default")
    report = {"variant": args.variant, "epoch_losses": losses, "sets": {}}
    for spec in ("data-dev", "polnear_stance::test", "polnear_stance::train"):
        ev = evaluator(spec)
        rows = [i for i, g in enumerate(ev.gold) if g != "none"]
        targets, texts, gold = [ev.targets[i] for i in rows], [ev.texts[i] for i in rows], [ev.gold[i] for i in rows]
        cross = direction(targets, texts)
        bi = ["favor" if p[FAVOR] > p[AGAINST] else "against" for p in bi_encoder.score_stances(targets, texts)]
        accuracy = lambda predicted: round(float(np.mean([p == g for p, g in zip(predicted, gold)])), 4)  # noqa: E731
        report["sets"][spec] = {"pairs": len(gold), "cross_encoder": accuracy(cross), "bi_encoder": accuracy(bi)}
        print(spec, json.dumps(report["sets"][spec]), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "direction.json").write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
