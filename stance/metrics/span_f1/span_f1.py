"""Exact and overlap F1 of character spans (speaker mentions, cues)."""

import datasets
import evaluate

from stance.metrics.functions import span_scores

_DESCRIPTION = """Span F1 over examples that each have at most one gold and one predicted span.
A span is [start, end]; [-1, -1] means no span. Exact match needs equal offsets; overlap
match needs at least one shared character. Precision is over predicted spans, recall over
gold spans."""

_KWARGS_DESCRIPTION = """
Args:
    predictions (list of [start, end]): predicted spans, [-1, -1] for none.
    references (list of [start, end]): gold spans, [-1, -1] for none.
Returns:
    exact_precision, exact_recall, exact_f1, overlap_precision, overlap_recall, overlap_f1.
Examples:
    >>> metric = evaluate.load("stance/metrics/span_f1")
    >>> metric.compute(predictions=[[0, 5], [3, 9]], references=[[0, 5], [4, 9]])["exact_f1"]
    0.5
"""


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS_DESCRIPTION)
class SpanF1(evaluate.Metric):
    def _info(self):
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="",
            inputs_description=_KWARGS_DESCRIPTION,
            features=datasets.Features(
                {"predictions": datasets.Sequence(datasets.Value("int64")), "references": datasets.Sequence(datasets.Value("int64"))}
            ),
        )

    def _compute(self, predictions, references):
        return span_scores(predictions, references)
