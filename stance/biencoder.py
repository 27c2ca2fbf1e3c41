"""The bi-encoder stance model (a config's ``stance_architecture: bi-encoder``).

The cross-encoder reads ``[CLS] target [SEP] unit [SEP]``, once per (target, unit) pair. The
bi-encoder embeds the unit and the target apart, each mean-pooled the way
all-MiniLM-L6-v2 was pretrained to embed sentences, and a linear head reads
``[u, t, u * t, |u - t|]``. Each unit and each target is encoded once, however many pairs
they make, and the encoder is used as it was pretrained: on data/ it scored higher by
5-fold CV than the cross-encoder (docs/BENCHMARKS.md, session 6).

A bi-encoder stance folder stays a plain ``transformers`` folder: ``AutoModel.from_pretrained``
loads its encoder; the head is ``stance_head.safetensors`` beside it and ``config.json`` says
``"stance_architecture": "bi-encoder"``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

__all__ = [
    "ARCHITECTURE_KEY", "BI_ENCODER", "HEAD_FILE", "SOURCE_BIAS_FILE", "BiEncoderCollator", "BiEncoderStanceModel", "PooledEncoder", "encode_side", "encode_stance_sides",
    "head_logits", "is_bi_encoder_folder", "pair_features", "read_head",
]

#: ``config.json`` key that marks a bi-encoder stance folder, and its value.
ARCHITECTURE_KEY, BI_ENCODER = "stance_architecture", "bi-encoder"
#: The head's weights beside the encoder's ``model.safetensors``.
HEAD_FILE = "stance_head.safetensors"
#: What each source's label prior learned (``stance_source_bias``), beside the head; never read back.
SOURCE_BIAS_FILE = "source_bias.json"
_SIDE_KEYS = ("input_ids", "attention_mask", "token_type_ids")
_TARGET_PREFIX = "target_"


def is_bi_encoder_folder(task_dir: str | Path) -> bool:
    """Whether a task folder holds a bi-encoder stance model (its ``config.json`` says so)."""
    import json

    try:
        config = json.loads((Path(task_dir) / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(config, dict) and config.get(ARCHITECTURE_KEY) == BI_ENCODER


def read_head(task_dir: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """The head's weight and bias from :data:`HEAD_FILE` in a stance folder, as float32 arrays.

    Raises:
        ModelFolderError: when the file is missing.
    """
    from safetensors.numpy import load_file

    path = Path(task_dir) / HEAD_FILE
    if not path.is_file():
        from .errors import ModelFolderError

        raise ModelFolderError(f"{path}: missing; a bi-encoder stance folder keeps its head there, retrain it")
    state = load_file(str(path))
    return state["weight"].astype(np.float32), state["bias"].astype(np.float32)


def pair_features(units: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """The head's input for pairs of pooled embeddings: ``[u, t, u * t, |u - t|]``.

    Args:
        units: ``(n, hidden)`` unit embeddings.
        targets: ``(n, hidden)`` target embeddings, row for row.

    Returns:
        ``(n, 4 * hidden)``.

    Example:
        >>> pair_features(np.ones((1, 2)), np.zeros((1, 2))).tolist()
        [[1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0]]
    """
    return np.concatenate([units, targets, units * targets, np.abs(units - targets)], axis=-1)


def head_logits(weight: np.ndarray, bias: np.ndarray, units: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """The linear head on pairs of embeddings, in numpy (the ONNX backends run the encoder only).

    Args:
        weight: ``(labels, 4 * hidden)``.
        bias: ``(labels,)``.
        units: ``(n, hidden)`` unit embeddings.
        targets: ``(n, hidden)`` target embeddings.

    Returns:
        ``(n, labels)`` logits, float32.
    """
    return (pair_features(units, targets).astype(np.float32) @ weight.T.astype(np.float32) + bias.astype(np.float32)).astype(np.float32)


def encode_stance_sides(tokenizer, targets: Sequence[str], texts: Sequence[str], max_length: int, contexts: Sequence[str] | None = None) -> dict:
    """Tokenize pairs for the bi-encoder: the unit (and its context) on one side, the target on the other.

    Args:
        tokenizer: A Hugging Face tokenizer.
        targets: The target of each pair.
        texts: The unit of each pair.
        max_length: Longest input of either side, in tokens.
        contexts: Optional text read after the unit (``[CLS] unit [SEP] context [SEP]``).

    Returns:
        The unit side's encoding (``input_ids`` ...) and the target side's under
        ``target_input_ids`` ..., unpadded.
    """
    units, sides = encode_side(tokenizer, texts, max_length, contexts), encode_side(tokenizer, targets, max_length)
    return {**units, **{_TARGET_PREFIX + k: v for k, v in sides.items()}}


def encode_side(tokenizer, texts: Sequence[str], max_length: int, contexts: Sequence[str] | None = None) -> dict:
    """Tokenize one side of the pairs: units (with their contexts, cut first) or targets.

    Args:
        tokenizer: A Hugging Face tokenizer.
        texts: The units or the targets.
        max_length: Longest input in tokens.
        contexts: Optional text read after each unit.

    Returns:
        ``input_ids``, ``attention_mask`` (and ``token_type_ids``), unpadded.
    """
    if contexts and any(contexts):
        encoding = tokenizer(list(texts), [c or "" for c in contexts], truncation="longest_first", max_length=max_length)
    else:
        encoding = tokenizer(list(texts), truncation=True, max_length=max_length)
    return {k: encoding[k] for k in _SIDE_KEYS if k in encoding}


class BiEncoderCollator:
    """Pads the unit side and the target side of a batch apart; ``labels`` as a tensor."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, features: Sequence[dict]) -> dict:
        batch = {}
        for prefix in ("", _TARGET_PREFIX):
            side = [{k: f[prefix + k] for k in _SIDE_KEYS if prefix + k in f} for f in features]
            batch.update({prefix + k: v for k, v in self.tokenizer.pad(side, return_tensors="pt").items()})
        if "labels" in features[0] or "label" in features[0]:
            batch["labels"] = torch.tensor([f.get("labels", f.get("label")) for f in features], dtype=torch.long)
        if "source_ids" in features[0]:
            batch["source_ids"] = torch.tensor([f["source_ids"] for f in features], dtype=torch.long)
        return batch


class BiEncoderStanceModel(torch.nn.Module):
    """An encoder embedding unit and target apart (mean pooling) and a linear head over ``[u, t, u * t, |u - t|]``.

    Args:
        encoder: A ``transformers`` base model (``AutoModel``); its config gets the stance labels.
        head: The ``(4 * hidden -> labels)`` layer; None makes a new one.
        sources: For training with a label prior per source of pairs (``stance_source_bias``):
            the source names, the news source first. Each gets a learned bias over the labels,
            added to the logits of its pairs (``source_ids``); :meth:`save_pretrained` folds the
            first source's bias into the head, so the saved model predicts as on news.

    Example:
        >>> from transformers import AutoModel  # doctest: +SKIP
        >>> model = BiEncoderStanceModel(AutoModel.from_pretrained("sentence-transformers/all-MiniLM-L6-v2"))  # doctest: +SKIP
        >>> model(**BiEncoderCollator(tokenizer)([encode_one_pair]))["logits"].shape  # doctest: +SKIP
        torch.Size([1, 3])
    """

    def __init__(self, encoder, head: torch.nn.Linear | None = None, sources: Sequence[str] | None = None):
        super().__init__()
        from .schema import STANCE_LABELS

        self.encoder = encoder
        self.config = encoder.config
        self.config.id2label = dict(enumerate(STANCE_LABELS))
        self.config.label2id = {label: i for i, label in enumerate(STANCE_LABELS)}
        setattr(self.config, ARCHITECTURE_KEY, BI_ENCODER)
        self.head = head if head is not None else torch.nn.Linear(4 * encoder.config.hidden_size, len(STANCE_LABELS))
        self.sources = list(sources or [])
        # Zero at the start: every source begins with the head's own prior.
        self.source_bias = torch.nn.Parameter(torch.zeros(len(self.sources), len(STANCE_LABELS))) if self.sources else None

    def embed(self, input_ids, attention_mask, token_type_ids=None) -> torch.Tensor:
        """Mean of the last hidden states over the real tokens: ``(batch, hidden)``."""
        inputs = {"input_ids": input_ids, "attention_mask": attention_mask}
        if token_type_ids is not None:
            inputs["token_type_ids"] = token_type_ids
        hidden = self.encoder(**inputs).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)

    def forward(
        self, input_ids, attention_mask, target_input_ids, target_attention_mask, token_type_ids=None, target_token_type_ids=None,
        labels=None, source_ids=None, **kwargs,
    ) -> dict:
        units = self.embed(input_ids, attention_mask, token_type_ids)
        targets = self.embed(target_input_ids, target_attention_mask, target_token_type_ids)
        logits = self.head(torch.cat([units, targets, units * targets, (units - targets).abs()], dim=-1))
        if self.source_bias is not None and source_ids is not None:
            logits = logits + self.source_bias[source_ids].to(logits.dtype)
        if labels is None:
            return {"logits": logits}
        return {"loss": torch.nn.functional.cross_entropy(logits.float(), labels), "logits": logits}

    def save_pretrained(self, folder: str | Path, **kwargs) -> None:
        """Write the encoder as a plain ``transformers`` folder and the head as :data:`HEAD_FILE` beside it.

        With ``sources``, the head is written with the first (news) source's bias added to its
        own: the folder is a plain bi-encoder that predicts as the model did on news pairs. The
        bias each source learned is written to :data:`SOURCE_BIAS_FILE`, for reading only.
        """
        from safetensors.torch import save_file

        folder = Path(folder)
        self.encoder.save_pretrained(folder, **kwargs)
        weight, bias = self.head_arrays()
        save_file({"weight": torch.from_numpy(weight).contiguous(), "bias": torch.from_numpy(bias).contiguous()}, str(folder / HEAD_FILE))
        if self.source_bias is not None:
            learned = self.source_bias.detach().float().cpu().tolist()
            labels = [self.config.id2label[i] for i in range(len(learned[0]))]
            rows = {source: dict(zip(labels, (round(x, 4) for x in row))) for source, row in zip(self.sources, learned)}
            (folder / SOURCE_BIAS_FILE).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def from_pretrained(cls, folder: str | Path, sources: Sequence[str] | None = None, **kwargs) -> BiEncoderStanceModel:
        """Load a folder written by :meth:`save_pretrained` (``kwargs`` go to ``AutoModel.from_pretrained``).

        ``sources``: continue training it with a label prior per source (see the class), each starting at zero.

        Raises:
            ModelFolderError: when the head file is missing.
        """
        from transformers import AutoModel

        weight, bias = read_head(folder)
        encoder = AutoModel.from_pretrained(folder, **kwargs)
        if isinstance(encoder, tuple):  # output_loading_info=True
            encoder, info = encoder
        else:
            info = None
        head = torch.nn.Linear(weight.shape[1], weight.shape[0])
        head.load_state_dict({"weight": torch.from_numpy(weight), "bias": torch.from_numpy(bias)})
        model = cls(encoder, head, sources)
        return (model, info) if info is not None else model

    def head_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """The head's weight and bias as float32 arrays (for :func:`head_logits`), the news source's bias folded in."""
        bias = self.head.bias.detach().float().cpu()
        if self.source_bias is not None:
            bias = bias + self.source_bias[0].detach().float().cpu()
        return self.head.weight.detach().float().cpu().numpy(), bias.numpy()


class PooledEncoder(torch.nn.Module):
    """The encoder with mean pooling, features in, embeddings out: what the ONNX backends export."""

    def __init__(self, model: BiEncoderStanceModel):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, token_type_ids=None):
        return self.model.embed(input_ids, attention_mask, token_type_ids)
