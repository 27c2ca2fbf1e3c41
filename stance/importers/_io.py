"""Shared readers for the importers: CSV/TSV/JSON with errors that name the file and row."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from datasets import Dataset, Features, Value

from ..errors import CorpusError, MissingFileError

PAIR_COLUMNS = ("id", "target", "text", "label")
_PAIR_FEATURES = Features({name: Value("string") for name in PAIR_COLUMNS})

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # FNC-1 bodies are long


def need_file(path: Path, corpus: str) -> Path:
    """Return ``path`` or raise FileNotFoundError naming it and the corpus."""
    if not path.is_file():
        raise MissingFileError(f"{corpus}: file not found: {path}")
    return path


def check_split(split: str, splits, corpus: str) -> None:
    """Raise ValueError when ``split`` is not one of ``splits``."""
    if split not in splits:
        raise CorpusError(f"unknown {corpus} split {split!r}; choose from {', '.join(splits)}")


def read_table(path: Path, columns, corpus: str, delimiter: str = ",") -> list[tuple[int, dict]]:
    """Read a CSV/TSV file with a header into ``(line_number, row)`` pairs.

    Every row must have every one of ``columns`` non-empty; the error names file and line.
    TSV files are read without quote handling (CheckThat! texts hold bare quote marks).
    """
    need_file(path, corpus)
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter=delimiter, quoting=quoting)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise CorpusError(f"{path}: missing column(s) {', '.join(missing)} (header: {reader.fieldnames})")
            rows = []
            for row in reader:
                line = reader.line_num
                if None in row or any(row.get(c) is None for c in columns):
                    raise CorpusError(f"{path}, line {line}: malformed row (expected {len(reader.fieldnames)} fields)")
                empty = [c for c in columns if not row[c].strip()]
                if empty:
                    raise CorpusError(f"{path}, line {line}: empty {', '.join(empty)}")
                rows.append((line, row))
    except UnicodeDecodeError as error:
        raise CorpusError(f"{path}: not UTF-8 (byte {error.start})") from None
    except csv.Error as error:
        raise CorpusError(f"{path}: malformed CSV: {error}") from None
    return rows


def read_json(path: Path, corpus: str):
    """Load a JSON file, naming the file on any error."""
    need_file(path, corpus)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise CorpusError(f"{path}: not valid JSON: {error}") from None


def check_label(label: str, labels, path: Path, where: str) -> str:
    """Return ``label`` stripped, or raise ValueError naming the file and row."""
    label = label.strip()
    if label not in labels:
        raise CorpusError(f"{path}, {where}: label {label!r} is not one of {', '.join(labels)}")
    return label


def pair_dataset(rows: list[dict]) -> Dataset:
    """A Dataset with string columns ``id, target, text, label``."""
    return Dataset.from_dict({c: [r[c] for r in rows] for c in PAIR_COLUMNS}, features=_PAIR_FEATURES)
