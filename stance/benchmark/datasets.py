"""Dataset specs (``NAME[:PATH][:SPLIT]``) and the evaluators and training data they stand for.

=================  ==========================================  ==============  ===========  ========================
name               what                                        default split   baselines    tasks (headline)
                                                               (PATH default)  fit on
=================  ==========================================  ==============  ===========  ========================
``data-cv``        k-fold cross-validation by article          -  (``data``)   other folds  claim (F1), speaker
                                                                                            (accuracy), stance
                                                                                            (macro-F1)
``data``           every labelled article under PATH           - (``data``)    --train-data claim, speaker, stance
                                                                               minus PATH
``polnear``        PolNeAR articles (no stance)                ``test``        ``train``    claim, speaker
``checkthat``      CheckThat! 2024 check-worthiness            ``dev-test``    ``train``    claim (F1 of Yes)
``semeval2016``    SemEval-2016 task 6A                        ``test``        ``train``    stance (F_avg)
``fnc1``           FNC-1                                       ``competition   ``train_all``stance (relative score)
                                                               _test``
``emergent``       Emergent                                    ``test``        ``train``    stance (accuracy)
``ibm``            IBM Debater claim stance                    ``test``        ``train``    stance (accuracy)
``perspectrum``    Perspectrum                                 ``test``        ``train``    stance (macro-F1)
=================  ==========================================  ==============  ===========  ========================

A corpus's PATH defaults to ``$STANCE_DATASETS/<folder>`` (``STANCE_DATASETS`` defaults to
``../shared/datasets`` beside the repository).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..corpora import CORPORA, Corpus, datasets_root, get_corpus
from ..errors import SpecError

LOCAL = ("data", "data-cv")
# Splits drawn from a corpus's train file: their baselines are fit on the rest of that file, not on the
# whole of it (which holds the evaluated pairs).
BASELINE_SPLIT = {("fnc1", "dev"): "train", ("emergent", "dev"): "train_no_dev"}

__all__ = ["BenchmarkDataset", "SpecError", "TrainingData", "parse_dataset_spec"]


@dataclass
class TrainingData:
    """What baselines are fit on: claim units and stance pairs (either may be None).

    Attributes:
        claims: ``(texts, contexts, labels)`` with 0/1 labels.
        stance: ``(targets, texts, labels)`` in the dataset's own labels.
        note: Why something is missing, for the report.
    """

    claims: tuple[list, list, list] | None = None
    stance: tuple[list, list, list] | None = None
    note: str = ""


def _article_training(articles) -> TrainingData:
    from .evaluators import _article_units

    claims = ([], [], [])
    stance = ([], [], [])
    for article, unit, context in _article_units(articles):
        claims[0].append(unit["text"])
        claims[1].append(context)
        claims[2].append(int(unit["claim"]))
        if unit["claim"]:
            for target, label in unit["stances"].items():
                stance[0].append(target)
                stance[1].append(unit["text"])
                stance[2].append(label)
    return TrainingData(claims=claims if claims[0] else None, stance=stance if stance[0] else None)


@dataclass
class BenchmarkDataset:
    """A parsed dataset spec: what to evaluate on and what baselines learn from.

    Attributes:
        spec: The spec as given.
        name: The name in tables and file names (``semeval2016:test``).
        kind: ``cv``, ``articles``, ``pairs`` or ``sentences``.
        path: The folder read.
        split: The evaluated split (None for local data).
        corpus: The :class:`Corpus` entry (None for local data).
        train_path: For ``data``: the folders baselines are fit on.
    """

    spec: str
    name: str
    kind: str
    path: Path
    split: str | None = None
    corpus: Corpus | None = None
    train_path: list[str] = field(default_factory=lambda: ["data"])
    _cache: dict = field(default_factory=dict, repr=False)

    def load_articles(self, limit: int | None = None):
        """The evaluated labelled articles (``cv``, ``data``, ``polnear``), the first ``limit`` of them."""
        if "articles" not in self._cache:
            if self.kind in ("cv", "articles") and self.corpus is None:
                from ..data import load_articles

                self._cache["articles"] = load_articles(self.path)
            else:
                self._cache["articles"] = self.corpus.load(self.path, self.split)
        articles = self._cache["articles"]
        return articles[:limit] if limit else articles

    def load_rows(self, limit: int | None = None):
        """The evaluated pairs or sentences, as a ``datasets.Dataset`` (first ``limit`` rows)."""
        if "rows" not in self._cache:
            self._cache["rows"] = self.corpus.load(self.path, self.split)
        rows = self._cache["rows"]
        return rows.select(range(min(limit, len(rows)))) if limit else rows

    def evaluators(self, limit: int | None = None, n_bootstrap: int = 1000, seed: int = 0) -> list:
        """The evaluators of this dataset (not for ``cv``: see :mod:`stance.benchmark.crossval`).

        Args:
            limit: Evaluate on the first N examples (articles for article datasets).
            n_bootstrap, seed: The bootstrap's resamples and seed.

        Returns:
            A list of :class:`stance.benchmark.evaluators.Evaluator`.
        """
        from .evaluators import ClaimEvaluator, SpeakerEvaluator, StanceEvaluator, SummaryStanceEvaluator

        common = {"name": self.name, "n_bootstrap": n_bootstrap, "seed": seed}
        if self.kind == "articles":
            articles = self.load_articles(limit)
            found = [ClaimEvaluator.from_articles(articles, **common), SpeakerEvaluator(articles, **common)]
            if self.corpus is None or "stance" in self.corpus.tasks:  # PolNeAR alone has no stance labels
                found.append(StanceEvaluator.from_articles(articles, **common))
            return found
        if self.kind == "sentences":
            rows = self.load_rows(limit)
            return [ClaimEvaluator(rows["id"], rows["text"], [""] * len(rows), [x == "Yes" for x in rows["label"]], positive="Yes", negative="No", **common)]
        if self.kind == "pairs":
            rows = self.load_rows(limit)
            found = [
                StanceEvaluator(
                    rows["id"], rows["target"], rows["text"], rows["label"], list(self.corpus.labels), self.corpus.label_map,
                    official=self.corpus.official, primary_metric=self.corpus.primary_metric, **common,
                )
            ]
            if self.corpus.summary_labels:  # the article read claim by claim, then summarised
                found.append(
                    SummaryStanceEvaluator(
                        rows["id"], rows["target"], rows["text"], rows["label"], list(self.corpus.labels), self.corpus.summary_labels,
                        official=self.corpus.official, primary_metric=self.corpus.primary_metric,
                        **{**common, "name": f"{self.name}-summarize"},
                    )
                )
            return found
        raise SpecError(f"{self.spec}: cross-validation has no fixed evaluators")

    def training_data(self) -> TrainingData:
        """What baselines are fit on (the corpus's training split, or --train-data for ``data``).

        A dev split drawn from the training file (FNC-1's, Emergent's) is scored with baselines fit
        on the rest of that file: :data:`BASELINE_SPLIT`.
        """
        if "train" in self._cache:
            return self._cache["train"]
        if self.corpus is None:
            from ..data import load_articles

            evaluated = {a.article_id for a in self.load_articles()}
            articles = [a for a in load_articles(self.train_path) if a.article_id not in evaluated]
            data = _article_training(articles)
            if not articles:
                data.note = f"no training articles in {', '.join(self.train_path)} apart from the evaluated ones (use data-cv)"
        elif self.kind == "articles":
            data = _article_training(self.corpus.load(self.path, self.corpus.train_split))
            if "stance" not in self.corpus.tasks:
                data.stance = None
        else:
            rows = self.corpus.load(self.path, BASELINE_SPLIT.get((self.corpus.name, self.split), self.corpus.train_split))
            if self.kind == "sentences":
                data = TrainingData(claims=(rows["text"], [""] * len(rows), [int(x == "Yes") for x in rows["label"]]))
            else:
                data = TrainingData(stance=(rows["target"], rows["text"], rows["label"]))
        self._cache["train"] = data
        return data


def parse_dataset_spec(spec: str, train_path: list[str] | None = None) -> BenchmarkDataset:
    """Parse ``NAME[:PATH][:SPLIT]``.

    ``data-cv[:PATH]`` and ``data[:PATH]`` take a data folder (default ``data``); a corpus
    takes its folder (default under :func:`datasets_root`) and a split (default its test
    split). A PATH may itself contain ":" only when a SPLIT follows.

    Args:
        spec: The spec, e.g. ``semeval2016:../shared/datasets/semeval2016:test``.
        train_path: For ``data``: the folders baselines are fit on (default ``["data"]``).

    Returns:
        The :class:`BenchmarkDataset`.

    Raises:
        SpecError: naming the spec, for an unknown name, an unknown split or a missing folder.

    Example:
        >>> parse_dataset_spec("semeval2016::test").split
        'test'
    """
    name, _, rest = spec.partition(":")
    corpus = get_corpus(name)
    if corpus is None and name not in LOCAL:
        raise SpecError(f"dataset spec {spec!r}: unknown dataset {name!r}; known: {', '.join(LOCAL + tuple(CORPORA))}")
    if name in LOCAL:
        path = Path(rest or "data")
        if not path.exists():
            raise SpecError(f"dataset spec {spec!r}: no data folder at {path}")
        kind = "cv" if name == "data-cv" else "articles"
        label = name if not rest or rest == "data" else f"{name}:{path.name}"
        return BenchmarkDataset(spec, label, kind, path, train_path=list(train_path or ["data"]))
    splits = corpus.splits
    path_text, split = rest, None
    if ":" in rest:
        path_text, split = rest.rsplit(":", 1)
    elif rest in splits:
        path_text, split = "", rest
    split = split or corpus.eval_split
    if split not in splits:
        raise SpecError(f"dataset spec {spec!r}: unknown split {split!r} for {name}; choose from {', '.join(splits)}")
    path = Path(path_text) if path_text else datasets_root() / corpus.folder
    if not path.is_dir():
        raise SpecError(f"dataset spec {spec!r}: folder not found: {path}")
    return BenchmarkDataset(spec, f"{name}:{split}", corpus.kind, path, split, corpus)
