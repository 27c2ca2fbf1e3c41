"""The three tasks, each defined once: labels, model class, input layout, dataset, encoding, metrics.

Training, prediction, the model folder and the benchmark iterate over :data:`TASKS`
instead of branching on a task's name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .data import CLAIM_LABELS, claim_dataset, speaker_dataset, stance_dataset
from .encoding import SPAN_LABELS, encode_claim, encode_speaker, encode_stance, token_span
from .metrics.functions import classification_scores, span_scores
from .schema import STANCE_LABELS

__all__ = ["TASKS", "Task"]


@dataclass(frozen=True)
class Task:
    """One task's facts.

    Attributes:
        name: ``claim``, ``speaker`` or ``stance``.
        labels: The head's labels, in order (``id2label``).
        model_class: The ``transformers`` Auto class of its model.
        inputs: The input layout, as written into the model folder's manifest.
        build_dataset: Labelled articles -> its ``datasets.Dataset``.
        encode_batch: ``(tokenizer, batch, max_length)`` -> model inputs (with labels) for training.
        compute_metrics: The Trainer's ``compute_metrics``.
        best_metric: The dev metric that picks the best checkpoint.
        token_level: Whether it labels tokens (padded with ``DataCollatorForTokenClassification``).
    """

    name: str
    labels: tuple[str, ...]
    model_class: str
    inputs: str
    build_dataset: Callable
    encode_batch: Callable
    compute_metrics: Callable
    best_metric: str
    token_level: bool = False

    def auto_model(self):
        """The ``transformers`` Auto class that loads this task's model."""
        import transformers

        return getattr(transformers, self.model_class)

    def collator(self, tokenizer):
        """The data collator that pads this task's training batches."""
        from transformers import DataCollatorForTokenClassification, DataCollatorWithPadding

        return (DataCollatorForTokenClassification if self.token_level else DataCollatorWithPadding)(tokenizer)


def _claim_metrics(prediction) -> dict:
    predicted = np.argmax(prediction.predictions, axis=-1)
    return classification_scores(prediction.label_ids, predicted, average="binary")


def _stance_metrics(prediction) -> dict:
    predicted = np.argmax(prediction.predictions, axis=-1)
    labels = list(range(len(STANCE_LABELS)))
    return classification_scores(prediction.label_ids, predicted, labels=labels, label_names=list(STANCE_LABELS))


def _speaker_metrics(prediction) -> dict:
    """Span F1 over token positions (``mention_token_exact_f1`` ...), not the benchmark's character spans."""
    predicted = np.argmax(prediction.predictions, axis=-1)
    result = {}
    for kind in ("MENTION", "CUE"):
        preds, refs = [], []
        for tags, gold in zip(predicted, prediction.label_ids):
            keep = gold != -100
            preds.append(token_span(list(tags[keep]), kind))
            refs.append(token_span(list(gold[keep]), kind))
        result.update({f"{kind.lower()}_token_{k}": v for k, v in span_scores(preds, refs).items()})
    return result


def _encode_claim(tokenizer, batch, max_length):
    return encode_claim(tokenizer, batch["text"], batch["context"], max_length)


def _encode_stance(tokenizer, batch, max_length):
    return encode_stance(tokenizer, batch["target"], batch["text"], max_length, batch["context"] if "context" in batch else None)


def _encode_speaker(tokenizer, batch, max_length):
    spans = [dict(zip(batch, values)) for values in zip(*batch.values())]
    encoding = encode_speaker(tokenizer, batch["text"], batch["context"], max_length, spans)
    encoding.pop("offset_mapping")
    encoding.pop("unit_mask")
    return encoding


TASKS: dict[str, Task] = {
    "claim": Task(
        "claim", tuple(CLAIM_LABELS), "AutoModelForSequenceClassification", "[CLS] unit [SEP] previous unit [SEP]",
        claim_dataset, _encode_claim, _claim_metrics, "f1",
    ),
    "speaker": Task(
        "speaker", tuple(SPAN_LABELS), "AutoModelForTokenClassification", "[CLS] unit [SEP] previous unit [SEP]",
        speaker_dataset, _encode_speaker, _speaker_metrics, "mention_token_exact_f1", token_level=True,
    ),
    "stance": Task(
        "stance", tuple(STANCE_LABELS), "AutoModelForSequenceClassification", "[CLS] target [SEP] unit [SEP]",
        stance_dataset, _encode_stance, _stance_metrics, "f1",
    ),
}
