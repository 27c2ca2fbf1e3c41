"""Every metric of the project, as plain functions on label lists, built on scikit-learn.

Training (``compute_metrics``), the benchmark's evaluators and the local `evaluate`
modules (``stance/metrics/<name>/``) all call these, so each number is computed in one
place. Labels may be strings or integers; ``zero_division=0`` throughout.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

from ..errors import InputError

__all__ = [
    "FNC_LABELS",
    "bootstrap_interval",
    "calibration_bins",
    "classification_scores",
    "expected_calibration_error",
    "f_avg",
    "fnc_scores",
    "fnc_weights",
    "metric_by_name",
    "paired_difference",
    "span_scores",
]

FNC_LABELS = ("agree", "disagree", "discuss", "unrelated")


def classification_scores(references, predictions, labels=None, average: str = "macro", pos_label=1, label_names=None) -> dict:
    """Accuracy and precision / recall / F1, plus the F1 of each label when ``labels`` are given.

    Args:
        references: Gold labels.
        predictions: Predicted labels.
        labels: The label set to average over (macro-F1 over a dataset's labels, present or not).
        average: ``"binary"`` (the ``pos_label`` class), ``"macro"``, ``"micro"`` or ``"weighted"``.
        pos_label: The positive label for ``"binary"``.
        label_names: Names for the per-label keys ``f1_<name>``, in ``labels`` order.

    Returns:
        ``accuracy, precision, recall, f1`` and ``f1_<label>`` for each label.

    Example:
        >>> classification_scores([1, 1, 1], [1, 0, 1], average="binary")["f1"]
        0.8
    """
    precision, recall, f1, _ = precision_recall_fscore_support(
        references, predictions, average=average, labels=labels, pos_label=pos_label, zero_division=0
    )
    result = {
        "accuracy": float(accuracy_score(references, predictions)) if len(references) else 0.0,
        "precision": float(precision),
        "recall": float(recall),
        "f1": float(f1),
    }
    if labels is not None:
        per_label = f1_score(references, predictions, average=None, labels=labels, zero_division=0)
        result.update({f"f1_{name}": float(value) for name, value in zip(label_names or labels, per_label)})
    return result


def f_avg(references, predictions, favor="favor", against="against") -> float:
    """SemEval-2016 task 6's F_avg: the mean of the F1 of FAVOR and of AGAINST.

    Example:
        >>> round(f_avg(["favor", "against", "none"], ["favor", "none", "none"]), 3)
        0.5
    """
    return float(f1_score(references, predictions, labels=[favor, against], average="macro", zero_division=0))


def fnc_weights(labels: Sequence[str] = FNC_LABELS) -> np.ndarray:
    """The FNC-1 score of every (gold, predicted) pair of labels.

    +0.25 when related/unrelated is right; for a related gold pair a further +0.75 when the
    exact label (agree / disagree / discuss) is right.

    Example:
        >>> fnc_weights()[0].tolist()
        [1.0, 0.25, 0.25, 0.0]
    """
    labels = list(labels)
    unrelated = labels.index("unrelated")
    weights = np.zeros((len(labels), len(labels)))
    for g in range(len(labels)):
        for p in range(len(labels)):
            weights[g, p] = 0.25 * ((g == unrelated) == (p == unrelated)) + 0.75 * (g == p != unrelated)
    return weights


def fnc_scores(references, predictions, labels: Sequence[str] = FNC_LABELS) -> dict:
    """The FNC-1 competition score, its best possible value and their ratio (the "relative score").

    Args:
        references: Gold labels among ``labels``.
        predictions: Predicted labels among ``labels``.
        labels: The label set; must contain ``unrelated``.

    Returns:
        ``score, max_score, relative_score``.

    Example:
        >>> fnc_scores(["agree", "unrelated"], ["discuss", "unrelated"])["relative_score"]
        0.4
    """
    labels = list(labels)
    unknown = sorted((set(predictions) | set(references)) - set(labels))
    if unknown:
        raise InputError(f"FNC-1 labels are {', '.join(labels)}; got {', '.join(map(repr, unknown))}")
    cm = confusion_matrix(references, predictions, labels=labels)
    weights = fnc_weights(labels)
    score = float((cm * weights).sum())
    best = float((cm.sum(axis=1) * np.diag(weights)).sum())
    return {"score": score, "max_score": best, "relative_score": score / best if best else 0.0}


def span_scores(predictions, references) -> dict:
    """Exact and overlap precision / recall / F1 of spans, one gold and one predicted span per example.

    Args:
        predictions: ``[start, end]`` per example, ``[-1, -1]`` for no span.
        references: The gold spans, likewise.

    Returns:
        ``exact_precision, exact_recall, exact_f1, overlap_precision, overlap_recall, overlap_f1``.
        Precision is over predicted spans, recall over gold spans; an overlap shares at least
        one position.

    Example:
        >>> span_scores([[0, 5], [3, 9]], [[0, 5], [4, 9]])["exact_f1"]
        0.5
    """
    n_pred = sum(p[0] >= 0 for p in predictions)
    n_gold = sum(r[0] >= 0 for r in references)
    exact = sum(p[0] >= 0 and list(p) == list(r) for p, r in zip(predictions, references))
    overlap = sum(p[0] >= 0 and r[0] >= 0 and p[0] < r[1] and r[0] < p[1] for p, r in zip(predictions, references))
    result = {}
    for name, hits in (("exact", exact), ("overlap", overlap)):
        precision = hits / n_pred if n_pred else 0.0
        recall = hits / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result.update({f"{name}_precision": precision, f"{name}_recall": recall, f"{name}_f1": f1})
    return result


def metric_by_name(name: str, labels: Sequence) -> Callable[[Sequence, Sequence], float]:
    """A metric of (references, predictions) by name, for bootstrap intervals.

    Args:
        name: ``accuracy``, ``macro_f1`` (over ``labels``), ``f_avg`` (needs labels
            favor/against in any case), ``fnc_relative_score`` (needs ``unrelated``), or
            ``f1_<label>``.
        labels: The dataset's label set.

    Returns:
        ``metric(references, predictions) -> float``.

    Example:
        >>> metric_by_name("f1_Yes", ["Yes", "No"])(["Yes", "No"], ["Yes", "Yes"])
        0.6666666666666666
    """
    labels = list(labels)
    lowered = [str(label).lower() for label in labels]
    if name == "accuracy":
        return lambda r, p: float(accuracy_score(r, p))
    if name == "macro_f1":
        return lambda r, p: float(f1_score(r, p, labels=labels, average="macro", zero_division=0))
    if name == "f_avg":
        favor, against = labels[lowered.index("favor")], labels[lowered.index("against")]
        return lambda r, p: f_avg(r, p, favor, against)
    if name == "fnc_relative_score":
        return lambda r, p: fnc_scores(r, p, labels)["relative_score"]
    if name.startswith("f1_") and name[3:] in labels:
        label = name[3:]
        return lambda r, p: float(f1_score(r, p, labels=[label], average="macro", zero_division=0))
    raise InputError(f"unknown metric {name!r} for labels {labels}")


def bootstrap_interval(
    references, predictions, metric: Callable, n_resamples: int = 1000, seed: int = 0, confidence: float = 0.95
) -> tuple[float, float]:
    """Percentile bootstrap interval of a metric, resampling examples (``scipy.stats.bootstrap``).

    Args:
        references, predictions: The examples' labels, resampled in pairs.
        metric: ``metric(references, predictions) -> float`` (see :func:`metric_by_name`).
        n_resamples: Resamples; 0 (or no examples) gives ``(nan, nan)``.
        seed: Seed, so intervals are repeatable.
        confidence: Coverage of the interval.

    Returns:
        ``(low, high)``.

    Example:
        >>> low, high = bootstrap_interval([0, 1, 1, 0], [0, 1, 0, 0], metric_by_name("accuracy", [0, 1]), 200, seed=1)
        >>> 0 <= low <= 0.75 <= high <= 1
        True
    """
    from scipy.stats import bootstrap

    references, predictions = np.asarray(references), np.asarray(predictions)
    if len(references) == 0 or n_resamples <= 0:
        return float("nan"), float("nan")
    if len(set(zip(references.tolist(), predictions.tolist()))) == 1:  # every resample is the same
        value = metric(references, predictions)
        return value, value
    result = bootstrap(
        (references, predictions), metric, paired=True, vectorized=False, n_resamples=n_resamples,
        confidence_level=confidence, method="percentile", random_state=np.random.default_rng(seed),
    )
    return float(result.confidence_interval.low), float(result.confidence_interval.high)


def paired_difference(
    references, predictions_a, predictions_b, metric: Callable, groups=None,
    n_resamples: int = 1000, seed: int = 0, confidence: float = 0.95,
) -> dict:
    """How much model A beats model B on the same examples, with a bootstrap interval over groups.

    Examples of one article share its targets, speakers and writing, so their errors go together;
    resampling examples one by one then makes a difference look surer than it is. Resampling whole
    groups (articles) keeps that dependence. On our PolNeAR stance dev split (62 articles), two epochs
    of the full model's stance against one: +0.017 macro-F1, [+0.003, +0.033] resampling pairs but
    [-0.000, +0.035] resampling articles (docs/BENCHMARKS.md, session 27).

    Args:
        references: The examples' gold labels.
        predictions_a, predictions_b: Both models' labels for the same examples.
        metric: ``metric(references, predictions) -> float`` (see :func:`metric_by_name`).
        groups: A group id per example (an article id); None resamples examples one by one.
        n_resamples: Resamples; 0 gives a ``nan`` interval.
        seed: Seed, so intervals are repeatable.
        confidence: Coverage of the percentile interval.

    Returns:
        ``{"difference", "low", "high", "fixed", "broken", "groups"}``: ``metric(A) - metric(B)``,
        its interval, the examples A gets right and B wrong (``fixed``) and the reverse (``broken``),
        and the number of groups resampled.

    Example:
        >>> gold = ["favor", "none", "none", "against"]
        >>> out = paired_difference(gold, gold, ["none"] * 4, metric_by_name("accuracy", ["favor", "against", "none"]),
        ...                         groups=["a", "a", "b", "b"], n_resamples=200)
        >>> out["difference"], out["fixed"], out["broken"], out["low"] > 0
        (0.5, 2, 0, True)
    """
    references, a, b = np.asarray(references), np.asarray(predictions_a), np.asarray(predictions_b)
    if not len(references) == len(a) == len(b):
        raise InputError(f"{len(references)} references, {len(a)} and {len(b)} predictions: one each needed")
    groups = np.arange(len(references)) if groups is None else np.asarray(groups)
    if len(groups) != len(references):
        raise InputError(f"{len(groups)} groups for {len(references)} examples")
    members = np.unique(groups, return_inverse=True)[1]
    # Each group's example indices in one sort, not one scan of all examples per group.
    rows = np.split(np.argsort(members, kind="stable"), np.cumsum(np.bincount(members))[:-1]) if len(members) else []
    rng = np.random.default_rng(seed)
    differences = []
    for _ in range(n_resamples if len(references) else 0):
        index = np.concatenate([rows[k] for k in rng.integers(0, len(rows), len(rows))])
        differences.append(metric(references[index], a[index]) - metric(references[index], b[index]))
    tail = (1 - confidence) / 2
    low, high = (float(np.quantile(differences, tail)), float(np.quantile(differences, 1 - tail))) if differences else (float("nan"),) * 2
    return {
        "difference": float(metric(references, a) - metric(references, b)) if len(references) else float("nan"),
        "low": low, "high": high,
        "fixed": int(((a == references) & (b != references)).sum()),
        "broken": int(((a != references) & (b == references)).sum()),
        "groups": len(rows),
    }


def calibration_bins(confidences, correct, n_bins: int = 15) -> dict:
    """Group predictions by confidence into equal-width bins, for ECE and reliability diagrams.

    Args:
        confidences: The probability of each predicted label.
        correct: Whether each prediction was right.
        n_bins: Bins over [0, 1].

    Returns:
        ``{"edges", "count", "confidence", "accuracy"}``: bin edges and, per bin, the number of
        predictions, their mean confidence and their accuracy (NaN for an empty bin).

    Example:
        >>> calibration_bins([0.9, 0.8, 0.3], [1, 0, 0], n_bins=2)["count"]
        [1, 2]
    """
    confidences, correct = np.asarray(confidences, dtype=float), np.asarray(correct, dtype=float)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    which = np.clip(np.digitize(confidences, edges[1:-1], right=True), 0, n_bins - 1)
    count = np.bincount(which, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        confidence = np.bincount(which, weights=confidences, minlength=n_bins) / count
        accuracy = np.bincount(which, weights=correct, minlength=n_bins) / count
    return {"edges": edges.tolist(), "count": count.tolist(), "confidence": confidence.tolist(), "accuracy": accuracy.tolist()}


def expected_calibration_error(confidences, correct, n_bins: int = 15) -> float:
    """Expected calibration error: the gap between confidence and accuracy, averaged over bins by size.

    Args:
        confidences: The probability of each predicted label (top-label calibration).
        correct: Whether each prediction was right.
        n_bins: Equal-width bins over [0, 1] (15, as in Guo et al. 2017).

    Returns:
        ECE in [0, 1]; 0.0 for no predictions.

    Example:
        >>> round(expected_calibration_error([0.9, 0.9, 0.6, 0.6], [1, 1, 1, 0], n_bins=10), 3)
        0.1
    """
    bins = calibration_bins(confidences, correct, n_bins)
    count = np.asarray(bins["count"], dtype=float)
    if count.sum() == 0:
        return 0.0
    gap = np.abs(np.nan_to_num(np.asarray(bins["confidence"])) - np.nan_to_num(np.asarray(bins["accuracy"])))
    return float((gap * count).sum() / count.sum())
