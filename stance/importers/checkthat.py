"""CheckThat! 2024 task 1 (English): check-worthy sentences of political debates."""

from __future__ import annotations

from pathlib import Path

from datasets import Dataset, Features, Value

from ._io import check_label, check_split, read_table

__all__ = ["CHECKTHAT_LABELS", "CHECKTHAT_SPLITS", "load_checkthat"]

CHECKTHAT_SPLITS = ("train", "dev", "dev-test")
CHECKTHAT_LABELS = ("Yes", "No")
_FEATURES = Features({"id": Value("string"), "text": Value("string"), "label": Value("string")})


def load_checkthat(root: str | Path, split: str) -> Dataset:
    """Read one split of CheckThat! 2024 check-worthiness (English).

    The files are ``CT24_checkworthy_english_<split>.tsv`` with columns ``Sentence_id``,
    ``Text``, ``class_label``; tab-separated with no quoting. The sentences come from debate
    transcripts, not news; the train split is ClaimBuster's crowdsourced set.

    Args:
        root: The ``checkthat24_en`` folder.
        split: ``"train"``, ``"dev"`` or ``"dev-test"``.

    Returns:
        Columns ``id`` (``Sentence_id``), ``text``, ``label`` (``Yes`` / ``No``).

    Raises:
        FileNotFoundError: naming the missing file. ValueError: naming file and line of a
        malformed row or an unknown label.

    Example:
        >>> load_checkthat("../shared/datasets/checkthat24_en", "dev-test").num_rows  # doctest: +SKIP
        318
    """
    check_split(split, CHECKTHAT_SPLITS, "CheckThat!")
    path = Path(root) / f"CT24_checkworthy_english_{split}.tsv"
    ids, texts, labels = [], [], []
    for line, row in read_table(path, ("Sentence_id", "Text", "class_label"), "CheckThat!", delimiter="\t"):
        ids.append(row["Sentence_id"].strip())
        texts.append(row["Text"].strip())
        labels.append(check_label(row["class_label"], CHECKTHAT_LABELS, path, f"line {line}"))
    return Dataset.from_dict({"id": ids, "text": texts, "label": labels}, features=_FEATURES)
