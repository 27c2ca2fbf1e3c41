"""The pairs file: importer output saved as JSON lines, and its validator.

One JSON object a line with exactly the fields ``dataset, split, id, target, text, label``:
strings, except ``target``, which is null for corpora without one (CheckThat!). ``id`` is
unique within a ``(dataset, split)``.
"""

from __future__ import annotations

import json
from pathlib import Path

from datasets import Dataset, Features, Value

from ..errors import CorpusError
from ..schema import LabelledDataError, Problem, read_json_lines

__all__ = ["PAIR_FIELDS", "load_pairs", "pair_files", "read_pairs", "write_pairs"]

PAIR_FIELDS = ("dataset", "split", "id", "target", "text", "label")
_FEATURES = Features({name: Value("string") for name in PAIR_FIELDS})


def write_pairs(dataset: Dataset, path: str | Path, name: str, split: str) -> int:
    """Save an importer's dataset as a pairs file.

    Args:
        dataset: Columns ``id, text, label`` and, optionally, ``target``.
        path: The ``.jsonl`` file to write (its folder is created).
        name: The corpus name for the ``dataset`` field (``"fnc1"``).
        split: The split name for the ``split`` field.

    Returns:
        The number of lines written.

    Example:
        >>> write_pairs(load_emergent("../shared/datasets/emergent", "test"), "/tmp/e.jsonl", "emergent", "test")  # doctest: +SKIP
        524
    """
    missing = [c for c in ("id", "text", "label") if c not in dataset.column_names]
    if missing:
        raise CorpusError(f"write_pairs needs columns id, text, label; missing {', '.join(missing)}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    has_target = "target" in dataset.column_names
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for row in dataset:
            record = {
                "dataset": name, "split": split, "id": str(row["id"]),
                "target": row["target"] if has_target else None, "text": row["text"], "label": row["label"],
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return dataset.num_rows


def _check(record, shown: str, line: int, seen: set, labels: tuple[str, ...] | None = None) -> list[Problem]:
    if not isinstance(record, dict):
        return [Problem(shown, line, None, "each line must be a JSON object")]
    problems = [Problem(shown, line, f, "missing field") for f in PAIR_FIELDS if f not in record]
    problems += [Problem(shown, line, f, f"unknown field (allowed: {', '.join(PAIR_FIELDS)})") for f in record if f not in PAIR_FIELDS]
    for name in PAIR_FIELDS:
        if name not in record:
            continue
        value = record[name]
        if name == "target" and value is None:
            continue
        if not isinstance(value, str):
            kind = "a string or null" if name == "target" else "a string"
            problems.append(Problem(shown, line, name, f"expected {kind}, got {json.dumps(value)[:60]}"))
        elif not value.strip():
            problems.append(Problem(shown, line, name, "is empty"))
    if not problems and labels is not None and record["label"] not in labels:
        problems.append(Problem(shown, line, "label", f"{record['label']!r} is not one of {', '.join(labels)}"))
    if not problems:
        key = (record["dataset"], record["split"], record["id"])
        if key in seen:
            problems.append(Problem(shown, line, "id", f"duplicate id {record['id']!r} in {record['dataset']} {record['split']}"))
        seen.add(key)
    return problems


def read_pairs(path: str | Path, labels: tuple[str, ...] | None = None) -> Dataset:
    """Read and validate a pairs file.

    Args:
        path: A ``.jsonl`` file written by :func:`write_pairs` (or by hand).
        labels: When given, the only labels allowed (each other one is a problem of its line).

    Returns:
        A dataset with string columns ``dataset, split, id, target, text, label``
        (``target`` None where the file has null).

    Raises:
        LabelledDataError: listing every bad line as ``Problem(file, line, field, message)``:
            invalid JSON or UTF-8, a missing or unknown field, a wrong type, an empty value,
            a duplicate id, an unreadable or empty file.

    Example:
        >>> read_pairs("/tmp/e.jsonl").column_names  # doctest: +SKIP
        ['dataset', 'split', 'id', 'target', 'text', 'label']
    """
    shown = str(path)
    lines, problems = read_json_lines(path)
    records: list[dict] = []
    seen: set = set()
    for number, record in lines:
        if record is None:
            continue
        found = _check(record, shown, number, seen, labels)
        problems += found
        if not found:
            records.append(record)
    if not records and not problems:
        problems.append(Problem(shown, None, None, "the file holds no pairs"))
    if problems:
        raise LabelledDataError(problems)
    return Dataset.from_dict({f: [r[f] for r in records] for f in PAIR_FIELDS}, features=_FEATURES)


def pair_files(paths) -> list[Path]:
    """The pairs files that paths name: each ``.jsonl`` file itself, each folder's ``*.jsonl`` in name order.

    Raises:
        MissingFileError: a path that does not exist, or no pairs file at all.
    """
    from ..errors import MissingFileError

    paths = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise MissingFileError(f"no pairs file or folder at {', '.join(missing)}")
    files = [f for p in paths for f in (sorted(p.glob("*.jsonl")) if p.is_dir() else [p])]
    if not files:
        raise MissingFileError(f"no *.jsonl pairs files in {', '.join(map(str, paths))}")
    return files


def load_pairs(path: str | Path, split: str) -> Dataset:
    """The ``split`` rows of a pairs file, or of every ``.jsonl`` pairs file in a folder, as training pairs.

    This is the ``pairs`` entry of :data:`stance.corpora.CORPORA`: stance pairs of your own
    (or a corpus imported with ``stance import ... --map-labels``) trained through a config's
    ``extra_data``, e.g. ``{importer: pairs, path: data/direction, train_split: train}``.
    Labels must already be the project's ``favor / against / none``.

    Args:
        path: A ``.jsonl`` pairs file or a folder of them (read in name order).
        split: Keep the rows whose ``split`` field is this.

    Returns:
        A dataset with string columns ``id`` (``<file stem>:<id>``, unique across files),
        ``target``, ``text`` and ``label``.

    Raises:
        LabelledDataError: every bad line of every file, with file, line and field.
        MissingFileError: no pairs file at ``path``.
        CorpusError: no row of ``split`` in them.

    Example:
        >>> load_pairs("data/direction", "train").num_rows  # doctest: +SKIP
        1600
    """
    from ..schema import STANCE_LABELS

    columns: dict[str, list] = {"id": [], "target": [], "text": [], "label": []}
    problems: list[Problem] = []
    found_splits: set[str] = set()
    for file in pair_files(path):
        try:
            table = read_pairs(file, labels=STANCE_LABELS)
        except LabelledDataError as error:
            problems += error.problems
            continue
        found_splits.update(table["split"])
        for row in table.to_list():
            if row["split"] == split:
                columns["id"].append(f"{file.stem}:{row['id']}")
                for name in ("target", "text", "label"):
                    columns[name].append(row[name])
    if problems:
        raise LabelledDataError(problems)
    if not columns["id"]:
        raise CorpusError(f"pairs: no {split!r} rows in {path} (splits there: {', '.join(sorted(found_splits)) or 'none'})")
    return Dataset.from_dict(columns, features=Features({name: Value("string") for name in columns}))
