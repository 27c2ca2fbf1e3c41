"""SemEval-2016 task 6's F_avg (mean F1 of FAVOR and AGAINST), using scikit-learn."""

import datasets
import evaluate
from sklearn.metrics import accuracy_score, f1_score

_DESCRIPTION = """The official metric of SemEval-2016 task 6 (stance in tweets): the F1 of FAVOR and the
F1 of AGAINST, averaged; NONE counts only through the errors it causes. Labels are compared
case-insensitively, so the project's favor / against / none work too. Also macro-F1 over the
three labels and accuracy."""

_KWARGS_DESCRIPTION = """
Args:
    predictions (list of str): predicted labels, FAVOR / AGAINST / NONE (any case).
    references (list of str): gold labels.
Returns:
    f_avg, f1_favor, f1_against, f1_none, macro_f1, accuracy.
Examples:
    >>> metric = evaluate.load("stance/metrics/semeval_favg")
    >>> metric.compute(predictions=["FAVOR", "NONE"], references=["FAVOR", "AGAINST"])["f_avg"]
    0.5
"""

LABELS = ["favor", "against", "none"]


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS_DESCRIPTION)
class SemevalFavg(evaluate.Metric):
    def _info(self):
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="",
            inputs_description=_KWARGS_DESCRIPTION,
            features=datasets.Features({"predictions": datasets.Value("string"), "references": datasets.Value("string")}),
        )

    def _compute(self, predictions, references):
        predictions = [p.lower() for p in predictions]
        references = [r.lower() for r in references]
        unknown = sorted((set(predictions) | set(references)) - set(LABELS))
        if unknown:
            raise ValueError(f"SemEval-2016 labels are FAVOR, AGAINST, NONE; got {', '.join(map(repr, unknown))}")
        per_label = f1_score(references, predictions, labels=LABELS, average=None, zero_division=0)
        return {
            "f_avg": float((per_label[0] + per_label[1]) / 2),
            "f1_favor": float(per_label[0]),
            "f1_against": float(per_label[1]),
            "f1_none": float(per_label[2]),
            "macro_f1": float(f1_score(references, predictions, labels=LABELS, average="macro", zero_division=0)),
            "accuracy": float(accuracy_score(references, predictions)),
        }
