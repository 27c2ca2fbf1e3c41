"""The Fake News Challenge (FNC-1) score and relative score, with 4-class macro-F1, using scikit-learn."""

import datasets
import evaluate

from stance.metrics.functions import FNC_LABELS, classification_scores, fnc_scores

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
        result = fnc_scores(references, predictions, FNC_LABELS)
        scores = classification_scores(references, predictions, labels=list(FNC_LABELS))
        result.update(macro_f1=scores["f1"], accuracy=scores["accuracy"])
        result.update({f"f1_{label}": scores[f"f1_{label}"] for label in FNC_LABELS})
        return result
