"""Speaker accuracy from cached speaker-model probabilities: decoding and resolver changes scored in seconds.

The speaker model's forward pass is the slow part of scoring speakers; span decoding and the
resolver run after it. ``cache`` runs the speaker model once per set and keeps its probabilities
(by example id); ``score`` decodes and resolves them with today's code and prints what
evaluate.py prints for the speaker task (without the bootstrap).

    # data/ 5-fold CV with the fold models of a run made with --keep-fold-models
    python benchmarks/speaker_cached.py cache --cv runs/bench/cv-s3-base --out runs/speaker-cache
    # a model folder on PolNeAR test
    python benchmarks/speaker_cached.py cache --model models/full --datasets polnear polnear_stance --out runs/speaker-cache
    python benchmarks/speaker_cached.py score runs/speaker-cache [--errors DIR]

Ids are looked up, so a change to an importer that adds claim units still scores: a unit the
cache lacks gets no mention, and the figures over the cached units alone are printed too.
The cache files are pickles: load only caches you made.
"""

from __future__ import annotations

import argparse
import json
import pickle
from pathlib import Path

from stance import load_articles
from stance.benchmark.crossval import article_folds, pool_predictions
from stance.benchmark.datasets import parse_dataset_spec
from stance.benchmark.evaluators import SpeakerEvaluator
from stance.encoding import decode_spans, encode_speaker
from stance.pipeline import StancePipeline

CV = "data-cv"


def speaker_probabilities(folder, evaluator: SpeakerEvaluator) -> dict:
    """The speaker model's probabilities for each of the evaluator's units, with their offsets and unit masks."""
    pipeline = StancePipeline(folder, device="cpu")
    encoding = encode_speaker(pipeline.tokenizers["speaker"], evaluator.texts, evaluator.contexts, pipeline.max_length)
    probabilities = pipeline._run("speaker", encoding, 64, 4096, False)
    return {"ids": list(evaluator.ids), "probs": probabilities, "offsets": encoding["offset_mapping"], "masks": encoding["unit_mask"]}


def _speaker_evaluator(spec: str) -> SpeakerEvaluator:
    return next(e for e in parse_dataset_spec(spec).evaluators(n_bootstrap=0) if isinstance(e, SpeakerEvaluator))


class CachedMentions:
    """A model for :class:`SpeakerEvaluator` that decodes cached probabilities instead of running one."""

    def __init__(self, cache: dict, ids):
        where = {i: j for j, i in enumerate(cache["ids"])}
        self.cache, self.rows = cache, [where.get(i) for i in ids]

    def predict_mentions(self, texts, contexts):
        spans = []
        for text, row in zip(texts, self.rows):
            found = None if row is None else decode_spans(text, self.cache["probs"][row], self.cache["offsets"][row], self.cache["masks"][row])["mention"]
            spans.append((found[0], found[1]) if found else None)
        return spans


def _report(name: str, result: dict, errors: Path | None) -> None:
    shown = {k: round(result[k], 4) for k in ("speaker_accuracy", "mention_exact_f1", "mention_overlap_f1")}
    print(f"{name}: {result['examples']} claim units, {shown}", flush=True)
    if errors:
        errors.mkdir(parents=True, exist_ok=True)
        with open(errors / f"{name}.errors.jsonl", "w", encoding="utf-8") as out:
            for error in result["errors"]:
                out.write(json.dumps(error, ensure_ascii=False) + "\n")


def _only_cached(evaluator: SpeakerEvaluator, predictions: dict, keep: list[bool]):
    """The evaluator and predictions cut to the units the cache has."""
    sub = SpeakerEvaluator([], name=evaluator.name, n_bootstrap=0)
    for field in ("ids", "texts", "contexts", "gold_speakers", "gold_mentions", "gold_spans"):
        setattr(sub, field, [x for x, k in zip(getattr(evaluator, field), keep) if k])
    n = len(keep)
    return sub, {key: [x for x, k in zip(v, keep) if k] if isinstance(v, list) and len(v) == n else v for key, v in predictions.items()}


def cache(args) -> None:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.cv:
        by_id = {a.article_id: a for a in load_articles(args.data)}
        folds = []
        for f, ids in enumerate(article_folds(list(by_id), args.folds, args.seed)):  # as cross_validate made them
            evaluator = SpeakerEvaluator([by_id[i] for i in ids], n_bootstrap=0)
            folds.append({"articles": list(ids), **speaker_probabilities(Path(args.cv) / "folds" / f"fold{f}" / args.fold_model, evaluator)})
            print(f"fold {f}: {len(evaluator.ids)} claim units", flush=True)
        with open(out / f"{CV}.pkl", "wb") as file:
            pickle.dump({"data": args.data, "folds": folds}, file)
    for spec in args.datasets:
        evaluator = _speaker_evaluator(spec)
        with open(out / f"{spec.replace(':', '_')}.pkl", "wb") as file:
            pickle.dump({"spec": spec, **speaker_probabilities(args.model, evaluator)}, file)
        print(f"{spec}: {len(evaluator.ids)} claim units", flush=True)


def score(args) -> None:
    errors = Path(args.errors) if args.errors else None
    for path in sorted(Path(args.cache).glob("*.pkl")):
        with open(path, "rb") as file:
            cached = pickle.load(file)
        if path.stem == CV:
            by_id = {a.article_id: a for a in load_articles(cached["data"])}
            parts, held_out = [], []
            for fold in cached["folds"]:
                held = [by_id[i] for i in fold["articles"]]
                held_out += held
                evaluator = SpeakerEvaluator(held, n_bootstrap=0)
                parts.append(evaluator.predict(CachedMentions(fold, evaluator.ids)))
            _report(CV, SpeakerEvaluator(held_out, name=CV, n_bootstrap=0).score(pool_predictions(parts)), errors)
            continue
        evaluator = _speaker_evaluator(cached["spec"])
        model = CachedMentions(cached, evaluator.ids)
        predictions = evaluator.predict(model)
        _report(path.stem, evaluator.score(predictions), errors)
        keep = [row is not None for row in model.rows]
        if not all(keep):
            sub, kept = _only_cached(evaluator, predictions, keep)
            print(f"  {keep.count(False)} claim unit(s) not in the cache (scored with no mention); over the cached ones:")
            _report(f"{path.stem}-cached", sub.score(kept), None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("cache", help="run speaker models once and keep their probabilities")
    make.add_argument("--out", required=True, help="cache folder")
    make.add_argument("--cv", help="an evaluate.py data-cv run made with --keep-fold-models")
    make.add_argument("--fold-model", default="finetune", help="the fold model's folder name in that run: finetune (default), or finetune_<config path, / as _> "
                      "for finetune:CONFIG, e.g. finetune_benchmarks_configs_cv-default.yaml")
    make.add_argument("--data", default="data", help="the data folder the run cross-validated")
    make.add_argument("--folds", type=int, default=5)
    make.add_argument("--seed", type=int, default=42)
    make.add_argument("--model", help="a model folder, for --datasets")
    make.add_argument("--datasets", nargs="*", default=[], help="dataset specs as evaluate.py takes them (polnear, polnear_stance, data:PATH)")
    make.set_defaults(run=cache)
    read = commands.add_parser("score", help="decode and resolve the cached probabilities with today's code")
    read.add_argument("cache", help="cache folder")
    read.add_argument("--errors", help="write each set's errors file here")
    read.set_defaults(run=score)
    args = parser.parse_args()
    if args.command == "cache" and args.datasets and not args.model:
        parser.error("--datasets needs --model")
    args.run(args)


if __name__ == "__main__":
    main()
