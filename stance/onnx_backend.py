"""The ONNX Runtime backend: each task model exported once to ONNX, cached in the model folder.

```
models/default/
  claim/ speaker/ stance/      the trained models (untouched: they still load with transformers)
  onnx/
    claim/model.onnx           float32, with ONNX Runtime's transformer fusions (attention, layer norm, GELU)
    claim/model_int8.onnx      int8 weights, dynamically quantised activations (onnxruntime.quantization)
    claim/export.json          the source weights' fingerprint: a retrained model is exported again
    speaker/ ...  stance/ ...
                               (a bi-encoder stance model: the pooled encoder, output embeddings;
                               its head runs in numpy from stance/stance_head.safetensors)
    claim-speaker/ ...         instead of claim/ and speaker/ for a folder trained with shared_encoder:
                               one graph with both heads (outputs logits, token_logits)
```

The export needs the ``onnx`` extra (``pip install 'stance[onnx]'``: onnxruntime, onnx and
onnxscript); running an export needs only onnxruntime. ``stance export-onnx models/default``
exports ahead of time; ``StancePipeline(folder, backend="onnx")`` exports on first use.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import shutil
import warnings
from pathlib import Path

import numpy as np

from .errors import InputError, MissingExtraError, ModelFolderError

__all__ = ["ONNX_DIR", "ONNX_FILES", "SHARED_UNIT", "OnnxTaskModel", "export_onnx", "onnx_export_is_current", "onnx_units", "require_onnx"]

ONNX_DIR = "onnx"
#: The file of each ONNX backend inside ``<folder>/onnx/<task>/``.
ONNX_FILES = {"onnx": "model.onnx", "onnx-int8": "model_int8.onnx"}
_INFO = "export.json"
_EXPORT_FORMAT = 2  # 2: int8 weights quantised per output channel
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
#: The export of a ``shared_encoder`` folder's claim and speaker models: one graph, two heads.
SHARED_UNIT = "claim-speaker"


def onnx_units(manifest: dict) -> list[str]:
    """The exports a model folder's ONNX backends need: one per task, or ``claim-speaker`` for a shared encoder.

    Args:
        manifest: The folder's manifest (:func:`stance.model_folder.read_manifest`).

    Returns:
        Names of the subfolders of ``<folder>/onnx/``.
    """
    tasks = list(manifest["tasks"])
    if not manifest.get("shared_encoder"):
        return tasks
    return [SHARED_UNIT] + [t for t in tasks if t not in ("claim", "speaker")]


def _sources(unit: str) -> list[str]:
    """The task folders an export is made from."""
    return ["claim", "speaker"] if unit == SHARED_UNIT else [unit]


def require_onnx(export: bool = False) -> None:
    """Check that the packages of the ``onnx`` extra are installed.

    Args:
        export: Also check the packages that exporting needs (onnx, onnxscript), not only
            onnxruntime.

    Raises:
        MissingExtraError: naming the missing packages and the extra to install.

    Example:
        >>> require_onnx()  # doctest: +SKIP
    """
    import importlib.util

    needed = ["onnxruntime"] + (["onnx", "onnxscript"] if export else [])
    missing = [name for name in needed if importlib.util.find_spec(name) is None]
    if missing:
        raise MissingExtraError(
            f"the onnx backends need the 'onnx' extra, and {', '.join(missing)} is not installed: "
            "pip install 'stance[onnx]' (or use backend='torch', the default)"
        )


def _task_dir(folder: Path, task: str) -> Path:
    return Path(folder) / ONNX_DIR / task


def _fingerprint(task_dir: Path) -> dict:
    """What the export was made from: the weights' and config's SHA-256, and the weights' size and mtime."""
    weights = task_dir / "model.safetensors"
    stat = weights.stat()
    return {
        "model.safetensors": hashlib.sha256(weights.read_bytes()).hexdigest(),
        "config.json": hashlib.sha256((task_dir / "config.json").read_bytes()).hexdigest(),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
    }


def onnx_export_is_current(folder: str | os.PathLike, task: str) -> bool:
    """Whether ``<folder>/onnx/<task>/`` holds both exports, made from the task's current weights.

    The weights' size and modification time are compared first; only when they differ (a
    copied folder) are the weights hashed and compared.

    Args:
        folder: A model folder.
        task: ``claim``, ``speaker`` or ``stance``.

    Returns:
        True when the cached export can be used as it is.

    Example:
        >>> onnx_export_is_current("models/default", "stance")  # doctest: +SKIP
        True
    """
    folder, out = Path(folder), _task_dir(Path(folder), task)
    try:
        info = json.loads((out / _INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(info, dict) or info.get("format") != _EXPORT_FORMAT or not all((out / f).is_file() for f in ONNX_FILES.values()):
        return False
    if task == SHARED_UNIT:
        sources = info.get("sources") or {}
        return all(_source_is_current(folder / name, sources.get(name) or {}) for name in _sources(task))
    return _source_is_current(folder / task, info.get("source") or {})


def _source_is_current(task_dir: Path, source: dict) -> bool:
    try:
        stat = (task_dir / "model.safetensors").stat()
        config = hashlib.sha256((task_dir / "config.json").read_bytes()).hexdigest()
    except OSError:
        return False
    if config != source.get("config.json"):
        return False
    if stat.st_size == source.get("size") and stat.st_mtime_ns == source.get("mtime_ns"):
        return True
    return hashlib.sha256((task_dir / "model.safetensors").read_bytes()).hexdigest() == source.get("model.safetensors")


def export_onnx(folder: str | os.PathLike, tasks=None, force: bool = False) -> Path:
    """Export a model folder's task models to ONNX, float32 and int8, into ``<folder>/onnx/``.

    A folder trained with ``shared_encoder`` gets one graph for claim and speaker
    (``onnx/claim-speaker/``, outputs ``logits`` and ``token_logits``) instead of two.

    Each model is exported with ``torch.onnx.export`` (the dynamo exporter), its attention,
    layer norms and GELUs fused for ONNX Runtime (``onnxscript``'s ORT fusions), and its
    weights quantised to int8 with ``onnxruntime.quantization.quantize_dynamic``. The float32
    export is checked against the PyTorch model before it is kept. An export already made
    from the same weights is reused unless ``force``; the task folders themselves are never
    written, so they keep loading with plain ``transformers``.

    Args:
        folder: A model folder written by ``train.py``.
        tasks: The tasks to export (default: every task of the folder).
        force: Export again even when the cached export is current.

    Returns:
        ``<folder>/onnx``.

    Raises:
        MissingExtraError: when onnxruntime, onnx or onnxscript is not installed.
        ModelFolderError: when the folder is not a model folder, cannot be written, or the
            export does not reproduce the PyTorch model's outputs.

    Example:
        >>> export_onnx("models/default")  # doctest: +SKIP
        PosixPath('models/default/onnx')
    """
    from .model_folder import read_manifest

    folder = Path(folder)
    manifest = read_manifest(folder)
    for task in tasks or manifest["tasks"]:
        if task not in manifest["tasks"]:
            raise InputError(f"{folder} has no {task} model (it has {', '.join(manifest['tasks'])})")
    wanted = set(tasks or manifest["tasks"])
    for unit in onnx_units(manifest):
        if wanted.isdisjoint(_sources(unit)):
            continue
        if force or not onnx_export_is_current(folder, unit):
            require_onnx(export=True)
            _export_task(folder, unit)
    return folder / ONNX_DIR


def _export_task(folder: Path, task: str) -> None:
    import torch

    from .model_folder import load_task_model, replace_folder

    model, tokenizer = load_task_model(folder, _sources(task)[0])
    output_names = ["logits"]
    from .biencoder import BiEncoderStanceModel, PooledEncoder

    if isinstance(model, BiEncoderStanceModel):  # the encoder and its pooling; the head runs in numpy
        model.encoder.set_attn_implementation("eager")
        model, output_names = PooledEncoder(model), ["embeddings"]
    else:
        model.set_attn_implementation("eager")  # the attention pattern the fusions and the quantiser know best
    if task == SHARED_UNIT:
        from .joint import SharedHeads

        speaker, _ = load_task_model(folder, "speaker")
        model, output_names = SharedHeads(model, speaker), ["logits", "token_logits"]
    sample = tokenizer(
        ["Officials said the talks would resume", "No"], ["The minister spoke on Monday.", "Yes, he said."],
        padding=True, return_tensors="pt",
    )
    inputs = {k: sample[k] for k in _INPUTS if k in sample}
    root = folder / ONNX_DIR
    work = root / f".{task}.export-{os.getpid()}"
    try:
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        raw = work / "raw.onnx"
        batch, sequence = torch.export.Dim("batch"), torch.export.Dim("sequence")
        with _quiet():
            program = torch.onnx.export(
                model, (), kwargs=inputs, input_names=list(inputs), output_names=output_names,
                dynamic_shapes={k: {0: batch, 1: sequence} for k in inputs}, dynamo=True, external_data=False, verbose=False,
            )
            program.save(str(raw))
            _fuse(raw, work / ONNX_FILES["onnx"])
            _quantize(raw, work / ONNX_FILES["onnx-int8"])
        raw.unlink()
        _check_export(model, tokenizer, work / ONNX_FILES["onnx"], folder / task)
        import onnxruntime

        info = {"format": _EXPORT_FORMAT, "task": task}
        if task == SHARED_UNIT:
            info["sources"] = {name: _fingerprint(folder / name) for name in _sources(task)}
        else:
            info["source"] = _fingerprint(folder / task)
        info.update(torch=torch.__version__, onnxruntime=onnxruntime.__version__)
        (work / _INFO).write_text(json.dumps(info, indent=2), encoding="utf-8")
        replace_folder(work, _task_dir(folder, task))
    except OSError as error:
        raise ModelFolderError(
            f"{root}: cannot write the ONNX export ({error.strerror or error}); run `stance export-onnx {folder}` "
            "as a user who can write the model folder, or copy the folder somewhere writable"
        ) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)


@contextlib.contextmanager
def _quiet():
    """Hold back the exporter's and the quantiser's progress lines, log records and warnings (nothing the user can act on)."""
    loggers = [logging.getLogger(), logging.getLogger("torch.onnx")]
    levels = [logger.level for logger in loggers]
    try:
        for logger in loggers:
            logger.setLevel(logging.ERROR)
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def _fuse(source: Path, destination: Path) -> None:
    """Fuse attention, skip layer norms and GELUs into ONNX Runtime's contrib ops."""
    import onnx_ir as ir
    from onnxscript.rewriter.ort_fusions import optimize_for_ort

    model, _ = optimize_for_ort(ir.load(str(source)))
    ir.save(model, str(destination))


def _quantize(source: Path, destination: Path) -> None:
    """Int8 weights, one scale per output channel; activations quantised per batch at run time.

    No calibration data is needed. The unfused graph is quantised: there every matrix product
    becomes an integer one, which ran faster than the fused graph quantised (whose attention
    stays float32). Per-channel scales halved the labels that differ from float32 on the
    default model (1.2% of 7211 against 2.8% with one scale per matrix; docs/BENCHMARKS.md).
    """
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        source, destination, weight_type=QuantType.QInt8, per_channel=True,
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )


def _check_export(model, tokenizer, path: Path, task_dir: Path) -> None:
    """The float32 export must give the PyTorch model's logits on inputs of other shapes than the sample."""
    import torch

    texts = ["He said the vote was rigged, and that he would appeal against the ruling in the high court.", "Yes."]
    encoding = tokenizer(texts, ["", "She asked whether the minister agreed."], padding=True, return_tensors="pt")
    inputs = {k: encoding[k] for k in _INPUTS if k in encoding}
    runner = OnnxTaskModel(path, threads=1)

    def outputs(result):
        result = result if isinstance(result, (tuple, list)) else (result.logits if hasattr(result, "logits") else result,)
        return [np.asarray(r.float().numpy() if hasattr(r, "float") else r) for r in result]

    with torch.inference_mode():
        expected = outputs(model(**inputs))
        single = outputs(model(**{k: v[1:] for k, v in inputs.items()}))
    got = outputs(runner({k: v.numpy() for k, v in inputs.items()}))
    got_single = outputs(runner({k: v[1:].numpy() for k, v in inputs.items()}))
    difference = max(
        max(float(np.abs(a - b).max()) for a, b in zip(got, expected)), max(float(np.abs(a - b).max()) for a, b in zip(got_single, single))
    )
    if difference > 1e-3:
        raise ModelFolderError(
            f"{task_dir}: the ONNX export differs from the PyTorch model by {difference:.2g} in the logits; "
            "it was not kept. Use backend='torch' for this model"
        )


class OnnxTaskModel:
    """One task's exported model in an ONNX Runtime session on the CPU: features in, logits out.

    Args:
        path: An ``.onnx`` file written by :func:`export_onnx`.
        threads: Threads of one forward pass (default: ``torch.get_num_threads()``, so that
            ``torch.set_num_threads`` and ``OMP_NUM_THREADS`` govern both backends alike).

    Example:
        >>> model = OnnxTaskModel("models/default/onnx/stance/model.onnx")  # doctest: +SKIP
        >>> model({"input_ids": ids, "attention_mask": mask, "token_type_ids": types}).shape  # doctest: +SKIP
        (2, 3)
    """

    def __init__(self, path: str | os.PathLike, threads: int | None = None):
        import onnxruntime as ort

        if threads is None:
            import torch

            threads = torch.get_num_threads()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.path = Path(path)
        try:
            self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        except Exception as error:  # onnxruntime raises its own exception types for damaged files
            raise ModelFolderError(f"{path}: cannot load ({str(error).strip().splitlines()[0]}); run `stance export-onnx --force` on the model folder") from None
        self.input_names = [i.name for i in self.session.get_inputs()]
        self.output_names = [o.name for o in self.session.get_outputs()]

    def __call__(self, features: dict):
        """Logits of one padded batch.

        Args:
            features: ``input_ids``, ``attention_mask`` (and ``token_type_ids``) as integer arrays.

        Returns:
            The float32 logits; for a ``claim-speaker`` export, the tuple (claim logits, token logits).
        """
        feeds = {name: np.asarray(features[name], dtype=np.int64) for name in self.input_names}
        found = self.session.run(self.output_names, feeds)
        return found[0] if len(found) == 1 else tuple(found)
