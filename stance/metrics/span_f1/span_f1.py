"""Exact and overlap F1 of character spans (speaker mentions, cues)."""

import datasets
import evaluate

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


def _f1(precision, recall):
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


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
        n_pred = sum(p[0] >= 0 for p in predictions)
        n_gold = sum(r[0] >= 0 for r in references)
        exact = sum(p[0] >= 0 and list(p) == list(r) for p, r in zip(predictions, references))
        overlap = sum(p[0] >= 0 and r[0] >= 0 and p[0] < r[1] and r[0] < p[1] for p, r in zip(predictions, references))
        result = {}
        for name, hits in (("exact", exact), ("overlap", overlap)):
            precision = hits / n_pred if n_pred else 0.0
            recall = hits / n_gold if n_gold else 0.0
            result.update({f"{name}_precision": precision, f"{name}_recall": recall, f"{name}_f1": _f1(precision, recall)})
        return result
