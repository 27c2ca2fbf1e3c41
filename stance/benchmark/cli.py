"""``python evaluate.py`` / ``stance benchmark``: run models and baselines on datasets, write tables."""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

from ..corpora import CORPORA
from .datasets import SpecError, parse_dataset_spec
from .models_spec import parse_model_spec

__all__ = ["add_benchmark_arguments", "add_benchmark_parser", "build_parser", "main", "run_benchmark"]

_EPILOG = f"""\
model specs (--models):
  PATH                      a trained model folder (has stance_model.json), e.g. models/default
  baseline:majority         the most frequent training label (claim, stance)
  baseline:tfidf            TF-IDF + logistic regression (claim; stance on target [SEP] text)
  baseline:rules            quote marks / cue verbs => claim; cue subject => speaker
  finetune[:CONFIG]         data-cv only: train a fresh model per fold (default config: --cv-config)
  On data-cv, a model folder stands for the model its config trains: it is replaced by
  `finetune` (a fixed folder has seen data/ and cannot be cross-validated).

dataset specs (--datasets): NAME[:PATH][:SPLIT]
  data-cv[:PATH]            k-fold cross-validation by article on a data folder (default data)
  data[:PATH]               every article of PATH; baselines fit on --train-data minus PATH
  polnear[:PATH][:SPLIT]    claim + speaker (default split test; baselines fit on train)
  checkthat[:PATH][:SPLIT]  claim detection as check-worthiness (default dev-test)
  semeval2016 | fnc1 | emergent | ibm | perspectrum [:PATH][:SPLIT]   stance pairs
  PATH defaults to $STANCE_DATASETS/<folder> (default ../shared/datasets);
  default splits: {', '.join(f'{k}={v.eval_split}' for k, v in CORPORA.items())}.

example:
  python evaluate.py --models models/default baseline:majority baseline:tfidf baseline:rules \\
      --datasets data-cv semeval2016::test fnc1 --out runs/bench/first
"""


def add_benchmark_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the benchmark's options to an argparse parser.

    Args:
        parser: The parser (``evaluate.py``'s, or the ``stance benchmark`` subparser).
    """
    parser.add_argument("--models", nargs="+", required=True, metavar="SPEC", help="models to compare (see below)")
    parser.add_argument("--datasets", nargs="+", required=True, metavar="SPEC", help="datasets to evaluate on (see below)")
    parser.add_argument("--out", required=True, help="output folder for results.json, results.md, PNGs and errors files")
    parser.add_argument("--limit", type=int, default=None, metavar="N",
                        help="evaluate on the first N examples only (articles for article datasets), for quick runs")
    parser.add_argument("--bootstrap", type=int, default=1000, metavar="N", help="bootstrap resamples for the 95%% CI (default 1000; 0: none)")
    parser.add_argument("--seed", type=int, default=42, help="seed of folds and bootstrap (default 42)")
    parser.add_argument("--folds", type=int, default=5, help="folds of data-cv (default 5)")
    parser.add_argument("--cv-config", default="configs/default.yaml", help="training config of fine-tuned models in data-cv (default configs/default.yaml)")
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                        help="override a key of --cv-config, e.g. --set training.num_train_epochs=4 (repeatable)")
    parser.add_argument("--train-data", nargs="+", default=["data"], help="labelled data baselines are fit on for data:PATH (default data)")
    parser.add_argument("--device", default=None, help="torch device of model folders (default: CUDA when available)")
    parser.add_argument("--keep-fold-models", action="store_true", help="keep the models trained per fold (under OUT/folds)")


def add_benchmark_parser(subparsers) -> argparse.ArgumentParser:
    """Add the ``benchmark`` command to ``stance``'s subparsers.

    Args:
        subparsers: What ``parser.add_subparsers()`` returned.

    Returns:
        The new subparser (its ``run`` default calls :func:`run_from_args`).

    Example:
        >>> from stance.cli import build_parser  # doctest: +SKIP
        >>> add_benchmark_parser(commands)  # in build_parser  # doctest: +SKIP
    """
    parser = subparsers.add_parser(
        "benchmark", help="compare models and baselines on datasets (same as evaluate.py)",
        description=__doc__, epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_benchmark_arguments(parser)
    parser.set_defaults(run=run_from_args)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The ``evaluate.py`` parser."""
    parser = argparse.ArgumentParser(
        prog="evaluate.py", description="Benchmark stance models and baselines on the project's data and public datasets.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_benchmark_arguments(parser)
    return parser


def _hardware() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), cpu)
    except OSError:
        pass
    text = f"{os.cpu_count()} CPU cores ({cpu})"
    try:
        import torch

        if torch.cuda.is_available():
            text += f", GPU {torch.cuda.get_device_name(0)}"
        text += f", torch {torch.__version__} with {torch.get_num_threads()} threads"
    except ImportError:
        pass
    return text


def run_benchmark(
    model_specs: list[str],
    dataset_specs: list[str],
    out: str | Path,
    limit: int | None = None,
    n_bootstrap: int = 1000,
    seed: int = 42,
    folds: int = 5,
    cv_config: str = "configs/default.yaml",
    overrides: list[str] | None = None,
    train_data: list[str] | None = None,
    device: str | None = None,
    keep_fold_models: bool = False,
    command: str = "",
    echo=print,
) -> dict:
    """Run every model on every dataset, on the same examples; write and return the report.

    Args:
        model_specs, dataset_specs: As on the command line (see ``python evaluate.py --help``).
        out: Output folder: ``results.json``, ``results.md``, and per dataset, task and
            model a ``.confusion.png`` and an ``.errors.jsonl``.
        limit: Evaluate on the first N examples (articles for article datasets).
        n_bootstrap: Bootstrap resamples for the headline metric's 95% CI.
        seed: Seed of the folds and the bootstrap.
        folds, cv_config, overrides: Cross-validation settings for ``data-cv``.
        train_data: Folders baselines are fit on for ``data:PATH``.
        device: Torch device for model folders.
        keep_fold_models: Keep fold models under ``out/folds``.
        command: The command line, recorded in the report.
        echo: Where tables are printed (None: nowhere).

    Returns:
        ``{"meta": {...}, "results": {dataset: {task: {"primary": ..., "models": {...}}}}}``.

    Raises:
        SpecError: for a bad spec, before anything runs.

    Example:
        >>> run_benchmark(["baseline:rules"], ["data-cv"], "runs/bench/rules")  # doctest: +SKIP
    """
    from .crossval import cross_validate, fit_model
    from .evaluators import ResourceMonitor
    from .report import format_table, write_reports

    echo = echo or (lambda *a, **k: None)
    models = [parse_model_spec(s) for s in model_specs]
    datasets = [parse_dataset_spec(s, train_data) for s in dataset_specs]
    names = [m.name for m in models]
    if len(set(names)) != len(names):
        raise SpecError(f"--models names a model twice: {' '.join(model_specs)}")
    if limit is not None and limit < 1:
        raise SpecError(f"--limit must be at least 1, got {limit}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    meta = {
        "command": command, "hardware": _hardware(), "started": time.strftime("%Y-%m-%d %H:%M:%S"),
        "limit": limit, "bootstrap": n_bootstrap, "seed": seed, "models": {}, "datasets": {},
        "memory_note": "peak_rss_mb: highest RSS sampled while the model predicted; rss_increase_mb: that peak minus the RSS when it started",
    }
    report = {"meta": meta, "results": {}}
    loaded: dict = {}
    for dataset in datasets:
        ds_started = time.perf_counter()
        print(f"[benchmark] {dataset.name} ...", file=sys.stderr, flush=True)
        if dataset.kind == "cv":
            cv_models, seen = [], set()
            for m in models:
                if m.kind == "folder":
                    m = parse_model_spec("finetune")
                    meta.setdefault("notes", []).append(f"data-cv: model folders are replaced by `finetune` trained from {cv_config}")
                if m.name not in seen:
                    seen.add(m.name)
                    cv_models.append(m)
            results = cross_validate(
                dataset.load_articles(limit), cv_models, k=folds, seed=seed, config_path=cv_config, overrides=overrides or [],
                work_dir=out / "folds", n_bootstrap=n_bootstrap, out=out, name=dataset.name, keep_models=keep_fold_models,
            )
            meta["datasets"][dataset.name] = {"spec": dataset.spec, "folds": results["claim"].pop("folds"), "cv_config": cv_config,
                                             "overrides": overrides or []}
            for entry in results.values():
                entry.pop("folds", None)
        else:
            evaluators = dataset.evaluators(limit, n_bootstrap, seed)
            meta["datasets"][dataset.name] = {"spec": dataset.spec, "path": str(dataset.path), "examples": {e.task: len(e) for e in evaluators}}
            results = {e.key: {"primary": e.primary_metric, "models": {}} for e in evaluators}
            for spec in models:
                if spec.kind == "finetune":
                    for e in evaluators:
                        results[e.key]["models"][spec.name] = {"skipped": "finetune is for data-cv"}
                    continue
                info = meta["models"].setdefault(spec.name, {})
                if spec.kind == "folder":
                    if spec.name not in loaded:
                        with ResourceMonitor() as monitor:
                            loaded[spec.name] = spec.build(device)
                        info.update(load_seconds=round(monitor.seconds, 2), load_rss_increase_mb=monitor.rss_increase_mb)
                    model, fit_errors = loaded[spec.name], {}
                else:
                    model = spec.build()
                    fitted = fit_model(model, dataset.training_data())
                    fit_errors = fitted["fit_errors"]
                    info.setdefault("fit_seconds", {})[dataset.name] = fitted["fit_seconds"]
                for e in evaluators:
                    if not e.supports(model):
                        results[e.key]["models"][spec.name] = {"skipped": f"no {e.key} model"}
                    elif e.task in fit_errors:
                        results[e.key]["models"][spec.name] = {"skipped": fit_errors[e.task]}
                    else:
                        results[e.key]["models"][spec.name] = e(model, out)
        meta["datasets"][dataset.name]["seconds"] = round(time.perf_counter() - ds_started, 1)
        report["results"][dataset.name] = results
        for task, entry in results.items():
            echo(format_table(dataset.name, task, entry["primary"], entry["models"]))
            echo()
        write_reports(report, out)  # after every dataset, so a long run keeps what it did
    meta["total_seconds"] = round(time.perf_counter() - started, 1)
    paths = write_reports(report, out)
    echo(f"wrote {paths['json']}, {paths['markdown']} and per-model PNGs and errors files in {out}")
    return report


def run_from_args(args) -> int:
    """Run the benchmark from parsed :func:`add_benchmark_arguments` arguments; returns the exit status."""
    import datasets as hf_datasets
    import transformers

    hf_datasets.disable_progress_bars()
    transformers.logging.set_verbosity_error()
    from ..errors import StanceError

    try:
        run_benchmark(
            args.models, args.datasets, args.out, limit=args.limit, n_bootstrap=args.bootstrap, seed=args.seed,
            folds=args.folds, cv_config=args.cv_config, overrides=args.overrides, train_data=args.train_data,
            device=args.device, keep_fold_models=args.keep_fold_models, command=" ".join(sys.argv),
        )
    except StanceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python evaluate.py``: parse arguments and run the benchmark.

    Args:
        argv: Arguments without the program name; ``sys.argv[1:]`` when None.

    Returns:
        The exit status (2 for a bad spec or config).
    """
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    return run_from_args(build_parser().parse_args(argv))
