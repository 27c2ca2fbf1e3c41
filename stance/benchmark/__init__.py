"""The benchmark framework: evaluators, baselines, cross-validation by article, reports.

    >>> from stance.benchmark import ClaimEvaluator, RulesBaseline
    >>> from stance import load_articles
    >>> ClaimEvaluator.from_articles(load_articles("data"))(RulesBaseline())["f1"]  # doctest: +SKIP

Run it from the command line with ``python evaluate.py --help`` (or ``stance benchmark``).
"""

from .baselines import BASELINES, MajorityBaseline, RulesBaseline, TfidfBaseline, find_mention_span, make_baseline, rule_is_claim
from .crossval import article_folds, cross_validate, fit_model
from .datasets import BenchmarkDataset, SpecError, TrainingData, parse_dataset_spec
from .evaluators import ClaimEvaluator, Evaluator, ResourceMonitor, SpeakerEvaluator, StanceEvaluator
from .models import PipelineModel, project_stance, stance_pair_probabilities
from .models_spec import ModelSpec, parse_model_spec
from .report import format_table, plot_confusion, write_reports

__all__ = [
    "BASELINES",
    "BenchmarkDataset",
    "ClaimEvaluator",
    "Evaluator",
    "MajorityBaseline",
    "ModelSpec",
    "PipelineModel",
    "ResourceMonitor",
    "RulesBaseline",
    "SpeakerEvaluator",
    "SpecError",
    "StanceEvaluator",
    "TfidfBaseline",
    "TrainingData",
    "article_folds",
    "cross_validate",
    "find_mention_span",
    "fit_model",
    "format_table",
    "make_baseline",
    "parse_dataset_spec",
    "parse_model_spec",
    "plot_confusion",
    "project_stance",
    "rule_is_claim",
    "stance_pair_probabilities",
    "write_reports",
]
