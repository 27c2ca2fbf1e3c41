"""Metrics computed from confusion matrices, so that bootstrap resamples are cheap.

Every function takes a confusion matrix ``cm`` with gold labels on the rows and predictions
on the columns, or a stack of them (shape ``(..., K, K)``), and returns one value per matrix.
They agree with scikit-learn (``zero_division=0``); the local `evaluate` modules
``stance/metrics/fnc_score`` and ``stance/metrics/semeval_favg`` compute the same numbers
with scikit-learn and are what other code should call for single scores.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

__all__ = [
    "FNC_LABELS",
    "accuracy",
    "bootstrap_ci",
    "confusion",
    "f1_per_label",
    "f_avg",
    "fnc_relative_score",
    "fnc_score",
    "fnc_weights",
    "macro_f1",
    "metric_from_name",
]

FNC_LABELS = ("agree", "disagree", "discuss", "unrelated")


def confusion(gold: Sequence[int], predicted: Sequence[int], n_labels: int) -> np.ndarray:
    """Confusion matrix of label indices (rows gold, columns predicted).

    Args:
        gold: Gold label indices in ``range(n_labels)``.
        predicted: Predicted label indices.
        n_labels: Number of labels.

    Returns:
        An ``(n_labels, n_labels)`` integer array.

    Example:
        >>> confusion([0, 1, 1], [0, 0, 1], 2).tolist()
        [[1, 0], [1, 1]]
    """
    gold, predicted = np.asarray(gold, dtype=np.int64), np.asarray(predicted, dtype=np.int64)
    return np.bincount(gold * n_labels + predicted, minlength=n_labels * n_labels).reshape(n_labels, n_labels)


def _div(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.divide(a, b, out=np.zeros(np.broadcast(a, b).shape), where=b != 0)


def accuracy(cm: np.ndarray) -> np.ndarray:
    """Share of correct predictions.

    Example:
        >>> float(accuracy(np.array([[2, 1], [0, 1]])))
        0.75
    """
    return _div(np.trace(cm, axis1=-2, axis2=-1), cm.sum(axis=(-2, -1)))


def f1_per_label(cm: np.ndarray) -> np.ndarray:
    """F1 of every label, shape ``(..., K)``; 0 where a label is neither gold nor predicted.

    Example:
        >>> f1_per_label(np.array([[2, 1], [0, 1]])).round(3).tolist()
        [0.8, 0.667]
    """
    tp = np.diagonal(cm, axis1=-2, axis2=-1)
    return _div(2 * tp, cm.sum(axis=-1) + cm.sum(axis=-2))


def macro_f1(cm: np.ndarray, labels: Sequence[int] | None = None) -> np.ndarray:
    """Mean F1 over ``labels`` (all labels when None), as scikit-learn's ``average="macro"``.

    Example:
        >>> round(float(macro_f1(np.array([[2, 1], [0, 1]]))), 4)
        0.7333
    """
    f1 = f1_per_label(cm)
    if labels is not None:
        f1 = f1[..., list(labels)]
    return f1.mean(axis=-1)


def f_avg(cm: np.ndarray, favor: int = 0, against: int = 1) -> np.ndarray:
    """SemEval-2016 task 6's F_avg: the mean of the F1 of FAVOR and of AGAINST.

    Args:
        cm: Confusion matrix (or a stack of them).
        favor, against: Indices of the two labels.

    Example:
        >>> round(float(f_avg(np.array([[1, 0, 1], [0, 2, 0], [0, 1, 1]]))), 4)
        0.7333
    """
    return macro_f1(cm, [favor, against])


def fnc_weights(labels: Sequence[str] = FNC_LABELS) -> np.ndarray:
    """The FNC-1 score of every (gold, predicted) pair of labels.

    +0.25 when related/unrelated is right; for a related gold pair a further +0.75 when the
    exact label (agree / disagree / discuss) is right. So a related pair scores 1.0 when
    exact, 0.25 when another related label is predicted; an unrelated pair 0.25 when right.

    Example:
        >>> fnc_weights()[0].tolist()
        [1.0, 0.25, 0.25, 0.0]
    """
    labels = list(labels)
    unrelated = labels.index("unrelated")
    k = len(labels)
    weights = np.zeros((k, k))
    for g in range(k):
        for p in range(k):
            if (g == unrelated) == (p == unrelated):
                weights[g, p] += 0.25
            if g == p and g != unrelated:
                weights[g, p] += 0.75
    return weights


def fnc_score(cm: np.ndarray, labels: Sequence[str] = FNC_LABELS) -> tuple[np.ndarray, np.ndarray]:
    """The FNC-1 score and the best possible score.

    Args:
        cm: Confusion matrix over ``labels`` (or a stack of them).
        labels: The label order of ``cm``; must contain ``unrelated``.

    Returns:
        ``(score, max_score)``.

    Example:
        >>> [float(x) for x in fnc_score(np.array([[1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1]]))]
        [1.25, 1.25]
    """
    weights = fnc_weights(labels)
    score = (cm * weights).sum(axis=(-2, -1))
    best = (cm.sum(axis=-1) * np.diagonal(weights)).sum(axis=-1)
    return score, best


def fnc_relative_score(cm: np.ndarray, labels: Sequence[str] = FNC_LABELS) -> np.ndarray:
    """FNC-1 score divided by the best possible score (the competition's "relative score").

    Example:
        >>> round(float(fnc_relative_score(np.array([[0, 0, 0, 1], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 3]]))), 4)
        0.4286
    """
    score, best = fnc_score(cm, labels)
    return _div(score, best)


def metric_from_name(name: str, labels: Sequence[str]) -> Callable[[np.ndarray], np.ndarray]:
    """A confusion-matrix metric by name.

    Args:
        name: ``accuracy``, ``macro_f1``, ``f_avg`` (needs labels FAVOR/favor and
            AGAINST/against), ``fnc_relative_score`` (needs ``unrelated``), or
            ``f1_<label>`` (the F1 of one label).
        labels: The label names, in confusion-matrix order.

    Returns:
        A function from confusion matrices to values.

    Example:
        >>> metric_from_name("f1_Yes", ["Yes", "No"])(np.array([[1, 1], [0, 2]])).round(3)
        np.float64(0.667)
    """
    lowered = [str(label).lower() for label in labels]
    if name == "accuracy":
        return accuracy
    if name == "macro_f1":
        return macro_f1
    if name == "f_avg":
        favor, against = lowered.index("favor"), lowered.index("against")
        return lambda cm: f_avg(cm, favor, against)
    if name == "fnc_relative_score":
        return lambda cm: fnc_relative_score(cm, labels)
    if name.startswith("f1_") and name[3:] in list(labels):
        index = list(labels).index(name[3:])
        return lambda cm: f1_per_label(cm)[..., index]
    raise ValueError(f"unknown metric {name!r} for labels {list(labels)}")


def bootstrap_ci(
    gold: Sequence[int],
    predicted: Sequence[int],
    metric: Callable[[np.ndarray], np.ndarray],
    n_labels: int,
    n_resamples: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
) -> tuple[float, float]:
    """Percentile bootstrap confidence interval of a metric, resampling examples.

    Each resample draws ``len(gold)`` examples with replacement and scores their confusion
    matrix; the interval is the ``(1 - confidence) / 2`` and ``(1 + confidence) / 2``
    quantiles of the resampled scores.

    Args:
        gold, predicted: Label indices of the examples.
        metric: A function of a stack of confusion matrices (see :func:`metric_from_name`).
        n_labels: Number of labels.
        n_resamples: Number of resamples; 0 gives ``(nan, nan)``.
        seed: Seed of the resampling, so intervals are repeatable.
        confidence: Coverage of the interval.

    Returns:
        ``(low, high)``.

    Example:
        >>> low, high = bootstrap_ci([0, 1, 1, 0], [0, 1, 0, 0], accuracy, 2, 200, seed=1)
        >>> 0 <= low <= 0.75 <= high <= 1
        True
    """
    gold = np.asarray(gold, dtype=np.int64)
    predicted = np.asarray(predicted, dtype=np.int64)
    n = len(gold)
    if n == 0 or n_resamples <= 0:
        return float("nan"), float("nan")
    codes = gold * n_labels + predicted
    rng = np.random.default_rng(seed)
    cells = n_labels * n_labels
    chunk = max(1, min(n_resamples, 20_000_000 // max(n, 1)))
    values = []
    done = 0
    while done < n_resamples:
        m = min(chunk, n_resamples - done)
        picks = codes[rng.integers(0, n, size=(m, n))]
        offsets = (np.arange(m, dtype=np.int64) * cells)[:, None]
        cms = np.bincount((picks + offsets).ravel(), minlength=m * cells).reshape(m, n_labels, n_labels)
        values.append(np.asarray(metric(cms), dtype=float).reshape(m))
        done += m
    values = np.concatenate(values)
    alpha = (1 - confidence) / 2
    low, high = np.quantile(values, [alpha, 1 - alpha])
    return float(low), float(high)
