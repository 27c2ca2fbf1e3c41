"""Corpora beyond one machine: Ray Data reads the articles, a pool of actors predicts, Parquet out.

Needs the optional extra: ``pip install 'stance[ray]'`` (on every machine of the cluster, with
the same model folder at the same path, or on a file system they all see).

On one machine (Ray starts a local instance)::

    python -m stance.distributed corpus.jsonl claims/ --model models/default --workers 2 -t "Sanctions on Russia"

On a cluster: ``ray start --head`` on one machine, ``ray start --address=<head>:6379`` on the
others, then on any of them::

    RAY_ADDRESS=<head>:6379 python -m stance.distributed s3://bucket/corpus/ s3://bucket/claims/ --workers 16

Ray does the scheduling, the retries of failed tasks and the streaming between reading,
predicting and writing; each actor loads the model once and predicts batch after batch.
"""

from __future__ import annotations

import argparse
import inspect
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .corpus import _checked, _predict_articles, _summarizer, _summary
from .errors import InputError, StanceError

__all__ = ["RayPredictor", "main", "predict_ray", "read_articles"]


def _import_ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise InputError("the Ray path needs Ray Data: pip install 'stance[ray]' (or pip install 'ray[data]')") from None
    return ray


class RayPredictor:
    """The callable class of ``map_batches``: loads the pipeline once per actor, predicts batches.

    Args:
        model: The model folder (default ``$STANCE_MODEL`` or ``models/default``), at the same
            path on every machine.
        targets: Targets for articles without a ``targets`` value; None takes the headline.
        batch_size: Model inputs per forward pass.
        keep_non_claims: Keep every unit in ``claims``.
        device: Torch device; None picks CUDA when the actor has a GPU.
        precision: ``"auto"``, ``"float32"`` or ``"bfloat16"``.
        threads: Torch threads of the actor (its ``num_cpus``); None keeps torch's choice.

    A batch (a ``pyarrow.Table``) has ``id`` and ``text`` columns and optionally ``targets``;
    the result has ``id``, ``claims`` (a JSON string of ``Claim.as_dict()`` dicts), ``n_claims``,
    ``error`` (None, or why the article was skipped) and, when stance has ``summarize``,
    ``summary`` (a JSON string).

    Example:
        >>> ds = ray.data.read_json("corpus.jsonl", lines=True)  # doctest: +SKIP
        >>> ds.map_batches(RayPredictor, fn_constructor_kwargs={"model": "/models/default"},  # doctest: +SKIP
        ...                batch_format="pyarrow", batch_size=16, concurrency=4, num_cpus=1)
    """

    def __init__(self, model=None, targets=None, batch_size: int = 32, keep_non_claims: bool = False,
                 device: str | None = None, precision: str = "auto", threads: int | None = None):
        import torch
        import transformers

        from .pipeline import load_pipeline

        if threads:
            torch.set_num_threads(threads)
        transformers.logging.set_verbosity_error()
        transformers.utils.logging.disable_progress_bar()
        self.pipeline = load_pipeline(model, device=device, precision=precision)
        self.summarize = _summarizer()
        self.targets, self.batch_size, self.keep_non_claims = targets, batch_size, keep_non_claims

    def __call__(self, batch):
        import json

        import pyarrow as pa

        records = batch.to_pylist()
        rows = [_checked(record, f"id {record.get('id')!r}") for record in records]
        good = [a for a in rows if a.problem is None]
        predicted = _predict_articles(self.pipeline, good, self.targets, self.batch_size, self.keep_non_claims)
        done = {id(a): (claims, error) for a, claims, error in predicted}
        columns: dict[str, list] = {"id": [], "claims": [], "n_claims": [], "error": []}
        if self.summarize is not None:
            columns["summary"] = []
        for article, record in zip(rows, records):
            claims, error = done.get(id(article), (None, article.problem))
            raw_id = record.get("id")
            columns["id"].append(article.id if article.id is not None else (None if raw_id is None else str(raw_id)))
            columns["claims"].append(json.dumps([c.as_dict() for c in claims or []], ensure_ascii=False))
            columns["n_claims"].append(sum(c.claim for c in claims or []))
            columns["error"].append(error)
            if self.summarize is not None:
                columns["summary"].append(None if claims is None else json.dumps(_summary(claims, self.summarize), ensure_ascii=False))
        schema = {"id": pa.string(), "claims": pa.string(), "n_claims": pa.int32(), "error": pa.string(), "summary": pa.string()}
        return pa.table({name: pa.array(values, type=schema[name]) for name, values in columns.items()})


def _text_files_to_articles(batch):
    """``read_binary_files`` rows (bytes, path) as articles (id = the file's stem, text)."""
    import pyarrow as pa

    ids, texts = [], []
    for record in batch.to_pylist():
        ids.append(Path(record["path"]).stem)
        try:
            texts.append(record["bytes"].decode("utf-8"))
        except UnicodeDecodeError:
            texts.append(None)
    return pa.table({"id": pa.array(ids, pa.string()), "text": pa.array(texts, pa.string())})


def _cpus(function, cpus: float) -> dict:
    """``num_cpus=`` where the Ray reader takes it (newer Ray), else ``ray_remote_args`` (older)."""
    if "num_cpus" in inspect.signature(function).parameters:
        return {"num_cpus": cpus}
    return {"ray_remote_args": {"num_cpus": cpus}}


def read_articles(source: str | os.PathLike | Sequence[str], io_cpus: float = 0):
    """Open a corpus as a Ray Dataset of ``id``, ``text`` (and ``targets``) rows.

    Args:
        source: JSON lines (``.jsonl``), Parquet (``.parquet``) or ``.txt`` files, or a folder
            of one kind; any path Ray reads (local, ``s3://``, ``gs://``...).
        io_cpus: CPUs each read task reserves. Reading is light next to predicting, and with
            the default 0 it never waits for CPUs that the predicting actors hold (on two CPUs
            and two actors, a read task asking for one would wait for ever); Ray Data's
            object-store budget still keeps reading from running far ahead.

    Returns:
        A lazy ``ray.data.Dataset``.

    Example:
        >>> ds = read_articles("corpus/")  # doctest: +SKIP
    """
    ray = _import_ray()
    paths = [str(p) for p in source] if isinstance(source, (list, tuple)) else [str(source)]
    local = [Path(p) for p in paths if "://" not in p]
    names = [p.name.lower() for p in local if p.is_file()]
    for folder in (p for p in local if p.is_dir()):
        names += [f.name.lower() for f in folder.iterdir() if f.is_file()]
    missing = [str(p) for p in local if not p.exists()]
    if missing:
        raise InputError(f"{missing[0]}: no such file or folder to read articles from")
    remote_names = [p.lower() for p in paths if "://" in p]
    every = names + remote_names
    if any(n.endswith((".parquet", ".pq")) for n in every):
        return ray.data.read_parquet(paths, **_cpus(ray.data.read_parquet, io_cpus))
    if any(n.endswith((".jsonl", ".ndjson", ".json", ".jsonl.gz")) for n in every):
        if "lines" in inspect.signature(ray.data.read_json).parameters:
            return ray.data.read_json(paths, lines=True, **_cpus(ray.data.read_json, io_cpus))
        return ray.data.read_json(paths, **_cpus(ray.data.read_json, io_cpus))  # older Ray reads JSON lines by default
    if any(n.endswith(".txt") for n in every):
        files = ray.data.read_binary_files(paths, include_paths=True, file_extensions=["txt"], **_cpus(ray.data.read_binary_files, io_cpus))
        return files.map_batches(_text_files_to_articles, batch_format="pyarrow", num_cpus=io_cpus)
    raise InputError(f"{paths[0]}: cannot tell the corpus format; give .jsonl, .parquet or .txt files (or a folder of them)")


def predict_ray(
    input: str | os.PathLike | Sequence[str],
    output: str | os.PathLike,
    targets: Sequence[str] | None = None,
    model: str | os.PathLike | None = None,
    workers: int = 2,
    batch_size: int = 32,
    *,
    articles_per_batch: int = 16,
    cpus_per_worker: float = 1,
    gpus_per_worker: float = 0,
    io_cpus: float = 0,
    keep_non_claims: bool = False,
    precision: str = "auto",
) -> dict:
    """Predict a corpus with Ray Data and write the results as Parquet files in a folder.

    Connects to the cluster of ``$RAY_ADDRESS`` when Ray is not yet initialised (else starts
    a local instance). Bad articles are not fatal: their row has an empty ``claims`` list and
    the reason in ``error``.

    Args:
        input: A ``.jsonl`` / ``.parquet`` file, a folder of ``.jsonl``, ``.parquet`` or
            ``.txt`` files, or a list of paths; anything Ray reads (``s3://...``).
        output: A folder that does not exist yet (or is empty) for the Parquet files, one row
            per article: ``id``, ``claims`` (JSON), ``n_claims``, ``error`` (and ``summary``).
        targets: Stance targets for articles without their own ``targets``; None takes the
            headline.
        model: The model folder, at the same path on every machine (default
            ``$STANCE_MODEL`` or ``models/default``).
        workers: Ray actors that predict, each loading the model once.
        batch_size: Model inputs per forward pass.
        articles_per_batch: Articles per ``map_batches`` batch.
        cpus_per_worker: CPUs reserved per actor (and its torch threads).
        gpus_per_worker: GPUs per actor (e.g. 1, or 0.5 to share one between two).
        io_cpus: CPUs each read and write task reserves (see :func:`read_articles`).
        keep_non_claims: Keep every unit in ``claims``.
        precision: ``"auto"``, ``"float32"`` or ``"bfloat16"``.

    Returns:
        Counts read back from the written files (when ``output`` is local): ``articles``,
        ``failed`` and ``claims``; ``{}`` for a remote ``output``.

    Raises:
        InputError: when Ray is not installed, the input cannot be read or ``output`` holds
            files already.

    Example:
        >>> from stance.distributed import predict_ray
        >>> predict_ray("corpus.jsonl", "claims/", targets=["Sanctions on Russia"], workers=4)  # doctest: +SKIP
        {'articles': 1000, 'failed': 2, 'claims': 21403}
    """
    from .pipeline import DEFAULT_MODEL, _targets_per_article, read_manifest

    ray = _import_ray()
    if workers < 1 or batch_size < 1 or articles_per_batch < 1:
        raise InputError(f"workers, batch_size and articles_per_batch must be at least 1, got {workers}, {batch_size}, {articles_per_batch}")
    if targets is not None:
        targets = _targets_per_article(targets, [""], True)[0]
    folder = Path(model or os.environ.get("STANCE_MODEL") or DEFAULT_MODEL).resolve()
    read_manifest(folder)  # a missing model stops here, not in every actor
    output = str(output)
    local_output = "://" not in output
    if local_output and Path(output).exists() and any(Path(output).iterdir()):
        raise InputError(f"{output}: the output folder holds files already; give a new folder (Ray adds files to it, it never replaces them)")
    if not ray.is_initialized():
        ray.init(address=os.environ.get("RAY_ADDRESS"), log_to_driver=False)
    articles = read_articles(input, io_cpus=io_cpus)
    predicted = articles.map_batches(
        RayPredictor,
        fn_constructor_kwargs={
            "model": str(folder), "targets": targets, "batch_size": batch_size, "keep_non_claims": keep_non_claims,
            "precision": precision, "threads": max(1, int(cpus_per_worker)),
        },
        batch_format="pyarrow", batch_size=articles_per_batch, concurrency=workers, num_cpus=cpus_per_worker,
        num_gpus=gpus_per_worker,
    )
    predicted.write_parquet(output, ray_remote_args={"num_cpus": io_cpus})
    if not local_output:
        return {}
    import pyarrow.dataset

    table = pyarrow.dataset.dataset(output, format="parquet").to_table(columns=["n_claims", "error"])
    good = table.column("error").null_count
    return {"articles": table.num_rows, "failed": table.num_rows - good, "claims": int(sum(table.column("n_claims").to_pylist()))}


def main(argv: list[str] | None = None) -> int:
    """``python -m stance.distributed INPUT OUTPUT_DIR [options]``: exit 0, 1 when articles were skipped, 2 on errors.

    Args:
        argv: Arguments without the program name; ``sys.argv[1:]`` when None.

    Returns:
        The exit status.
    """
    parser = argparse.ArgumentParser(
        prog="python -m stance.distributed",
        description="Predict a corpus on a Ray cluster ($RAY_ADDRESS) or a local Ray instance; writes Parquet files.",
    )
    parser.add_argument("input", nargs="+", help=".jsonl, .parquet or .txt files or folders of them (local, s3://, gs://...)")
    parser.add_argument("output", help="a new folder for the Parquet files")
    parser.add_argument("-t", "--target", action="append", metavar="TARGET", help="a stance target (repeat for more; default: the headline)")
    parser.add_argument("--model", help="model folder, the same path on every machine (default: $STANCE_MODEL or models/default)")
    parser.add_argument("--workers", type=int, default=2, help="Ray actors that predict, each loading the model once (default 2)")
    parser.add_argument("--cpus-per-worker", type=float, default=1)
    parser.add_argument("--gpus-per-worker", type=float, default=0)
    parser.add_argument("--io-cpus", type=float, default=0, help="CPUs per read and write task (default 0: never wait for the actors' CPUs)")
    parser.add_argument("--batch-size", type=int, default=32, help="model inputs per forward pass")
    parser.add_argument("--articles-per-batch", type=int, default=16)
    parser.add_argument("--all", action="store_true", help="keep the units that are not claims too")
    args = parser.parse_args(argv)
    try:
        counts = predict_ray(
            args.input if len(args.input) > 1 else args.input[0], args.output, args.target, args.model, args.workers, args.batch_size,
            articles_per_batch=args.articles_per_batch, cpus_per_worker=args.cpus_per_worker, gpus_per_worker=args.gpus_per_worker,
            io_cpus=args.io_cpus, keep_non_claims=args.all,
        )
    except StanceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if counts:
        print(f"{counts['articles']} article(s) written to {args.output} ({counts['claims']} claims)", file=sys.stderr)
        if counts["failed"]:
            print(f"{counts['failed']} article(s) skipped as bad: their rows have the reason in 'error'", file=sys.stderr)
    return 1 if counts.get("failed") else 0


if __name__ == "__main__":
    sys.exit(main())
