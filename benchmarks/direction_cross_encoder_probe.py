"""Probe: does a cross-encoder that reads target and unit together, trained on favor / against pairs alone, tell direction better than the bi-encoder?

    python benchmarks/direction_cross_encoder_probe.py --variant flip --out runs/s14/probe-flip      # about 9 minutes on 2 cores
    python benchmarks/direction_cross_encoder_probe.py --variant plain --train-on data public polnear --epochs 2 \
        --bi-encoders models/default models/full-pairs --out runs/s15/probe-all                     # about 30 minutes

The bi-encoder stance model gives a unit one tone for every target (session 13). A second stage
that reads ``[CLS] target [SEP] unit [SEP]`` could tell "for X" from "for the opposite of X". This
trains one on sided pairs, starting from the pretrained MiniLM: data/'s (the default config's dev
articles held out) and, with ``--train-on``, the training splits of SemEval-2016, IBM, Perspectrum
and Emergent (``public``) and our PolNeAR stance train labels (``polnear``). It scores direction on
gold-sided pairs of data/ dev, our PolNeAR stance labels (test, and train when not trained on) and,
with ``public``, the public corpora's test splits, beside each ``--bi-encoders`` model on the same
pairs; and each set's headline figure with the bi-encoder's p(none) kept and its favor / against
mass split by the cross-encoder.

Variants: ``plain`` (the [CLS] classifier, everything at a learning rate of 5e-5), ``flip`` (each pair again with the target reversed and
the label swapped, so the unit alone tells nothing), ``mean+flip`` (mean-pooled, its head at a
learning rate of 1e-3, as the bi-encoder's). Session 14 (docs/BENCHMARKS.md): ``flip`` and
``mean+flip`` never leave the loss of chance, ``plain`` is below the bi-encoder everywhere.
Session 15: ``plain`` on all 14,699 sided pairs learns (loss 0.60, 0.46) and beats the full model's
bi-encoder on the public test sets (Emergent 0.923 against 0.674) but loses on news (PolNeAR
test 0.613 against 0.707, data/ dev 0.563 against 0.643); ``models/stance-public``'s own
bi-encoder is as good on SemEval and Emergent (0.791, 0.929).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch
from datasets import Dataset, DatasetDict
from transformers import AutoModel, AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding, Trainer, TrainingArguments
from transformers.modeling_outputs import SequenceClassifierOutput

from direction_inference_probes import evaluator, scores  # the same sets, built the same way (benchmarks/ is on the path)
from stance.augment import reverse_target
from stance.config import load_config
from stance.corpora import add_extra_data, datasets_root
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


TRAIN_SOURCES = {  # --train-on: where the sided (favor / against) training pairs come from; never a test split
    "public": [{"importer": name, "path": f"{{root}}/{folder}"} for name, folder in
               (("semeval2016", "semeval2016"), ("ibm_claim_stance", "ibm_claim_stance"), ("perspectrum", "perspectrum"), ("emergent", "emergent"))],
    "polnear": [{"importer": "polnear_stance", "path": "{root}/polnear"}],
}


def sided_pairs(sources: list[str], config) -> list[dict]:
    """The favor / against pairs of ``sources`` (``data``: data/ without the default config's dev articles)."""
    pairs = []
    if "data" in sources:
        articles = load_articles(["data"])
        train_ids, _ = split_articles([a.article_id for a in articles], dev_articles=config.dev_articles)
        pairs += list(stance_dataset([a for a in articles if a.article_id in set(train_ids)]))
    entries = [{**e, "path": e["path"].format(root=datasets_root()), "train_split": "train"} for source in sources for e in TRAIN_SOURCES.get(source, [])]
    if entries:
        pairs += list(add_extra_data(DatasetDict(), "stance", entries)["train"])
    return [{"target": r["target"], "text": r["text"], "label": r["label"]} for r in pairs if r["label"] in (FAVOR, AGAINST)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", choices=("plain", "flip", "mean+flip"), default="flip")
    parser.add_argument("--train-on", nargs="+", choices=("data", "public", "polnear"), default=["data"])
    parser.add_argument("--epochs", type=float, default=3)
    parser.add_argument("--bi-encoders", nargs="+", default=["models/default"], help="model folders whose stance heads are scored beside it")
    parser.add_argument("--sets", nargs="+", default=None, help="default: data-dev, PolNeAR stance test (and train unless trained on) and, "
                        "with --train-on public, the public corpora's test splits")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    torch.manual_seed(0)
    config = load_config("configs/default.yaml")
    pairs = sided_pairs(args.train_on, config)
    if "flip" in args.variant:
        pairs += [{"target": reverse_target(r["target"]), "text": r["text"], "label": 1 - r["label"]} for r in pairs]
    print(f"{len(pairs)} training pairs from {', '.join(args.train_on)}", flush=True)
    path = resolve_base_model(config.base_model)
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = MeanPooledCrossEncoder(path) if args.variant.startswith("mean") else AutoModelForSequenceClassification.from_pretrained(path, num_labels=2)
    train = Dataset.from_list(pairs).shuffle(seed=0).map(
        lambda b: tokenizer(b["target"], b["text"], truncation="longest_first", max_length=128), batched=True, remove_columns=["target", "text"]
    )
    is_head = lambda name: name.startswith(("head", "classifier"))  # noqa: E731
    optimizer = torch.optim.AdamW(
        [{"params": [p for n, p in model.named_parameters() if not is_head(n)], "lr": 5e-5},
         {"params": [p for n, p in model.named_parameters() if is_head(n)], "lr": 1e-3 if args.variant.startswith("mean") else 5e-5}],
        weight_decay=0.01,
    )
    training = TrainingArguments(
        output_dir=str(args.out / "checkpoints"), num_train_epochs=args.epochs, per_device_train_batch_size=16 if args.train_on == ["data"] else 32, warmup_steps=0.1,
        save_strategy="no", report_to="none", logging_strategy="epoch", seed=0, use_cpu=not torch.cuda.is_available(),
    )
    trainer = Trainer(model=model, args=training, train_dataset=train, data_collator=DataCollatorWithPadding(tokenizer), optimizers=(optimizer, None))
    trainer.train()
    losses = [round(e["loss"], 4) for e in trainer.state.log_history if "loss" in e]
    model.eval()

    def p_favor(targets, texts) -> np.ndarray:
        """P(favor | the pair takes a side)."""
        out = []
        with torch.no_grad():
            for i in range(0, len(texts), 64):
                batch = tokenizer(targets[i : i + 64], texts[i : i + 64], truncation="longest_first", max_length=128, padding=True, return_tensors="pt")
                logits = model(**batch.to(next(model.parameters()).device)).logits.float()
                out.append(torch.softmax(logits[:, [FAVOR, AGAINST]], dim=-1)[:, 0].cpu().numpy())
        return np.concatenate(out)

    sets = args.sets or ["data-dev", "polnear_stance::test"] + ([] if "polnear" in args.train_on else ["polnear_stance::train"]) + (
        ["semeval2016", "ibm", "perspectrum", "emergent"] if "public" in args.train_on else [])
    bi_encoders = {folder: load_pipeline(folder) for folder in args.bi_encoders}
    report = {"variant": args.variant, "train_on": args.train_on, "training_pairs": len(pairs), "epoch_losses": losses, "sets": {}}
    for spec in sets:
        ev = evaluator(spec)
        favor = p_favor(ev.targets, ev.texts)
        ours = [(ev.label_map or {}).get(g, g) for g in ev.gold]
        sided = [k for k, g in enumerate(ours) if g in ("favor", "against")]
        row = {"pairs": len(ev.gold), "gold_sided": len(sided), "cross_encoder_direction": round(float(np.mean([("favor" if favor[k] > 0.5 else "against") == ours[k] for k in sided])), 4)}
        for folder, pipeline in bi_encoders.items():
            plain = pipeline.score_stances(ev.targets, ev.texts, fields=ev.fields)
            sided_mass = plain[:, FAVOR] + plain[:, AGAINST]
            combined = np.stack([sided_mass * favor, sided_mass * (1 - favor), plain[:, 2]], axis=1)
            for name, probabilities in (("bi_encoder", plain), ("bi_encoder_none+cross_direction", combined)):
                headline, direction_accuracy = scores(ev, spec, probabilities)
                row[f"{folder} {name}"] = {"headline": round(headline, 4), "direction_on_gold_sided": round(direction_accuracy, 4)}
        report["sets"][spec] = row
        print(spec, json.dumps(row), flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "direction.json").write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
