"""stance: who said what in a news article, and where they stand.

    >>> import stance
    >>> claims = stance.predict(article_text, targets=["NATO expansion eastward"])  # doctest: +SKIP
    >>> claims[0].speaker, claims[0].stances  # doctest: +SKIP
    ('Vladimir Putin', {'NATO expansion eastward': 'against'})
"""

from .config import StanceTrainingArguments, TrainConfig, load_config
from .corpus import iter_corpus, predict_corpus, predict_dataset  # corpora: stance/corpus.py
from .data import claim_dataset, load_articles, load_task_datasets, speaker_dataset, split_articles, stance_dataset
from .encoders import fetch_encoder
from .errors import (
    ConfigError,
    CorpusError,
    InputError,
    InputTypeError,
    LabelledDataError,
    MissingExtraError,
    MissingFileError,
    ModelFolderError,
    SpecError,
    StanceError,
)
from .pipeline import BACKENDS, Claim, StancePipeline, TruncationWarning, load_pipeline, predict
from .report import ReportFiles, plot_matrix, report_html, write_report
from .schema import STANCE_LABELS, LabelledArticle, read_labelled_file
from .segment import Segment, is_page_furniture, segment
from .speakers import resolve_speakers
from .standoff import read_standoff
from .summary import SpeakerStance, Summary, summarize
from .tasks import TASKS, Task
from .training import train

__version__ = "0.3.0"

__all__ = [
    "BACKENDS",
    "STANCE_LABELS",
    "TASKS",
    "Claim",
    "ConfigError",
    "CorpusError",
    "InputError",
    "InputTypeError",
    "LabelledArticle",
    "LabelledDataError",
    "MissingExtraError",
    "MissingFileError",
    "ModelFolderError",
    "ReportFiles",
    "Segment",
    "SpeakerStance",
    "SpecError",
    "StanceError",
    "StancePipeline",
    "StanceTrainingArguments",
    "Summary",
    "Task",
    "TrainConfig",
    "TruncationWarning",
    "claim_dataset",
    "fetch_encoder",
    "is_page_furniture",
    "iter_corpus",
    "load_articles",
    "load_config",
    "load_pipeline",
    "load_task_datasets",
    "plot_matrix",
    "predict",
    "predict_corpus",
    "predict_dataset",
    "read_labelled_file",
    "read_standoff",
    "report_html",
    "resolve_speakers",
    "segment",
    "speaker_dataset",
    "split_articles",
    "stance_dataset",
    "summarize",
    "train",
    "write_report",
]
