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

The head is linear, optionally with a residual hidden layer beside it (a config's
``stance_head_hidden``): ``logits = W f + b + W_out gelu(W_hidden f + b_hidden)`` on
``f = [u, t, u * t, |u - t|]``. A linear head can weigh ``u * t`` only feature by feature, so
much of its favor / against decision is the unit's tone, whatever the target (docs/BENCHMARKS.md,
session 13); the hidden layer can combine them. ``W_out`` starts at zero, so a linear head
continued with a hidden layer first predicts exactly as it did.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

__all__ = [
    "ARCHITECTURE_KEY", "BI_ENCODER", "HEAD_FILE", "SOURCE_BIAS_FILE", "BiEncoderCollator", "BiEncoderStanceModel", "PooledEncoder", "StanceHead",
    "encode_side", "encode_stance_sides", "gelu", "head_logits", "is_bi_encoder_folder", "masked_mean", "pair_features", "read_head",
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


def read_head(task_dir: str | Path) -> dict[str, np.ndarray]:
    """The head's arrays from :data:`HEAD_FILE` in a stance folder, float32: ``weight`` and ``bias``,
    and ``hidden.weight``, ``hidden.bias`` and ``out.weight`` where it has a hidden layer.

    Raises:
        ModelFolderError: when the file is missing or lacks the linear head.
    """
    from safetensors.numpy import load_file

    from .errors import ModelFolderError

    path = Path(task_dir) / HEAD_FILE
    if not path.is_file():
        raise ModelFolderError(f"{path}: missing; a bi-encoder stance folder keeps its head there, retrain it")
    state = load_file(str(path))
    missing = [k for k in ("weight", "bias") if k not in state]
    if missing:
        raise ModelFolderError(f"{path}: no {' or '.join(missing)} tensor; retrain the model")
    return {k: v.astype(np.float32) for k, v in state.items()}


def gelu(x: np.ndarray) -> np.ndarray:
    """GELU in its tanh form, as ``torch.nn.GELU(approximate="tanh")`` computes it."""
    return 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * x**3)))


def masked_mean(hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    """Mean of ``(batch, length, hidden)`` states over the real tokens of ``attention_mask``: ``(batch, hidden)``.

    Example:
        >>> masked_mean(torch.tensor([[[1.0], [3.0], [9.0]]]), torch.tensor([[1, 1, 0]])).tolist()
        [[2.0]]
    """
    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)


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


def head_logits(head: dict[str, np.ndarray], units: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """The head on pairs of embeddings, in numpy (the ONNX backends run the encoder only).

    Args:
        head: The arrays :func:`read_head` returns (or :meth:`BiEncoderStanceModel.head_arrays`).
        units: ``(n, hidden)`` unit embeddings.
        targets: ``(n, hidden)`` target embeddings.

    Returns:
        ``(n, labels)`` logits, float32.

    Example:
        >>> head = {"weight": np.array([[1.0, 0, 0, 0], [0, 0, 0, 1.0]]), "bias": np.zeros(2)}
        >>> head_logits(head, np.array([[2.0]]), np.array([[0.5]])).tolist()
        [[2.0, 1.5]]
    """
    # asarray: no copy of the arrays read_head already gives as float32, on every batch of pairs.
    head = {k: np.asarray(v, dtype=np.float32) for k, v in head.items()}
    features = pair_features(units, targets).astype(np.float32, copy=False)
    logits = features @ head["weight"].T + head["bias"]
    if "hidden.weight" in head:
        logits = logits + gelu(features @ head["hidden.weight"].T + head["hidden.bias"]) @ head["out.weight"].T
    return logits.astype(np.float32, copy=False)


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


class StanceHead(torch.nn.Linear):
    """The linear head on ``[u, t, u * t, |u - t|]``, with an optional residual hidden layer.

    Args:
        in_features: ``4 * hidden`` of the encoder.
        labels: How many stance labels.
        hidden_size: Units of the hidden layer; 0 keeps the head linear.

    Its ``weight`` and ``bias`` are the linear part, so a linear head's state loads into it as it is.

    Example:
        >>> head = StanceHead(8, 3, hidden_size=4)
        >>> head(torch.zeros(2, 8)).shape, bool((head.out.weight == 0).all())
        (torch.Size([2, 3]), True)
    """

    def __init__(self, in_features: int, labels: int, hidden_size: int = 0):
        super().__init__(in_features, labels)
        self.hidden = self.out = None
        if hidden_size:
            self.add_hidden_layer(hidden_size)

    @property
    def hidden_size(self) -> int:
        return 0 if self.hidden is None else self.hidden.out_features

    def add_hidden_layer(self, hidden_size: int) -> None:
        """Add the residual hidden layer; its output layer starts at zero, so the logits do not change."""
        self.hidden = torch.nn.Linear(self.in_features, hidden_size)
        self.out = torch.nn.Linear(hidden_size, self.out_features, bias=False)
        torch.nn.init.zeros_(self.out.weight)

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        logits = super().forward(features)
        if self.hidden is not None:
            logits = logits + self.out(torch.nn.functional.gelu(self.hidden(features), approximate="tanh"))
        return logits


class BiEncoderStanceModel(torch.nn.Module):
    """An encoder embedding unit and target apart (mean pooling) and a linear head over ``[u, t, u * t, |u - t|]``.

    Args:
        encoder: A ``transformers`` base model (``AutoModel``); its config gets the stance labels.
        head: The :class:`StanceHead`; None makes a new one.
        sources: For training with a label prior per source of pairs (``stance_source_bias``):
            the source names, the news source first. Each gets a learned bias over the labels,
            added to the logits of its pairs (``source_ids``); :meth:`save_pretrained` folds the
            first source's bias into the head, so the saved model predicts as on news.
        head_hidden: For a new head, or a linear one given: the hidden layer's size (0: linear).

    Example:
        >>> from transformers import AutoModel  # doctest: +SKIP
        >>> model = BiEncoderStanceModel(AutoModel.from_pretrained("sentence-transformers/all-MiniLM-L6-v2"))  # doctest: +SKIP
        >>> model(**BiEncoderCollator(tokenizer)([encode_one_pair]))["logits"].shape  # doctest: +SKIP
        torch.Size([1, 3])
    """

    def __init__(self, encoder, head: StanceHead | None = None, sources: Sequence[str] | None = None, head_hidden: int = 0):
        super().__init__()
        from .schema import STANCE_LABELS

        self.encoder = encoder
        self.config = encoder.config
        self.config.id2label = dict(enumerate(STANCE_LABELS))
        self.config.label2id = {label: i for i, label in enumerate(STANCE_LABELS)}
        setattr(self.config, ARCHITECTURE_KEY, BI_ENCODER)
        self.head = head if head is not None else StanceHead(4 * encoder.config.hidden_size, len(STANCE_LABELS))
        if head_hidden and not self.head.hidden_size:
            self.head.add_hidden_layer(head_hidden)
        self.sources = list(sources or [])
        # Zero at the start: every source begins with the head's own prior.
        self.source_bias = torch.nn.Parameter(torch.zeros(len(self.sources), len(STANCE_LABELS))) if self.sources else None

    def embed(self, input_ids, attention_mask, token_type_ids=None) -> torch.Tensor:
        """Mean of the last hidden states over the real tokens: ``(batch, hidden)``."""
        inputs = {"input_ids": input_ids, "attention_mask": attention_mask}
        if token_type_ids is not None:
            inputs["token_type_ids"] = token_type_ids
        return masked_mean(self.encoder(**inputs).last_hidden_state, attention_mask)

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
        save_file({k: torch.from_numpy(v).contiguous() for k, v in self.head_arrays().items()}, str(folder / HEAD_FILE))
        if self.source_bias is not None:
            learned = self.source_bias.detach().float().cpu().tolist()
            labels = [self.config.id2label[i] for i in range(len(learned[0]))]
            rows = {source: dict(zip(labels, (round(x, 4) for x in row))) for source, row in zip(self.sources, learned)}
            (folder / SOURCE_BIAS_FILE).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def from_pretrained(cls, folder: str | Path, sources: Sequence[str] | None = None, head_hidden: int = 0, **kwargs) -> BiEncoderStanceModel:
        """Load a folder written by :meth:`save_pretrained` (``kwargs`` go to ``AutoModel.from_pretrained``).

        ``sources``: continue training it with a label prior per source (see the class), each starting at zero.
        ``head_hidden``: give a linear head a hidden layer of this size (starting at zero); a head
        that has one keeps its own.

        Raises:
            ModelFolderError: when the head file is missing.
        """
        from transformers import AutoModel

        arrays = read_head(folder)
        encoder = AutoModel.from_pretrained(folder, **kwargs)
        if isinstance(encoder, tuple):  # output_loading_info=True
            encoder, info = encoder
        else:
            info = None
        labels, in_features = arrays["weight"].shape
        head = StanceHead(in_features, labels, hidden_size=arrays["hidden.weight"].shape[0] if "hidden.weight" in arrays else 0)
        head.load_state_dict({k: torch.from_numpy(v) for k, v in arrays.items()})
        model = cls(encoder, head, sources, head_hidden=head_hidden)
        return (model, info) if info is not None else model

    def head_arrays(self) -> dict[str, np.ndarray]:
        """The head's arrays as float32 (for :func:`head_logits`), the news source's bias folded in."""
        arrays = {k: v.detach().float().cpu().numpy() for k, v in self.head.state_dict().items()}
        if self.source_bias is not None:
            arrays["bias"] = arrays["bias"] + self.source_bias[0].detach().float().cpu().numpy()
        return arrays


class PooledEncoder(torch.nn.Module):
    """The encoder with mean pooling, features in, embeddings out: what the ONNX backends export."""

    def __init__(self, model: BiEncoderStanceModel):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, token_type_ids=None):
        return self.model.embed(input_ids, attention_mask, token_type_ids)
