"""The labelled-article format (one JSON object a line) and its validator.

The format is documented in data/README.md. Every check here reports the file, the
line and the field, because people write these files by hand.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import LabelledDataError, MissingFileError

__all__ = [
    "FIELDS",
    "STANCE_LABELS",
    "LabelledArticle",
    "LabelledDataError",
    "Problem",
    "find_mention",
    "occurs_as_words",
    "labelled_files",
    "read_json_lines",
    "read_labelled_file",
    "validate_records",
]

STANCE_LABELS = ("favor", "against", "none")
# field -> accepted types; bool is checked apart from int because bool subclasses int.
FIELDS: dict[str, tuple[type, ...]] = {
    "article_id": (str,),
    "unit": (int,),
    "start": (int,),
    "end": (int,),
    "text": (str,),
    "claim": (bool,),
    "speaker": (str, type(None)),
    "mention": (str, type(None)),
    "cue": (str, type(None)),
    "stances": (dict,),
}

# Optional fields a model adds (`stance predict --format jsonl --scores`); never needed for training.
SCORE_FIELDS: dict[str, tuple[type, ...]] = {"claim_score": (float, int), "stance_scores": (dict,)}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a labelled file, located as precisely as possible."""

    path: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.path + (f", line {self.line}" if self.line is not None else "")
        where += f", field '{self.field}'" if self.field else ""
        return f"{where}: {self.message}"


@dataclass
class LabelledArticle:
    """An article's text with its labelled units (dicts in the file format)."""

    article_id: str
    text: str
    units: list[dict]
    path: str = ""
    targets: list[str] = field(default_factory=list)


def find_mention(text: str, mention: str) -> int:
    """Where ``mention`` starts in ``text``: its first whole-word occurrence, else its first occurrence.

    Args:
        text: The unit's text.
        mention: A substring of ``text``.

    Returns:
        The character offset, or -1 when ``mention`` is not in ``text``.

    Example:
        >>> find_mention("Then he said it", "he")
        5
    """
    match = re.search(rf"(?<!\w){re.escape(mention)}(?!\w)", text)
    return match.start() if match else text.find(mention)


def occurs_as_words(text: str, value: str) -> bool:
    """Whether ``value`` occurs in ``text`` as whole words, not inside a longer word.

    Example:
        >>> occurs_as_words("He said the toll rose", "he"), occurs_as_words("He said the toll rose", "He")
        (False, True)
    """
    left = r"(?<!\w)" if value[:1].isalnum() or value[:1] == "_" else ""
    right = r"(?!\w)" if value[-1:].isalnum() or value[-1:] == "_" else ""
    return re.search(left + re.escape(value) + right, text) is not None


def _name_words(speaker: str) -> list[str]:
    """The capitalised words of a speaker (the parts of a name), which the article must contain."""
    words = (w.strip(".,;:’'\"“”()") for w in speaker.split())
    return [w for w in words if w[:1].isupper() and len(w) > 1]


def _type_name(types: tuple[type, ...]) -> str:
    names = {str: "string", int: "integer", bool: "true/false", dict: "object", type(None): "null"}
    return " or ".join(names[t] for t in types)


def _has_type(value, types: tuple[type, ...]) -> bool:
    if isinstance(value, bool):
        return bool in types
    return isinstance(value, types)


def _check_unit(record: dict, path: str, line: int, article_text: str | None) -> list[Problem]:
    problems: list[Problem] = []

    def bad(field_name, message):
        problems.append(Problem(path, line, field_name, message))

    for name in sorted(set(FIELDS) - set(record)):
        bad(name, "missing field")
    for name in sorted(set(record) - set(FIELDS) - set(SCORE_FIELDS)):
        bad(name, f"unknown field (allowed: {', '.join(FIELDS)}, and {' and '.join(SCORE_FIELDS)} from `stance predict --scores`)")
    for name, types in {**FIELDS, **SCORE_FIELDS}.items():
        if name in record and not _has_type(record[name], types):
            bad(name, f"expected {_type_name(types)}, got {json.dumps(record[name], ensure_ascii=False)[:60]}")
    if problems:
        return problems

    start, end, text = record["start"], record["end"], record["text"]
    if record["unit"] < 0:
        bad("unit", f"must be 0 or more, got {record['unit']}")
    if not (0 <= start < end):
        bad("start", f"offsets must satisfy 0 <= start < end, got start={start} end={end}")
    elif article_text is not None:
        if end > len(article_text):
            bad("end", f"offset {end} is past the end of the article ({len(article_text)} characters)")
        elif article_text[start:end] != text:
            bad("text", f"does not equal article[{start}:{end}] = {article_text[start:end][:60]!r}")
    if not text.strip():
        bad("text", "is empty")

    for name in ("mention", "cue"):
        value = record[name]
        if value is not None and (not value.strip() or value not in text):
            bad(name, f"{value!r} is not a substring of the unit's text")
        elif value is not None and not occurs_as_words(text, value):
            bad(name, f"{value!r} is in the unit's text only inside other words; a {name} is whole words")
    if record["claim"]:
        if record["speaker"] is None or not record["speaker"].strip():
            bad("speaker", "a claim needs a speaker (the source's fullest name in the article)")
        elif article_text is not None:
            lowered = article_text.lower()  # a tweet's author="BernieSanders" names Bernie Sanders too
            absent = [w for w in _name_words(record["speaker"]) if w.lower() not in lowered]
            if absent:
                bad("speaker", f"{record['speaker']!r}: {', '.join(map(repr, absent))} does not occur in the article; a speaker is named as the article names it")
    else:
        for name in ("speaker", "mention", "cue"):
            if record[name] is not None:
                bad(name, "must be null when claim is false")

    stances = record["stances"]
    if not stances:
        bad("stances", "needs at least one target")
    for target, label in stances.items():
        if not target.strip():
            bad("stances", "a target is empty")
        if label not in STANCE_LABELS:
            bad("stances", f"label {label!r} for target {target!r} is not one of {', '.join(STANCE_LABELS)}")
        elif not record["claim"] and label != "none":
            bad("stances", f"a unit that is not a claim takes no stance, but {target!r} is {label!r}")
    return problems


def article_text_path(labelled_path: Path, article_id: str) -> Path:
    """The raw text of an article: ``<data>/articles/<article_id>.txt`` beside ``<data>/labelled/``."""
    return labelled_path.parent.parent / "articles" / f"{article_id}.txt"


def validate_records(records: list[tuple[int, dict]], path: str, article_text: str | None) -> list[Problem]:
    """Check one article's records (with their line numbers) against the format.

    Args:
        records: ``(line_number, record)`` pairs in file order; a record of None stands
            for a line that could not be parsed (already reported by the caller).
        path: The file name to put in messages.
        article_text: The article, to check offsets against; None skips that check.

    Returns:
        Every problem found; an empty list means the records are valid.
    """
    problems: list[Problem] = []
    stem = Path(path).stem
    targets: tuple[str, ...] | None = None
    previous_end, expected_unit = 0, 0
    for line, record in records:
        unit_problems = _check_unit(record, path, line, article_text) if record is not None else [None]
        problems += [p for p in unit_problems if p is not None]
        if unit_problems:  # go on checking the next lines as if this one were in its place
            expected_unit += 1
            continue
        if record["article_id"] != stem:
            problems.append(Problem(path, line, "article_id", f"{record['article_id']!r} differs from the file's stem {stem!r}"))
        if record["unit"] != expected_unit:
            problems.append(Problem(path, line, "unit", f"units must be numbered 0, 1, 2, ... in order: expected {expected_unit}, got {record['unit']}"))
        if record["start"] < previous_end:
            problems.append(Problem(path, line, "start", f"unit starts at {record['start']}, before the previous unit ends ({previous_end}): units overlap or are out of order"))
        unit_targets = tuple(record["stances"])
        if targets is None:
            targets = unit_targets
        elif sorted(unit_targets) != sorted(targets):
            problems.append(Problem(path, line, "stances", f"targets {sorted(unit_targets)} differ from the article's first unit {sorted(targets)}"))
        expected_unit = record["unit"] + 1
        previous_end = max(previous_end, record["end"])
    if not records and not problems:
        problems.append(Problem(path, None, None, "the file holds no units"))
    return problems


def read_json_lines(path: str | Path) -> tuple[list[tuple[int, dict | None]], list[Problem]]:
    """Parse a JSON-lines file, reporting what cannot be read with its line number.

    Args:
        path: The file.

    Returns:
        ``(records, problems)``: ``(line_number, object)`` for each non-blank line, the object
        None where the line is not a JSON object (that line's problem is in ``problems``).

    Raises:
        LabelledDataError: when the file cannot be read or is not UTF-8.
    """
    shown = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise LabelledDataError([Problem(shown, None, None, f"cannot read file: {error.strerror or error}")]) from None
    try:
        lines = raw.decode("utf-8").splitlines()
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LabelledDataError([Problem(shown, line, None, "not valid UTF-8")]) from None
    records: list[tuple[int, dict | None]] = []
    problems: list[Problem] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(Problem(shown, number, None, f"not valid JSON ({error.msg} at column {error.colno})"))
            record = None
        if record is not None and not isinstance(record, dict):
            problems.append(Problem(shown, number, None, "each line must be a JSON object"))
            record = None
        records.append((number, record))  # None keeps the unit count for the lines after it
    return records, problems


def read_labelled_file(path: str | Path) -> LabelledArticle:
    """Read and validate one labelled article (``<data>/labelled/<article_id>.jsonl``).

    Args:
        path: The JSON-lines file. Its article text is read from
            ``<data>/articles/<article_id>.txt``.

    Returns:
        The article with its units.

    Raises:
        LabelledDataError: listing every problem, each with file, line and field.

    Example:
        >>> article = read_labelled_file("data/labelled/putin-nato-guarantees.jsonl")
        >>> article.units[0]["speaker"]
        'Vladimir Putin'
    """
    path = Path(path)
    shown = str(path)
    records, problems = read_json_lines(path)

    text_path = article_text_path(path, path.stem)
    article_text = None
    try:
        article_text = text_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(shown, None, None, f"article text not found: expected {text_path}"))
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(str(text_path), None, None, f"cannot read article text: {error}"))

    problems += validate_records(records, shown, article_text)
    if problems:
        raise LabelledDataError(problems)
    units = [record for _, record in records]
    return LabelledArticle(path.stem, article_text or "", units, shown, list(units[0]["stances"]))


def labelled_files(paths) -> list[Path]:
    """Expand files and folders into the labelled files they hold, sorted, without duplicates.

    Args:
        paths: A path or a list of paths: ``.jsonl`` files, or folders whose ``*.jsonl``
            files are taken (a data folder's ``labelled/`` subfolder is found too).

    Returns:
        The files.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    found: list[Path] = []
    for entry in map(Path, paths):
        if entry.is_dir():
            folder = entry / "labelled" if (entry / "labelled").is_dir() else entry
            found += sorted(folder.glob("*.jsonl"))
        elif entry.exists():
            found.append(entry)
        else:
            raise MissingFileError(f"no labelled data at {entry}")
    seen: set[Path] = set()
    unique = [p for p in found if not (p.resolve() in seen or seen.add(p.resolve()))]
    if not unique:
        raise MissingFileError(f"no *.jsonl labelled files in {', '.join(map(str, paths))}")
    return unique
