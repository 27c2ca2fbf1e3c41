"""SemEval-2016 task 6's F_avg (mean F1 of FAVOR and AGAINST), using scikit-learn."""

import datasets
import evaluate

from stance.errors import InputError
from stance.metrics.functions import classification_scores, f_avg

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
            raise InputError(f"SemEval-2016 labels are FAVOR, AGAINST, NONE; got {', '.join(map(repr, unknown))}")
        scores = classification_scores(references, predictions, labels=LABELS)
        return {
            "f_avg": f_avg(references, predictions),
            **{f"f1_{label}": scores[f"f1_{label}"] for label in LABELS},
            "macro_f1": scores["f1"],
            "accuracy": scores["accuracy"],
        }
