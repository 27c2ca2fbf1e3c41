"""What the evaluators call: a small prediction interface, and its adapter for trained model folders.

A benchmark *model* is any object with a ``name`` and some of these methods (each evaluator
uses one, and skips models that lack it):

* ``predict_claims(texts, contexts) -> np.ndarray``: the probability that each unit is a
  claim (``contexts``: the unit before each, "" for the first).
* ``predict_mentions(texts, contexts) -> list[tuple[int, int] | None]``: the character span
  of the speaker's mention in each (claim) unit, or None.
* ``predict_stance(targets, texts, labels, label_map=None) -> list[str]``: a label of
  ``labels`` for each (target, text) pair. ``label_map`` maps each of ``labels`` onto the
  project's favor / against / none (``stance.importers.LABEL_MAPS``); None when ``labels``
  are the project's own. Optionally ``predict_stance_scores`` (same arguments, an
  ``(n, len(labels))`` array of probabilities, for calibration) and ``stance_labels(probabilities,
  labels)`` (the label of each row, where it is not simply the most probable one).

Baselines (:mod:`stance.benchmark.baselines`) also have ``fit_claims`` and ``fit_stance``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..schema import STANCE_LABELS

__all__ = ["PipelineModel", "project_stance", "project_stance_probabilities", "stance_pair_probabilities", "summary_outcomes"]


def stance_pair_probabilities(pipeline, targets: Sequence[str], texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
    """Run the stance model of a :class:`stance.StancePipeline` on (target, text) pairs.

    The input is laid out as in training (``[CLS] target [SEP] text [SEP]``, cut to the
    pipeline's ``max_length``), without segmenting the text into units, so it works for
    corpora of pairs (SemEval, FNC-1 ...) as well as for the units of labelled articles.

    Args:
        pipeline: A loaded :class:`stance.StancePipeline`.
        targets: The target of each pair.
        texts: The text of each pair.
        batch_size: Pairs per forward pass.

    Returns:
        An ``(n, 3)`` array of probabilities over ``stance.STANCE_LABELS`` (favor, against, none).

    Example:
        >>> from stance import load_pipeline
        >>> probs = stance_pair_probabilities(load_pipeline("models/default"), ["Atheism"], ["God is great"])  # doctest: +SKIP
        >>> probs.shape  # doctest: +SKIP
        (1, 3)
    """
    return pipeline.score_stances(targets, texts, batch_size)


def project_stance(probabilities: np.ndarray, labels: Sequence[str], label_map: dict[str, str] | None) -> list[str]:
    """Turn favor / against / none probabilities into a corpus's labels.

    Each corpus label takes the probability of the project label it maps to; the most
    probable corpus label wins. When several corpus labels map to one project label (FNC-1's
    ``discuss`` and ``unrelated`` both mean ``none``), the last of them in ``labels`` stands
    for it (``unrelated`` for FNC-1, its majority label). Corpus labels without a project
    label are never predicted; project labels without a corpus label (``none`` for the
    two-way IBM and Perspectrum) are ignored, so the choice is between the others.

    Args:
        probabilities: ``(n, 3)`` over ``STANCE_LABELS``.
        labels: The corpus's labels.
        label_map: Corpus label -> project label; None when ``labels`` are the project's.

    Returns:
        One corpus label per row.

    Example:
        >>> project_stance(np.array([[0.2, 0.1, 0.7]]), ["PRO", "CON"], {"PRO": "favor", "CON": "against"})
        ['PRO']
    """
    if not len(probabilities):
        return []
    return [labels[i] for i in project_stance_probabilities(probabilities, labels, label_map).argmax(axis=1)]


def project_stance_probabilities(probabilities: np.ndarray, labels: Sequence[str], label_map: dict[str, str] | None) -> np.ndarray:
    """Favor / against / none probabilities as probabilities over a corpus's labels (see :func:`project_stance`).

    Args:
        probabilities: ``(n, 3)`` over ``STANCE_LABELS``.
        labels: The corpus's labels.
        label_map: Corpus label -> project label; None when ``labels`` are the project's.

    Returns:
        ``(n, len(labels))``, rows summing to 1; a corpus label that never wins has 0.

    Example:
        >>> project_stance_probabilities(np.array([[0.2, 0.1, 0.7]]), ["PRO", "CON"], {"PRO": "favor", "CON": "against"}).round(3)
        array([[0.667, 0.333]])
    """
    label_map = label_map or {label: label for label in labels}
    inverse: dict[str, int] = {}
    for i, label in enumerate(labels):
        inverse[label_map[label]] = i  # the last corpus label of a project label wins
    probabilities = np.asarray(probabilities, dtype=float).reshape(-1, len(STANCE_LABELS))
    projected = np.zeros((len(probabilities), len(labels)))
    for project, i in inverse.items():
        projected[:, i] = probabilities[:, STANCE_LABELS.index(project)]
    totals = projected.sum(axis=1, keepdims=True)
    return np.divide(projected, totals, out=np.full_like(projected, 1.0 / len(labels)), where=totals > 0)


def summary_outcomes(summaries: dict, targets: Sequence[str], articles: Sequence[str]) -> list[str]:
    """Each (target, article) pair's outcome in ``summaries`` (article text -> ``Summary``): its label, or ``unrelated``."""
    return [summaries[article].article[target] if summaries[article].related[target] else "unrelated" for target, article in zip(targets, articles)]


class PipelineModel:
    """A trained model folder (:class:`stance.StancePipeline`) behind the benchmark interface.

    The claim and speaker models see the units of labelled articles exactly as
    :meth:`stance.StancePipeline.predict` does (a unit and the unit before it), but run on
    the gold units directly, so their answers line up with the gold labels by index; the
    speaker model runs on the gold claim units. The stance model runs on pairs
    (:func:`stance_pair_probabilities`).

    Args:
        folder: A model folder written by ``train.py``, or a loaded pipeline.
        name: The name shown in tables (default: the folder path).
        device: Torch device; None picks CUDA when available.
        batch_size: Inputs per forward pass.

    Example:
        >>> model = PipelineModel("models/default")  # doctest: +SKIP
        >>> model.predict_claims(["Putin said no."], [""])  # doctest: +SKIP
        array([0.98])
    """

    def __init__(self, folder, name: str | None = None, device: str | None = None, batch_size: int = 32):
        from ..pipeline import StancePipeline

        if isinstance(folder, StancePipeline):
            self.pipeline = folder
        else:
            self.pipeline = StancePipeline(Path(folder), device=device)
        self.name = name or str(folder if not isinstance(folder, StancePipeline) else self.pipeline.folder)
        self.batch_size = batch_size

    def predict_claims(self, texts: Sequence[str], contexts: Sequence[str]) -> np.ndarray:
        """Claim probability of each unit, decided as :meth:`stance.StancePipeline.predict` decides.

        Page furniture after an article's first unit (a byline, a subhead in capitals, a credit
        line: :func:`stance.segment.is_page_furniture`) is never a claim in ``predict``, so it
        scores 0 here; a unit with no unit before it (``context`` empty) is a headline or a
        sentence and is judged as text.
        """
        from ..segment import is_page_furniture

        scores = np.asarray(self.pipeline.score_claims(texts, contexts, self.batch_size), dtype=float)
        furniture = np.array([bool(context) and is_page_furniture(text) for text, context in zip(texts, contexts)], dtype=bool)
        scores[furniture] = 0.0
        return scores

    def predict_mentions(self, texts: Sequence[str], contexts: Sequence[str]) -> list[tuple[int, int] | None]:
        """The mention span of each unit, decoded as the pipeline decodes it."""
        spans = [tagged.get("mention") for tagged in self.pipeline.tag_spans(texts, contexts, self.batch_size)]
        return [(span[0], span[1]) if span else None for span in spans]

    @property
    def stance_input(self) -> list[str]:
        """What the stance model reads after the unit (its config's ``stance_input``)."""
        return self.pipeline.stance_input

    def predict_stance(self, targets, texts, labels, label_map=None, fields=None, units=None) -> list[str]:
        """Stance labels of pairs over ``labels``: :meth:`stance_labels` of :meth:`predict_stance_scores`."""
        return self.stance_labels(self.predict_stance_scores(targets, texts, labels, label_map, fields, units), labels)

    def stance_labels(self, probabilities, labels) -> list[str]:
        """The label of each row of :meth:`predict_stance_scores`: its most probable label, except for ``unrelated``.

        Where the folder answers ``unrelated`` in two steps, the label is decided in two steps
        too: ``unrelated`` when the text is more likely not about the target (``r < 0.5``, as
        :func:`stance.summarize` decides), else the most probable of the other labels. (The
        argmax of the joint scores would call a related pair unrelated whenever its stance is
        uncertain: ``1 - r > r * max p`` holds up to ``r`` 0.6-0.75.)
        """
        probabilities, labels = np.asarray(probabilities), list(labels)
        if not len(probabilities):
            return []
        if "unrelated" not in labels or not self.pipeline.has_relatedness:
            return [labels[i] for i in probabilities.argmax(axis=1)]
        unrelated = labels.index("unrelated")
        related = probabilities.copy()
        related[:, unrelated] = -1.0
        return ["unrelated" if row[unrelated] > 0.5 else labels[int(best)] for row, best in zip(probabilities, related.argmax(axis=1))]

    @property
    def stance_secondary_none_offset(self) -> float:
        """What the folder adds to "none" for a claim's targets but its most sided one (0: pairs are scored alone)."""
        return self.pipeline.stance_secondary_none_offset

    def predict_stance_scores(self, targets, texts, labels, label_map=None, fields=None, units=None) -> np.ndarray:
        """Probabilities of pairs over ``labels`` (:func:`project_stance_probabilities`).

        A corpus with an ``unrelated`` label (FNC-1) is answered in two steps when the folder
        has a relatedness encoder: ``p(unrelated) = 1 - r``, with ``r`` the probability that
        the text is about the target (:meth:`stance.StancePipeline.pair_relatedness`), and the
        other labels share ``r`` as the stance model's projected probabilities (its ``none``
        is then the corpus's related-but-neutral label, FNC-1's ``discuss``). Without one,
        every ``none`` maps as :func:`project_stance` says.

        ``fields``: each pair's ``previous``, ``speaker`` and ``headline``, read by a model trained with ``stance_input``.
        ``units``: each pair's claim unit, so that a unit's targets compete as in ``predict``
        (:meth:`stance.StancePipeline.score_stances`).
        """
        probs = self.pipeline.score_stances(targets, texts, self.batch_size, fields=fields, units=units)
        labels = list(labels)
        if "unrelated" not in labels or not self.pipeline.has_relatedness:
            return project_stance_probabilities(probs, labels, label_map)
        related = [label for label in labels if label != "unrelated"]
        projected = project_stance_probabilities(probs, related, {k: v for k, v in (label_map or {}).items() if k != "unrelated"} or None)
        relatedness = self.pipeline.pair_relatedness(targets, texts, self.batch_size)[:, None]
        result = np.zeros((len(probs), len(labels)))
        result[:, [labels.index(label) for label in related]] = relatedness * projected
        result[:, labels.index("unrelated")] = 1.0 - relatedness[:, 0]
        return result

    def article_summaries(self, targets: Sequence[str], articles: Sequence[str], settings: Sequence[dict] = ({},)) -> list[dict]:
        """Each distinct article's :class:`stance.Summary` over all of its targets, once per summarize setting.

        Each distinct article is predicted once, with all of its targets (every unit through
        the relatedness encoder when the folder has one), then summarised with
        :func:`stance.summarize` and each of ``settings`` (its keyword arguments; ``{}``: the defaults).

        Returns:
            One dict per setting: article text -> its ``Summary``.
        """
        from ..summary import summarize

        per_article: dict[str, list[str]] = {}
        for target, article in zip(targets, articles):
            wanted = per_article.setdefault(article, [])
            if target not in wanted:
                wanted.append(target)
        texts = list(per_article)
        relatedness = self.pipeline.has_relatedness
        claims = self.pipeline.predict(
            texts, [per_article[t] for t in texts], batch_size=self.batch_size, keep_non_claims=relatedness, relatedness=relatedness
        ) if texts else []
        return [{text: summarize(found, per_article[text], **kwargs) for text, found in zip(texts, claims)} for kwargs in settings]

    def summarize_pairs(self, targets: Sequence[str], articles: Sequence[str]) -> list[str]:
        """Each (target, article) pair's summary outcome: ``favor``, ``against``, ``none`` or ``unrelated``.

        The articles are summarised by :meth:`article_summaries`; an article it finds not about a
        target (``related`` False) is ``unrelated``, a related one that takes no side ``none``.
        """
        return summary_outcomes(self.article_summaries(targets, articles)[0], targets, articles)

    @property
    def tasks(self) -> list[str]:
        """The tasks the folder holds: evaluators of the others skip it (a folder trained with ``tasks: [stance]``)."""
        return self.pipeline.tasks

    @property
    def temperatures(self) -> dict[str, float]:
        """Each task's temperature (1.0: uncalibrated), so evaluators can report ECE before it."""
        return self.pipeline.temperatures


def is_model_folder(path: str | os.PathLike) -> bool:
    """Whether ``path`` looks like a trained model folder (it has ``stance_model.json``)."""
    from ..model_folder import MANIFEST

    return (Path(path) / MANIFEST).is_file()
