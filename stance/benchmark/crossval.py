"""Cross-validation by article on the project's labelled data.

Each fold trains fresh models on the other folds' articles (baselines are fit, fine-tuned
models trained with :func:`stance.train` from a config) and predicts the held-out articles,
so every article, the seed article included, is scored by a model that never saw it. The
held-out predictions of all folds are pooled and scored once (with bootstrap intervals);
per-fold headline scores are kept too.
"""

from __future__ import annotations

import dataclasses
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from .evaluators import ClaimEvaluator, ResourceMonitor, SpeakerEvaluator, StanceEvaluator
from ..errors import InputError

__all__ = ["article_folds", "cross_validate", "fit_model"]


def article_folds(article_ids: Sequence[str], k: int = 5, seed: int = 42) -> list[list[str]]:
    """Split article ids into ``k`` folds of near-equal size, never splitting an article.

    Args:
        article_ids: The ids.
        k: Number of folds (at most the number of articles).
        seed: Seed of the shuffle.

    Returns:
        ``k`` sorted lists of ids.

    Raises:
        ValueError: when ``k < 2`` or there are fewer articles than folds.

    Example:
        >>> article_folds(["a", "b", "c", "d"], k=2, seed=0)
        [['c', 'd'], ['a', 'b']]
    """
    from sklearn.model_selection import KFold

    ids = sorted(set(article_ids))
    if k < 2:
        raise InputError(f"cross-validation needs at least 2 folds, got {k}")
    if len(ids) < k:
        raise InputError(f"{k} folds need at least {k} articles; the data has {len(ids)}")
    # One article is one group, so KFold over the article ids is GroupKFold over the units.
    splits = KFold(n_splits=k, shuffle=True, random_state=seed).split(ids)
    return [sorted(ids[i] for i in held_out) for _, held_out in splits]


def fit_model(model, data) -> dict:
    """Fit a baseline on :class:`~stance.benchmark.datasets.TrainingData`, for every task it can learn.

    Args:
        model: A baseline (objects without ``fit_*`` methods are left alone).
        data: The training data.

    Returns:
        ``{"fit_seconds": ..., "fit_errors": {task: message}}``.
    """
    started = time.perf_counter()
    errors = {}
    for task, method in (("claim", "fit_claims"), ("stance", "fit_stance")):
        fit = getattr(model, method, None)
        part = data.claims if task == "claim" else data.stance
        if fit is None:
            continue
        if part is None:
            errors[task] = data.note or "no training data for this task"
            continue
        try:
            fit(*part)
        except ValueError as error:
            errors[task] = str(error)
    return {"fit_seconds": round(time.perf_counter() - started, 2), "fit_errors": errors}


def pool_predictions(parts: list[dict]) -> dict:
    pooled: dict = {}
    for part in parts:
        for key, values in part.items():
            pooled.setdefault(key, []).extend(values)
    return pooled


def cross_validate(
    articles,
    model_specs,
    k: int = 5,
    seed: int = 42,
    config_path: str | None = "configs/default.yaml",
    overrides: Sequence[str] = (),
    work_dir: str | Path = "runs/cv",
    n_bootstrap: int = 1000,
    out: str | Path | None = None,
    name: str = "data-cv",
    keep_models: bool = False,
    log=None,
) -> dict:
    """Cross-validate models by article.

    Args:
        articles: Labelled articles (:func:`stance.load_articles`).
        model_specs: :class:`~stance.benchmark.models_spec.ModelSpec` entries: baselines are
            fit per fold; ``finetune`` (and any model folder, which stands for the model
            that ``config_path`` trains) is trained per fold with :func:`stance.train`.
        k: Number of folds.
        seed: Seed of the fold split and of the bootstrap.
        config_path: Training config of fine-tuned models (``finetune:CONFIG`` overrides it).
            Its ``data`` becomes the fold's training articles; of its ``dev_articles``, those
            in the fold's training part stay dev (none left: ``dev_fraction`` picks them).
        overrides: ``--set`` items applied to that config.
        work_dir: Where fold models are trained (removed afterwards unless ``keep_models``).
        n_bootstrap: Bootstrap resamples.
        out: Folder for confusion PNGs and errors files (None: none written).
        name: The dataset's name in the report.
        keep_models: Keep the trained fold models.
        log: A function taking a progress line (default: print to stderr).

    Returns:
        ``{task: {"primary": metric, "models": {model name: result}}}``; each result holds
        the pooled metrics, ``folds`` (per-fold headline scores), ``train_seconds`` (per
        fold, fine-tuned models) and speed over all folds.

    Example:
        >>> from stance import load_articles
        >>> from stance.benchmark.models_spec import parse_model_spec
        >>> cross_validate(load_articles("data"), [parse_model_spec("baseline:rules")], k=5)  # doctest: +SKIP
    """
    from ..config import load_config
    from ..training import train
    from .baselines import make_baseline
    from .datasets import _article_training
    from .models import PipelineModel

    log = log or (lambda line: print(line, file=sys.stderr, flush=True))
    by_id = {a.article_id: a for a in articles}
    folds = article_folds(list(by_id), k, seed)
    work_dir = Path(work_dir)
    predictions: dict = {}  # (model, task) -> list of fold predictions
    stats: dict = {}  # model -> {"seconds": {task: s}, "peak": {task: mb}, ...}
    fold_scores: dict = {}
    held_out_order: list = []
    for f, held_ids in enumerate(folds):
        held = [by_id[i] for i in held_ids]
        training = [by_id[i] for fold in folds if fold is not held_ids for i in fold]
        held_out_order += held
        evaluators = {
            "claim": ClaimEvaluator.from_articles(held, name=f"{name}-fold{f}", n_bootstrap=0),
            "speaker": SpeakerEvaluator(held, name=f"{name}-fold{f}", n_bootstrap=0),
            "stance": StanceEvaluator.from_articles(held, name=f"{name}-fold{f}", n_bootstrap=0),
        }
        train_data = _article_training(training)
        for spec in model_specs:
            entry = stats.setdefault(spec.name, {"train_seconds": [], "fit_errors": {}, "skipped": {}})
            started = time.perf_counter()
            if spec.kind == "baseline":
                model = make_baseline(spec.value)
                fitted = fit_model(model, train_data)
                entry["fit_errors"].update(fitted["fit_errors"])
                entry["train_seconds"].append(fitted["fit_seconds"])
            else:
                config = load_config(spec.value or config_path, list(overrides))
                folder = work_dir / f"fold{f}" / spec.name.replace(":", "_").replace("/", "_")
                # The config's dev articles that are in this fold's training part stay dev; the
                # held-out ones are the fold's test articles, so they are dropped (none left: dev_fraction).
                training_ids = {a.article_id for a in training}
                dev = [i for i in (config.dev_articles or []) if i in training_ids] or None
                config = dataclasses.replace(config, data=[a.path for a in training], output_dir=str(folder), dev_articles=dev)
                log(f"[benchmark] {name} fold {f + 1}/{k}: training {spec.name} on {len(training)} articles ...")
                train(config)
                model = PipelineModel(folder, name=spec.name)
                entry["train_seconds"].append(round(time.perf_counter() - started, 1))
            for task, evaluator in evaluators.items():
                if task in entry["fit_errors"] or not evaluator.supports(model):
                    continue
                with ResourceMonitor() as monitor:
                    part = evaluator.predict(model)
                predictions.setdefault((spec.name, task), []).append(part)
                timing = entry.setdefault(task, {"seconds": 0.0, "n": 0, "peak_rss_mb": 0.0, "rss_increase_mb": 0.0})
                timing["seconds"] += monitor.seconds
                timing["n"] += len(evaluator)
                timing["peak_rss_mb"] = max(timing["peak_rss_mb"], monitor.peak_rss_mb or 0.0)
                timing["rss_increase_mb"] = max(timing["rss_increase_mb"], monitor.rss_increase_mb or 0.0)
                score = evaluator.score(part)
                fold_scores.setdefault((spec.name, task), []).append(score[evaluator.primary_metric])
            log(f"[benchmark] {name} fold {f + 1}/{k}: {spec.name} done ({time.perf_counter() - started:.1f} s)")
            if spec.kind != "baseline" and not keep_models:
                shutil.rmtree(work_dir / f"fold{f}", ignore_errors=True)
    pooled_evaluators = {
        "claim": ClaimEvaluator.from_articles(held_out_order, name=name, n_bootstrap=n_bootstrap, seed=seed),
        "speaker": SpeakerEvaluator(held_out_order, name=name, n_bootstrap=n_bootstrap, seed=seed),
        "stance": StanceEvaluator.from_articles(held_out_order, name=name, n_bootstrap=n_bootstrap, seed=seed),
    }
    results: dict = {}
    for task, evaluator in pooled_evaluators.items():
        models: dict = {}
        for spec in model_specs:
            entry = stats[spec.name]
            parts = predictions.get((spec.name, task))
            if parts is None:
                reason = entry["fit_errors"].get(task, f"{spec.name} has no {task} model")
                models[spec.name] = {"skipped": reason}
                continue
            result = evaluator.score(pool_predictions(parts))
            timing = entry[task]
            result.update({
                "seconds": round(timing["seconds"], 3),
                "per_second": round(timing["n"] / timing["seconds"], 1) if timing["seconds"] > 0 else None,
                "peak_rss_mb": round(timing["peak_rss_mb"], 1),
                "rss_increase_mb": round(timing["rss_increase_mb"], 1),
                "folds": [round(x, 4) for x in fold_scores[(spec.name, task)]],
                "train_seconds": entry["train_seconds"],
            })
            if out is not None:
                evaluator.write_outputs(result, spec.name, out)
            models[spec.name] = result
        results[task] = {"primary": evaluator.primary_metric, "models": models, "folds": folds}
    return results
