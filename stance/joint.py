"""Claim detection and speaker tagging on one shared encoder (a config's ``shared_encoder: true``).

Both tasks read the same input, ``[CLS] unit [SEP] previous unit [SEP]``, so one forward pass
can feed both heads: the claim head (the sequence classifier of the claim model) and the
speaker head (the token classifier of the speaker model). Trained together, the two share
every encoder weight; prediction then runs the encoder once per unit instead of twice.

The model folder keeps its usual layout: ``claim/`` is a plain sequence-classification model
and ``speaker/`` a plain token-classification model, each loading with ``transformers``'
``from_pretrained``; their encoder weights are equal, and the manifest's ``shared_encoder``
says so (see :func:`shared_forward`).
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from datasets import Dataset, DatasetDict

from .encoding import encode_speaker
from .tasks import TASKS

__all__ = [
    "ClaimSpeakerCollator", "ClaimSpeakerModel", "SharedHeads", "claim_speaker_metrics", "encode_claim_speaker",
    "join_claim_speaker", "join_splits", "shared_forward",
]

_IGNORE = -100
_SPAN_COLUMNS = ("mention_start", "mention_end", "cue_start", "cue_end")


def join_claim_speaker(claim: Dataset, speaker: Dataset) -> Dataset:
    """One row per unit with its claim label and, for claim units, its speaker spans.

    Rows are matched on ``(article_id, unit)``. A unit with no speaker row (a non-claim) gets
    spans of -1 and ``has_spans`` 0, so the speaker head is trained on claim units only, as
    the separate speaker model is; a speaker row with no claim row gets claim label -100.

    Args:
        claim: A claim split (:func:`stance.data.claim_dataset` columns).
        speaker: The speaker split of the same articles.

    Returns:
        Columns ``article_id, unit, text, context, label, has_spans`` and the four span columns.
    """
    spans = {(r["article_id"], r["unit"]): r for r in speaker}
    rows, seen = [], set()
    for row in claim:
        key = (row["article_id"], row["unit"])
        seen.add(key)
        found = spans.get(key)
        rows.append({**{k: row[k] for k in ("article_id", "unit", "text", "context", "label")},
                     "has_spans": int(found is not None), **{c: (found[c] if found else -1) for c in _SPAN_COLUMNS}})
    for key, row in spans.items():
        if key not in seen:
            rows.append({**{k: row[k] for k in ("article_id", "unit", "text", "context")}, "label": _IGNORE, "has_spans": 1,
                         **{c: row[c] for c in _SPAN_COLUMNS}})
    columns = ("article_id", "unit", "text", "context", "label", "has_spans", *_SPAN_COLUMNS)
    return Dataset.from_dict({c: [r[c] for r in rows] for c in columns})


def encode_claim_speaker(tokenizer, batch: dict, max_length: int) -> dict:
    """Model inputs with ``labels`` (claim) and ``token_labels`` (speaker BIO tags; -100 on non-claims and outside the unit)."""
    spans = [{c: batch[c][i] for c in _SPAN_COLUMNS} for i in range(len(batch["text"]))]
    encoding = encode_speaker(tokenizer, batch["text"], batch["context"], max_length, spans)
    token_labels = [tags if has else [_IGNORE] * len(tags) for tags, has in zip(encoding.pop("labels"), batch["has_spans"])]
    encoding.pop("offset_mapping")
    encoding.pop("unit_mask")
    return {**encoding, "labels": list(batch["label"]), "token_labels": token_labels}


def join_splits(claim: DatasetDict, speaker: DatasetDict) -> DatasetDict:
    """:func:`join_claim_speaker` on every split."""
    return DatasetDict({name: join_claim_speaker(claim[name], speaker[name]) for name in claim})


class ClaimSpeakerCollator:
    """Pads inputs with the tokenizer and ``token_labels`` with -100."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, features: Sequence[dict]) -> dict:
        token_labels = [f["token_labels"] for f in features]
        inputs = [{k: v for k, v in f.items() if k not in ("token_labels", "labels")} for f in features]
        batch = self.tokenizer.pad(inputs, return_tensors="pt")
        width = batch["input_ids"].shape[1]
        batch["token_labels"] = torch.tensor([tags + [_IGNORE] * (width - len(tags)) for tags in token_labels], dtype=torch.long)
        batch["labels"] = torch.tensor([f["labels"] for f in features], dtype=torch.long)
        return batch


def _token_head(speaker_model):
    """The token classifier of a token-classification model: its dropout and ``classifier`` layer."""
    classifier = getattr(speaker_model, "classifier", None)
    if not isinstance(classifier, torch.nn.Linear):
        from .errors import ConfigError

        raise ConfigError(
            f"shared_encoder: {type(speaker_model).__name__} has no linear 'classifier' on the encoder's output, "
            "so its token head cannot share the claim model's encoder; train with shared_encoder: false"
        )
    dropout = getattr(speaker_model, "dropout", None)
    return classifier, dropout if isinstance(dropout, torch.nn.Module) else torch.nn.Identity()


class SharedHeads(torch.nn.Module):
    """The claim model, and the speaker model's token head on the claim encoder's last hidden state.

    Args:
        claim_model: A sequence-classification model.
        speaker_model: A token-classification model of the same architecture; only its head
            (dropout and ``classifier``) is kept.

    Example:
        >>> logits, token_logits = SharedHeads(claim_model, speaker_model)(input_ids, attention_mask)  # doctest: +SKIP
    """

    def __init__(self, claim_model, speaker_model):
        super().__init__()
        self.claim_model = claim_model
        self.speaker_classifier, self.speaker_dropout = _token_head(speaker_model)

    def forward(self, input_ids, attention_mask=None, token_type_ids=None):
        inputs = {"input_ids": input_ids, "attention_mask": attention_mask}
        if token_type_ids is not None:
            inputs["token_type_ids"] = token_type_ids
        output = self.claim_model(**inputs, output_hidden_states=True)
        return output.logits, self.speaker_classifier(self.speaker_dropout(output.hidden_states[-1]))


class ClaimSpeakerModel(torch.nn.Module):
    """A claim model whose encoder also feeds a speaker token head; the loss is the sum of both tasks'.

    Args:
        claim_model: A sequence-classification model (2 labels).
        speaker_model: A token-classification model of the same architecture; only its head
            is kept (its dropout and classifier), so the module holds one encoder.

    Example:
        >>> model = ClaimSpeakerModel(claim_model, speaker_model)  # doctest: +SKIP
        >>> out = model(input_ids=ids, attention_mask=mask)  # doctest: +SKIP
        >>> out["logits"].shape, out["token_logits"].shape  # doctest: +SKIP
    """

    def __init__(self, claim_model, speaker_model):
        super().__init__()
        self.heads = SharedHeads(claim_model, speaker_model)
        self.speaker_config = speaker_model.config
        self.config = claim_model.config

    def forward(self, input_ids, attention_mask=None, token_type_ids=None, labels=None, token_labels=None, **kwargs):
        logits, token_logits = self.heads(input_ids, attention_mask, token_type_ids)
        output = {"logits": logits, "token_logits": token_logits}
        if labels is not None or token_labels is not None:
            loss = logits.new_zeros(())
            for scores, gold in ((logits, labels), (token_logits, token_labels)):
                # A batch may hold no claim unit (token labels all ignored): that part adds nothing.
                if gold is not None and bool((gold != _IGNORE).any()):
                    loss = loss + torch.nn.functional.cross_entropy(scores.reshape(-1, scores.shape[-1]).float(), gold.reshape(-1), ignore_index=_IGNORE)
            output = {"loss": loss, **output}
        return output

    @property
    def claim_model(self):
        return self.heads.claim_model

    def speaker_model(self):
        """A plain token-classification model with this encoder and the speaker head (for saving)."""
        from transformers import AutoModelForTokenClassification

        model = AutoModelForTokenClassification.from_config(self.speaker_config)
        encoder_state = self.claim_model.base_model.state_dict()
        wanted = model.base_model.state_dict()
        missing = [k for k in wanted if k not in encoder_state]
        if missing:
            from .errors import ConfigError

            raise ConfigError(
                f"shared_encoder: {type(model).__name__}'s encoder has weights that {type(self.claim_model).__name__}'s lacks "
                f"({', '.join(missing[:3])}); train with shared_encoder: false"
            )
        model.base_model.load_state_dict({k: encoder_state[k] for k in wanted})
        model.classifier.load_state_dict(self.heads.speaker_classifier.state_dict())
        return model.to(next(self.claim_model.parameters()).dtype)

    def save(self, claim_dir, speaker_dir, tokenizer) -> None:
        """Write ``claim_dir`` and ``speaker_dir`` as plain ``transformers`` model folders."""
        self.claim_model.save_pretrained(claim_dir)
        self.speaker_model().save_pretrained(speaker_dir)
        tokenizer.save_pretrained(claim_dir)
        tokenizer.save_pretrained(speaker_dir)


def claim_speaker_metrics(prediction) -> dict:
    """Claim metrics (``claim_f1`` ...), speaker metrics (``speaker_mention_token_exact_f1`` ...) and their mean, ``claim_speaker``."""
    from transformers import EvalPrediction

    logits, token_logits = prediction.predictions[:2]
    labels, token_labels = prediction.label_ids
    keep = labels != _IGNORE
    claim = TASKS["claim"].compute_metrics(EvalPrediction(predictions=logits[keep], label_ids=labels[keep]))
    has = (token_labels != _IGNORE).any(axis=1)
    speaker = TASKS["speaker"].compute_metrics(EvalPrediction(predictions=token_logits[has], label_ids=token_labels[has]))
    result = {**{f"claim_{k}": v for k, v in claim.items()}, **{f"speaker_{k}": v for k, v in speaker.items()}}
    result["claim_speaker"] = (claim[TASKS["claim"].best_metric] + speaker[TASKS["speaker"].best_metric]) / 2
    return result


def shared_forward(claim_model, speaker_model):
    """One encoder pass for both tasks, when the two models' encoders hold equal weights.

    Args:
        claim_model, speaker_model: The loaded ``claim`` and ``speaker`` models of a folder
            whose manifest says ``shared_encoder``.

    Returns:
        ``features -> (claim logits, speaker logits)`` as float32 arrays, or None when the
        encoders differ (a folder assembled by hand), so the caller runs the two models apart.
    """
    claim_state, speaker_state = claim_model.base_model.state_dict(), speaker_model.base_model.state_dict()
    if any(k not in claim_state or not torch.equal(claim_state[k], v) for k, v in speaker_state.items()):
        return None
    heads = SharedHeads(claim_model, speaker_model).eval()
    device = next(claim_model.parameters()).device

    def forward(features: dict):
        with torch.inference_mode():
            logits, token_logits = heads(**{k: torch.from_numpy(v).to(device) for k, v in features.items()})
        return logits.float().cpu().numpy(), token_logits.float().cpu().numpy()

    return forward
