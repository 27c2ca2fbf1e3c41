"""Whole corpora on one machine: stream articles in, one JSON line per article out, resumable.

``stance predict --input corpus.jsonl --output out.jsonl`` and :func:`predict_corpus` read
articles from JSON lines, Parquet, a folder of ``.txt`` files or standard input, predict them
(on ``workers`` processes, each loading the model once) and append one line per article to
the output, flushed and fsynced as soon as it is done. Run the same command again after an
interruption and it skips the articles already in the output, repairs a line cut short by a
kill, and does the rest: every article ends up in the output exactly once.

:func:`predict_dataset` does the same for a Hugging Face ``datasets.Dataset`` (a batched
``map``), for corpora that already live in that format or for ``datasets``' own multiprocessing.
For several machines see :mod:`stance.distributed` (Ray Data).
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError, MissingFileError, StanceError

__all__ = ["ERRORS_SUFFIX", "iter_corpus", "predict_corpus", "predict_dataset"]

ERRORS_SUFFIX = ".errors.jsonl"
JSON_LINES = (".jsonl", ".ndjson", ".json")
PARQUET = (".parquet", ".pq")
# Articles per task sent to a worker: large enough for full forward batches, small enough that
# an interruption redoes little and the workers share the end of the corpus evenly.
CHUNK_ARTICLES = 8


@dataclass
class _Article:
    """One record of the input, with where it came from, and why it cannot be predicted (if so)."""

    id: str | None
    text: Any
    targets: list[str] | None
    where: str
    problem: str | None = None


# ----------------------------------------------------------------------------- reading


def iter_corpus(source: str | os.PathLike) -> Iterator[dict]:
    """Read the articles of a corpus one at a time, checking each.

    Args:
        source: A JSON lines file (``.jsonl``, ``.ndjson``, ``.json``: one object per line with
            ``id``, ``text`` and optionally ``targets``, a list of strings), a Parquet file
            (``.parquet``) with the same columns, a folder of ``.txt`` files (the id is the
            file's stem, the target its headline), or ``"-"`` for JSON lines on standard input.

    Returns:
        An iterator of ``{"id", "text", "targets", "where", "problem"}`` dicts in input order:
        ``where`` says where the record is (``corpus.jsonl, line 4``); ``problem`` is None for
        an article that can be predicted, else why it cannot (empty text, no id, text not a
        string, malformed JSON, bad targets).

    Raises:
        MissingFileError: when ``source`` does not exist.
        InputError: when its format cannot be told or the whole file is unusable (a Parquet
            file without a ``text`` column, a folder without ``.txt`` files).

    Example:
        >>> for article in iter_corpus("corpus.jsonl"):  # doctest: +SKIP
        ...     print(article["id"], article["problem"])
    """
    return (dataclasses.asdict(article) for article in _read(source))


def _read(source: str | os.PathLike) -> Iterator[_Article]:
    """Check that ``source`` can be read (raising if not) and return an iterator of its articles."""
    if str(source) == "-":
        return _read_json_lines(sys.stdin.buffer, "<stdin>")
    path = Path(source)
    if not path.exists():
        raise MissingFileError(f"{path}: no such file or folder to read articles from")
    if path.is_dir():
        if not _text_files(path):
            raise InputError(f"{path}: no .txt files in the folder (each article is <id>.txt)")
        return _read_folder(path)
    if path.name.lower().endswith(PARQUET):
        return _read_parquet(_open_parquet(path), path)
    if path.name.lower().endswith(JSON_LINES):
        return _read_json_file(path)
    raise InputError(
        f"{path}: cannot tell the corpus format; give a .jsonl or .parquet file, a folder of .txt files, or - for JSON lines on standard input"
    )


def _read_json_file(path: Path) -> Iterator[_Article]:
    with open(path, "rb") as lines:
        yield from _read_json_lines(lines, str(path))


def _count(source: str | os.PathLike) -> int | None:
    """How many records the input holds (for the progress bar), or None when it cannot be known."""
    if str(source) == "-":
        return None
    path = Path(source)
    if path.is_dir():
        return sum(1 for _ in _text_files(path))
    if path.name.lower().endswith(PARQUET):
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    with open(path, "rb") as lines:
        return sum(1 for line in lines if line.strip())


def _read_json_lines(lines, name: str) -> Iterator[_Article]:
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        where = f"{name}, line {number}"
        try:
            record = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as error:
            yield _Article(None, None, None, where, f"not UTF-8 text (byte {error.start})")
            continue
        except ValueError as error:
            yield _Article(None, None, None, where, f"not valid JSON ({error})")
            continue
        if not isinstance(record, dict):
            yield _Article(None, None, None, where, f"each line must be a JSON object, got {type(record).__name__}")
            continue
        yield _checked(record, where)


def _open_parquet(path: Path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as error:
        raise InputError(f"{path}: not a readable Parquet file ({error})") from None
    columns = parquet.schema_arrow.names
    missing = [c for c in ("id", "text") if c not in columns]
    if missing:
        raise InputError(f"{path}: no {' or '.join(repr(c) for c in missing)} column (the file has {', '.join(columns)})")
    return parquet


def _read_parquet(parquet, path: Path) -> Iterator[_Article]:
    wanted = [c for c in ("id", "text", "targets") if c in parquet.schema_arrow.names]
    row = 0
    for batch in parquet.iter_batches(batch_size=256, columns=wanted):
        for record in batch.to_pylist():
            yield _checked(record, f"{path}, row {row}")
            row += 1


def _text_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix == ".txt" and p.is_file())


def _read_folder(folder: Path) -> Iterator[_Article]:
    for path in _text_files(folder):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            yield _Article(path.stem, None, None, str(path), f"not UTF-8 text (byte {error.start}); convert it with iconv first")
            continue
        except OSError as error:
            yield _Article(path.stem, None, None, str(path), error.strerror or str(error))
            continue
        yield _checked({"id": path.stem, "text": text}, str(path))


def _checked(record: dict, where: str) -> _Article:
    """The record as an article, with the first reason it cannot be predicted, if any."""
    article_id, text, targets = record.get("id"), record.get("text"), record.get("targets")
    if isinstance(article_id, int) and not isinstance(article_id, bool):
        article_id = str(article_id)
    problem = None
    if article_id is None:
        problem = "no 'id': every article needs a unique id"
    elif not isinstance(article_id, str):
        problem, article_id = f"'id' must be a string or an integer, got {type(article_id).__name__}", None
    elif not article_id.strip():
        problem, article_id = "'id' is empty", None
    elif "text" not in record or text is None:
        problem = "no 'text' (missing or null)"
    elif not isinstance(text, str):
        problem = f"'text' must be a string, got {type(text).__name__}"
    elif not text.strip():
        problem = "the text is empty"
    elif targets is not None:
        if isinstance(targets, str):
            targets = [targets]
        if not isinstance(targets, list) or not targets or not all(isinstance(t, str) and t.strip() for t in targets):
            problem = f"'targets' must be a list of non-empty strings, got {json.dumps(targets)[:80]}"
    return _Article(article_id, text, targets, where, problem)


# ----------------------------------------------------------------------------- predicting


def _summarizer() -> Callable | None:
    """``stance.summarize`` when this version of stance has it, else None."""
    try:
        from . import summarize
    except ImportError:
        return None
    if not callable(summarize):  # a module stance/summarize.py: its function of the same name
        summarize = getattr(summarize, "summarize", None)
    return summarize if callable(summarize) else None


def _json_default(value):
    for method in ("as_dict", "to_dict", "tolist"):
        if callable(getattr(value, method, None)):
            return getattr(value, method)()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return str(value)


def _summary(claims, summarize) -> Any:
    """``summarize`` of the article's claims (never of the units that are not claims), as plain JSON data."""
    return json.loads(json.dumps(summarize([c for c in claims if c.claim]), default=_json_default))


def _to_line(article_id: str, claims, summarize) -> str:
    record = {"id": article_id, "claims": [claim.as_dict() for claim in claims]}
    if summarize is not None:
        record["summary"] = _summary(claims, summarize)
    return json.dumps(record, ensure_ascii=False)


def _predict_articles(pipeline, chunk: list[_Article], targets, batch_size: int, keep_non_claims: bool) -> list[tuple]:
    """Predict a few good articles together; returns ``(article, claims or None, error or None)`` for each.

    Articles with targets of their own (or the corpus's) go in one call, those that take their
    headline in another. When a call fails on its input, the articles are tried one by one so
    that only the bad one is reported.
    """
    own = [a for a in chunk if (a.targets or targets) is not None]
    headline = [a for a in chunk if (a.targets or targets) is None]
    results = []
    for group, group_targets in ((own, [list(a.targets or targets) for a in own]), (headline, None)):
        if not group:
            continue
        try:
            predicted = pipeline.predict(
                [a.text for a in group], group_targets, keep_non_claims=keep_non_claims, batch_size=batch_size,
                article_ids=[a.id for a in group],
            )
        except StanceError as error:
            if len(group) == 1:
                results.append((group[0], None, str(error)))
            else:
                for article in group:
                    results.extend(_predict_articles(pipeline, [article], targets, batch_size, keep_non_claims))
            continue
        results.extend((a, claims, None) for a, claims in zip(group, predicted))
    return results


def _predict_lines(pipeline, chunk, targets, batch_size, keep_non_claims, summarize) -> list[tuple]:
    """``(article, output line or None, error or None, number of claims)`` for each article of ``chunk``."""
    return [
        (a, None, error, 0) if claims is None else (a, _to_line(a.id, claims, summarize), None, sum(c.claim for c in claims))
        for a, claims, error in _predict_articles(pipeline, chunk, targets, batch_size, keep_non_claims)
    ]


_WORKER: dict = {}


def _init_worker(model: str, device: str | None, precision: str, threads: int) -> None:
    """Load the pipeline once in a worker process."""
    import warnings

    import torch
    import transformers

    from .pipeline import load_pipeline

    torch.set_num_threads(threads)
    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    warnings.showwarning = lambda message, *args, **kwargs: print(f"warning: {message}", file=sys.stderr)
    _WORKER["pipeline"] = load_pipeline(model, device=device, precision=precision)
    _WORKER["summarize"] = _summarizer()


def _work(chunk, targets, batch_size, keep_non_claims):
    return _predict_lines(_WORKER["pipeline"], chunk, targets, batch_size, keep_non_claims, _WORKER["summarize"])


# ----------------------------------------------------------------------------- writing


class _Output:
    """The output file: ids already done, a half-written last line cut off, lines appended durably."""

    def __init__(self, path: Path, resume: bool):
        self.path = path
        self.done: set[str] = set()
        self.repaired = 0
        if path.is_dir():
            raise InputError(f"{path}: the output must be a file, not a folder")
        path.parent.mkdir(parents=True, exist_ok=True)
        if resume and path.exists():
            self._read_done()
        self.file = open(path, "ab" if resume else "wb")

    def _read_done(self) -> None:
        size = self.path.stat().st_size
        good = 0
        with open(self.path, "rb") as lines:
            for number, raw in enumerate(lines, 1):
                if not raw.endswith(b"\n"):  # a line cut short when the last run was killed
                    break
                if raw.strip():
                    try:
                        self.done.add(str(json.loads(raw)["id"]))
                    except (ValueError, KeyError, TypeError):
                        raise InputError(
                            f"{self.path}, line {number}: not a line that stance predict wrote (no JSON object with an 'id'); "
                            "give another --output, or remove the line to resume"
                        ) from None
                good += len(raw)
        if good < size:
            with open(self.path, "r+b") as out:
                out.truncate(good)
                out.flush()
                os.fsync(out.fileno())
            self.repaired = size - good

    def write(self, line: str) -> None:
        self.file.write(line.encode("utf-8") + b"\n")
        self.file.flush()
        os.fsync(self.file.fileno())

    def close(self) -> None:
        self.file.close()


class _Errors:
    """Bad articles: one line each on standard error and in the sidecar file, written as they come."""

    def __init__(self, path: Path, report: Callable[[str], None]):
        self.path, self.report, self.file, self.count = path, report, None, 0
        path.unlink(missing_ok=True)  # the last run's; its bad articles come round again

    def add(self, article: _Article, message: str) -> None:
        self.count += 1
        name = f" (id {article.id!r})" if article.id is not None else ""
        self.report(f"error: {article.where}{name}: {message}; skipped")
        if self.file is None:
            self.file = open(self.path, "a", encoding="utf-8")
        self.file.write(json.dumps({"id": article.id, "where": article.where, "error": message}, ensure_ascii=False) + "\n")
        self.file.flush()
        os.fsync(self.file.fileno())

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


def predict_corpus(
    input: str | os.PathLike,
    output: str | os.PathLike,
    targets: Sequence[str] | None = None,
    model: str | os.PathLike | Any = None,
    workers: int = 1,
    batch_size: int = 32,
    resume: bool = True,
    *,
    keep_non_claims: bool = False,
    limit: int | None = None,
    progress: bool | None = None,
    device: str | None = None,
    precision: str = "auto",
    on_article: Callable[[dict], None] | None = None,
) -> dict:
    """Predict every article of a corpus into a JSON lines file, resumably.

    Each output line is ``{"id": ..., "claims": [Claim.as_dict(), ...]}``, plus ``"summary"``
    (``stance.summarize(claims)``) when this version of stance has ``summarize``. Lines are
    appended in the order articles finish (with several workers, not the input's), each
    flushed and fsynced before the next. A bad article (no id, a text that is empty or not a
    string, malformed JSON, a repeated id, text the model refuses) is reported with its id on
    standard error and in ``<output>.errors.jsonl`` and skipped; the sidecar lists the bad
    articles of the latest run only.

    Args:
        input: Where the articles are: see :func:`iter_corpus` (``.jsonl``, ``.parquet``, a
            folder of ``.txt`` files, ``"-"`` for standard input).
        output: The JSON lines file to write.
        targets: Stance targets for every article that has no ``targets`` of its own; None
            takes such an article's headline as its target.
        model: A model folder (default ``$STANCE_MODEL`` or ``models/default``) or a loaded
            :class:`~stance.StancePipeline` (its folder is loaded again in each worker).
        workers: Processes that predict, each loading the model once; 1 predicts in this one.
        batch_size: Model inputs per forward pass.
        resume: Keep the articles already in ``output`` and do only the others (a line cut
            short by a kill is removed first); False starts ``output`` afresh.
        keep_non_claims: Write every unit, not only the claims.
        limit: Predict at most this many articles in this run, then stop (the rest are left
            for a later run).
        progress: Show a progress bar (rate and time left) on standard error; None shows it
            when standard error is a terminal.
        device: Torch device for the model; None picks CUDA when available.
        precision: ``"auto"``, ``"float32"`` or ``"bfloat16"`` (see :class:`~stance.StancePipeline`).
        on_article: Called with each record after its line is on disk (for monitoring).

    Returns:
        Counts: ``done`` (articles written by this run), ``already_done`` (found in ``output``
        and skipped), ``failed`` (bad articles reported and skipped), ``claims`` (claims
        written by this run) and ``repaired_bytes`` (of a half-written last line removed).

    Raises:
        MissingFileError: when ``input`` does not exist.
        InputError: when the input's format cannot be read, ``output`` holds a line this
            function did not write, or ``workers`` / ``batch_size`` is below 1.
        ModelFolderError: when the model folder cannot be loaded.

    Example:
        >>> import stance
        >>> counts = stance.predict_corpus("corpus.jsonl", "claims.jsonl", targets=["Sanctions on Russia"],  # doctest: +SKIP
        ...                                workers=2)
        >>> counts  # doctest: +SKIP
        {'done': 998, 'already_done': 0, 'failed': 2, 'claims': 21403, 'repaired_bytes': 0}
    """
    from tqdm.auto import tqdm

    from .pipeline import DEFAULT_MODEL, StancePipeline, _targets_per_article, load_pipeline, read_manifest

    if workers < 1:
        raise InputError(f"workers must be at least 1, got {workers}")
    if batch_size < 1:
        raise InputError(f"batch_size must be at least 1, got {batch_size}")
    if limit is not None and limit < 0:
        raise InputError(f"limit must be 0 or more, got {limit}")
    if targets is not None:
        targets = _targets_per_article(targets, [""], True)[0]
    records = _read(input)
    total = _count(input)
    output = Path(output)
    # The model before the output: a missing model folder stops the run before anything is written.
    pipeline = folder = None
    if workers == 1:
        pipeline = model if isinstance(model, StancePipeline) else load_pipeline(model, device=device, precision=precision)
    else:  # each worker loads it; a missing or damaged folder stops here, not in every worker
        folder = model.folder if isinstance(model, StancePipeline) else Path(model or os.environ.get("STANCE_MODEL") or DEFAULT_MODEL)
        read_manifest(folder)

    out = _Output(output, resume)
    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(total=total, initial=min(len(out.done), total or 0), unit="article", file=sys.stderr, disable=not show,
               dynamic_ncols=True, desc="stance")
    errors = _Errors(Path(str(output) + ERRORS_SUFFIX), lambda message: tqdm.write(message, file=sys.stderr))
    if out.repaired:
        tqdm.write(f"warning: {output}: removed a half-written last line ({out.repaired} bytes) left by an interrupted run", file=sys.stderr)
    counts = {"done": 0, "already_done": 0, "failed": 0, "claims": 0, "repaired_bytes": out.repaired}
    seen: set[str] = set()

    def chunks() -> Iterator[list[_Article]]:
        """The articles still to do, in groups; bad ones are reported on the way."""
        chunk, queued = [], 0
        for article in records:
            if article.problem is None and article.id in seen:
                article.problem = f"the id {article.id!r} appears again in the input; only its first article is predicted"
            if article.problem is not None:
                errors.add(article, article.problem)
                bar.update(1)
                continue
            seen.add(article.id)
            if article.id in out.done:
                counts["already_done"] += 1
                continue
            if limit is not None and queued >= limit:
                break
            chunk.append(article)
            queued += 1
            if len(chunk) == CHUNK_ARTICLES:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def write(results) -> None:
        for article, line, message, n_claims in results:
            if line is None:
                errors.add(article, message)
            else:
                out.write(line)
                out.done.add(article.id)
                counts["done"] += 1
                counts["claims"] += n_claims
            bar.update(1)
            if line is not None and on_article is not None:
                on_article(json.loads(line))

    try:
        if pipeline is not None:
            summarize = _summarizer()
            for chunk in chunks():
                write(_predict_lines(pipeline, chunk, targets, batch_size, keep_non_claims, summarize))
        else:
            _run_workers(chunks(), write, folder, workers, targets, batch_size, keep_non_claims, device, precision)
    finally:
        bar.close()
        out.close()
        errors.close()
    counts["failed"] = errors.count
    return counts


def _run_workers(chunks, write, folder: Path, workers, targets, batch_size, keep_non_claims, device, precision) -> None:
    """Chunks to a pool of worker processes, at most two per worker in flight; results written here."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    threads = max(1, (os.cpu_count() or 1) // workers)
    # spawn, not fork: a forked copy of a process that has started torch's threads can hang.
    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker,
        initargs=(str(Path(folder).resolve()), device, precision, threads),
    )
    pending: set = set()
    try:
        for chunk in chunks:
            while len(pending) >= 2 * workers:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    write(future.result())
            pending.add(pool.submit(_work, chunk, targets, batch_size, keep_non_claims))
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                write(future.result())
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


# ----------------------------------------------------------------------------- Hugging Face datasets


class _DatasetPredictor:
    """The function ``Dataset.map`` calls on each batch; loads the model once per process.

    It pickles as its settings only (not the loaded model), so that ``num_proc`` processes each
    load the model folder themselves.
    """

    def __init__(self, model, text_column, id_column, targets_column, targets, batch_size, keep_non_claims, device, precision):
        from .pipeline import DEFAULT_MODEL, StancePipeline

        self.pipeline = model if isinstance(model, StancePipeline) else None
        folder = model.folder if self.pipeline is not None else (model or os.environ.get("STANCE_MODEL") or DEFAULT_MODEL)
        self.folder = str(Path(folder).resolve())
        self.text_column, self.id_column, self.targets_column = text_column, id_column, targets_column
        self.targets, self.batch_size, self.keep_non_claims = targets, batch_size, keep_non_claims
        self.device, self.precision = device, precision

    def __getstate__(self):
        return {**self.__dict__, "pipeline": None}

    def __call__(self, batch: dict, indices: list[int]) -> dict:
        from .pipeline import load_pipeline

        if self.pipeline is None:
            self.pipeline = load_pipeline(self.folder, device=self.device, precision=self.precision)
        summarize = _summarizer()
        rows = []
        for j, index in enumerate(indices):
            record = {"id": batch[self.id_column][j] if self.id_column in batch else f"row-{index}", "text": batch[self.text_column][j]}
            if self.targets_column in batch:
                record["targets"] = batch[self.targets_column][j]
            rows.append(_checked(record, f"row {index}"))
        good = [a for a in rows if a.problem is None]
        predicted = _predict_articles(self.pipeline, good, self.targets, self.batch_size, self.keep_non_claims)
        done = {id(a): (claims, error) for a, claims, error in predicted}
        columns = {"claims": [], "n_claims": [], "error": []}
        if summarize is not None:
            columns["summary"] = []
        for article in rows:
            claims, error = done.get(id(article), (None, article.problem))
            columns["claims"].append(json.dumps([c.as_dict() for c in claims or []], ensure_ascii=False))
            columns["n_claims"].append(sum(c.claim for c in claims or []))
            columns["error"].append(error)
            if summarize is not None:
                columns["summary"].append(None if claims is None else json.dumps(_summary(claims, summarize), ensure_ascii=False))
        return columns


def predict_dataset(
    dataset,
    text_column: str = "text",
    id_column: str = "id",
    targets: Sequence[str] | None = None,
    model: str | os.PathLike | Any = None,
    batch_size: int = 32,
    *,
    targets_column: str = "targets",
    keep_non_claims: bool = False,
    articles_per_batch: int = 16,
    num_proc: int | None = None,
    device: str | None = None,
    precision: str = "auto",
):
    """Predict every row of a Hugging Face ``datasets.Dataset`` (a batched ``Dataset.map``).

    Bad rows (a text that is empty or not a string, an id that is missing) are not fatal: they
    get an empty ``claims`` list and the reason in ``error``.

    Args:
        dataset: A ``datasets.Dataset`` with a text column.
        text_column: The column holding each article's text (headline first).
        id_column: The column of article ids (strings or integers); when the dataset has no
            such column, rows are named ``row-<index>``.
        targets: Stance targets for rows without targets of their own; None takes a row's
            headline as its target.
        model: A model folder (default ``$STANCE_MODEL`` or ``models/default``) or a loaded
            :class:`~stance.StancePipeline`.
        batch_size: Model inputs per forward pass.
        targets_column: A column of per-row target lists, used where present and not null.
        keep_non_claims: Keep every unit in ``claims``, not only the claims.
        articles_per_batch: Rows per ``map`` batch.
        num_proc: ``datasets``' worker processes (each loads the model once); None is this one.
        device: Torch device; None picks CUDA when available.
        precision: ``"auto"``, ``"float32"`` or ``"bfloat16"``.

    Returns:
        The dataset with the columns ``claims`` (a JSON string: the list of
        ``Claim.as_dict()``), ``n_claims`` (int), ``error`` (None, or why the row was skipped)
        and, when this version of stance has ``stance.summarize``, ``summary`` (a JSON string).

    Raises:
        InputError: when ``text_column`` is not a column of ``dataset``.

    Example:
        >>> from datasets import Dataset
        >>> ds = Dataset.from_dict({"id": ["a"], "text": [open("data/articles/putin-nato-guarantees.txt").read()]})  # doctest: +SKIP
        >>> out = stance.predict_dataset(ds, targets=["NATO expansion eastward"])  # doctest: +SKIP
        >>> json.loads(out[0]["claims"])[0]["speaker"]  # doctest: +SKIP
        'Vladimir Putin'
    """
    import hashlib

    from datasets import Features, Value

    from .pipeline import _targets_per_article

    if text_column not in dataset.column_names:
        raise InputError(f"the dataset has no column {text_column!r} (its columns: {', '.join(dataset.column_names)})")
    if batch_size < 1 or articles_per_batch < 1:
        raise InputError(f"batch_size and articles_per_batch must be at least 1, got {batch_size} and {articles_per_batch}")
    if targets is not None:
        targets = _targets_per_article(targets, [""], True)[0]
    predictor = _DatasetPredictor(model, text_column, id_column, targets_column, targets, batch_size, keep_non_claims, device, precision)
    new = {"claims": Value("string"), "n_claims": Value("int32"), "error": Value("string")}
    if _summarizer() is not None:
        new["summary"] = Value("string")
    features = Features({**{k: v for k, v in dataset.features.items() if k not in new}, **new})
    # The model's weights are no part of what datasets can hash: name the result by its inputs.
    manifest = Path(predictor.folder) / "stance_model.json"
    settings = [dataset._fingerprint, predictor.folder, manifest.stat().st_mtime if manifest.exists() else 0, text_column, id_column,
                targets_column, targets, keep_non_claims, sorted(new)]
    fingerprint = hashlib.sha256(json.dumps(settings, default=str).encode()).hexdigest()[:32]
    return dataset.map(
        predictor, batched=True, batch_size=articles_per_batch, with_indices=True, num_proc=num_proc, features=features,
        new_fingerprint=fingerprint, desc="stance",
    )


# ----------------------------------------------------------------------------- command line


def add_corpus_arguments(predict) -> None:
    """Add ``--input``, ``--output`` and their options to the ``stance predict`` parser."""
    group = predict.add_argument_group(
        "corpora", "stance predict --input CORPUS --output OUT.jsonl: one JSON line per article, resumable (see README)"
    )
    group.add_argument("--input", metavar="CORPUS",
                       help="a .jsonl or .parquet file of id/text(/targets) records, a folder of .txt files, or - (JSON lines on stdin)")
    group.add_argument("--output", metavar="OUT.jsonl", help="where the articles' claims go; bad articles go to OUT.jsonl.errors.jsonl")
    group.add_argument("--workers", type=int, default=1, help="processes that predict, each loading the model once (default 1)")
    group.add_argument("--no-resume", dest="resume", action="store_false",
                       help="start OUT.jsonl afresh instead of skipping the articles already in it")
    group.add_argument("--limit", type=int, metavar="N", help="predict at most N articles in this run")
    group.add_argument("--no-progress", dest="progress", action="store_false", default=None, help="no progress bar")


def run_corpus_command(args, targets) -> int:
    """``stance predict --input ... --output ...``: exit status 0, or 1 when an article was skipped."""
    if args.files:
        raise InputError("give either article files or --input, not both (files: " + ", ".join(args.files[:3]) + ")")
    if not args.input or not args.output:
        raise InputError("--input and --output go together: stance predict --input corpus.jsonl --output claims.jsonl")
    counts = predict_corpus(
        args.input, args.output, targets, model=args.model, workers=args.workers, batch_size=args.batch_size,
        resume=args.resume, keep_non_claims=args.all, limit=args.limit, progress=args.progress,
    )
    again = f"; {counts['already_done']} already in {args.output}" if counts["already_done"] else ""
    print(f"{counts['done']} article(s) written to {args.output} ({counts['claims']} claims){again}", file=sys.stderr)
    if counts["failed"]:
        print(f"{counts['failed']} article(s) skipped as bad: see {args.output}{ERRORS_SUFFIX}", file=sys.stderr)
    return 1 if counts["failed"] else 0
