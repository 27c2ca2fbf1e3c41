"""Fine-tune the claim, speaker and stance models with `transformers.Trainer`.

A run trains each task in ``<output_dir's parent>/.<name>.work/``, with checkpoints there,
and moves the finished model folder into ``output_dir`` only when every task is done: an
interrupted or failed run never touches the model already in place, and ``resume=True``
continues from the last checkpoint.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
import yaml
from transformers import AutoTokenizer, Trainer, set_seed

from .biencoder import ARCHITECTURE_KEY
from .config import TrainConfig, load_config, shipped_config_writing, training_arguments
from .data import load_articles, load_task_datasets
from .errors import ConfigError, ModelFolderError, StanceError
from .model_folder import replace_folder, resolve_base_model, write_manifest
from .tasks import TASKS

__all__ = ["last_complete_checkpoint", "train"]

logger = logging.getLogger("stance")


def _tokenize(task, dataset, tokenizer, max_length: int):
    keep = set() if task.token_level else {"label"}
    return dataset.map(
        lambda batch: task.encode_batch(tokenizer, batch, max_length),
        batched=True, remove_columns=[c for c in dataset.column_names if c not in keep],
    )


def last_complete_checkpoint(folder: str | Path) -> str | None:
    """The newest ``checkpoint-<step>`` under ``folder`` that was saved completely, or None.

    The Trainer writes a checkpoint's files in place and ``trainer_state.json`` last, so a run
    killed while saving leaves a checkpoint without it (or with it cut short); such a one is
    passed over, and resuming starts from the one before.
    """
    found = []
    for path in Path(folder).glob("checkpoint-*"):
        match = re.fullmatch(r"checkpoint-(\d+)", path.name)
        if not match or not path.is_dir():
            continue
        try:
            json.loads((path / "trainer_state.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            logger.warning("%s: incomplete (saving was interrupted), not resuming from it", path)
            continue
        found.append((int(match[1]), str(path)))
    return max(found)[1] if found else None


def _task_splits(name: str, config: TrainConfig, articles, dev_only: bool = False):
    """A task's train (and dev) split: labelled articles, extra corpora, augmentations, stance inputs.

    ``dev_only`` builds the dev split alone (calibration), without reading any corpus's train rows.
    """
    from datasets import DatasetDict

    splits = load_task_datasets(articles, name, config.dev_fraction, config.seed, config.dev_articles)
    if dev_only:
        splits = DatasetDict({key: table for key, table in splits.items() if key == "dev"})
    if config.extra_data:
        from .corpora import add_extra_data

        splits = add_extra_data(splits, name, config.extra_data, config.seed, parts=("dev",) if dev_only else ("train", "dev"))
    if name == "stance" and config.stance_augment and "train" in splits:
        from .augment import augment_stance

        splits["train"] = augment_stance(splits["train"], config.stance_augment)
    if name == "stance" and config.stance_input:
        from .encoding import stance_context

        splits = splits.map(lambda row: {"context": stance_context(config.stance_input, row, row["target"], row["text"])})
    if name in ("claim", "speaker") and config.context_words is not None:
        from .encoding import last_words

        splits = splits.map(lambda row: {"context": last_words(row["context"], config.context_words)})
    return splits


def _cannot_load(name: str, error: OSError) -> str:
    """Why a base model does not load: a typo, an id not cached while offline, or a stage not yet trained."""
    stage = shipped_config_writing(name)
    hint = (
        f"it is what {stage.relative_to(stage.parents[1])} trains: train that first" if stage is not None and not Path(name).exists()
        else "give a local model folder, or a Hugging Face id that is online or in the cache"
    )
    return f"base_model {name!r}: cannot load it ({str(error).strip().splitlines()[0]}); {hint}"


def _check_base_model(config: TrainConfig, task: str) -> None:
    """Stop before training when ``task`` starts from a shipped stage's folder that is not there yet."""
    name = config.task_base_model(task)
    if not Path(resolve_base_model(name, task)).exists() and shipped_config_writing(name) is not None:
        raise ConfigError(_cannot_load(name, OSError("no such folder")))


def _load_pretrained(name: str, config: TrainConfig, base_model: str):
    """The tokenizer and a fresh ``name`` head on ``base_model``."""
    labels = list(TASKS[name].labels)
    try:
        tokenizer = AutoTokenizer.from_pretrained(base_model)
        model = TASKS[name].auto_model().from_pretrained(
            base_model,
            num_labels=len(labels),
            id2label=dict(enumerate(labels)),
            label2id={label: i for i, label in enumerate(labels)},
            ignore_mismatched_sizes=True,
        )
    except OSError as error:  # a typo, or an id that is not cached while offline
        raise ConfigError(_cannot_load(config.task_base_model(name), error)) from None
    # Started from a bi-encoder folder (a two-stage recipe's stage one), the encoder's config keeps the key
    # that marks one: saved with it, this cross-encoder would be read back as a bi-encoder.
    if hasattr(model.config, ARCHITECTURE_KEY):
        delattr(model.config, ARCHITECTURE_KEY)
    tokenizer.model_max_length = config.max_length  # saved with the model: its inputs are never longer
    return tokenizer, model


def _fit(name: str, config: TrainConfig, model, tokenizer, tokenized, collator, compute_metrics, best_metric, work: Path, resume: bool, **extra):
    """Train with the Trainer (best dev checkpoint kept) and evaluate; returns (trainer, args, metrics)."""
    has_dev = "dev" in tokenized and len(tokenized["dev"]) > 0
    fixed = {"output_dir": str(work / "checkpoints" / name), "seed": config.seed, **extra}
    values = config.task_arguments(name)
    if not has_dev:
        fixed.update(eval_strategy="no", load_best_model_at_end=False)
    else:
        values = {"load_best_model_at_end": True, "metric_for_best_model": best_metric, **values}
    args = training_arguments(values, **fixed)
    trainer = Trainer(
        compute_loss_func=_loss_function(name, args, tokenized["train"]),
        model=model,
        args=args,
        optimizers=(_head_optimizer(model, args), None),
        data_collator=collator,
        train_dataset=tokenized["train"],
        eval_dataset=tokenized.get("dev") if has_dev else None,
        processing_class=tokenizer,
        compute_metrics=compute_metrics,
    )
    checkpoint = last_complete_checkpoint(args.output_dir) if resume else None
    if checkpoint:
        logger.warning("%s: resuming from %s", name, checkpoint)
    started = time.perf_counter()
    output = trainer.train(resume_from_checkpoint=checkpoint)
    split = "dev" if has_dev else "train"
    scores = trainer.evaluate(tokenized[split], metric_key_prefix=split)
    metrics = {
        "split": split,
        "train_seconds": round(time.perf_counter() - started, 1),
        "train_loss": round(output.training_loss, 4),
        **{k: round(v, 4) if isinstance(v, float) else v for k, v in scores.items()},
    }
    return trainer, args, metrics


def _loss_function(name: str, args, train):
    """Weighted cross-entropy when the task's arguments set ``class_weights``; None: the model's own loss."""
    if args.class_weights is None:
        return None
    if name not in TASKS:  # the joint claim+speaker run
        raise ConfigError(f"{name}.class_weights: only a task trained alone takes class weights (not claim and speaker on one encoder)")
    from .losses import class_weight_vector, weighted_cross_entropy

    column = "labels" if "labels" in train.column_names else "label"  # sequence tasks keep "label"; the collator renames it
    weights = class_weight_vector(args.class_weights, train[column], TASKS[name].labels, source=f"{name}.class_weights")
    logger.warning("%s: class weights %s", name, dict(zip(TASKS[name].labels, [round(w, 3) for w in weights.tolist()])))
    return weighted_cross_entropy(weights)


def _head_optimizer(model, args):
    """AdamW with the model's head at ``head_learning_rate`` (None, the Trainer's own optimizer, when unset).

    The head is the bi-encoder's ``head`` or a transformers classification model's ``classifier`` (the
    cross-encoder, the claim and speaker taggers). A randomly initialised linear head learns slowly at an
    encoder's fine-tuning rate; setfit gives its head its own rate for the same reason.
    """
    if args.head_learning_rate is None or not any(_is_head(name) for name, _ in model.named_parameters()):
        return None
    decay = set(Trainer.get_decay_parameter_names(None, model))
    groups = []
    for in_head in (False, True):
        for decays in (True, False):
            params = [p for n, p in model.named_parameters() if p.requires_grad and _is_head(n) == in_head and (n in decay) == decays]
            if params:
                groups.append({"params": params, "weight_decay": args.weight_decay if decays else 0.0, "lr": args.head_learning_rate if in_head else args.learning_rate})
    return torch.optim.AdamW(groups, lr=args.learning_rate, betas=(args.adam_beta1, args.adam_beta2), eps=args.adam_epsilon)


_HEAD_MODULES = frozenset({"head", "classifier", "pre_classifier", "speaker_classifier"})


def _is_head(name: str) -> bool:
    """Whether a parameter is new on top of the encoder: in a head (the bi-encoder's ``head``, a classification
    model's ``classifier`` and DistilBERT's ``pre_classifier``, wherever they sit, as in the shared claim and
    speaker model), or the bi-encoder's source priors."""
    return name == "source_bias" or not _HEAD_MODULES.isdisjoint(name.split(".")[:-1])


def _save_training_args(args, task_dir: Path) -> None:
    if args.process_index == 0:
        (task_dir / "training_args.bin").unlink(missing_ok=True)  # a pickle; the JSON below says the same
        (task_dir / "training_args.json").write_text(args.to_json_string(), encoding="utf-8")


def _load_bi_encoder(config: TrainConfig, base_model: str, sources: list[str] | None = None):
    """The tokenizer and a bi-encoder stance model on ``base_model``.

    A bi-encoder stance folder (stage one of two-stage training) is continued whole, head
    included: the head is what maps its features to favor / against. Any other folder
    ``AutoModel`` loads gets a fresh head on its encoder. ``sources``: a label prior per
    source of pairs (``stance_source_bias``). ``stance_head_hidden`` gives a linear head its
    hidden layer (starting at zero, so a continued head first predicts as it did).
    """
    from transformers import AutoModel

    from .biencoder import BiEncoderStanceModel, is_bi_encoder_folder

    try:
        tokenizer = AutoTokenizer.from_pretrained(base_model)
        if is_bi_encoder_folder(base_model):
            model = BiEncoderStanceModel.from_pretrained(base_model, sources=sources, head_hidden=config.stance_head_hidden)
        else:
            model = BiEncoderStanceModel(AutoModel.from_pretrained(base_model), sources=sources, head_hidden=config.stance_head_hidden)
    except OSError as error:
        raise ConfigError(_cannot_load(config.task_base_model("stance"), error)) from None
    tokenizer.model_max_length = config.max_length
    return tokenizer, model


def _bi_encoder_tokenize(dataset, tokenizer, max_length: int, sources: list[str] | None = None):
    from .biencoder import encode_stance_sides

    source_ids = {source: i for i, source in enumerate(sources or [])}

    def encode(batch):
        encoded = encode_stance_sides(tokenizer, batch["target"], batch["text"], max_length, batch["context"] if "context" in batch else None)
        if source_ids:  # a source not trained on (a dev corpus of its own) is read as news, the first
            encoded["source_ids"] = [source_ids.get(x, 0) for x in batch["source"]]
        return encoded

    return dataset.map(encode, batched=True, remove_columns=[c for c in dataset.column_names if c != "label"])


def _pair_sources(config: TrainConfig, train) -> list[str] | None:
    """The sources of the stance training pairs, news first, when each gets its own label prior."""
    from .data import NEWS_SOURCE

    if not config.stance_source_bias:
        return None
    return [NEWS_SOURCE] + sorted(set(train["source"]) - {NEWS_SOURCE})


def _train_task(name: str, config: TrainConfig, articles, base_model: str, work: Path, resume: bool) -> dict:
    task = TASKS[name]
    splits = _task_splits(name, config, articles)
    set_seed(config.seed)
    bi_encoder = name == "stance" and config.stance_architecture == "bi-encoder"
    if bi_encoder:
        from .biencoder import BiEncoderCollator

        sources = _pair_sources(config, splits["train"])
        tokenizer, model = _load_bi_encoder(config, base_model, sources)
        tokenized = {split: _bi_encoder_tokenize(ds, tokenizer, config.max_length, sources) for split, ds in splits.items()}
        collator, extra = BiEncoderCollator(tokenizer), {"label_names": ["labels"]}
    else:
        tokenizer, model = _load_pretrained(name, config, base_model)
        tokenized = {split: _tokenize(task, ds, tokenizer, config.max_length) for split, ds in splits.items()}
        collator, extra = task.collator(tokenizer), {}
    trainer, args, metrics = _fit(
        name, config, model, tokenizer, tokenized, collator, task.compute_metrics, task.best_metric, work, resume, **extra
    )
    has_dev = metrics["split"] == "dev"
    calibration = (
        _fit_calibration(
            trainer, tokenized["dev"], none_offset=name == "stance" and config.fit_none_offset, against_offset=name == "stance" and config.fit_against_offset
        ) if has_dev else {"temperature": 1.0}
    )
    task_dir = work / "model" / name
    if bi_encoder:  # not a PreTrainedModel: the encoder folder and the head file
        if args.process_index == 0:
            model.save_pretrained(task_dir)
            tokenizer.save_pretrained(task_dir)
    else:
        trainer.save_model(str(task_dir))  # writes on the main process only
    _save_training_args(args, task_dir)
    return {"examples": {split: len(ds) for split, ds in splits.items()}, **metrics, **calibration}


def _train_claim_speaker(config: TrainConfig, articles, base_model: str, work: Path, resume: bool) -> dict[str, dict]:
    """Claim and speaker on one encoder (``shared_encoder: true``); returns each task's metrics."""
    from .joint import ClaimSpeakerCollator, ClaimSpeakerModel, claim_speaker_metrics, encode_claim_speaker, join_splits

    claim_splits, speaker_splits = _task_splits("claim", config, articles), _task_splits("speaker", config, articles)
    splits = join_splits(claim_splits, speaker_splits)
    set_seed(config.seed)
    tokenizer, claim_model = _load_pretrained("claim", config, base_model)
    _, speaker_model = _load_pretrained("speaker", config, base_model)
    model = ClaimSpeakerModel(claim_model, speaker_model)
    del speaker_model
    tokenized = {
        split: ds.map(lambda batch: encode_claim_speaker(tokenizer, batch, config.max_length), batched=True, remove_columns=ds.column_names)
        for split, ds in splits.items()
    }
    trainer, args, metrics = _fit(
        "claim+speaker", config, model, tokenizer, tokenized, ClaimSpeakerCollator(tokenizer), claim_speaker_metrics,
        "claim_speaker", work, resume, label_names=["labels", "token_labels"],
    )
    split = metrics["split"]
    found = {}
    for name, prefix, task_splits in (("claim", "claim_", claim_splits), ("speaker", "speaker_", speaker_splits)):
        scores = {
            f"{split}_{k.removeprefix(f'{split}_{prefix}')}": v
            for k, v in metrics.items()
            if k.startswith(f"{split}_{prefix}") and k != f"{split}_claim_speaker"  # the mean of both, the checkpoint's pick
        }
        found[name] = {
            "split": split, "examples": {s: len(ds) for s, ds in task_splits.items()}, "shared_encoder": True,
            "train_seconds": metrics["train_seconds"], "train_loss": metrics["train_loss"], **scores,
        }
    if split == "dev":
        output = trainer.predict(tokenized["dev"], metric_key_prefix="calibration")
        (logits, token_logits), (labels, token_labels) = output.predictions[:2], output.label_ids
        found["claim"].update(_temperature(logits, labels))
        found["speaker"].update(_temperature(token_logits, token_labels))
    else:
        found["claim"]["temperature"] = found["speaker"]["temperature"] = 1.0
    if args.process_index == 0:
        model.save(work / "model" / "claim", work / "model" / "speaker", tokenizer)
        for name in ("claim", "speaker"):
            _save_training_args(args, work / "model" / name)
    return found


def _fit_calibration(trainer, dev, none_offset: bool = False, against_offset: bool = False) -> dict:
    """The task's temperature, fitted on the dev split, and the dev ECE before and after it.

    With ``none_offset`` or ``against_offset`` (stance), also the offsets on those labels'
    log-probabilities that maximise dev macro-F1 after the temperature, and dev macro-F1
    without and with them.
    """
    output = trainer.predict(dev, metric_key_prefix="calibration")
    found = _temperature(output.predictions, output.label_ids)
    fit = [label for label, asked in (("none", none_offset), ("against", against_offset)) if asked]
    if fit:
        found.update(_label_offsets(output.predictions, output.label_ids, found["temperature"], fit))
    return found


def _label_offsets(logits, labels, temperature: float, fit: list[str]) -> dict:
    """Fit stance label offsets on dev logits, one after the other in the order of ``fit``
    (:func:`stance.calibration.fit_label_offset`): ``{"<label>_offset", "dev_f1_before_offset", "dev_f1_after_offset"}``."""
    from scipy.special import softmax

    from .calibration import apply_label_offset, apply_temperature, fit_label_offset
    from .metrics.functions import classification_scores
    from .schema import STANCE_LABELS

    probabilities = apply_temperature(softmax(np.asarray(logits, dtype=np.float64), axis=-1), temperature)
    labels = np.asarray(labels)
    names = list(range(len(STANCE_LABELS)))

    def f1(p):
        return round(classification_scores(labels, p.argmax(axis=1), labels=names)["f1"], 4)

    found, shifted = {"dev_f1_before_offset": f1(probabilities)}, probabilities
    for label in fit:
        index = STANCE_LABELS.index(label)
        found[f"{label}_offset"] = offset = fit_label_offset(shifted, labels, index)
        shifted = apply_label_offset(shifted, index, offset)
    found["dev_f1_after_offset"] = f1(shifted)
    return found


def _temperature(logits, labels) -> dict:
    """Fit a temperature to logits (any shape, last axis the labels; -100 labels ignored); report ECE before and after."""
    from scipy.special import softmax

    from .calibration import apply_temperature, fit_temperature
    from .metrics.functions import expected_calibration_error

    logits, labels = np.asarray(logits, dtype=np.float64), np.asarray(labels)
    probabilities = softmax(logits.reshape(-1, logits.shape[-1]), axis=-1)
    labels = labels.reshape(-1)
    keep = labels != -100  # the speaker task's padding and context tokens
    probabilities, labels = probabilities[keep], labels[keep]
    temperature = fit_temperature(probabilities, labels)

    def ece(p):
        return round(expected_calibration_error(p.max(axis=1), p.argmax(axis=1) == labels), 4)

    return {"temperature": temperature, "dev_ece_before": ece(probabilities), "dev_ece_after": ece(apply_temperature(probabilities, temperature))}


def train(config: TrainConfig, resume: bool = False) -> Path:
    """Train every task of ``config`` and save one model folder.

    Args:
        config: The effective config (see :func:`stance.config.load_config`).
        resume: Continue an interrupted run of the same config from its last checkpoint,
            skipping tasks it finished.

    Returns:
        The model folder, ``config.output_dir``.

    Under torchrun or ``accelerate launch`` every process runs this function; only rank 0
    writes the work folder's files and moves the finished model into place, after a barrier.

    Example:
        >>> from stance.config import load_config
        >>> train(load_config("configs/default.yaml", ["training.num_train_epochs=1"]))  # doctest: +SKIP
        PosixPath('models/default')
    """
    output = Path(config.output_dir)
    work = output.parent / f".{output.name}.work"
    config_text = yaml.safe_dump(config.to_dict(), sort_keys=False, allow_unicode=True)
    from accelerate import PartialState

    # torchrun / accelerate launch: this process's rank, and barriers. Without an accelerator,
    # cpu=True is what makes accelerate see torchrun's processes (else each one is rank 0 alone),
    # and the state is shared: the Trainer's arguments reuse it.
    accelerator = getattr(torch, "accelerator", None)
    state = PartialState(cpu=not (accelerator.is_available() if accelerator else torch.cuda.is_available()))
    main_process = state.is_main_process
    resuming = resume and (work / "training_config.yaml").is_file()
    if resuming and (work / "training_config.yaml").read_text(encoding="utf-8") != config_text:
        raise ConfigError(f"--resume: the config differs from the interrupted run's ({work / 'training_config.yaml'}); run without --resume to start over")
    if main_process:  # other ranks never write here: one starting late would delete rank 0's files
        if not resuming and work.exists():
            shutil.rmtree(work)
        (work / "model").mkdir(parents=True, exist_ok=True)
        if not resuming:
            (work / "training_config.yaml").write_text(config_text, encoding="utf-8")

    if config.extra_data:
        from .corpora import check_extra_data

        check_extra_data(config.extra_data)
    for unit in _training_units(config):  # before any task trains: a missing stage one must not cost an hour of the others
        _check_base_model(config, unit[0])
    articles = load_articles(config.data) if config.data else []  # a config may train on extra_data alone
    metrics_path = work / "metrics.json"
    metrics = json.loads(metrics_path.read_text()) if resume and metrics_path.is_file() else {}
    for unit in _training_units(config):
        if all(t in metrics and (work / "model" / t / "model.safetensors").is_file() for t in unit):
            logger.warning("%s: already trained in the interrupted run, skipping", "+".join(unit))
            continue
        base_model = resolve_base_model(config.task_base_model(unit[0]), unit[0])
        if main_process:
            print(f"[stance] training {' and '.join(unit)}{' on one encoder' if len(unit) > 1 else ''} from {config.task_base_model(unit[0])} ...",
                  file=sys.stderr, flush=True)
        if len(unit) > 1:
            metrics.update(_train_claim_speaker(config, articles, base_model, work, resume))
        else:
            metrics[unit[0]] = _train_task(unit[0], config, articles, base_model, work, resume)
        if main_process:
            metrics_path.write_text(json.dumps(metrics, indent=2), encoding="utf-8")
            for task in unit:
                print(f"[stance] {task}: {_summary(metrics[task])}", file=sys.stderr, flush=True)

    state.wait_for_everyone()  # every rank is done with the work folder before rank 0 moves and deletes it
    if not main_process:
        state.wait_for_everyone()  # returns once rank 0 has put the model in place
        return output
    final = work / "model"
    (final / "training_config.yaml").write_text(config_text, encoding="utf-8")
    (final / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    temperatures = {task: metrics[task].get("temperature", 1.0) for task in config.tasks}
    write_manifest(final, config.tasks, config.max_length, config.base_model, temperatures, config.stance_input,
                   shared_encoder=len(_training_units(config)[0]) > 1, context_words=config.context_words,
                   stance_none_offset=metrics.get("stance", {}).get("none_offset", 0.0),
                   stance_secondary_none_offset=config.stance_secondary_none_offset,
                   stance_against_offset=metrics.get("stance", {}).get("against_offset", 0.0))
    if config.relatedness_pairs:  # the config check makes sure relatedness_model is set
        from .relatedness import add_relatedness, corpus_pairs

        spec = config.relatedness_pairs
        print(f"[stance] relatedness: {config.relatedness_model}, calibrated on {spec['importer']} {spec.get('split', 'train')} pairs ...",
              file=sys.stderr, flush=True)
        # A missing or unfit corpus stops here, before the output folder is touched.
        add_relatedness(final, articles, config.relatedness_model, corpus_pairs(spec["importer"], spec.get("path"), spec.get("split", "train")))
    elif config.relatedness_model and any(a.targets for a in articles):
        from .relatedness import add_relatedness

        print(f"[stance] relatedness: {config.relatedness_model}, calibrated on {len(articles)} articles ...", file=sys.stderr, flush=True)
        try:
            add_relatedness(final, articles, config.relatedness_model)
        except ModelFolderError as error:  # too few articles to calibrate on: the trained models are kept without it
            print(f"[stance] relatedness left out: {error}", file=sys.stderr, flush=True)
    replace_folder(final, output)
    shutil.rmtree(work, ignore_errors=True)
    state.wait_for_everyone()
    return output


def calibrate_model_folder(folder: str | Path, none_offset: bool | None = None, against_offset: bool | None = None) -> dict:
    """Fit the temperatures of a trained model folder on its dev split and store them.

    Training does this itself; use it for folders trained before it did, or after changing
    the dev articles. The dev split is rebuilt from the folder's ``training_config.yaml``
    as training built it (its data, ``dev_articles``, ``dev_fraction``, seed and the
    ``dev_split`` of each ``extra_data`` entry), so it is the split the model never trained on. Only ``stance_model.json`` and ``metrics.json`` are rewritten.

    Args:
        folder: A model folder written by ``train.py``.
        none_offset: Fit the stance none offset too (True), set it to 0 (False), or refit
            it where the folder has one or its config asks for one (None).
        against_offset: The same for the stance against offset (fitted after the none one).

    Returns:
        Task -> ``{"temperature", "dev_ece_before", "dev_ece_after"}``; stance also has
        ``none_offset`` and/or ``against_offset``, ``dev_f1_before_offset`` and
        ``dev_f1_after_offset`` when an offset is fitted.

    Raises:
        ModelFolderError: when the folder has no ``training_config.yaml``, or its config
            has no dev split to fit on.

    Example:
        >>> calibrate_model_folder("models/default")["claim"]["temperature"]  # doctest: +SKIP
        1.42
    """
    from transformers import TrainingArguments

    from .errors import ModelFolderError
    from .model_folder import load_task_model, read_manifest

    folder = Path(folder)
    manifest = read_manifest(folder)
    config_path = folder / "training_config.yaml"
    if not config_path.is_file():
        raise ModelFolderError(f"{config_path}: missing; without the training config the dev split cannot be rebuilt")
    config = load_config(config_path)
    # What the models read is the manifest's (an assembled folder's config may be another task's).
    config = dataclasses.replace(config, stance_input=list(manifest["stance_input"]), context_words=manifest["context_words"])
    articles = load_articles(config.data) if config.data else []  # a config may train on extra_data alone
    fit_none = none_offset if none_offset is not None else bool(config.fit_none_offset or manifest["stance_none_offset"])
    fit_against = against_offset if against_offset is not None else bool(config.fit_against_offset or manifest["stance_against_offset"])
    found = {}
    for name in manifest["tasks"]:
        task = TASKS[name]
        dev = _task_splits(name, config, articles, dev_only=True).get("dev")  # as training built it, extra_data dev splits included
        if dev is None or len(dev) == 0:
            raise ModelFolderError(f"{config_path}: no dev split (dev_fraction 0, no dev_articles, no extra_data dev_split): nothing to calibrate {name} on")
        model, tokenizer = load_task_model(folder, name)
        bi_encoder = name == "stance" and manifest["stance_architecture"] == "bi-encoder"
        with tempfile.TemporaryDirectory() as scratch:
            args = TrainingArguments(
                output_dir=scratch, per_device_eval_batch_size=64, report_to=[], disable_tqdm=True, dataloader_pin_memory=False, **({"label_names": ["labels"]} if bi_encoder else {})
            )
            if bi_encoder:
                from .biencoder import BiEncoderCollator

                collator, dev = BiEncoderCollator(tokenizer), _bi_encoder_tokenize(dev, tokenizer, manifest["max_length"])
            else:
                collator, dev = task.collator(tokenizer), _tokenize(task, dev, tokenizer, manifest["max_length"])
            trainer = Trainer(model=model, args=args, data_collator=collator, processing_class=tokenizer)
            found[name] = _fit_calibration(trainer, dev, none_offset=name == "stance" and fit_none, against_offset=name == "stance" and fit_against)
    write_manifest(
        folder, manifest["tasks"], manifest["max_length"], manifest.get("base_model", ""),
        {t: v["temperature"] for t, v in found.items()}, manifest["stance_input"], shared_encoder=bool(manifest["shared_encoder"]),
        context_words=manifest["context_words"], stance_none_offset=found.get("stance", {}).get("none_offset", 0.0),
        stance_secondary_none_offset=manifest["stance_secondary_none_offset"], stance_against_offset=found.get("stance", {}).get("against_offset", 0.0),
    )
    metrics_path = folder / "metrics.json"
    metrics = json.loads(metrics_path.read_text(encoding="utf-8")) if metrics_path.is_file() else {}
    for name, values in found.items():
        task_metrics = metrics.setdefault(name, {})
        for key in ("none_offset", "against_offset", "dev_f1_before_offset", "dev_f1_after_offset"):  # an offset dropped (--no-none-offset)
            task_metrics.pop(key, None)
        task_metrics.update(values)
    metrics_path.write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    return found


def _training_units(config: TrainConfig) -> list[tuple[str, ...]]:
    """What to train, in order: each task alone, or claim and speaker together on a shared encoder."""
    if not (config.shared_encoder and {"claim", "speaker"} <= set(config.tasks)):
        return [(task,) for task in config.tasks]
    units = [("claim", "speaker")]
    return units + [(task,) for task in config.tasks if task not in units[0]]


def _summary(task_metrics: dict) -> str:
    split = task_metrics["split"]
    keys = [k for k in task_metrics if k.startswith(f"{split}_") and not k.endswith(("runtime", "per_second", "loss", "epoch"))]
    shown = ", ".join(f"{k.removeprefix(split + '_')} {task_metrics[k]:.3f}" for k in keys[:6])
    return f"{split} {shown} ({task_metrics['train_seconds']} s)"


def main(argv: list[str] | None = None) -> int:
    """``train.py`` / ``stance train``: parse arguments, train, print where the model went."""
    import argparse

    parser = argparse.ArgumentParser(prog="train.py", description="Fine-tune the claim, speaker and stance models.")
    add_train_arguments(parser)
    return run_training(parser.parse_args(argv))


def add_train_arguments(parser) -> None:
    """Add ``--config``, ``--set`` and ``--resume`` to an argparse parser."""
    parser.add_argument("--config", default="configs/default.yaml", help="YAML config (default: configs/default.yaml)")
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                        help="override a config key, e.g. --set training.num_train_epochs=2 (repeatable)")
    parser.add_argument("--resume", action="store_true", help="continue an interrupted run from its last checkpoint")


def run_training(args) -> int:
    """Train from parsed ``add_train_arguments`` arguments; returns the exit status."""
    import datasets
    import transformers

    logging.basicConfig(level=logging.WARNING, format="[stance] %(message)s")
    datasets.disable_progress_bars()
    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()  # weight loading/saving bars, not the Trainer's
    try:
        config = load_config(args.config, args.overrides)
        started = time.perf_counter()
        folder = train(config, resume=args.resume)
    except StanceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if int(os.environ.get("RANK", "0")) == 0:
        print(f"[stance] model saved to {folder} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0
