"""Accuracy, precision, recall and F1 for label predictions, computed with scikit-learn."""

import datasets
import evaluate
from sklearn.metrics import accuracy_score, precision_recall_fscore_support

_DESCRIPTION = """Accuracy and precision/recall/F1, averaged as asked ("binary" for the positive
label, "macro" over `labels`), plus per-label F1 as `f1_<label>` when `labels` are named."""

_KWARGS_DESCRIPTION = """
Args:
    predictions (list of int or str): predicted labels.
    references (list of int or str): gold labels.
    average (str): "binary", "macro", "micro" or "weighted". Defaults to "macro".
    labels (list): the label set to average over (macro-F1 over a dataset's labels).
    pos_label: the positive label for "binary". Defaults to 1.
    label_names (list of str): names used for the per-label keys, in `labels` order.
Returns:
    accuracy, precision, recall, f1 and, when labels are given, f1_<name> for each.
Examples:
    >>> metric = evaluate.load("stance/metrics/classification")
    >>> metric.compute(predictions=[1, 0, 1], references=[1, 1, 1], average="binary")["f1"]
    0.8
"""


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS_DESCRIPTION)
class Classification(evaluate.Metric):
    def _info(self):
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="",
            inputs_description=_KWARGS_DESCRIPTION,
            features=[
                datasets.Features({"predictions": datasets.Value("int64"), "references": datasets.Value("int64")}),
                datasets.Features({"predictions": datasets.Value("string"), "references": datasets.Value("string")}),
            ],
        )

    def _compute(self, predictions, references, average="macro", labels=None, pos_label=1, label_names=None):
        precision, recall, f1, _ = precision_recall_fscore_support(
            references, predictions, average=average, labels=labels, pos_label=pos_label, zero_division=0
        )
        result = {
            "accuracy": float(accuracy_score(references, predictions)),
            "precision": float(precision),
            "recall": float(recall),
            "f1": float(f1),
        }
        if labels is not None:
            _, _, per_label, _ = precision_recall_fscore_support(
                references, predictions, average=None, labels=labels, zero_division=0
            )
            for name, value in zip(label_names or labels, per_label):
                result[f"f1_{name}"] = float(value)
        return result
