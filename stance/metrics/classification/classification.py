"""Accuracy, precision, recall and F1 for label predictions, computed with scikit-learn."""

import datasets
import evaluate

from stance.metrics.functions import classification_scores

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
        return classification_scores(references, predictions, labels, average, pos_label, label_names)
