"""stance: who said what in a news article, and where they stand."""

from .data import claim_dataset, load_articles, load_task_datasets, speaker_dataset, split_articles, stance_dataset
from .schema import STANCE_LABELS, LabelledArticle, LabelledDataError, read_labelled_file
from .segment import Segment, segment

__version__ = "0.1.0"

__all__ = [
    "STANCE_LABELS",
    "LabelledArticle",
    "LabelledDataError",
    "Segment",
    "claim_dataset",
    "load_articles",
    "load_task_datasets",
    "read_labelled_file",
    "segment",
    "speaker_dataset",
    "split_articles",
    "stance_dataset",
]
