"""Public corpora named in a training config's ``extra_data``, added to the task datasets.

Each entry is a mapping::

    - importer: semeval2016            # a name in stance.importers.IMPORTERS
      path: ../shared/datasets/semeval2016
      train_split: train               # added to the task's train set
      dev_split: val                   # optional: added to dev, where checkpoints are chosen
      limit: 5000                      # optional: a seeded sample of at most this many rows
      max_chars: 1500                  # optional: cut long texts (FNC-1 bodies) to this length
      label_map: {agree: favor, ...}   # optional: stance corpora; default LABEL_MAPS[importer]
      keep: [speech, report, belief]   # optional: polnear cue categories

PolNeAR feeds the claim and speaker tasks, the stance corpora the stance task, and
CheckThat! the claim task (check-worthiness is not attribution: name it only on purpose).
"""

from __future__ import annotations

from functools import lru_cache

from datasets import Dataset, DatasetDict, concatenate_datasets

from ..config import ConfigError
from ..data import TASK_FEATURES, claim_dataset, speaker_dataset
from ..schema import STANCE_LABELS
from .polnear import DEFAULT_KEEP, import_polnear
from .stance_corpora import LABEL_MAPS

__all__ = ["ENTRY_KEYS", "TASKS_OF_IMPORTER", "add_extra_data", "check_extra_data"]

ENTRY_KEYS = {"importer", "path", "train_split", "dev_split", "limit", "max_chars", "label_map", "keep"}
TASKS_OF_IMPORTER = {
    "polnear": ("claim", "speaker"),
    "checkthat": ("claim",),
    **{name: ("stance",) for name in LABEL_MAPS},
}


def check_extra_data(entries: list[dict]) -> None:
    """Reject malformed ``extra_data`` entries before any training starts.

    Args:
        entries: The config's ``extra_data`` list.

    Raises:
        ConfigError: naming the entry and the key at fault.
    """
    from . import SPLITS

    for i, entry in enumerate(entries):
        where = f"extra_data[{i}]"
        if not isinstance(entry, dict):
            raise ConfigError(f"{where}: expected a mapping with importer, path and train_split")
        unknown = sorted(set(entry) - ENTRY_KEYS)
        if unknown:
            raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(ENTRY_KEYS))}")
        for key in ("importer", "path", "train_split"):
            if key not in entry:
                raise ConfigError(f"{where}: missing '{key}'")
        name = entry["importer"]
        if name not in TASKS_OF_IMPORTER:
            raise ConfigError(f"{where}: unknown importer {name!r}; choose from {', '.join(sorted(TASKS_OF_IMPORTER))}")
        for key in ("train_split", "dev_split"):
            if key in entry and entry[key] not in SPLITS[name]:
                raise ConfigError(f"{where}: {key} {entry[key]!r} is not a {name} split ({', '.join(SPLITS[name])})")
        if "label_map" in entry and name not in LABEL_MAPS:
            raise ConfigError(f"{where}: label_map applies to stance corpora only")
        if "label_map" in entry:
            bad = sorted(set(entry["label_map"].values()) - set(STANCE_LABELS))
            if bad:
                raise ConfigError(f"{where}: label_map targets {bad} are not among {', '.join(STANCE_LABELS)}")


@lru_cache(maxsize=8)
def _polnear(path: str, split: str, keep: tuple[str, ...]):
    return tuple(import_polnear(path, split, keep=keep))


def _rows(entry: dict, task: str, split: str, seed: int) -> Dataset:
    from . import IMPORTERS

    name = entry["importer"]
    if name == "polnear":
        articles = list(_polnear(str(entry["path"]), split, tuple(entry.get("keep", DEFAULT_KEEP))))
        table = (claim_dataset if task == "claim" else speaker_dataset)(articles)
    else:
        pairs = IMPORTERS[name](entry["path"], split)
        if name == "checkthat":
            rows = {
                "article_id": [f"checkthat:{i}" for i in pairs["id"]], "unit": [0] * len(pairs),
                "text": list(pairs["text"]), "context": [""] * len(pairs),
                "label": [int(label == "Yes") for label in pairs["label"]],
            }
        else:
            mapping = entry.get("label_map") or LABEL_MAPS[name]
            rows = {
                "article_id": [f"{name}:{i}" for i in pairs["id"]], "unit": [0] * len(pairs),
                "target": list(pairs["target"]), "text": list(pairs["text"]),
                "label": [STANCE_LABELS.index(mapping[label]) for label in pairs["label"]],
            }
        table = Dataset.from_dict(rows, features=TASK_FEATURES[task])
    if entry.get("limit") and len(table) > entry["limit"]:
        table = table.shuffle(seed=seed).select(range(entry["limit"]))
    if entry.get("max_chars"):
        limit = int(entry["max_chars"])
        table = table.map(lambda row: {"text": row["text"][:limit]})
    return table


def add_extra_data(splits: DatasetDict, task: str, entries: list[dict], seed: int = 42) -> DatasetDict:
    """Append the rows that ``entries`` give ``task`` to its train (and dev) splits.

    Args:
        splits: The task's datasets from :func:`stance.data.load_task_datasets`.
        task: ``claim``, ``speaker`` or ``stance``.
        entries: The config's ``extra_data``.
        seed: Seed of the ``limit`` samples.

    Returns:
        A new ``DatasetDict`` with the corpora's rows added; entries for other tasks are ignored.

    Example:
        >>> entry = {"importer": "emergent", "path": "../shared/datasets/emergent", "train_split": "train"}
        >>> add_extra_data(splits, "stance", [entry])["train"].num_rows  # doctest: +SKIP
        2071
    """
    check_extra_data(entries)
    result = dict(splits)
    for entry in entries:
        if task not in TASKS_OF_IMPORTER[entry["importer"]]:
            continue
        for target_split, key in (("train", "train_split"), ("dev", "dev_split")):
            if key not in entry:
                continue
            added = _rows(entry, task, entry[key], seed)
            result[target_split] = concatenate_datasets([result[target_split], added]) if target_split in result else added
    return DatasetDict(result)
