"""Evaluators in the style of sentence-transformers' ``SentenceEvaluator``: ``evaluator(model) -> dict``.

An evaluator holds the gold examples of one task on one dataset. Calling it with a model
(:mod:`stance.benchmark.models`) runs the model on those examples, measures speed and
memory while it does, and returns the metrics, with a 95% bootstrap confidence interval
for the headline metric (``primary_metric``). ``predict`` and ``score`` can also be called
apart, which cross-validation uses to pool the predictions of several folds.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.metrics import confusion_matrix

from ..schema import STANCE_LABELS, LabelledArticle, find_mention
from ..metrics.functions import (
    bootstrap_interval,
    calibration_bins,
    classification_scores,
    expected_calibration_error,
    f_avg,
    fnc_scores,
    metric_by_name,
    span_scores,
)
from ..speakers import PERSON_PRONOUNS, GROUP_PRONOUNS, normalize_speaker, resolve_speakers
from ..errors import InputError

TASK_NAMES = ("claim", "speaker", "stance")

__all__ = ["ClaimEvaluator", "Evaluator", "ResourceMonitor", "SpeakerEvaluator", "StanceEvaluator", "current_rss_mb"]


def current_rss_mb() -> float | None:
    """The process's resident memory now, in MiB, from ``/proc/self/status`` (None where there is no /proc)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class ResourceMonitor:
    """Wall time and peak resident memory of a block of code, sampled by a thread.

    Peak RSS from ``getrusage`` or ``VmHWM`` is process-wide and never goes down, so once a
    big model has run every later model would show its peak. This monitor instead samples
    the current RSS (``VmRSS``) every ``interval`` seconds while the block runs and reports
    the largest value (``peak_rss_mb``) and its rise over the RSS at the start
    (``rss_increase_mb``: what this model and its inputs added). Short spikes between
    samples can be missed; where ``/proc`` is missing it falls back to
    ``resource.getrusage`` (then ``rss_increase_mb`` is the rise of the all-time peak).

    Args:
        interval: Seconds between samples.

    Example:
        >>> with ResourceMonitor() as monitor:
        ...     block = bytearray(50 * 2**20)
        >>> monitor.seconds >= 0
        True
    """

    def __init__(self, interval: float = 0.01):
        self.interval = interval
        self.seconds = 0.0
        self.peak_rss_mb: float | None = None
        self.rss_increase_mb: float | None = None

    @staticmethod
    def _rusage_mb() -> float | None:
        try:
            import resource
            import sys

            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            return peak / 2**20 if sys.platform == "darwin" else peak / 1024
        except (ImportError, OSError):
            return None

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            rss = current_rss_mb()
            if rss is not None and rss > self._peak:
                self._peak = rss

    def __enter__(self) -> ResourceMonitor:
        start = current_rss_mb()
        self._proc = start is not None
        self._start = start if self._proc else (self._rusage_mb() or 0.0)
        self._peak = self._start
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        if self._proc:
            self._thread.start()
        self._started = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self._started
        if self._proc:
            self._stop.set()
            self._thread.join()
            end = current_rss_mb() or 0.0
            self._peak = max(self._peak, end)
        else:
            self._peak = self._rusage_mb() or 0.0
        self.peak_rss_mb = round(self._peak, 1)
        self.rss_increase_mb = round(self._peak - self._start, 1)


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "model"


class Evaluator:
    """Base class: the gold examples of one task on one dataset.

    Subclasses set ``task``, ``labels`` and ``primary_metric`` and implement
    :meth:`supports`, :meth:`predict` and :meth:`score`.

    Attributes:
        name: The dataset's name, used in tables and file names.
        task: ``claim``, ``speaker`` or ``stance``.
        primary_metric: The headline metric's key in the returned dict.
        n_bootstrap: Bootstrap resamples for the confidence interval (0: none).
        seed: Seed of the bootstrap.

    Example:
        >>> evaluator = ClaimEvaluator(["u1"], ["Putin said no."], [""], [True], name="toy")
        >>> from stance.benchmark.baselines import RulesBaseline
        >>> evaluator(RulesBaseline())["f1"]
        1.0
    """

    task = ""
    primary_metric = ""
    labels: list[str] = []

    @property
    def key(self) -> str:
        """The table this evaluator's results go in: its task, unless a dataset has two of a task."""
        return self.task

    def __init__(self, name: str, n_bootstrap: int = 1000, seed: int = 0):
        self.name = name
        self.n_bootstrap = n_bootstrap
        self.seed = seed

    def __len__(self) -> int:
        return len(self.ids)

    def supports(self, model) -> bool:
        """Whether the model can do this task."""
        raise NotImplementedError

    def predict(self, model) -> dict:
        """Run the model on every example; returns ``{"predicted": [...], ...}`` aligned with the examples."""
        raise NotImplementedError

    def score(self, predictions: dict) -> dict:
        """Metrics of predictions made by :meth:`predict` (or pooled from several)."""
        raise NotImplementedError

    def _interval(self, references, predictions, metric_name: str, labels) -> list[float]:
        """The bootstrap interval of a metric over label lists (names from ``labels``)."""
        metric = metric_by_name(metric_name, labels)
        low, high = bootstrap_interval(references, predictions, metric, self.n_bootstrap, self.seed)
        return [round(low, 4), round(high, 4)]

    @staticmethod
    def _calibration(predictions: dict, gold_index) -> dict:
        """ECE of the model's probabilities, and before its temperatures when it has any.

        ``predictions["probabilities"]`` holds one row per example over the evaluator's labels
        (absent for models that give labels only); ``predictions["temperature"]`` each
        example's temperature, so pooled cross-validation folds each undo their own.
        """
        from ..calibration import apply_temperature

        if "probabilities" not in predictions or not len(predictions["probabilities"]):
            return {}
        probabilities, gold_index = np.asarray(predictions["probabilities"], dtype=float), np.asarray(gold_index)
        temperatures = np.asarray(predictions.get("temperature") or [1.0] * len(probabilities), dtype=float)

        def reliability(p):
            return calibration_bins(p.max(axis=1), p.argmax(axis=1) == gold_index)

        def ece(p):
            return round(expected_calibration_error(p.max(axis=1), p.argmax(axis=1) == gold_index), 4)

        result = {"ece": ece(probabilities), "reliability": {"calibrated": reliability(probabilities)}}
        if np.any(temperatures != 1.0):
            raw = probabilities.copy()
            for t in np.unique(temperatures):
                rows = temperatures == t
                raw[rows] = apply_temperature(probabilities[rows], 1.0 / t)
            result["ece_uncalibrated"] = ece(raw)
            result["reliability"]["uncalibrated"] = reliability(raw)
        return result

    def __call__(self, model, output_path: str | os.PathLike | None = None) -> dict:
        """Run, time and score a model; write its confusion matrix and errors under ``output_path``.

        Args:
            model: An object with the task's prediction method.
            output_path: A folder for ``<name>.<task>.<model>.confusion.png`` and
                ``.errors.jsonl``; None writes nothing.

        Returns:
            The metrics, ``ci`` (the headline metric's interval), ``confusion`` (rows gold,
            columns predicted, over ``confusion_labels``), ``examples``, and speed:
            ``seconds``, ``per_second``, ``peak_rss_mb``, ``rss_increase_mb``.
        """
        with ResourceMonitor() as monitor:
            predictions = self.predict(model)
        result = self.score(predictions)
        result.update(speed_of(monitor, len(self)))
        if output_path is not None:
            self.write_outputs(result, getattr(model, "name", type(model).__name__), output_path)
        return result

    def write_outputs(self, result: dict, model_name: str, output_path: str | os.PathLike) -> dict[str, str]:
        """Write the confusion-matrix PNG and the errors file of one scored model.

        Args:
            result: What :meth:`score` returned (it holds ``confusion`` and ``errors``).
            model_name: The model's name (made safe for a file name).
            output_path: The folder.

        Returns:
            ``{"confusion_png": path, "errors": path}``.
        """
        from .report import plot_confusion

        folder = Path(output_path)
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{_slug(self.name)}.{self.task}.{_slug(model_name)}"
        errors_path = folder / f"{stem}.errors.jsonl"
        with open(errors_path, "w", encoding="utf-8") as out:
            for error in result.get("errors", []):
                out.write(json.dumps(error, ensure_ascii=False) + "\n")
        png = folder / f"{stem}.confusion.png"
        plot_confusion(
            np.array(result["confusion"]), result["confusion_labels"], png,
            title=f"{self.name} {self.task}: {model_name}", row_labels=result.get("confusion_rows"),
            ylabel=result.get("confusion_rows_are", "gold"),
        )
        written = {"confusion_png": str(png), "errors": str(errors_path)}
        if result.get("reliability"):
            from .report import plot_reliability

            reliability_png = folder / f"{stem}.reliability.png"
            plot_reliability(result["reliability"], reliability_png, title=f"{self.name} {self.task}: {model_name}")
            written["reliability_png"] = str(reliability_png)
        return written


def speed_of(monitor: ResourceMonitor, n: int) -> dict:
    """Speed and memory entries of a result, from a finished :class:`ResourceMonitor`.

    Returns:
        ``seconds``, ``per_second`` (examples a second), ``peak_rss_mb``, ``rss_increase_mb``.
    """
    return {
        "seconds": round(monitor.seconds, 3),
        "per_second": round(n / monitor.seconds, 1) if monitor.seconds > 0 else None,
        "peak_rss_mb": monitor.peak_rss_mb,
        "rss_increase_mb": monitor.rss_increase_mb,
    }


def _article_units(articles: Sequence[LabelledArticle]):
    for article in articles:
        previous = ""
        for unit in article.units:
            yield article, unit, previous
            previous = unit["text"]


class ClaimEvaluator(Evaluator):
    """Claim detection: precision, recall and F1 of the claim class over units (or sentences).

    Args:
        ids: An id per unit (``<article_id>:<unit>``).
        texts: The units.
        contexts: The unit before each ("" for the first of an article, or for sentences).
        gold: Whether each unit is a claim.
        name: The dataset's name.
        positive: Name of the positive label in tables (``claim``; ``Yes`` for CheckThat!).
        negative: Name of the other label.
        threshold: A unit is a claim when its probability is at least this.
        n_bootstrap, seed: See :class:`Evaluator`.

    Example:
        >>> from stance import load_articles
        >>> evaluator = ClaimEvaluator.from_articles(load_articles("data"), name="data")  # doctest: +SKIP
        >>> evaluator(model)["f1"]  # doctest: +SKIP
    """

    task = "claim"
    primary_metric = "f1"

    def __init__(self, ids, texts, contexts, gold, name="claims", positive="claim", negative="not_claim", threshold=0.5, n_bootstrap=1000, seed=0):
        super().__init__(name, n_bootstrap, seed)
        if not (len(ids) == len(texts) == len(contexts) == len(gold)):
            raise InputError("ids, texts, contexts and gold must have the same length")
        self.ids, self.texts, self.contexts = list(ids), list(texts), list(contexts)
        self.gold = [bool(g) for g in gold]
        self.labels = [negative, positive]
        self.threshold = threshold

    @classmethod
    def from_articles(cls, articles: Sequence[LabelledArticle], name: str = "data", **kwargs) -> ClaimEvaluator:
        """Every unit of labelled articles, with the unit before it as context.

        Returns:
            The evaluator.
        """
        rows = [(f"{a.article_id}:{u['unit']}", u["text"], ctx, u["claim"]) for a, u, ctx in _article_units(articles)]
        ids, texts, contexts, gold = (list(x) for x in zip(*rows)) if rows else ([], [], [], [])
        return cls(ids, texts, contexts, gold, name=name, **kwargs)

    def supports(self, model) -> bool:
        return hasattr(model, "predict_claims") and self.task in getattr(model, "tasks", (self.task,))

    def predict(self, model) -> dict:
        scores = np.asarray(model.predict_claims(self.texts, self.contexts), dtype=float)
        if len(scores) != len(self.texts):
            raise InputError(f"{getattr(model, 'name', model)}: {len(scores)} claim scores for {len(self.texts)} units")
        temperature = float(getattr(model, "temperatures", {}).get("claim", 1.0))
        return {
            "score": scores.tolist(),
            "predicted": [bool(s >= self.threshold) for s in scores],
            "probabilities": [[1.0 - s, s] for s in scores.tolist()],
            "temperature": [temperature] * len(scores),
        }

    def score(self, predictions: dict) -> dict:
        gold = [self.labels[int(g)] for g in self.gold]
        pred = [self.labels[int(p)] for p in predictions["predicted"]]
        scores = classification_scores(gold, pred, average="binary", pos_label=self.labels[1]) if gold else {}
        errors = [
            {"id": i, "text": t, "gold": g, "predicted": p, "score": round(s, 4)}
            for i, t, g, p, s in zip(self.ids, self.texts, gold, pred, predictions["score"])
            if g != p
        ]
        return {
            "examples": len(self.ids),
            **{k: round(scores.get(k, 0.0), 4) for k in ("precision", "recall", "f1", "accuracy")},
            "ci": self._interval(gold, pred, f"f1_{self.labels[1]}", self.labels),
            "confusion": confusion_matrix(gold, pred, labels=self.labels).tolist() if gold else [[0, 0], [0, 0]],
            "confusion_labels": self.labels,
            "errors": errors,
            **self._calibration(predictions, [int(g) for g in self.gold]),
        }


def _mention_kind(mention: str | None) -> str:
    if not mention:
        return "no mention"
    lowered = mention.strip().lower()
    return "pronoun" if lowered in PERSON_PRONOUNS | GROUP_PRONOUNS else "name"


class SpeakerEvaluator(Evaluator):
    """Speaker attribution on the gold claim units of labelled articles.

    The model finds the mention span in each gold claim unit; the spans are resolved to
    speakers with :func:`stance.speakers.resolve_speakers` over the article (gold claim
    flags, predicted mentions), and compared with the gold speaker by
    :func:`stance.speakers.normalize_speaker` (case, titles and a leading "the" ignored).
    Reports ``speaker_accuracy`` (headline), ``mention_exact_f1`` and ``mention_overlap_f1``
    (``span_f1`` metric over the gold mention spans). The confusion matrix crosses the kind
    of gold mention (name, pronoun, none: a continuing quote) with right / wrong speaker.

    Args:
        articles: Labelled articles.
        name, n_bootstrap, seed: See :class:`Evaluator`.

    Example:
        >>> from stance.benchmark.baselines import RulesBaseline
        >>> evaluator = SpeakerEvaluator(load_articles("data"), name="data")  # doctest: +SKIP
        >>> evaluator(RulesBaseline())["speaker_accuracy"]  # doctest: +SKIP
    """

    task = "speaker"
    primary_metric = "speaker_accuracy"

    def __init__(self, articles: Sequence[LabelledArticle], name: str = "data", n_bootstrap: int = 1000, seed: int = 0):
        super().__init__(name, n_bootstrap, seed)
        self.articles = list(articles)
        self.ids, self.texts, self.contexts, self.gold_speakers, self.gold_mentions, self.gold_spans = [], [], [], [], [], []
        for article, unit, context in _article_units(self.articles):
            if not unit["claim"]:
                continue
            self.ids.append(f"{article.article_id}:{unit['unit']}")
            self.texts.append(unit["text"])
            self.contexts.append(context)
            self.gold_speakers.append(unit["speaker"])
            self.gold_mentions.append(unit["mention"])
            start = find_mention(unit["text"], unit["mention"]) if unit["mention"] else -1
            self.gold_spans.append([start, start + len(unit["mention"])] if start >= 0 else [-1, -1])
        self.labels = ["right speaker", "wrong speaker"]

    def supports(self, model) -> bool:
        return hasattr(model, "predict_mentions") and self.task in getattr(model, "tasks", (self.task,))

    def predict(self, model) -> dict:
        spans = list(model.predict_mentions(self.texts, self.contexts))
        if len(spans) != len(self.texts):
            raise InputError(f"{getattr(model, 'name', model)}: {len(spans)} mention spans for {len(self.texts)} units")
        mentions = [text[s[0]:s[1]] if s else None for text, s in zip(self.texts, spans)]
        by_id = dict(zip(self.ids, mentions))
        speakers = {}
        for article in self.articles:
            units = [
                {"claim": u["claim"], "mention": by_id.get(f"{article.article_id}:{u['unit']}") if u["claim"] else None, "text": u["text"]}
                for u in article.units
            ]
            for unit, speaker in zip(article.units, resolve_speakers(units, article.text)):
                if unit["claim"]:
                    speakers[f"{article.article_id}:{unit['unit']}"] = speaker
        return {
            "spans": [list(s) if s else [-1, -1] for s in spans],
            "mentions": mentions,
            "predicted": [speakers[i] for i in self.ids],
        }

    def score(self, predictions: dict) -> dict:
        correct = np.array(
            [normalize_speaker(p) == normalize_speaker(g) for p, g in zip(predictions["predicted"], self.gold_speakers)], dtype=int
        )
        spans = span_scores(predictions["spans"], self.gold_spans)
        kinds = ["name", "pronoun", "no mention"]
        cm = np.zeros((3, 2), dtype=int)
        for mention, ok in zip(self.gold_mentions, correct):
            cm[kinds.index(_mention_kind(mention)), 0 if ok else 1] += 1
        errors = [
            {"id": i, "text": t, "gold_speaker": g, "predicted_speaker": p, "gold_mention": gm, "predicted_mention": pm}
            for i, t, g, p, gm, pm, ok in zip(
                self.ids, self.texts, self.gold_speakers, predictions["predicted"], self.gold_mentions, predictions["mentions"], correct
            )
            if not ok
        ]
        return {
            "examples": len(self.ids),
            "speaker_accuracy": round(float(correct.mean()) if len(correct) else 0.0, 4),
            "mention_exact_f1": round(spans.get("exact_f1", 0.0), 4),
            "mention_overlap_f1": round(spans.get("overlap_f1", 0.0), 4),
            "ci": self._interval(np.ones(len(correct), dtype=int), correct, "accuracy", [0, 1]),
            "confusion": cm.tolist(),
            "confusion_labels": self.labels,
            "confusion_rows": kinds,
            "confusion_rows_are": "gold mention",
            "errors": errors,
        }


class StanceEvaluator(Evaluator):
    """Stance of (target, text) pairs: accuracy, macro-F1 over the dataset's labels, the official metric.

    Args:
        ids, targets, texts: The pairs.
        gold: Gold labels, each one of ``labels``.
        labels: The dataset's label set, in its own names.
        label_map: Each label -> favor / against / none, for models that predict the
            project's labels (None when ``labels`` are the project's).
        official: ``"f_avg"`` (SemEval-2016, via the ``semeval_favg`` metric),
            ``"fnc"`` (FNC-1, via ``fnc_score``: adds ``fnc_relative_score``) or None.
        primary_metric: The headline metric: ``accuracy``, ``macro_f1``, ``f_avg`` or
            ``fnc_relative_score``.
        name, n_bootstrap, seed: See :class:`Evaluator`.
        fields: Each pair's ``previous``, ``speaker`` and ``headline``, for models trained with ``stance_input``.
        units: Each pair's claim unit (pairs from labelled articles): given to a model with a
            ``stance_secondary_none_offset``, so that a unit's targets compete as in ``predict``.

    Example:
        >>> from stance.benchmark.baselines import MajorityBaseline
        >>> evaluator = StanceEvaluator(["1", "2"], ["t", "t"], ["a", "b"], ["FAVOR", "NONE"],
        ...                             ["FAVOR", "AGAINST", "NONE"], official="f_avg", primary_metric="f_avg")
        >>> model = MajorityBaseline().fit_stance(["t"], ["x"], ["FAVOR"])
        >>> evaluator(model)["f_avg"]
        0.3333
    """

    task = "stance"

    def __init__(
        self, ids, targets, texts, gold, labels, label_map=None, official=None, primary_metric="macro_f1", name="stance", n_bootstrap=1000, seed=0,
        fields=None, units=None,
    ):
        super().__init__(name, n_bootstrap, seed)
        if not (len(ids) == len(targets) == len(texts) == len(gold)) or any(x is not None and len(x) != len(ids) for x in (fields, units)):
            raise InputError("ids, targets, texts, gold (and fields, units) must have the same length")
        self.ids, self.targets, self.texts, self.gold = list(ids), list(targets), list(texts), list(gold)
        # Each pair's previous unit, speaker and headline, for models trained with stance_input.
        self.fields = list(fields) if fields is not None else None
        self.units = list(units) if units is not None else None
        self.labels = list(labels)
        unknown = sorted(set(self.gold) - set(self.labels))
        if unknown:
            raise InputError(f"{name}: gold labels {unknown} are not among {self.labels}")
        if official not in (None, "f_avg", "fnc"):
            raise InputError(f"official must be None, 'f_avg' or 'fnc', got {official!r}")
        self.label_map = label_map
        self.official = official
        self.primary_metric = primary_metric

    @classmethod
    def from_articles(cls, articles: Sequence[LabelledArticle], name: str = "data", **kwargs) -> StanceEvaluator:
        """One pair per gold claim unit and target of its article (labels favor / against / none).

        Returns:
            The evaluator, with macro-F1 as headline and F_avg as well.
        """
        rows = [
            (f"{a.article_id}:{u['unit']}:{t}", t, u["text"], label,
             {"previous": a.units[k - 1]["text"] if k else "", "speaker": u["speaker"] or "", "headline": a.units[0]["text"]},
             f"{a.article_id}:{u['unit']}")
            for a in articles for k, u in enumerate(a.units) if u["claim"] for t, label in u["stances"].items()
        ]
        ids, targets, texts, gold, fields, units = (list(x) for x in zip(*rows)) if rows else ([], [], [], [], [], [])
        kwargs.setdefault("official", "f_avg")
        kwargs.setdefault("primary_metric", "macro_f1")
        return cls(ids, targets, texts, gold, list(STANCE_LABELS), name=name, fields=fields, units=units, **kwargs)

    def supports(self, model) -> bool:
        return hasattr(model, "predict_stance") and self.task in getattr(model, "tasks", (self.task,))

    def predict(self, model) -> dict:
        # Only a model that reads them (a stance_input) is given the pairs' previous unit, speaker and headline.
        extra_args = {"fields": self.fields} if self.fields is not None and getattr(model, "stance_input", None) else {}
        # A model whose folder lets a unit's targets compete is given the units, so it decides as predict() does.
        if self.units is not None and getattr(model, "stance_secondary_none_offset", 0.0):
            extra_args["units"] = self.units
        if hasattr(model, "predict_stance_scores"):  # probabilities too: calibration is measured
            probabilities = np.asarray(model.predict_stance_scores(self.targets, self.texts, self.labels, self.label_map, **extra_args))
            temperature = float(getattr(model, "temperatures", {}).get("stance", 1.0))
            if hasattr(model, "stance_labels"):  # a model whose label is not always the most probable one
                predicted = list(model.stance_labels(probabilities, self.labels))
            else:
                predicted = [self.labels[i] for i in probabilities.argmax(axis=1)] if len(probabilities) else []
            extra = {"probabilities": probabilities.tolist(), "temperature": [temperature] * len(predicted)}
        else:
            predicted = [str(p) for p in model.predict_stance(self.targets, self.texts, self.labels, self.label_map, **extra_args)]
            extra = {}
        if len(predicted) != len(self.texts):
            raise InputError(f"{getattr(model, 'name', model)}: {len(predicted)} stance labels for {len(self.texts)} pairs")
        unknown = sorted(set(predicted) - set(self.labels))
        if unknown:
            raise InputError(f"{getattr(model, 'name', model)}: predicted labels {unknown} outside {self.labels}")
        return {"predicted": predicted, **extra}

    def score(self, predictions: dict) -> dict:
        gold, pred = self.gold, predictions["predicted"]
        scores = classification_scores(gold, pred, labels=self.labels) if gold else {}
        result = {
            "examples": len(self.ids),
            "accuracy": round(scores.get("accuracy", 0.0), 4),
            "macro_f1": round(scores.get("f1", 0.0), 4),
        }
        if self.official == "f_avg" and self.ids:
            lowered = [label.lower() for label in self.labels]
            favor, against = self.labels[lowered.index("favor")], self.labels[lowered.index("against")]
            result["f_avg"] = round(f_avg(gold, pred, favor, against), 4)
        elif self.official == "fnc" and self.ids:
            official = fnc_scores(gold, pred, self.labels)
            result["fnc_relative_score"] = round(official["relative_score"], 4)
            result["fnc_score"] = official["score"]
        result.update({f"f1_{label}": round(scores.get(f"f1_{label}", 0.0), 4) for label in self.labels})
        result["ci"] = self._interval(gold, pred, self.primary_metric, self.labels)
        cm = confusion_matrix(gold, pred, labels=self.labels) if gold else np.zeros((len(self.labels),) * 2, dtype=int)
        result["confusion"] = cm.tolist()
        result["confusion_labels"] = self.labels
        result["errors"] = [
            {"id": i, "target": t, "text": x, "gold": g, "predicted": p}
            for i, t, x, g, p in zip(self.ids, self.targets, self.texts, self.gold, predictions["predicted"])
            if g != p
        ]
        result.update(self._calibration(predictions, [self.labels.index(g) for g in gold]))
        return result


class SummaryStanceEvaluator(StanceEvaluator):
    """Article-level stance the way a user gets it: the article's claims, then :func:`stance.summarize`.

    For corpora of (headline, article) pairs (FNC-1, Emergent): the model predicts the
    article's claims with the headline as target, and the summary's article label and
    relatedness give the corpus label through ``summary_labels`` (``favor``, ``against``,
    ``none`` for a related article that takes no side, ``unrelated`` below the relatedness
    threshold). Scored like :class:`StanceEvaluator`; no probabilities, so no ECE.

    Args:
        ids, targets, texts, gold, labels: As for :class:`StanceEvaluator` (``texts`` are articles).
        summary_labels: Summary outcome -> corpus label.
        official, primary_metric, name, n_bootstrap, seed: As for :class:`StanceEvaluator`.

    Example:
        >>> evaluator = SummaryStanceEvaluator(["1"], ["T"], ["An article."], ["discuss"], ["agree", "discuss"],
        ...                                    {"favor": "agree", "against": "agree", "none": "discuss", "unrelated": "discuss"})
        >>> evaluator.supports(object())
        False
    """

    def __init__(self, ids, targets, texts, gold, labels, summary_labels, official=None, primary_metric="macro_f1", name="stance", n_bootstrap=1000, seed=0):
        super().__init__(ids, targets, texts, gold, labels, None, official, primary_metric, name, n_bootstrap, seed)
        missing = sorted({"favor", "against", "none", "unrelated"} - set(summary_labels))
        if missing or not set(summary_labels.values()) <= set(self.labels):
            raise InputError(f"{name}: summary_labels must map favor, against, none and unrelated onto {self.labels}, got {summary_labels!r}")
        self.summary_labels = dict(summary_labels)

    key = "stance via summarize"

    def supports(self, model) -> bool:
        return hasattr(model, "summarize_pairs") and set(getattr(model, "tasks", TASK_NAMES)) >= set(TASK_NAMES)

    def predict(self, model) -> dict:
        outcomes = list(model.summarize_pairs(self.targets, self.texts))
        if len(outcomes) != len(self.texts):
            raise InputError(f"{getattr(model, 'name', model)}: {len(outcomes)} summaries for {len(self.texts)} pairs")
        return {"predicted": [self.summary_labels[o] for o in outcomes]}
