"""Temperature scaling: one number per task that makes the models' scores probabilities.

A fine-tuned classifier is usually over-confident: of the claims it gives 0.95, fewer than
95% are claims. Dividing its logits by a temperature T fitted on held-out data (Guo et al.,
2017) fixes most of that without changing a single label, because the order of the scores
is kept. Training fits T per task on the dev split and stores it in the model folder's
``stance_model.json``; the pipeline applies it to every score it returns.

Softmax outputs are enough to rescale: ``softmax(z / T)`` equals ``p ** (1 / T)``
renormalised, where ``p = softmax(z)``. So temperatures apply to probabilities from any
backend, and taking a subset of the labels (the way a corpus with fewer labels is scored)
commutes with them.

A temperature keeps every label; it cannot move the line between "takes a side" and "none".
A model trained briefly (one epoch of a large encoder) says none far more often than its
dev split wants. :func:`fit_label_offset` moves that line: a constant added to one label's
log-probability (a prior shift), chosen for dev macro-F1, applied after the temperature by
:func:`apply_label_offset`. Training fits it only when the config asks (``fit_none_offset``).
The same fit on ``against`` (``fit_against_offset``) is for a corpus whose against side is rare
in training, such as FNC-1's disagree; with favor as the reference, the two offsets span every
prior shift of three labels.

A claim is scored against every target of its article, and each pair is decided alone. Yet a
claim in news mostly takes a side on one target at most: of the claims scored against two or
more targets, 90% of data/'s and 86% of PolNeAR stance's take a side on at most one. A model
that reads a unit's topic gives a side to every target the topic touches.
:func:`apply_secondary_none_offset` lets a unit's targets compete: every target but the one the
unit is most sided on gets a none offset (the folder's ``stance_secondary_none_offset``).
"""

from __future__ import annotations

import numpy as np

from .errors import InputError

__all__ = ["apply_label_offset", "apply_secondary_none_offset", "apply_temperature", "fit_label_offset", "fit_temperature"]

# Bounds of the search. A model that gets every dev example right is best "calibrated" by
# sharpening without end (T -> 0); on a small dev split that says nothing of new text, so
# scores are at most sharpened twofold.
MIN_TEMPERATURE, MAX_TEMPERATURE = 0.5, 10.0

# The offsets fit_label_offset tries: wide enough for session 22's one-epoch models (-0.9, -1.0),
# coarse enough that a small dev split does not pick noise between neighbours.
LABEL_OFFSETS = np.round(np.arange(-3.0, 1.0001, 0.1), 1)


def _labelled_rows(probabilities, labels) -> tuple[np.ndarray, np.ndarray]:
    """The rows with a label: -100 marks the ones to ignore, as in token classification."""
    probabilities, labels = np.asarray(probabilities, dtype=np.float64), np.asarray(labels)
    keep = labels != -100
    return probabilities[keep], labels[keep].astype(int)


def apply_temperature(probabilities, temperature: float) -> np.ndarray:
    """Rescale probabilities as if the logits had been divided by ``temperature``.

    Args:
        probabilities: ``(..., labels)`` probabilities, each row summing to 1.
        temperature: T > 0; 1 changes nothing, T > 1 softens, T < 1 sharpens.

    Returns:
        The rescaled probabilities, same shape; the most probable label of each row is unchanged.

    Example:
        >>> apply_temperature(np.array([[0.9, 0.1]]), 2.0).round(3)
        array([[0.75, 0.25]])
    """
    probabilities = np.asarray(probabilities, dtype=np.float64)
    if temperature == 1.0 or probabilities.size == 0:
        return probabilities
    logits = np.log(np.clip(probabilities, 1e-12, 1.0)) / temperature
    logits -= logits.max(axis=-1, keepdims=True)
    scaled = np.exp(logits)
    return scaled / scaled.sum(axis=-1, keepdims=True)


def fit_temperature(probabilities, labels) -> float:
    """The temperature that minimises the negative log-likelihood of held-out labels.

    Args:
        probabilities: ``(n, labels)`` softmax outputs of the uncalibrated model.
        labels: The true label index of each row (rows labelled -100 are ignored, as in
            token classification).

    Returns:
        T, rounded to 4 digits, within [:data:`MIN_TEMPERATURE`, :data:`MAX_TEMPERATURE`];
        1.0 when there is nothing to fit on.

    Example:
        >>> p = np.array([[0.99, 0.01]] * 8 + [[0.01, 0.99]] * 2)   # sure of itself, wrong 20% of the time
        >>> fit_temperature(p, [0] * 8 + [1, 0]) > 1
        True
    """
    from scipy.optimize import minimize_scalar

    probabilities, labels = _labelled_rows(probabilities, labels)
    if len(labels) == 0:
        return 1.0
    log_p = np.log(np.clip(probabilities, 1e-12, 1.0))

    def nll(log_t: float) -> float:
        logits = log_p / np.exp(log_t)
        logits -= logits.max(axis=1, keepdims=True)
        log_z = np.log(np.exp(logits).sum(axis=1))
        return float((log_z - logits[np.arange(len(labels)), labels]).mean())

    found = minimize_scalar(nll, bounds=(np.log(MIN_TEMPERATURE), np.log(MAX_TEMPERATURE)), method="bounded")
    return round(float(np.exp(found.x)), 4)


def apply_label_offset(probabilities, label: int, offset: float) -> np.ndarray:
    """Add ``offset`` to one label's log-probability and renormalise (a shift of its prior).

    Args:
        probabilities: ``(..., labels)`` probabilities, each row summing to 1.
        label: Index of the label to shift.
        offset: Added to that label's log-probability; below 0 it is predicted less often.

    Returns:
        The shifted probabilities, same shape, each row summing to 1.

    Example:
        >>> apply_label_offset(np.array([[0.4, 0.6]]), 1, -np.log(3)).round(3)
        array([[0.667, 0.333]])
    """
    probabilities = np.asarray(probabilities, dtype=np.float64)
    if offset == 0.0 or probabilities.size == 0:
        return probabilities
    shifted = probabilities.copy()
    shifted[..., label] *= np.exp(offset)
    return shifted / shifted.sum(axis=-1, keepdims=True)


def apply_secondary_none_offset(probabilities, units, none: int, offset: float) -> np.ndarray:
    """Add ``offset`` to the none log-probability of each pair except its unit's most sided one.

    The pairs of one unit (the same claim against several targets) compete: the pair with the
    highest ``1 - p(none)`` is left as it is, and every other pair of that unit gets the offset,
    as :func:`apply_label_offset` adds it. A unit with a single pair is left as it is.

    Args:
        probabilities: ``(n, labels)`` probabilities, each row summing to 1.
        units: Each row's unit (any hashable key); None for a row that belongs to no unit.
        none: Index of the none label.
        offset: Added to the none log-probability of the runners-up; 0 leaves every row.

    Returns:
        The adjusted probabilities, same shape, each row summing to 1.

    Example:
        >>> p = np.array([[0.6, 0.1, 0.3], [0.5, 0.1, 0.4], [0.5, 0.1, 0.4]])
        >>> apply_secondary_none_offset(p, ["a", "a", "b"], 2, np.log(4)).round(3)
        array([[0.6  , 0.1  , 0.3  ],
               [0.227, 0.045, 0.727],
               [0.5  , 0.1  , 0.4  ]])
    """
    probabilities = np.asarray(probabilities, dtype=np.float64)
    units = list(units)
    if len(units) != len(probabilities):
        raise InputError(f"{len(units)} units for {len(probabilities)} rows of probabilities")
    if offset == 0.0 or probabilities.size == 0:
        return probabilities
    rows_of: dict = {}
    for row, unit in enumerate(units):
        if unit is not None:
            rows_of.setdefault(unit, []).append(row)
    runners_up = [
        row for rows in rows_of.values() if len(rows) > 1
        for row in rows if row != rows[int(np.argmin(probabilities[rows, none]))]
    ]
    adjusted = probabilities.copy()
    adjusted[runners_up] = apply_label_offset(probabilities[runners_up], none, offset)
    return adjusted


def fit_label_offset(probabilities, labels, label: int, offsets=LABEL_OFFSETS) -> float:
    """The offset on one label's log-probability that maximises macro-F1 on held-out labels.

    Macro-F1, not likelihood: a likelihood-fitted prior matches label shares, while the
    benchmarks average F1 over labels, so a rare side is worth more than its share.

    Args:
        probabilities: ``(n, labels)`` probabilities (temperature already applied).
        labels: The true label index of each row (-100 rows are ignored).
        label: Index of the label to shift (for stance, ``none``).
        offsets: The offsets to try; of those tied for the best, the one nearest 0.

    Returns:
        The chosen offset; 0.0 when there is nothing to fit on.

    Example:
        >>> p = np.array([[0.3, 0.7]] * 4 + [[0.1, 0.9]] * 4)   # says label 1 always
        >>> fit_label_offset(p, [0] * 4 + [1] * 4, label=1)
        -0.9
    """
    from .metrics.functions import classification_scores

    probabilities, labels = _labelled_rows(probabilities, labels)
    if len(labels) == 0:
        return 0.0
    names = list(range(probabilities.shape[-1]))
    scores = {
        float(offset): classification_scores(labels, apply_label_offset(probabilities, label, float(offset)).argmax(axis=1), labels=names)["f1"]
        for offset in offsets
    }
    best = max(scores.values())
    return min((offset for offset, score in scores.items() if score == best), key=abs)
