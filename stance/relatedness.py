"""Whether a text is about a target at all: a sentence encoder's cosine, read as a probability.

A stance model's ``none`` means two things a reader keeps apart: *about the target, taking no
side* (FNC-1's "discuss") and *not about the target* ("unrelated"). The fine-tuned stance
encoders tell the two apart poorly (their embeddings are trained for sides, not topics), so a
model folder carries a pretrained sentence encoder of its own for the second question::

    models/default/relatedness/   config.json, model.safetensors, tokenizer (a plain AutoModel)
                                  relatedness.json: {"scale", "overlap_weight", "bias", "max_length", "encoder", ...}

The probability that a unit is about a target is
``sigmoid(scale * cos(unit, target) + overlap_weight * overlap(unit, target) + bias)``, with
mean-pooled, normalised embeddings and ``overlap`` the share of the target's content words
(lower-cased, English stop words and words of one or two letters left out) that the unit
has; an article's is the largest over its units (see :func:`stance.summarize`). The three
numbers are a logistic regression fitted when the encoder is added, on the training
articles: each article against its own targets (about) and against the targets of the other
articles (not about), on the article's largest cosine and largest overlap.

The overlap is there for short entity targets: a sentence about Trump is only moderately
close to "Donald Trump" in embedding space. On the 30 PolNeAR test articles of
data/polnear-stance, the cosine alone called 76 of 87 own targets related (missing e.g.
"Donald Trump" in articles about him), with the overlap 86 of 87, while calling fewer of
the other articles' targets related (12% against 15%; all 30 are 2016 campaign news, so many
of those are related in fact).

On FNC-1's hold-out bodies (150 of them, 4,318 headline pairs), the largest unit cosine of the
packaged all-MiniLM-L6-v2 tells related from unrelated pairs with ROC AUC 0.995 (accuracy 0.979
at its best threshold), against 0.977 (0.942) for the fine-tuned bi-encoder stance model's
own embeddings (docs/BENCHMARKS.md, session 7).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import NamedTuple
from pathlib import Path

import numpy as np
import torch

from .biencoder import masked_mean
from .encoding import content_words, words
from .errors import ModelFolderError
from .packing import pack_linear_weights

__all__ = [
    "DEFAULT_RELATEDNESS_MODEL",
    "RELATEDNESS_DIR",
    "RelatednessModel",
    "add_relatedness",
    "fit_relatedness",
    "RelatednessPairs",
    "corpus_pairs",
    "pair_features",
    "pair_unit_scores",
    "refit_relatedness",
    "refit_relatedness_on_corpus",
]

RELATEDNESS_DIR = "relatedness"
RELATEDNESS_FILE = "relatedness.json"
DEFAULT_RELATEDNESS_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
MAX_LENGTH = 128


def overlap(unit_words: frozenset[str], target: str) -> float:
    """The share of ``target``'s content words that are among ``unit_words`` (0 for a target without any).

    Example:
        >>> overlap(words("Trump spoke in Ohio on Monday."), "Donald Trump")
        0.5
    """
    wanted = content_words(target)
    return len(wanted & unit_words) / len(wanted) if wanted else 0.0


def overlaps(units: Sequence[str], targets: Sequence[str]) -> np.ndarray:
    """``overlap`` of every unit with every target: a ``(len(units), len(targets))`` array."""
    unit_words = [words(u) for u in units]
    return np.array([[overlap(w, t) for t in targets] for w in unit_words], dtype=float).reshape(len(units), len(targets))


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
        self.overlap_weight = float(settings.get("overlap_weight", 0.0))
        self.max_length = int(settings.get("max_length", MAX_LENGTH))
        self.device = torch.device(device or ("cuda" if torch.cuda.is_available() else "cpu"))
        self.tokenizer = AutoTokenizer.from_pretrained(self.folder)
        dtype = torch.bfloat16 if precision == "bfloat16" else torch.float32
        self.model = AutoModel.from_pretrained(self.folder).to(self.device, dtype=dtype).eval()
        pack_linear_weights(self.model)

    def embed(self, texts: Sequence[str], batch_size: int = 64, max_batch_tokens: int = 4096) -> np.ndarray:
        """Mean-pooled, unit-length embeddings.

        Args:
            texts: The texts.
            batch_size: At most this many texts per forward pass.
            max_batch_tokens: Token budget of a forward pass.

        Returns:
            A ``(len(texts), hidden)`` float32 array whose rows have norm 1 (zeros for no texts).
        """
        from .pipeline import StancePipeline

        texts = list(texts)
        if not texts:
            return np.zeros((0, self.model.config.hidden_size), dtype=np.float32)
        encoding = self.tokenizer(texts, truncation=True, max_length=self.max_length)
        rows: list = [None] * len(texts)
        # the pipeline's token-budget batches, padded as the task models' are
        for batch, arrays in StancePipeline._batches(self.tokenizer, encoding, batch_size, max_batch_tokens, False, "relatedness"):
            features = {k: torch.from_numpy(v).to(self.device) for k, v in arrays.items()}
            with torch.inference_mode():
                hidden = self.model(**features).last_hidden_state.float()
            pooled = torch.nn.functional.normalize(masked_mean(hidden, features["attention_mask"]), dim=-1)
            for row, vector in zip(batch, pooled.cpu().numpy()):
                rows[row] = vector
        return np.stack(rows).astype(np.float32)

    def probability(self, cosines: np.ndarray, overlap_shares: np.ndarray | float = 0.0) -> np.ndarray:
        """``sigmoid(scale * cos + overlap_weight * overlap + bias)``, elementwise."""
        logits = self.scale * np.asarray(cosines, dtype=float) + self.overlap_weight * np.asarray(overlap_shares, dtype=float) + self.bias
        return 1.0 / (1.0 + np.exp(-logits))

    def probabilities(self, texts: Sequence[str], targets: Sequence[str], batch_size: int = 64, max_batch_tokens: int = 4096) -> np.ndarray:
        """The probability that each text is about each target.

        Args:
            texts: Units (sentences, paragraphs).
            targets: The targets.
            batch_size: At most this many texts per forward pass.
            max_batch_tokens: Token budget of a forward pass.

        Returns:
            A ``(len(texts), len(targets))`` array.
        """
        texts, targets = list(texts), list(targets)
        cosines = self.embed(texts, batch_size, max_batch_tokens) @ self.embed(targets, batch_size, max_batch_tokens).T
        return self.probability(cosines, overlaps(texts, targets))


def _article_features(embed, articles) -> tuple[np.ndarray, np.ndarray]:
    """Each (article, target) pair's largest unit cosine and largest overlap, and whether the target is the article's own."""
    with_targets = [a for a in articles if a.targets and a.units]
    targets = list(dict.fromkeys(t for a in with_targets for t in a.targets))
    target_vectors = embed(targets)
    features, own = [], []
    for article in with_targets:
        texts = [u["text"] for u in article.units]
        cosines = (embed(texts) @ target_vectors.T).max(axis=0)
        shares = overlaps(texts, targets).max(axis=0)
        features.extend(zip(cosines, shares))
        own.extend(t in article.targets for t in targets)
    return np.asarray(features, dtype=float).reshape(-1, 2), np.asarray(own, dtype=bool)


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
        ``{"scale", "overlap_weight", "bias", "pairs", "about"}``: the logistic regression
        (class-balanced) of "own target" on the article's largest unit cosine and largest
        overlap, and the pairs it was fitted on.

    Raises:
        ModelFolderError: when the articles give no pair of each kind (every article has
            every target, or none has any).

    Example:
        >>> fit_relatedness(model.embed, load_articles("data"))  # doctest: +SKIP
        {'scale': 14.14, 'overlap_weight': 9.59, 'bias': -9.45, 'pairs': 9313, 'about': 139}
    """
    _check_fittable(articles)
    return _fit(*_article_features(embed, articles))


def _fit(features: np.ndarray, about: np.ndarray) -> dict:
    """The class-balanced logistic regression of "about the target" on (largest cosine, largest overlap)."""
    from sklearn.linear_model import LogisticRegression

    regression = LogisticRegression(class_weight="balanced").fit(features, about)
    return {
        "scale": round(float(regression.coef_[0][0]), 4), "overlap_weight": round(float(regression.coef_[0][1]), 4),
        "bias": round(float(regression.intercept_[0]), 4), "pairs": int(len(about)), "about": int(about.sum()),
    }


def pair_unit_scores(model: RelatednessModel, targets: Sequence[str], texts: Sequence[str], batch_size: int = 64) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each (target, text) pair's units scored against its target: their cosines and their overlaps.

    Each distinct text is segmented (:func:`stance.segment`) and embedded once, each distinct target
    once, and each pair reads only its own text's units.

    Args:
        model: The relatedness encoder.
        targets: The target of each pair (a headline, a topic).
        texts: The text of each pair (an article body, a sentence).
        batch_size: Inputs per forward pass.

    Returns:
        For each pair, ``(cosines, overlaps)``: two arrays with one number per unit of its text.
    """
    from .segment import segment

    distinct = list(dict.fromkeys(texts))
    units = [[u.text for u in segment(text)] or [text] for text in distinct]
    flat = [u for us in units for u in us]
    unit_words = [words(u) for u in flat]
    sides = list(dict.fromkeys(targets))
    unit_vectors, side_vectors = model.embed(flat, batch_size), model.embed(sides, batch_size)
    bounds = np.cumsum([0] + [len(us) for us in units])
    where, side = {text: i for i, text in enumerate(distinct)}, {t: i for i, t in enumerate(sides)}
    scores = []
    for target, text in zip(targets, texts):
        start, end = bounds[where[text]], bounds[where[text] + 1]
        scores.append((unit_vectors[start:end] @ side_vectors[side[target]], np.array([overlap(w, target) for w in unit_words[start:end]])))
    return scores


def pair_features(model: RelatednessModel, targets: Sequence[str], texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
    """Each (target, text) pair's largest unit cosine and largest unit overlap, the two numbers the calibration reads.

    Args:
        model: The relatedness encoder.
        targets: The target of each pair.
        texts: The text of each pair.
        batch_size: Inputs per forward pass.

    Returns:
        A ``(len(texts), 2)`` array.
    """
    scores = pair_unit_scores(model, targets, texts, batch_size)
    return np.array([(cosines.max(), shares.max()) for cosines, shares in scores], dtype=float).reshape(-1, 2)


class RelatednessPairs(NamedTuple):
    """(target, text) pairs labelled about the target or not, to calibrate on (:func:`corpus_pairs`)."""

    targets: list[str]
    texts: list[str]
    related: list[bool]
    fitted_on: str


def corpus_pairs(importer: str, path: str | os.PathLike | None = None, split: str = "train") -> RelatednessPairs:
    """The pairs of a corpus with an ``unrelated`` label (FNC-1): unrelated pairs against the rest.

    Args:
        importer: A pair corpus of :data:`stance.corpora.CORPORA` whose labels include ``unrelated``.
        path: The corpus folder (None: ``<datasets>/<importer>``).
        split: The split to fit on; never the one you report.

    Returns:
        The pairs, with what they are in ``fitted_on``.

    Raises:
        InputError: for an unknown corpus, or one without an ``unrelated`` label.

    Example:
        >>> len(corpus_pairs("fnc1").targets)  # doctest: +SKIP
        40350
    """
    from .corpora import CORPORA, datasets_root
    from .errors import InputError

    if importer not in CORPORA:
        raise InputError(f"unknown corpus {importer!r}; one of {', '.join(sorted(CORPORA))}")
    path = str(path or datasets_root() / importer)
    table = CORPORA[importer].load(path, split)
    if "unrelated" not in set(table["label"]):
        raise InputError(f"{importer} ({path}, split {split}): no 'unrelated' label to calibrate on")
    return RelatednessPairs(
        list(table["target"]), list(table["text"]), [label != "unrelated" for label in table["label"]],
        f"{importer} {split} split ({path}): each pair's largest unit cosine and overlap, unrelated against the rest",
    )


def _fit_pairs(model: RelatednessModel, pairs: RelatednessPairs) -> dict:
    related = np.asarray(pairs.related, dtype=bool)
    if not len(pairs.texts) == len(pairs.targets) == len(related):
        raise ModelFolderError(f"relatedness: {len(pairs.targets)} targets, {len(pairs.texts)} texts and {len(related)} labels")
    if related.all() or not related.any():
        raise ModelFolderError("relatedness: calibrating needs pairs of both kinds, about the target and not")
    return {**_fit(pair_features(model, pairs.targets, pairs.texts), related), "fitted_on": pairs.fitted_on}


def refit_relatedness(folder: str | os.PathLike, targets: Sequence[str], texts: Sequence[str], related: Sequence[bool], fitted_on: str) -> dict:
    """Fit a folder's relatedness calibration again, on (target, text) pairs labelled about the target or not.

    For a model meant for a corpus that says which pairs are unrelated (FNC-1's training
    pairs), whose headlines and bodies are not like the training articles' targets and units.
    The encoder stays; only ``relatedness.json`` is replaced (written whole, then moved into place).

    Args:
        folder: A model folder with a relatedness encoder.
        targets: The target of each pair.
        texts: The text of each pair.
        related: Whether each text is about its target; both kinds must occur.
        fitted_on: What the pairs are, recorded in ``relatedness.json``.

    Returns:
        The ``relatedness.json`` written.

    Raises:
        ModelFolderError: when the folder has no relatedness encoder or the pairs are all of one kind.

    Example:
        >>> refit_relatedness("models/fnc1", headlines, bodies, labels != "unrelated", "FNC-1 train")["bias"]  # doctest: +SKIP
        -7.45
    """
    path = Path(folder) / RELATEDNESS_DIR / RELATEDNESS_FILE
    if not path.is_file():
        raise ModelFolderError(f"{path}: missing; add the encoder first with `stance add-relatedness {folder}`")
    model = RelatednessModel(path.parent, device="cpu")
    settings = {**json.loads(path.read_text(encoding="utf-8")), **_fit_pairs(model, RelatednessPairs(list(targets), list(texts), list(related), fitted_on))}
    work = path.with_name(f".{RELATEDNESS_FILE}.work")
    work.write_text(json.dumps(settings, indent=2), encoding="utf-8")
    os.replace(work, path)
    return settings


def add_relatedness(
    folder: str | os.PathLike, articles, encoder: str = DEFAULT_RELATEDNESS_MODEL, pairs: RelatednessPairs | None = None
) -> dict:
    """Copy a sentence encoder into a model folder's ``relatedness/`` and fit its calibration.

    The new folder is assembled beside the old one and moved into place whole.

    Args:
        folder: A model folder (or its work folder during training).
        articles: Labelled articles with targets to fit on (:func:`fit_relatedness`); not read when ``pairs`` is given.
        encoder: A Hugging Face id or local folder of a sentence encoder (mean pooling).
        pairs: Fit on these labelled pairs instead (:func:`corpus_pairs`).

    Returns:
        The ``relatedness.json`` written.

    Example:
        >>> add_relatedness("models/default", load_articles("data"))["overlap_weight"]  # doctest: +SKIP
        9.59
    """
    from transformers import AutoModel, AutoTokenizer

    from .model_folder import replace_folder, resolve_base_model

    if pairs is None:
        _check_fittable(articles)  # before copying an encoder for nothing
    folder = Path(folder)
    work = folder / f".{RELATEDNESS_DIR}.work"
    if work.exists():
        import shutil

        shutil.rmtree(work)
    source = resolve_base_model(encoder)
    AutoModel.from_pretrained(source).save_pretrained(work)
    AutoTokenizer.from_pretrained(source).save_pretrained(work)
    (work / RELATEDNESS_FILE).write_text(json.dumps({"scale": 1.0, "bias": 0.0}), encoding="utf-8")  # to embed with; refitted below
    model = RelatednessModel(work, device="cpu")
    if pairs is None:
        fitted = {**fit_relatedness(model.embed, articles),
                  "fitted_on": "each training article against its own targets and the other articles' targets (largest cosine, largest overlap)"}
    else:
        fitted = _fit_pairs(model, pairs)
    settings = {**fitted, "max_length": MAX_LENGTH, "encoder": encoder}
    (work / RELATEDNESS_FILE).write_text(json.dumps(settings, indent=2), encoding="utf-8")
    replace_folder(work, folder / RELATEDNESS_DIR)
    return settings


def refit_relatedness_on_corpus(folder: str | os.PathLike, importer: str, path: str | os.PathLike | None = None, split: str = "train") -> dict:
    """:func:`refit_relatedness` on the pairs of a corpus with an ``unrelated`` label (:func:`corpus_pairs`).

    Example:
        >>> refit_relatedness_on_corpus("models/fnc1", "fnc1")["pairs"]  # doctest: +SKIP
        40350
    """
    return refit_relatedness(folder, *corpus_pairs(importer, path, split))
