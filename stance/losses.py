"""Class-weighted cross-entropy for the Trainer (the ``class_weights`` training argument).

A label that is rare in the training data can end up never predicted: FNC-1's ``disagree`` is
7% of its related pairs, and an unweighted model trained on them predicts it for none of the
697 test pairs. Weighting the loss by label makes each label's errors count alike.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from sklearn.utils.class_weight import compute_class_weight

from .errors import ConfigError

__all__ = ["class_weight_vector", "weighted_cross_entropy"]

IGNORE_INDEX = -100  # label of padding and of tokens that carry no label


def class_weight_vector(spec: str | dict, labels: Sequence, label_names: Sequence[str], source: str = "class_weights") -> torch.Tensor:
    """The loss weight of each label.

    Args:
        spec: ``"balanced"`` (``n_examples / (n_labels * n_label)``, scikit-learn's rule; a label
            absent from ``labels`` gets weight 1), or a mapping label name -> weight (labels not
            named weigh 1).
        labels: The training labels: label ids, or lists of them for token tasks (``-100`` ignored).
        label_names: The head's labels in id order.
        source: Where ``spec`` came from, for errors.

    Returns:
        A float tensor of ``len(label_names)`` weights.

    Example:
        >>> [round(w, 3) for w in class_weight_vector("balanced", [0, 0, 0, 1], ["a", "b"]).tolist()]
        [0.667, 2.0]
    """
    if isinstance(spec, dict):
        unknown = sorted(set(spec) - set(label_names))
        if unknown:
            raise ConfigError(f"{source}: unknown label(s) {unknown}; the labels are {list(label_names)}")
        weights = []
        for name in label_names:
            value = spec.get(name, 1.0)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise ConfigError(f"{source}.{name}: a weight must be a positive number, got {value!r}")
            weights.append(float(value))
        return torch.tensor(weights, dtype=torch.float32)
    if spec != "balanced":
        raise ConfigError(f"{source}: expected 'balanced' or a mapping label -> weight, got {spec!r}")
    flat = np.asarray([y for row in labels for y in (row if isinstance(row, (list, tuple)) else [row])], dtype=np.int64)
    flat = flat[flat != IGNORE_INDEX]
    present = np.unique(flat)
    weights = np.ones(len(label_names))
    if len(present):
        weights[present] = compute_class_weight("balanced", classes=present, y=flat)
    return torch.tensor(weights, dtype=torch.float32)


def weighted_cross_entropy(weights: torch.Tensor):
    """A ``compute_loss_func`` for `transformers.Trainer`: cross-entropy with a weight per label.

    The Trainer treats a custom loss as already normalised by ``num_items_in_batch`` (the
    labelled items of the whole accumulated batch, over all processes), so the weighted sum is
    divided by that; with balanced weights (mean weight 1 over the data) it has the scale of the
    unweighted mean. Without ``num_items_in_batch`` (evaluation) it divides by the batch's
    labelled items.

    Args:
        weights: One weight per label, as :func:`class_weight_vector` gives.

    Returns:
        ``loss(outputs, labels, num_items_in_batch=None) -> torch.Tensor``.
    """

    def loss(outputs, labels, num_items_in_batch=None):
        logits = outputs["logits"].float()
        labels = labels.to(logits.device).reshape(-1)
        total = torch.nn.functional.cross_entropy(
            logits.reshape(-1, logits.shape[-1]), labels, weight=weights.to(logits.device), ignore_index=IGNORE_INDEX, reduction="sum"
        )
        if num_items_in_batch is None:
            num_items_in_batch = (labels != IGNORE_INDEX).sum().clamp(min=1)
        return total / num_items_in_batch

    return loss
