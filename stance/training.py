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
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml
from transformers import (
    AutoModelForSequenceClassification,
    AutoModelForTokenClassification,
    AutoTokenizer,
    DataCollatorForTokenClassification,
    DataCollatorWithPadding,
    Trainer,
    TrainingArguments,
    set_seed,
)

from .config import ConfigError, TrainConfig, load_config
from .data import CLAIM_LABELS, load_articles, load_task_datasets
from .encoding import SPAN_LABELS, encode_claim, encode_speaker, encode_stance
from .metrics import load_metric
from .model_folder import FORMAT_VERSION, MANIFEST, replace_folder, resolve_base_model
from .schema import STANCE_LABELS

__all__ = ["StanceTrainingArguments", "TASK_LABELS", "last_complete_checkpoint", "train"]

logger = logging.getLogger("stance")

TASK_LABELS = {"claim": list(CLAIM_LABELS), "speaker": list(SPAN_LABELS), "stance": list(STANCE_LABELS)}
_BEST_METRIC = {"claim": "f1", "speaker": "mention_exact_f1", "stance": "f1"}


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
    train_sampling_strategy: str = field(
        default="group_by_length", metadata={"help": "Batch inputs of similar length: less padding, faster on a CPU."}
    )


def _arguments(values: dict, **fixed) -> StanceTrainingArguments:
    types = {f.name: f.default for f in dataclasses.fields(StanceTrainingArguments)}
    coerced = {}
    for key, value in values.items():
        # YAML 1.1 reads 3e-5 as a string; coerce where the field is a float.
        if isinstance(value, str) and isinstance(types.get(key), float):
            value = float(value)
        coerced[key] = value
    return StanceTrainingArguments(**{**coerced, **fixed})


def _classification_metrics(task: str):
    metric = load_metric("classification")

    def compute(prediction):
        predicted = np.argmax(prediction.predictions, axis=-1)
        if task == "claim":
            return metric.compute(predictions=predicted, references=prediction.label_ids, average="binary")
        labels = list(range(len(STANCE_LABELS)))
        return metric.compute(
            predictions=predicted, references=prediction.label_ids, average="macro", labels=labels, label_names=list(STANCE_LABELS)
        )

    return compute


def _token_spans(tags, kind: str) -> list[int]:
    """First span of ``kind`` in a tag sequence, as [first, last + 1] token indices, or [-1, -1]."""
    b, i = SPAN_LABELS.index(f"B-{kind}"), SPAN_LABELS.index(f"I-{kind}")
    for start, tag in enumerate(tags):
        if tag in (b, i):
            end = start + 1
            while end < len(tags) and tags[end] == i:
                end += 1
            return [start, end]
    return [-1, -1]


def _speaker_metrics(prediction):
    metric = load_metric("span_f1")
    predicted = np.argmax(prediction.predictions, axis=-1)
    result = {}
    for kind in ("MENTION", "CUE"):
        preds, refs = [], []
        for tags, gold in zip(predicted, prediction.label_ids):
            keep = gold != -100
            preds.append(_token_spans(list(tags[keep]), kind))
            refs.append(_token_spans(list(gold[keep]), kind))
        scores = metric.compute(predictions=preds, references=refs)
        result.update({f"{kind.lower()}_{k}": v for k, v in scores.items()})
    return result


def _tokenize(task: str, dataset, tokenizer, max_length: int):
    if task == "claim":
        def encode(batch):
            return encode_claim(tokenizer, batch["text"], batch["context"], max_length)
    elif task == "stance":
        def encode(batch):
            return encode_stance(tokenizer, batch["target"], batch["text"], max_length)
    else:
        def encode(batch):
            spans = [dict(zip(batch, values)) for values in zip(*batch.values())]
            encoding = encode_speaker(tokenizer, batch["text"], batch["context"], max_length, spans)
            encoding.pop("offset_mapping")
            encoding.pop("unit_mask")
            return encoding

    keep = {"label"} if task != "speaker" else set()
    return dataset.map(encode, batched=True, remove_columns=[c for c in dataset.column_names if c not in keep])


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


def _train_task(task: str, config: TrainConfig, articles, base_model: str, work: Path, resume: bool) -> dict:
    splits = load_task_datasets(articles, task, config.dev_fraction, config.seed, config.dev_articles)
    if config.extra_data:
        from .importers.training_data import add_extra_data

        splits = add_extra_data(splits, task, config.extra_data, config.seed)
    has_dev = "dev" in splits and len(splits["dev"]) > 0
    labels = TASK_LABELS[task]
    set_seed(config.seed)
    model_class = AutoModelForTokenClassification if task == "speaker" else AutoModelForSequenceClassification
    try:
        tokenizer = AutoTokenizer.from_pretrained(base_model)
        model = model_class.from_pretrained(
            base_model,
            num_labels=len(labels),
            id2label=dict(enumerate(labels)),
            label2id={name: i for i, name in enumerate(labels)},
            ignore_mismatched_sizes=True,
        )
    except OSError as error:  # a typo, or an id that is not cached while offline
        raise ConfigError(
            f"base_model {config.base_model!r}: cannot load it ({str(error).strip().splitlines()[0]}); "
            "give a local model folder, or a Hugging Face id that is online or in the cache"
        ) from None
    tokenized = {name: _tokenize(task, ds, tokenizer, config.max_length) for name, ds in splits.items()}
    fixed = {"output_dir": str(work / "checkpoints" / task), "seed": config.seed}
    values = config.task_arguments(task)
    if not has_dev:
        fixed.update(eval_strategy="no", load_best_model_at_end=False)
    else:
        values = {"load_best_model_at_end": True, "metric_for_best_model": _BEST_METRIC[task], **values}
    args = _arguments(values, **fixed)
    collator = (DataCollatorForTokenClassification if task == "speaker" else DataCollatorWithPadding)(tokenizer)
    trainer = Trainer(
        model=model,
        args=args,
        data_collator=collator,
        train_dataset=tokenized["train"],
        eval_dataset=tokenized.get("dev") if has_dev else None,
        processing_class=tokenizer,
        compute_metrics=_speaker_metrics if task == "speaker" else _classification_metrics(task),
    )
    checkpoint = last_complete_checkpoint(args.output_dir) if resume else None
    if checkpoint:
        logger.warning("%s: resuming from %s", task, checkpoint)
    started = time.perf_counter()
    output = trainer.train(resume_from_checkpoint=checkpoint)
    split = "dev" if has_dev else "train"
    scores = trainer.evaluate(tokenized[split], metric_key_prefix=split)
    task_dir = work / "model" / task
    trainer.save_model(str(task_dir))  # writes on the main process only
    if args.process_index == 0:
        (task_dir / "training_args.bin").unlink(missing_ok=True)  # a pickle; the JSON below says the same
        (task_dir / "training_args.json").write_text(args.to_json_string(), encoding="utf-8")
    return {
        "split": split,
        "examples": {name: len(ds) for name, ds in splits.items()},
        "train_seconds": round(time.perf_counter() - started, 1),
        "train_loss": round(output.training_loss, 4),
        **{k: round(v, 4) if isinstance(v, float) else v for k, v in scores.items()},
    }


def _rank() -> int:
    """This process's global rank under torchrun / accelerate launch (0 when not distributed)."""
    return int(os.environ.get("RANK", "0"))


def _barrier() -> None:
    """Wait for every process of a distributed run; nothing to wait for otherwise."""
    import torch.distributed as dist

    if dist.is_available() and dist.is_initialized():
        dist.barrier()


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
    main_process = _rank() == 0
    resuming = resume and (work / "training_config.yaml").is_file()
    if resuming and (work / "training_config.yaml").read_text(encoding="utf-8") != config_text:
        raise ValueError(f"--resume: the config differs from the interrupted run's ({work / 'training_config.yaml'}); run without --resume to start over")
    if main_process:  # other ranks never write here: one starting late would delete rank 0's files
        if not resuming and work.exists():
            shutil.rmtree(work)
        (work / "model").mkdir(parents=True, exist_ok=True)
        if not resuming:
            (work / "training_config.yaml").write_text(config_text, encoding="utf-8")

    if config.extra_data:
        from .importers.training_data import check_extra_data

        check_extra_data(config.extra_data)
    articles = load_articles(config.data)
    base_model = resolve_base_model(config.base_model)
    metrics_path = work / "metrics.json"
    metrics = json.loads(metrics_path.read_text()) if resume and metrics_path.is_file() else {}
    for task in config.tasks:
        if task in metrics and (work / "model" / task / "model.safetensors").is_file():
            logger.warning("%s: already trained in the interrupted run, skipping", task)
            continue
        if main_process:
            print(f"[stance] training {task} from {config.base_model} ...", file=sys.stderr, flush=True)
        metrics[task] = _train_task(task, config, articles, base_model, work, resume)
        if main_process:
            metrics_path.write_text(json.dumps(metrics, indent=2), encoding="utf-8")
            print(f"[stance] {task}: {_summary(metrics[task])}", file=sys.stderr, flush=True)

    _barrier()  # every rank is done with the work folder before rank 0 moves and deletes it
    if not main_process:
        _barrier()  # returns once rank 0 has put the model in place
        return output
    final = work / "model"
    (final / "training_config.yaml").write_text(config_text, encoding="utf-8")
    (final / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    manifest = {"format_version": FORMAT_VERSION, "tasks": list(config.tasks), "labels": {t: TASK_LABELS[t] for t in config.tasks}}
    (final / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    replace_folder(final, output)
    shutil.rmtree(work, ignore_errors=True)
    _barrier()
    return output


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
    from .config import ConfigError
    from .schema import LabelledDataError

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
    except (ConfigError, LabelledDataError, FileNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if _rank() == 0:
        print(f"[stance] model saved to {folder} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0
