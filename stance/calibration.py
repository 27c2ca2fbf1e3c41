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
"""

from __future__ import annotations

import numpy as np

__all__ = ["apply_temperature", "fit_temperature"]

# Bounds of the search. A model that gets every dev example right is best "calibrated" by
# sharpening without end (T -> 0); on a small dev split that says nothing of new text, so
# scores are at most sharpened twofold.
MIN_TEMPERATURE, MAX_TEMPERATURE = 0.5, 10.0


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

    probabilities = np.asarray(probabilities, dtype=np.float64)
    labels = np.asarray(labels)
    keep = labels != -100
    probabilities, labels = probabilities[keep], labels[keep].astype(int)
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
