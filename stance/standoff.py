"""Stand-off labels: our labels on a corpus's articles without the corpus's text.

A corpus whose licence forbids copying its text (PolNeAR) is labelled in files that hold only
offsets and labels. Each line of ``<folder>/<article_id>.jsonl`` is one unit:

    {"article_id": "polnear-...", "unit": 3, "start": 412, "end": 530, "claim": true,
     "speaker": "Donald Trump", "mention": [412, 417], "cue": [418, 422],
     "stances": {"Repealing the Affordable Care Act": "favor"}}

``start``/``end`` index the corpus article (Python ``str`` offsets); ``mention`` and ``cue``
are ``[start, end]`` article offsets inside the unit, or null. Reading a file with the corpus
at hand gives an ordinary :class:`~stance.schema.LabelledArticle` (text filled in), checked by
the same validator as ``data/labelled``, so training and benchmarks use these articles like
any other.
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import LabelledDataError, MissingFileError
from .schema import FIELDS, LabelledArticle, Problem, read_json_lines, validate_records

__all__ = ["STANDOFF_FIELDS", "corpus_texts", "read_standoff", "read_standoff_file", "standoff_files", "to_standoff"]

STANDOFF_FIELDS = tuple(name for name in FIELDS if name != "text")


def corpus_texts(corpus: str | Path) -> dict[str, Path]:
    """Map every article id of a PolNeAR folder to its text file (all splits).

    Args:
        corpus: The PolNeAR folder (holding ``data/``) or its ``data/`` folder.

    Returns:
        ``{"polnear-<stem>": path}`` for every ``<split>/text/<stem>.txt``.

    Raises:
        FileNotFoundError: when the folder holds no article texts.
    """
    from .importers.polnear import _article_id

    root = Path(corpus)
    data = root / "data" if (root / "data").is_dir() else root
    found = {_article_id(p.stem): p for p in sorted(data.glob("*/text/*.txt"))}
    if not found:
        raise MissingFileError(f"no corpus article texts under {data} (expected <split>/text/*.txt)")
    return found


def _span(value, key: str, record: dict, text: str, problems: list[Problem], shown: str, line: int):
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
        problems.append(Problem(shown, line, key, f"expected [start, end] article offsets or null, got {json.dumps(value)[:60]}"))
        return None
    start, end = value
    if not (record["start"] <= start < end <= record["end"]):
        problems.append(Problem(shown, line, key, f"span [{start}, {end}] is not inside the unit [{record['start']}, {record['end']}]"))
        return None
    return text[start:end]


def read_standoff_file(path: str | Path, texts: dict[str, Path]) -> LabelledArticle:
    """Read one stand-off file and join it with its corpus article.

    Args:
        path: ``<folder>/<article_id>.jsonl``.
        texts: The corpus index from :func:`corpus_texts`.

    Returns:
        The article with every unit in the ``data/labelled`` format (``text``, ``mention``
        and ``cue`` as strings).

    Raises:
        LabelledDataError: listing every problem with file, line and field (a missing
            corpus article, offsets that do not fit it, any fault of the labelled format).
    """
    path = Path(path)
    shown = str(path)
    records, problems = read_json_lines(path)
    if path.stem not in texts:
        raise LabelledDataError(problems + [Problem(shown, None, None, f"no corpus article {path.stem!r} in the corpus folder")])
    text = texts[path.stem].read_text(encoding="utf-8")
    joined: list[tuple[int, dict | None]] = []
    for line, record in records:
        if record is None:
            joined.append((line, None))
            continue
        unknown = sorted(set(record) - set(STANDOFF_FIELDS))
        for name in unknown:
            problems.append(Problem(shown, line, name, f"unknown field (allowed: {', '.join(STANDOFF_FIELDS)})"))
        full = dict(record)
        start, end = record.get("start"), record.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            full["text"] = text[start:end]
            for key in ("mention", "cue"):
                if key in record:
                    full[key] = _span(record[key], key, record, text, problems, shown, line)
        else:
            full["text"] = ""
            if isinstance(end, int) and end > len(text):
                problems.append(Problem(shown, line, "end", f"offset {end} is past the end of the corpus article ({len(text)} characters)"))
        joined.append((line, None if unknown else full))
    problems += validate_records(joined, shown, text)
    if problems:
        raise LabelledDataError(problems)
    units = [record for _, record in joined]
    return LabelledArticle(path.stem, text, units, shown, list(units[0]["stances"]))


def standoff_files(paths) -> list[Path]:
    """The ``*.jsonl`` files in the given files and folders (folders searched recursively), sorted.

    Raises:
        MissingFileError: for a path that does not exist, or when no file is found.
    """
    found: list[Path] = []
    for entry in map(Path, [paths] if isinstance(paths, (str, Path)) else paths):
        if not entry.exists():
            raise MissingFileError(f"no stand-off labels at {entry}")
        found += sorted(entry.rglob("*.jsonl")) if entry.is_dir() else [entry]
    if not found:
        raise MissingFileError(f"no *.jsonl stand-off files in {', '.join(map(str, [paths] if isinstance(paths, (str, Path)) else paths))}")
    return found


def read_standoff(folder: str | Path, corpus: str | Path) -> list[LabelledArticle]:
    """Read every stand-off file in ``folder`` (recursively) against the corpus.

    Args:
        folder: A folder of ``*.jsonl`` stand-off files, e.g. ``data/polnear-stance/test``.
        corpus: The corpus folder (e.g. ``../shared/datasets/polnear``).

    Returns:
        The articles, sorted by file path.

    Raises:
        LabelledDataError: listing the problems of every bad file.

    Example:
        >>> articles = read_standoff("data/polnear-stance/test", "../shared/datasets/polnear")  # doctest: +SKIP
    """
    texts = corpus_texts(corpus)
    files = standoff_files(folder)
    articles, problems = [], []
    for path in files:
        try:
            articles.append(read_standoff_file(path, texts))
        except LabelledDataError as error:
            problems += error.problems
    if problems:
        raise LabelledDataError(problems)
    return articles


def to_standoff(unit: dict) -> dict:
    """A unit in the ``data/labelled`` format as a stand-off record (no text).

    Args:
        unit: A labelled unit (``text``, ``mention`` and ``cue`` as strings).

    Returns:
        The record with ``text`` dropped and ``mention``/``cue`` as article offsets.

    Example:
        >>> to_standoff({"article_id": "a", "unit": 0, "start": 10, "end": 22, "text": "He said yes.",
        ...              "claim": True, "speaker": "Bo Lind", "mention": "He", "cue": "said", "stances": {"T": "none"}})["cue"]
        [13, 17]
    """
    from .schema import find_mention

    record = {name: unit[name] for name in STANDOFF_FIELDS}
    for key in ("mention", "cue"):
        if unit[key] is not None:
            offset = find_mention(unit["text"], unit[key])
            record[key] = [unit["start"] + offset, unit["start"] + offset + len(unit[key])]
    return record
