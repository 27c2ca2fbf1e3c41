"""Whether a text is about a target at all: a sentence encoder's cosine, read as a probability.

A stance model's ``none`` means two things a reader keeps apart: *about the target, taking no
side* (FNC-1's "discuss") and *not about the target* ("unrelated"). The fine-tuned stance
encoders tell the two apart poorly (their embeddings are trained for sides, not topics), so a
model folder carries a pretrained sentence encoder of its own for the second question::

    models/default/relatedness/   config.json, model.safetensors, tokenizer (a plain AutoModel)
                                  relatedness.json: {"scale", "bias", "max_length", "encoder", "fitted_on"}

The probability that a unit is about a target is ``sigmoid(scale * cos(unit, target) + bias)``
with mean-pooled, normalised embeddings; an article's is the largest over its units (see
:func:`stance.summarize`). ``scale`` and ``bias`` are a logistic regression fitted when the
encoder is added, on the training articles: each article against its own targets (about) and
against the targets of the other articles (not about).

On FNC-1's hold-out bodies (150 of them, 4,318 headline pairs), the largest unit cosine of the
packaged all-MiniLM-L6-v2 tells related from unrelated pairs with ROC AUC 0.995 (accuracy 0.979
at its best threshold), against 0.977 (0.942) for the fine-tuned bi-encoder stance model's
own embeddings (docs/BENCHMARKS.md, session 7).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

from .errors import ModelFolderError

__all__ = [
    "DEFAULT_RELATEDNESS_MODEL",
    "RELATEDNESS_DIR",
    "RelatednessModel",
    "add_relatedness",
    "fit_relatedness",
]

RELATEDNESS_DIR = "relatedness"
RELATEDNESS_FILE = "relatedness.json"
DEFAULT_RELATEDNESS_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
MAX_LENGTH = 128


class RelatednessModel:
    """A sentence encoder and its calibration: the probability that a text is about a target.

    Args:
        folder: A ``relatedness/`` folder (an ``AutoModel`` folder with ``relatedness.json``).
        device: Torch device; None picks CUDA when available.
        precision: ``"float32"`` or ``"bfloat16"`` (weights cast once at load).

    Example:
        >>> model = RelatednessModel("models/default/relatedness")  # doctest: +SKIP
        >>> model.probabilities(["The council voted to close the library."], ["the library"]).round(2)  # doctest: +SKIP
        array([[0.97]])
    """

    def __init__(self, folder: str | os.PathLike, device: str | torch.device | None = None, precision: str = "float32"):
        from transformers import AutoModel, AutoTokenizer

        self.folder = Path(folder)
        settings_path = self.folder / RELATEDNESS_FILE
        if not settings_path.is_file():
            raise ModelFolderError(f"{settings_path}: missing; add the encoder with `stance add-relatedness`")
        settings = json.loads(settings_path.read_text(encoding="utf-8"))
        missing = [k for k in ("scale", "bias") if not isinstance(settings.get(k), (int, float))]
        if missing:
            raise ModelFolderError(f"{settings_path}: field(s) {', '.join(missing)} must be numbers")
        self.scale, self.bias = float(settings["scale"]), float(settings["bias"])
        self.max_length = int(settings.get("max_length", MAX_LENGTH))
        self.device = torch.device(device or ("cuda" if torch.cuda.is_available() else "cpu"))
        self.tokenizer = AutoTokenizer.from_pretrained(self.folder)
        dtype = torch.bfloat16 if precision == "bfloat16" else torch.float32
        self.model = AutoModel.from_pretrained(self.folder).to(self.device, dtype=dtype).eval()

    def embed(self, texts: Sequence[str], batch_size: int = 64, max_batch_tokens: int = 4096) -> np.ndarray:
        """Mean-pooled, unit-length embeddings.

        Args:
            texts: The texts.
            batch_size: At most this many texts per forward pass.
            max_batch_tokens: Token budget of a forward pass.

        Returns:
            A ``(len(texts), hidden)`` float32 array whose rows have norm 1 (zeros for no texts).
        """
        from .pipeline import token_budget_batches

        texts = list(texts)
        if not texts:
            return np.zeros((0, self.model.config.hidden_size), dtype=np.float32)
        encoding = self.tokenizer(texts, truncation=True, max_length=self.max_length)
        rows: list = [None] * len(texts)
        for batch in token_budget_batches([len(ids) for ids in encoding["input_ids"]], max_batch_tokens, batch_size):
            keys = [k for k in ("input_ids", "attention_mask", "token_type_ids") if k in encoding]
            features = self.tokenizer.pad({k: [encoding[k][i] for i in batch] for k in keys}, return_tensors="pt")
            with torch.inference_mode():
                hidden = self.model(**{k: v.to(self.device) for k, v in features.items()}).last_hidden_state.float()
            mask = features["attention_mask"].to(self.device).unsqueeze(-1).float()
            pooled = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0), dim=-1)
            for row, vector in zip(batch, pooled.cpu().numpy()):
                rows[row] = vector
        return np.stack(rows).astype(np.float32)

    def probability(self, cosines: np.ndarray) -> np.ndarray:
        """Cosines as probabilities of being about the target: ``sigmoid(scale * cos + bias)``."""
        return 1.0 / (1.0 + np.exp(-(self.scale * np.asarray(cosines, dtype=float) + self.bias)))

    def probabilities(self, texts: Sequence[str], targets: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """The probability that each text is about each target.

        Args:
            texts: Units (sentences, paragraphs).
            targets: The targets.
            batch_size: At most this many texts per forward pass.

        Returns:
            A ``(len(texts), len(targets))`` array.
        """
        return self.probability(self.embed(texts, batch_size) @ self.embed(targets, batch_size).T)


def _article_cosines(embed, articles) -> tuple[np.ndarray, np.ndarray]:
    """Each (article, target) pair's largest unit cosine, and whether the target is the article's own."""
    with_targets = [a for a in articles if a.targets and a.units]
    targets = list(dict.fromkeys(t for a in with_targets for t in a.targets))
    target_vectors = embed(targets)
    cosines, own = [], []
    for article in with_targets:
        best = (embed([u["text"] for u in article.units]) @ target_vectors.T).max(axis=0)
        cosines.extend(best)
        own.extend(t in article.targets for t in targets)
    return np.asarray(cosines, dtype=float), np.asarray(own, dtype=bool)


def _check_fittable(articles) -> None:
    targets = {t for a in articles if a.units for t in a.targets}
    if not any(a.units and set(a.targets) and targets - set(a.targets) for a in articles):
        raise ModelFolderError("relatedness: calibrating needs labelled articles with targets, some of them not every article's")


def fit_relatedness(embed, articles) -> dict:
    """Fit ``scale`` and ``bias`` on labelled articles: own targets against the other articles'.

    Args:
        embed: ``texts -> (n, d)`` unit-length embeddings (:meth:`RelatednessModel.embed`).
        articles: :class:`stance.schema.LabelledArticle` objects with targets; at least two
            articles with different targets are needed.

    Returns:
        ``{"scale", "bias", "pairs", "about"}``: the logistic regression (class-balanced) of
        "own target" on the largest unit cosine, and the pairs it was fitted on.

    Raises:
        ModelFolderError: when the articles give no pair of each kind (every article has
            every target, or none has any).

    Example:
        >>> fit_relatedness(model.embed, load_articles("data"))  # doctest: +SKIP
        {'scale': 21.98, 'bias': -9.14, 'pairs': 9110, 'about': 139}
    """
    from sklearn.linear_model import LogisticRegression

    _check_fittable(articles)
    cosines, own = _article_cosines(embed, articles)
    regression = LogisticRegression(class_weight="balanced").fit(cosines[:, None], own)
    return {
        "scale": round(float(regression.coef_[0][0]), 4), "bias": round(float(regression.intercept_[0]), 4),
        "pairs": int(len(own)), "about": int(own.sum()),
    }


def add_relatedness(folder: str | os.PathLike, articles, encoder: str = DEFAULT_RELATEDNESS_MODEL) -> dict:
    """Copy a sentence encoder into a model folder's ``relatedness/`` and fit its calibration.

    The new folder is assembled beside the old one and moved into place whole.

    Args:
        folder: A model folder (or its work folder during training).
        articles: Labelled articles with targets to fit on (:func:`fit_relatedness`).
        encoder: A Hugging Face id or local folder of a sentence encoder (mean pooling).

    Returns:
        The ``relatedness.json`` written.

    Example:
        >>> add_relatedness("models/default", load_articles("data"))["scale"]  # doctest: +SKIP
        21.98
    """
    from transformers import AutoModel, AutoTokenizer

    from .model_folder import replace_folder, resolve_base_model

    _check_fittable(articles)  # before copying an encoder for nothing
    folder = Path(folder)
    work = folder / f".{RELATEDNESS_DIR}.work"
    if work.exists():
        import shutil

        shutil.rmtree(work)
    source = resolve_base_model(encoder)
    AutoModel.from_pretrained(source).save_pretrained(work)
    AutoTokenizer.from_pretrained(source).save_pretrained(work)
    (work / RELATEDNESS_FILE).write_text(json.dumps({"scale": 1.0, "bias": 0.0}), encoding="utf-8")
    model = RelatednessModel(work, device="cpu")
    settings = {**fit_relatedness(model.embed, articles), "max_length": MAX_LENGTH, "encoder": encoder,
                "fitted_on": "each training article against its own targets and the other articles' targets"}
    (work / RELATEDNESS_FILE).write_text(json.dumps(settings, indent=2), encoding="utf-8")
    replace_folder(work, folder / RELATEDNESS_DIR)
    return settings
