"""The Fake News Challenge (FNC-1) score and relative score, with 4-class macro-F1, using scikit-learn."""

import datasets
import evaluate
import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

_DESCRIPTION = """FNC-1's weighted accuracy: +0.25 for every pair whose related/unrelated decision is
right; for pairs whose gold label is related (agree, disagree, discuss) a further +0.75 when the
exact label is right. `relative_score` is the score divided by the best possible score (every
pair right), as on the competition's leaderboard. Also 4-class macro-F1 (the metric Hanselowski
et al. 2018 proposed instead), per-label F1 and accuracy."""

_KWARGS_DESCRIPTION = """
Args:
    predictions (list of str): predicted labels, each agree / disagree / discuss / unrelated.
    references (list of str): gold labels.
Returns:
    score, max_score, relative_score, macro_f1, accuracy, f1_agree, f1_disagree, f1_discuss, f1_unrelated.
Examples:
    >>> metric = evaluate.load("stance/metrics/fnc_score")
    >>> metric.compute(predictions=["agree", "unrelated"], references=["agree", "discuss"])["relative_score"]
    0.5
"""

LABELS = ["agree", "disagree", "discuss", "unrelated"]
RELATED = {"agree", "disagree", "discuss"}


def _weights():
    weights = np.zeros((4, 4))
    for g, gold in enumerate(LABELS):
        for p, predicted in enumerate(LABELS):
            if (gold in RELATED) == (predicted in RELATED):
                weights[g, p] += 0.25
            if gold == predicted and gold in RELATED:
                weights[g, p] += 0.75
    return weights


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS_DESCRIPTION)
class FncScore(evaluate.Metric):
    def _info(self):
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="",
            inputs_description=_KWARGS_DESCRIPTION,
            features=datasets.Features({"predictions": datasets.Value("string"), "references": datasets.Value("string")}),
        )

    def _compute(self, predictions, references):
        unknown = sorted((set(predictions) | set(references)) - set(LABELS))
        if unknown:
            raise ValueError(f"FNC-1 labels are {', '.join(LABELS)}; got {', '.join(map(repr, unknown))}")
        cm = confusion_matrix(references, predictions, labels=LABELS)
        weights = _weights()
        score = float((cm * weights).sum())
        best = float((cm.sum(axis=1) * np.diag(weights)).sum())
        per_label = f1_score(references, predictions, labels=LABELS, average=None, zero_division=0)
        result = {
            "score": score,
            "max_score": best,
            "relative_score": score / best if best else 0.0,
            "macro_f1": float(f1_score(references, predictions, labels=LABELS, average="macro", zero_division=0)),
            "accuracy": float(accuracy_score(references, predictions)),
        }
        result.update({f"f1_{label}": float(value) for label, value in zip(LABELS, per_label)})
        return result
