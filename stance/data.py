"""Labelled articles as `datasets` tables for the three tasks, split by article."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence

from datasets import ClassLabel, Dataset, DatasetDict, Features, Value

from .errors import ConfigError, InputError
from .schema import STANCE_LABELS, LabelledArticle, find_mention, labelled_files, read_labelled_file

__all__ = [
    "CLAIM_LABELS",
    "NEWS_SOURCE",
    "TASK_FEATURES",
    "claim_dataset",
    "load_articles",
    "load_task_datasets",
    "speaker_dataset",
    "split_articles",
    "stance_dataset",
]

CLAIM_LABELS = ("not_claim", "claim")

_CLAIM_FEATURES = Features(
    {
        "article_id": Value("string"),
        "unit": Value("int32"),
        "text": Value("string"),
        "context": Value("string"),
        "label": ClassLabel(names=list(CLAIM_LABELS)),
    }
)
_SPEAKER_FEATURES = Features(
    {
        "article_id": Value("string"),
        "unit": Value("int32"),
        "text": Value("string"),
        "context": Value("string"),
        "mention_start": Value("int32"),
        "mention_end": Value("int32"),
        "cue_start": Value("int32"),
        "cue_end": Value("int32"),
    }
)
_STANCE_FEATURES = Features(
    {
        "article_id": Value("string"),
        "unit": Value("int32"),
        "target": Value("string"),
        "text": Value("string"),
        "label": ClassLabel(names=list(STANCE_LABELS)),
        # What a config's stance_input may add: the unit before, the speaker, the headline.
        "previous": Value("string"),
        "speaker": Value("string"),
        "headline": Value("string"),
        # Where the pair comes from: NEWS_SOURCE for labelled articles, the corpus name for
        # pair corpora (``stance_source_bias`` gives each its own label prior).
        "source": Value("string"),
    }
)
NEWS_SOURCE = "news"


def _table(rows: list[dict], features: Features) -> Dataset:
    # from_dict rather than from_list, so that no rows still give the right columns.
    return Dataset.from_dict({name: [row[name] for row in rows] for name in features}, features=features)


def load_articles(paths) -> list[LabelledArticle]:
    """Read and validate labelled articles.

    Args:
        paths: A data folder (``data/``), a ``labelled/`` folder, a ``.jsonl`` file, or a
            list of them.

    Returns:
        The articles, sorted by file name.

    Raises:
        LabelledDataError: when any file breaks the format.

    Example:
        >>> [a.article_id for a in load_articles("data/labelled")][:1]
        ['putin-nato-guarantees']
    """
    return [read_labelled_file(path) for path in labelled_files(paths)]


def _contexts(article: LabelledArticle) -> Iterable[tuple[dict, str]]:
    previous = ""
    for unit in article.units:
        yield unit, previous
        previous = unit["text"]


def claim_dataset(articles: Sequence[LabelledArticle]) -> Dataset:
    """Every unit, labelled claim or not, with the previous unit as context.

    Args:
        articles: Labelled articles.

    Returns:
        Columns ``article_id, unit, text, context, label`` (``label``: 0 not a claim, 1 claim).
    """
    rows = [
        {"article_id": a.article_id, "unit": u["unit"], "text": u["text"], "context": ctx, "label": int(u["claim"])}
        for a in articles
        for u, ctx in _contexts(a)
    ]
    return _table(rows, _CLAIM_FEATURES)


def speaker_dataset(articles: Sequence[LabelledArticle]) -> Dataset:
    """Claim units with the character spans of the speaker's mention and of the cue.

    Args:
        articles: Labelled articles.

    Returns:
        Columns ``article_id, unit, text, context, mention_start, mention_end, cue_start,
        cue_end``; a span that is absent is (-1, -1).
    """
    rows = []
    for a in articles:
        for u, ctx in _contexts(a):
            if not u["claim"]:
                continue
            row = {"article_id": a.article_id, "unit": u["unit"], "text": u["text"], "context": ctx}
            for name in ("mention", "cue"):
                start = find_mention(u["text"], u[name]) if u[name] else -1
                row[f"{name}_start"], row[f"{name}_end"] = start, (start + len(u[name]) if start >= 0 else -1)
            rows.append(row)
    return _table(rows, _SPEAKER_FEATURES)


def stance_dataset(articles: Sequence[LabelledArticle]) -> Dataset:
    """One row per claim unit and target of its article.

    Args:
        articles: Labelled articles.

    Returns:
        Columns ``article_id, unit, target, text, label`` (``label`` indexes STANCE_LABELS),
        ``previous, speaker, headline`` (the unit before, the gold speaker, the first unit) and
        ``source`` (:data:`NEWS_SOURCE`).
    """
    rows = [
        {
            "article_id": a.article_id, "unit": u["unit"], "target": t, "text": u["text"], "label": STANCE_LABELS.index(lab),
            "previous": previous, "speaker": u["speaker"] or "", "headline": a.units[0]["text"] if a.units else "",
            "source": NEWS_SOURCE,
        }
        for a in articles
        for u, previous in _contexts(a)
        if u["claim"]
        for t, lab in u["stances"].items()
    ]
    return _table(rows, _STANCE_FEATURES)


TASK_FEATURES = {"claim": _CLAIM_FEATURES, "speaker": _SPEAKER_FEATURES, "stance": _STANCE_FEATURES}


def split_articles(
    article_ids: Sequence[str],
    dev_fraction: float = 0.2,
    seed: int = 42,
    dev_articles: Sequence[str] | None = None,
) -> tuple[list[str], list[str]]:
    """Split article ids into train and dev, never splitting an article.

    Args:
        article_ids: All article ids.
        dev_fraction: Share of articles for dev when ``dev_articles`` is not given;
            rounded, but dev is empty when there is a single article.
        seed: Seed of the shuffle, so a split is repeatable.
        dev_articles: Explicit dev article ids; each must be among ``article_ids``.

    Returns:
        ``(train_ids, dev_ids)``, each sorted.

    Example:
        >>> split_articles(["a", "b", "c", "d", "e"], dev_fraction=0.2, seed=1)
        (['a', 'b', 'c', 'd'], ['e'])
    """
    ids = sorted(set(article_ids))
    if dev_articles is not None:
        unknown = sorted(set(dev_articles) - set(ids))
        if unknown:
            raise ConfigError(f"dev_articles names articles that are not in the data: {', '.join(unknown)}")
        dev = sorted(set(dev_articles))
    else:
        if not 0 <= dev_fraction < 1:
            raise ConfigError(f"dev_fraction must be in [0, 1), got {dev_fraction}")
        n_dev = round(len(ids) * dev_fraction) if len(ids) > 1 else 0
        n_dev = min(max(n_dev, 1 if dev_fraction > 0 and len(ids) > 1 else 0), len(ids) - 1)
        shuffled = ids[:]
        random.Random(seed).shuffle(shuffled)
        dev = sorted(shuffled[:n_dev])
    train = [i for i in ids if i not in set(dev)]
    return train, dev


def load_task_datasets(
    articles: Sequence[LabelledArticle],
    task: str,
    dev_fraction: float = 0.2,
    seed: int = 42,
    dev_articles: Sequence[str] | None = None,
) -> DatasetDict:
    """Build one task's train and dev datasets, split by article.

    Args:
        articles: Labelled articles.
        task: ``"claim"``, ``"speaker"`` or ``"stance"``.
        dev_fraction, seed, dev_articles: As in :func:`split_articles`.

    Returns:
        A ``DatasetDict`` with ``train`` and, when any article is held out, ``dev``.

    Example:
        >>> ds = load_task_datasets(load_articles("data"), "stance")
        >>> sorted(ds)
        ['dev', 'train']
    """
    from .tasks import TASKS

    if task not in TASKS:
        raise InputError(f"unknown task {task!r}; choose from {', '.join(TASKS)}")
    build = TASKS[task].build_dataset
    train_ids, dev_ids = split_articles([a.article_id for a in articles], dev_fraction, seed, dev_articles)
    by_id = {a.article_id: a for a in articles}
    splits = {"train": build([by_id[i] for i in train_ids])}
    if dev_ids:
        splits["dev"] = build([by_id[i] for i in dev_ids])
    return DatasetDict(splits)
