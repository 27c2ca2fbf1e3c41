"""Prediction speed and quality of every backend and precision, measured side by side in one run.

    python benchmarks/predict_speed.py --model models/default

Measures, with every contestant loaded at once and the timed runs interleaved round by round
(so a busy machine slows all of them alike):

1. latency of ``predict`` on the seed article (three targets): median and p90;
2. stance pairs per second on data/'s gold claim units x their article's targets, against
   plain transformers (float32, eager attention, batches of 32 in input order padded per
   batch, max_length 128) and against ``transformers.pipeline("text-classification")`` on
   the same stance model and pairs (batch_size 32; for a bi-encoder, which has no classification
   head, ``pipeline("feature-extraction")`` on units and targets, mean-pooled, and the head);
3. articles per second on a batch of ``--articles`` articles (data/articles/*.txt repeated),
   each with its labelled targets;
4. quality on the model's dev articles (``dev_articles`` of its training_config.yaml: the
   articles it was not trained on) - claim F1, speaker accuracy, stance macro-F1 - and the
   share of labels that differ from torch float32 (on the dev articles and on all of data/).

Prints Markdown tables and writes them with the raw figures to ``--out`` (JSON + Markdown).
``--also`` adds other model folders (another config, e.g. ``shared_encoder: true``) with the
default backend and ``onnx-int8``; their "labels differing" compare another model with ``--model``'s float32.
The ONNX rows need ``pip install 'stance[onnx]'`` and are left out without it. ``--threads``
sets the threads of every contestant alike (torch and ONNX Runtime).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

import numpy as np
import torch

import stance
from stance.benchmark.evaluators import ClaimEvaluator, SpeakerEvaluator, StanceEvaluator
from stance.benchmark.models import PipelineModel
from stance.pipeline import _resolve_precision

SEED = "putin-nato-guarantees.txt"
TARGETS = ["NATO expansion eastward", "Russia intends to invade Ukraine", "Sanctions on Russia"]


def _before_pipeline(folder):
    """The pipeline as it was before issue "fast prediction": float32 weights under bfloat16 autocast, batches of 32."""
    pipeline = stance.StancePipeline(folder, device="cpu", precision="float32")

    def autocast(model):
        def forward(features):
            with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16):
                logits = model(**{k: torch.from_numpy(v) for k, v in features.items()}).logits
            return logits.float().numpy()

        return forward

    pipeline._forward = {task: autocast(model) for task, model in pipeline.models.items()}
    pipeline.batching = {"batch_size": 32, "max_batch_tokens": 10**9}
    return pipeline


def load_contestants(folder, with_onnx: bool, with_before: bool, also=()) -> dict:
    """name -> pipeline, the default first; each folder of ``also`` with the default backend and precision."""
    contestants = {}
    default_precision = _resolve_precision("auto", torch.device("cpu"))
    contestants[f"torch {default_precision} (default)"] = stance.StancePipeline(folder, device="cpu")
    other = "float32" if default_precision == "bfloat16" else "bfloat16"
    contestants[f"torch {other}"] = stance.StancePipeline(folder, device="cpu", precision=other)
    if with_onnx:
        contestants["onnx float32"] = stance.StancePipeline(folder, backend="onnx")
        contestants["onnx-int8"] = stance.StancePipeline(folder, backend="onnx-int8")
    if with_before:
        contestants["before: torch bf16 autocast, batches of 32"] = _before_pipeline(folder)
    for other_folder in also:
        contestants[f"{other_folder}: torch {default_precision}"] = stance.StancePipeline(other_folder, device="cpu")
        if with_onnx:
            contestants[f"{other_folder}: onnx-int8"] = stance.StancePipeline(other_folder, backend="onnx-int8")
    for pipeline in contestants.values():
        pipeline.batching = getattr(pipeline, "batching", {})
    return contestants


def _float32_name(contestants) -> str:
    return next(name for name, p in contestants.items() if getattr(p, "backend", "") == "torch" and p.precision == "float32" and not p.batching)


def interleaved(functions: dict, rounds: int, warmup: int = 1) -> dict[str, list[float]]:
    """Time each function ``rounds`` times, one call of each per round."""
    for function in functions.values():
        for _ in range(warmup):
            function()
    times = {name: [] for name in functions}
    for _ in range(rounds):
        for name, function in functions.items():
            started = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - started)
    return times


def p90(values) -> float:
    return float(np.percentile(values, 90))


def gold_pairs(articles):
    return [(t, u["text"]) for a in articles for u in a.units if u["claim"] for t in u["stances"]]


def plain_transformers(folder: Path, pairs, batch_size: int = 32, max_length: int = 128):
    """Plain transformers float32 eager: batches of 32 in input order, each padded to its longest."""
    import transformers

    from stance.biencoder import is_bi_encoder_folder

    tokenizer = transformers.AutoTokenizer.from_pretrained(folder / "stance")
    if is_bi_encoder_folder(folder / "stance"):
        return _plain_bi_encoder(folder / "stance", tokenizer, pairs, batch_size, max_length)
    model = transformers.AutoModelForSequenceClassification.from_pretrained(folder / "stance", attn_implementation="eager").eval()

    def run():
        out = []
        with torch.inference_mode():
            for i in range(0, len(pairs), batch_size):
                chunk = pairs[i : i + batch_size]
                features = tokenizer([t for t, _ in chunk], [u for _, u in chunk], padding=True, truncation=True,
                                     max_length=max_length, return_tensors="pt")
                out.append(torch.softmax(model(**features).logits, dim=-1).numpy())
        return np.concatenate(out)

    return run


def _plain_bi_encoder(task_dir: Path, tokenizer, pairs, batch_size: int, max_length: int):
    """A bi-encoder the way a user writes it: AutoModel, mean pooling of each pair's unit and target, the head; batches of 32 in input order."""
    import transformers

    from stance.biencoder import head_logits, read_head

    encoder = transformers.AutoModel.from_pretrained(task_dir, attn_implementation="eager").eval()
    head = read_head(task_dir)

    def embed(texts):
        features = tokenizer(texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
        hidden = encoder(**features).last_hidden_state
        mask = features["attention_mask"].unsqueeze(-1).float()
        return (hidden * mask).sum(1) / mask.sum(1)

    def run():
        out = []
        with torch.inference_mode():
            for i in range(0, len(pairs), batch_size):
                chunk = pairs[i : i + batch_size]
                u, t = embed([u for _, u in chunk]), embed([t for t, _ in chunk])
                logits = torch.from_numpy(head_logits(head, u.numpy(), t.numpy()))
                out.append(torch.softmax(logits, dim=-1).numpy())
        return np.concatenate(out)

    return run


def hf_pipeline(folder: Path, pairs, batch_size: int = 32):
    """``transformers.pipeline("text-classification")`` on the stance folder; for a bi-encoder, which has
    no classification head, ``pipeline("feature-extraction")`` on each pair's unit and target, mean-pooled, and the head."""
    import transformers

    from stance.biencoder import head_logits, is_bi_encoder_folder, read_head

    if is_bi_encoder_folder(folder / "stance"):
        extractor = transformers.pipeline("feature-extraction", model=str(folder / "stance"), device="cpu")
        head = read_head(folder / "stance")

        def run():
            kwargs = {"batch_size": batch_size, "tokenize_kwargs": {"truncation": True, "max_length": 128}}
            u = np.stack([np.asarray(e[0]).mean(0) for e in extractor([u for _, u in pairs], **kwargs)])
            t = np.stack([np.asarray(e[0]).mean(0) for e in extractor([t for t, _ in pairs], **kwargs)])
            return head_logits(head, u, t)

        return run

    classifier = transformers.pipeline("text-classification", model=str(folder / "stance"), device="cpu", top_k=None)
    inputs = [{"text": t, "text_pair": u} for t, u in pairs]
    return lambda: classifier(inputs, batch_size=batch_size, truncation=True, max_length=128)


def _subset(predictions: dict, keep: list[int]) -> dict:
    """The predictions of some examples (every per-example list cut to ``keep``)."""
    n = len(predictions["predicted"])
    return {k: [v[i] for i in keep] if isinstance(v, list) and len(v) == n else v for k, v in predictions.items()}


def quality(contestants: dict, articles, dev_ids) -> dict:
    """Metrics on the dev articles, and labels differing from float32 on dev and on all articles.

    Each contestant predicts every article once; the dev articles' scores come from those
    predictions (claim and stance do not depend on other articles, and speakers are resolved
    within an article).
    """
    reference = _float32_name(contestants)
    evaluators = {
        "claim": ClaimEvaluator.from_articles(articles, n_bootstrap=0),
        "speaker": SpeakerEvaluator(articles, n_bootstrap=0),
        "stance": StanceEvaluator.from_articles(articles, n_bootstrap=0),
    }
    dev_articles = [a for a in articles if a.article_id in dev_ids]
    dev_evaluators = {
        "claim": ClaimEvaluator.from_articles(dev_articles, n_bootstrap=0),
        "speaker": SpeakerEvaluator(dev_articles, n_bootstrap=0),
        "stance": StanceEvaluator.from_articles(dev_articles, n_bootstrap=0),
    }
    dev_rows = {task: [i for i, id_ in enumerate(e.ids) if id_.split(":")[0] in dev_ids] for task, e in evaluators.items()}
    predictions = {
        name: {task: e.predict(PipelineModel(p, name=name)) for task, e in evaluators.items()} for name, p in contestants.items()
    }
    results = {}
    for name in contestants:
        dev = {task: dev_evaluators[task].score(_subset(predictions[name][task], dev_rows[task])) for task in evaluators}
        row = {"claim_f1": dev["claim"]["f1"], "speaker_accuracy": dev["speaker"]["speaker_accuracy"], "stance_macro_f1": dev["stance"]["macro_f1"]}
        for group in ("dev", "all"):
            differ = total = 0
            for task in evaluators:
                mine, theirs = predictions[name][task]["predicted"], predictions[reference][task]["predicted"]
                rows = dev_rows[task] if group == "dev" else range(len(mine))
                differ += sum(mine[i] != theirs[i] for i in rows)
                total += len(rows)
                if group == "all":
                    row[f"{task}_labels_differ"] = sum(a != b for a, b in zip(mine, theirs))
            row[f"labels_differ_{group}"] = differ / total
            row[f"labels_{group}"] = total
        results[name] = row
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="models/default")
    parser.add_argument("--data", default="data", help="labelled data folder (articles/ and labelled/)")
    parser.add_argument("--repeats", type=int, default=20, help="timed seed-article runs per contestant")
    parser.add_argument("--pair-repeats", type=int, default=3, help="timed runs over the stance pairs per contestant")
    parser.add_argument("--articles", type=int, default=100, help="articles in the batch for articles/s")
    parser.add_argument("--pairs", type=int, default=0, help="time the first N stance pairs only (0: all)")
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    parser.add_argument("--no-onnx", action="store_true", help="leave out the ONNX backends")
    parser.add_argument("--no-before", action="store_true", help="leave out the pipeline as it was before (bf16 autocast, batches of 32)")
    parser.add_argument("--also", nargs="*", default=[], metavar="FOLDER",
                        help="other model folders (e.g. trained with shared_encoder) timed beside --model with the default backend (and onnx-int8)")
    parser.add_argument("--skip", nargs="*", default=[], choices=["latency", "pairs", "articles", "quality"])
    parser.add_argument("--out", default="runs/bench/predict-speed")
    args = parser.parse_args()

    import importlib.util

    import transformers

    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    torch.set_num_threads(args.threads)
    folder = Path(args.model)
    with_onnx = not args.no_onnx and importlib.util.find_spec("onnxruntime") is not None
    load = os.getloadavg()
    contestants = load_contestants(folder, with_onnx, not args.no_before, args.also)
    articles = stance.load_articles(args.data)
    report = {
        "model": str(folder), "threads": args.threads, "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs",
        "torch": torch.__version__, "transformers": transformers.__version__, "load_average_before": load, "results": {},
    }
    if with_onnx:
        import onnxruntime

        report["onnxruntime"] = onnxruntime.__version__
    lines = [f"model {folder}, {args.threads} threads, torch {torch.__version__}, transformers {transformers.__version__}"
             + (f", onnxruntime {report['onnxruntime']}" if with_onnx else "") + f"; load average before: {load[0]:.1f}"]

    if "latency" not in args.skip:
        text = (Path(args.data) / "articles" / SEED).read_text(encoding="utf-8")
        runs = {name: (lambda p=p: p.predict(text, TARGETS, **p.batching)) for name, p in contestants.items()}
        times = interleaved(runs, args.repeats, warmup=2)
        report["results"]["latency"] = {name: {"median_s": statistics.median(t), "p90_s": p90(t), "runs": t} for name, t in times.items()}
        lines += ["", "Seed article (30 units, 3 targets), seconds per predict call:", "",
                  "| backend | median | p90 |", "|---|---|---|"]
        lines += [f"| {n} | {statistics.median(t):.3f} | {p90(t):.3f} |" for n, t in times.items()]

    if "pairs" not in args.skip:
        pairs = gold_pairs(articles)[: args.pairs or None]
        from stance.biencoder import is_bi_encoder_folder

        kind = '"feature-extraction") + the head' if is_bi_encoder_folder(folder / "stance") else '"text-classification")'
        hf_name = f"transformers.pipeline({kind}, batch_size 32"
        runs = {"plain transformers float32 eager (batches of 32, input order)": plain_transformers(folder, pairs),
                hf_name: hf_pipeline(folder, pairs)}
        for other_folder in args.also:  # another folder's own plain-transformers baseline (another architecture)
            runs[f"{other_folder}: plain transformers float32 eager"] = plain_transformers(Path(other_folder), pairs)
        runs = {name: run for name, run in runs.items() if run is not None}
        runs.update({name: (lambda p=p: p.score_stances([t for t, _ in pairs], [u for _, u in pairs], **p.batching))
                     for name, p in contestants.items()})
        times = interleaved(runs, args.pair_repeats)
        base = statistics.median(times[next(iter(runs))])
        hf = statistics.median(times[hf_name]) if hf_name in times else float("nan")
        report["results"]["pairs"] = {
            name: {"pairs": len(pairs), "median_s": statistics.median(t), "pairs_per_s": len(pairs) / statistics.median(t),
                   "x_plain": base / statistics.median(t), "x_hf_pipeline": hf / statistics.median(t), "runs": t}
            for name, t in times.items()
        }
        lines += ["", f"Stance pairs per second ({len(pairs)} pairs: gold claim units x their article's targets in {args.data}/, median of {args.pair_repeats}):", "",
                  "| contestant | pairs/s | x plain transformers | x transformers.pipeline |", "|---|---|---|---|"]
        lines += [f"| {n} | {r['pairs_per_s']:.0f} | {r['x_plain']:.2f} | {r['x_hf_pipeline']:.2f} |"
                  for n, r in report["results"]["pairs"].items()]

    if "articles" not in args.skip:
        by_id = {a.article_id: a for a in articles}
        files = sorted((Path(args.data) / "articles").glob("*.txt"))
        chosen = [files[i % len(files)] for i in range(args.articles)]
        texts = [f.read_text(encoding="utf-8") for f in chosen]
        targets = [by_id[f.stem].targets if f.stem in by_id else TARGETS for f in chosen]
        runs = {name: (lambda p=p: p.predict(texts, targets, **p.batching)) for name, p in contestants.items() if not name.startswith("before")}
        times = interleaved(runs, 1, warmup=0)
        report["results"]["articles"] = {name: {"articles": len(texts), "seconds": t[0], "articles_per_s": len(texts) / t[0]}
                                         for name, t in times.items()}
        lines += ["", f"A batch of {len(texts)} articles ({args.data}/articles/*.txt, repeated as needed, with their labelled targets), one run:", "",
                  "| backend | seconds | articles/s |", "|---|---|---|"]
        lines += [f"| {n} | {r['seconds']:.1f} | {r['articles_per_s']:.2f} |" for n, r in report["results"]["articles"].items()]

    if "quality" not in args.skip:
        import yaml

        dev_ids = set(yaml.safe_load((folder / "training_config.yaml").read_text(encoding="utf-8")).get("dev_articles") or [])
        missing = sorted(dev_ids - {a.article_id for a in articles})
        if missing:
            raise SystemExit(f"the model's dev articles {missing} are not in {args.data}: pass --data with the data it was trained on")
        rows = quality({n: p for n, p in contestants.items() if not n.startswith("before")}, articles, dev_ids)
        report["results"]["quality"] = rows
        first = next(iter(rows.values()))
        lines += ["", f"Quality on the model's {len(dev_ids)} dev articles (its training_config.yaml); labels that differ from torch float32 "
                      f"(claim, speaker and stance labels: {first['labels_dev']} on dev, {first['labels_all']} on all of {args.data}/):", "",
                  "| backend | claim F1 | speaker accuracy | stance macro-F1 | labels differing (dev) | labels differing (all data/) |",
                  "|---|---|---|---|---|---|"]
        lines += [f"| {n} | {r['claim_f1']:.3f} | {r['speaker_accuracy']:.3f} | {r['stance_macro_f1']:.3f} | "
                  f"{100 * r['labels_differ_dev']:.1f}% | {100 * r['labels_differ_all']:.1f}% |" for n, r in rows.items()]

    report["load_average_after"] = os.getloadavg()
    lines.append(f"\nload average after: {report['load_average_after'][0]:.1f}")
    print("\n".join(lines))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    (out / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
