"""The registry of public corpora: one :class:`Corpus` entry each.

``stance import``, a training config's ``extra_data`` and the benchmark's ``--datasets``
all read this table; adding a corpus means writing its loader and one entry here.

``extra_data`` entries in a training config::

    - importer: semeval2016            # a name (or alias) in CORPORA
      path: ../shared/datasets/semeval2016
      train_split: train               # added to the task's train set
      dev_split: val                   # optional: added to dev, where checkpoints are chosen
      limit: 5000                      # optional: a seeded sample of at most this many rows
      max_chars: 1500                  # optional: cut long texts (FNC-1 bodies) to this length
      label_map: {agree: favor, ...}   # optional: stance corpora; default the entry's label_map;
                                       #   rows whose label it leaves out are dropped
      keep: [speech, report, belief]   # optional: polnear cue categories
    - importer: pairs                  # stance pairs of one's own: a pairs file or folder of them
      path: data/direction             #   (the format of `stance import`), labels favor/against/none
      train_split: train

The corpora live outside the repository (``../shared/datasets``); never commit their text.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import ConfigError
from .schema import STANCE_LABELS

__all__ = ["CORPORA", "Corpus", "add_extra_data", "check_extra_data", "datasets_root", "get_corpus"]


@dataclass(frozen=True)
class Corpus:
    """How to read one public corpus, what it trains and how it is scored.

    Attributes:
        name: The registry key (``stance import <name>``, ``importer: <name>``).
        folder: Its folder under :func:`datasets_root`.
        kind: ``articles`` (labelled articles), ``pairs`` (target, text, label) or
            ``sentences`` (text, label).
        loader: ``loader(path, split)``: labelled articles, or a ``datasets.Dataset``.
        splits: Its splits.
        eval_split: The split the benchmark scores by default.
        train_split: The split baselines are fit on.
        tasks: The tasks its rows can train.
        primary_metric: The benchmark's headline metric.
        official: The corpus's official metric (``f_avg``, ``fnc``) or None.
        labels: Its own label set (pairs and sentences).
        label_map: Its labels onto favor / against / none (stance corpora).
        description: One line for help texts.
        aliases: Other names accepted for it.
        summary_labels: For corpora of (headline, article) pairs: the corpus label of each
            outcome of :func:`stance.summarize` (``favor``, ``against``, ``none`` for a
            related article that takes no side, ``unrelated``), so the benchmark also scores
            the article through its claims.
    """

    name: str
    folder: str
    kind: str
    loader: Callable
    splits: tuple[str, ...]
    eval_split: str
    train_split: str
    tasks: tuple[str, ...]
    primary_metric: str
    description: str
    official: str | None = None
    labels: tuple[str, ...] = ()
    label_map: dict[str, str] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    summary_labels: dict[str, str] = field(default_factory=dict)

    def load(self, path: str | os.PathLike, split: str):
        """Read one split from ``path`` (see :attr:`loader`)."""
        return self.loader(path, split)


# The split names a pairs file of one's own may use (those of the corpora it could come from).
PAIR_SPLITS = ("train", "dev", "val", "test")
STANDOFF_LABELS = Path(__file__).resolve().parents[1] / "data" / "polnear-stance"


def _polnear_stance(path, split: str):
    """The project's stand-off labels of ``split``, joined with the PolNeAR texts under ``path``."""
    from .errors import MissingFileError
    from .standoff import read_standoff

    labels = Path(os.environ.get("STANCE_POLNEAR_STANCE", STANDOFF_LABELS)) / split
    if not labels.is_dir():
        raise MissingFileError(f"polnear_stance: no labels at {labels} (they ship in the repository's data/polnear-stance; set STANCE_POLNEAR_STANCE)")
    return read_standoff(labels, path)


def _registry() -> dict[str, Corpus]:
    from .importers.checkthat import CHECKTHAT_LABELS, CHECKTHAT_SPLITS, load_checkthat
    from .importers.pairs import load_pairs
    from .importers.polnear import POLNEAR_SPLITS, import_polnear
    from .importers.stance_corpora import CORPUS_LABELS, LABEL_MAPS, STANCE_SPLITS, load_emergent, load_fnc1
    from .importers.stance_corpora import load_ibm_claim_stance, load_perspectrum, load_semeval2016

    def pairs(name, loader, eval_split, train_split, primary, description, official=None, aliases=(), summary_labels=None):
        return Corpus(
            name, name, "pairs", loader, STANCE_SPLITS[name], eval_split, train_split, ("stance",), primary, description,
            official, CORPUS_LABELS[name], LABEL_MAPS[name], aliases, summary_labels or {},
        )

    entries = [
        Corpus("polnear", "polnear", "articles", import_polnear, POLNEAR_SPLITS, "test", "train", ("claim", "speaker"), "f1",
               "PolNeAR attributions -> labelled articles (no stance)"),
        pairs("semeval2016", load_semeval2016, "test", "train", "f_avg", "SemEval-2016 task 6 tweet stance", official="f_avg"),
        pairs("fnc1", load_fnc1, "competition_test", "train_all", "fnc_relative_score", "FNC-1 headline/body stance", official="fnc",
              summary_labels={"favor": "agree", "against": "disagree", "none": "discuss", "unrelated": "unrelated"}),
        pairs("emergent", load_emergent, "test", "train", "accuracy", "Emergent claim/headline stance",
              summary_labels={"favor": "for", "against": "against", "none": "observing", "unrelated": "observing"}),
        pairs("ibm_claim_stance", load_ibm_claim_stance, "test", "train", "accuracy", "IBM Debater claim stance", aliases=("ibm",)),
        pairs("perspectrum", load_perspectrum, "test", "train", "macro_f1", "Perspectrum perspective stance"),
        Corpus("polnear_stance", "polnear", "articles", _polnear_stance, ("train", "dev", "test"), "test", "train",
               ("claim", "speaker", "stance"), "macro_f1",
               "PolNeAR articles with the project's own stand-off labels (data/polnear-stance): claims, speakers, stance"),
        Corpus("pairs", "pairs", "pairs", load_pairs, PAIR_SPLITS, "test", "train", ("stance",), "macro_f1",
               "your own stance pairs: a pairs file (or folder of them) with favor/against/none labels, e.g. data/direction",
               labels=STANCE_LABELS, label_map={label: label for label in STANCE_LABELS}),
        Corpus("checkthat", "checkthat24_en", "sentences", load_checkthat, CHECKTHAT_SPLITS, "dev-test", "train", ("claim",),
               "f1", "CheckThat! 2024 check-worthiness (Yes/No)", labels=CHECKTHAT_LABELS),
    ]
    return {entry.name: entry for entry in entries}


CORPORA: dict[str, Corpus] = _registry()


def get_corpus(name: str) -> Corpus | None:
    """The corpus called ``name`` or one of its aliases, or None.

    Example:
        >>> get_corpus("ibm").name
        'ibm_claim_stance'
    """
    if name in CORPORA:
        return CORPORA[name]
    return next((c for c in CORPORA.values() if name in c.aliases), None)


def datasets_root() -> Path:
    """Where corpora are looked for: ``$STANCE_DATASETS``, else ``../shared/datasets`` beside the repository."""
    env = os.environ.get("STANCE_DATASETS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1].parent / "shared" / "datasets"


ENTRY_KEYS = frozenset({"importer", "path", "train_split", "dev_split", "limit", "max_chars", "label_map", "keep"})


def check_extra_data(entries, source: str = "extra_data") -> None:
    """Reject malformed ``extra_data`` entries before any training starts.

    Args:
        entries: The config's ``extra_data`` list.
        source: The config file, for messages.

    Raises:
        ConfigError: naming the file, the entry and the key at fault.
    """
    if not isinstance(entries, list):
        raise ConfigError(f"{source}: extra_data must be a list of mappings")
    for i, entry in enumerate(entries):
        where = f"{source}: extra_data[{i}]"
        if not isinstance(entry, dict):
            raise ConfigError(f"{where}: expected a mapping with importer, path and train_split")
        unknown = sorted(set(entry) - ENTRY_KEYS)
        if unknown:
            raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(ENTRY_KEYS))}")
        for key in ("importer", "path", "train_split"):
            if key not in entry:
                raise ConfigError(f"{where}: missing '{key}'")
        corpus = get_corpus(entry["importer"])
        if corpus is None:
            raise ConfigError(f"{where}: unknown importer {entry['importer']!r}; choose from {', '.join(sorted(CORPORA))}")
        for key in ("train_split", "dev_split"):
            if key in entry and entry[key] not in corpus.splits:
                raise ConfigError(f"{where}: {key} {entry[key]!r} is not a {corpus.name} split ({', '.join(corpus.splits)})")
        if "label_map" in entry:
            if not corpus.label_map:
                raise ConfigError(f"{where}: label_map applies to stance corpora only")
            bad = sorted(set(entry["label_map"].values()) - set(STANCE_LABELS))
            if bad:
                raise ConfigError(f"{where}: label_map targets {bad} are not among {', '.join(STANCE_LABELS)}")
            unknown = sorted(set(entry["label_map"]) - set(corpus.labels))
            if unknown:
                raise ConfigError(f"{where}: label_map keys {unknown} are not {corpus.name} labels ({', '.join(corpus.labels)})")


@lru_cache(maxsize=8)
def _articles(name: str, path: str, split: str, keep: tuple[str, ...]):
    corpus = CORPORA[name]
    return tuple(corpus.loader(path, split, keep=keep) if name == "polnear" else corpus.load(path, split))


def _rows(entry: dict, task: str, split: str, seed: int):
    from datasets import Dataset

    from .data import TASK_FEATURES
    from .importers.polnear import DEFAULT_KEEP
    from .tasks import TASKS

    corpus = get_corpus(entry["importer"])
    if corpus.kind == "articles":
        articles = list(_articles(corpus.name, str(entry["path"]), split, tuple(entry.get("keep", DEFAULT_KEEP))))
        table = TASKS[task].build_dataset(articles)
    else:
        pairs = corpus.load(entry["path"], split)
        ids = [f"{corpus.name}:{i}" for i in pairs["id"]]
        if corpus.kind == "sentences":
            rows = {
                "article_id": ids, "unit": [0] * len(pairs), "text": list(pairs["text"]), "context": [""] * len(pairs),
                "label": [int(label == corpus.labels[0]) for label in pairs["label"]],
            }
        else:
            mapping = entry.get("label_map") or corpus.label_map
            pairs = pairs.filter(lambda row: row["label"] in mapping)  # a label the map leaves out is not trained
            ids = [f"{corpus.name}:{i}" for i in pairs["id"]]
            rows = {
                "article_id": ids, "unit": [0] * len(pairs), "target": list(pairs["target"]), "text": list(pairs["text"]),
                "label": [STANCE_LABELS.index(mapping[label]) for label in pairs["label"]],
                **{field: [""] * len(pairs) for field in ("previous", "speaker", "headline")},  # pairs have no article around them
                "source": [corpus.name] * len(pairs),
            }
        table = Dataset.from_dict(rows, features=TASK_FEATURES[task])
    if entry.get("limit") and len(table) > entry["limit"]:
        table = table.shuffle(seed=seed).select(range(entry["limit"]))
    if entry.get("max_chars"):
        limit = int(entry["max_chars"])
        table = table.map(lambda row: {"text": row["text"][:limit]})
    return table


def add_extra_data(splits, task: str, entries: list[dict], seed: int = 42, parts: tuple[str, ...] = ("train", "dev")):
    """Append the rows that ``entries`` give ``task`` to its train (and dev) splits.

    Args:
        splits: The task's ``DatasetDict`` from :func:`stance.data.load_task_datasets`.
        task: ``claim``, ``speaker`` or ``stance``.
        entries: The config's ``extra_data`` (checked by :func:`check_extra_data`).
        seed: Seed of the ``limit`` samples.
        parts: Which of ``train`` and ``dev`` to add rows to (``("dev",)``: no corpus's train rows are read).

    Returns:
        A new ``DatasetDict``; entries whose corpus does not train ``task`` are skipped.

    Example:
        >>> entry = {"importer": "emergent", "path": "../shared/datasets/emergent", "train_split": "train"}
        >>> add_extra_data(splits, "stance", [entry])["train"].num_rows  # doctest: +SKIP
        2071
    """
    from datasets import DatasetDict, concatenate_datasets

    check_extra_data(entries)
    result = dict(splits)
    for entry in entries:
        if task not in get_corpus(entry["importer"]).tasks:
            continue
        for target_split, key in (("train", "train_split"), ("dev", "dev_split")):
            if key not in entry or target_split not in parts:
                continue
            added = _rows(entry, task, entry[key], seed)
            result[target_split] = concatenate_datasets([result[target_split], added]) if target_split in result else added
    return DatasetDict(result)
