"""Where reading the unit before helps: PolNeAR stance pairs split by where the target's words are.

    python evaluate.py --models runs/s19/full-stance-news-308 --datasets polnear_stance polnear_stance::dev --seed 42 --out runs/s19/bench-baseline
    python evaluate.py --models runs/s19/full-stance-news-previous --datasets polnear_stance polnear_stance::dev --seed 42 --out runs/s19/bench-previous
    python benchmarks/previous_routing_probe.py runs/s19/bench-baseline runs/s19/bench-previous

The first run is a stance model reading (target, unit), the second one reading the unit before too
(``stance_input: [previous]``). Each pair of our PolNeAR stance labels is put in one of three groups: the
unit shares a content word with the target, only the unit before does, or neither. For each split it
prints both models' macro-F1, the share of gold-sided pairs each gets right per group, and the macro-F1
of taking the first model's label where the unit shares a word with the target and the second's
elsewhere. A pair is right when the model's errors file does not list it.

    python benchmarks/previous_routing_probe.py --model runs/s19/full-stance-news-previous

scores one model trained with ``stance_input: [previous]`` on the same labels, given the unit before
always, never, or only where the unit shares no content word with the target (2 minutes).
"""

from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

from stance.benchmark.evaluators import StanceEvaluator
from stance.benchmark.models import PipelineModel
from stance.corpora import datasets_root, get_corpus
from stance.encoding import names_target
from stance.metrics.functions import classification_scores


def _predictions(run: Path, split: str) -> tuple[str, dict[str, str]]:
    files = sorted(run.glob(f"polnear_stance_{split}.stance.*.errors.jsonl"))
    if len(files) != 1:
        raise SystemExit(f"{run}: expected one polnear_stance_{split} stance errors file, found {len(files)}")
    name = files[0].name.removeprefix(f"polnear_stance_{split}.stance.").removesuffix(".errors.jsonl")
    return name, {row["id"]: row["predicted"] for row in map(json.loads, files[0].read_text(encoding="utf-8").splitlines())}


#: How ``--model`` gives the unit before to a model trained with ``stance_input: [previous]``: the model's own
#: stance inputs, swapped per mode (prediction then builds each pair's context as training would).
MODE_INPUTS = {"always": ["previous"], "never": [], "conditional": ["previous_where_needed"]}


def _pairs(split: str) -> StanceEvaluator:
    """The PolNeAR stance pairs of a split as evaluate.py scores them (ids, targets, texts, gold, fields)."""
    return StanceEvaluator.from_articles(get_corpus("polnear_stance").load(datasets_root() / "polnear", split), name=split)


def score_conditional(folder: Path, splits: list[str]) -> None:
    model = PipelineModel(folder)
    for split in splits:
        evaluator = _pairs(split)
        for mode, stance_input in MODE_INPUTS.items():
            model.pipeline.stance_input = stance_input
            print(f"{split} ({len(evaluator.targets)} pairs), the unit before {mode}: macro-F1 {evaluator(model)['macro_f1']:.3f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pair_run", type=Path, nargs="?", help="evaluate.py --out folder of the (target, unit) model")
    parser.add_argument("previous_run", type=Path, nargs="?", help="evaluate.py --out folder of the model that reads the unit before")
    parser.add_argument("--model", type=Path, help="instead: a model folder trained with stance_input: [previous], scored with the unit before always, never and where needed")
    parser.add_argument("--splits", nargs="+", default=["dev", "test"], choices=["train", "dev", "test"])
    args = parser.parse_args(argv)
    if args.model:
        return score_conditional(args.model, args.splits)
    if not (args.pair_run and args.previous_run):
        parser.error("give two evaluate.py runs, or --model")
    for split in args.splits:
        (first, wrong_first), (second, wrong_second) = _predictions(args.pair_run, split), _predictions(args.previous_run, split)
        pairs = _pairs(split)
        gold, ours, theirs, routed = [], [], [], []
        right = collections.Counter()
        sided = collections.Counter()
        for key, target, text, label, fields in zip(pairs.ids, pairs.targets, pairs.texts, pairs.gold, pairs.fields):
            group = "unit" if names_target(target, text) else "previous only" if names_target(target, fields["previous"]) else "neither"
            gold.append(label)
            ours.append(wrong_first.get(key, label))
            theirs.append(wrong_second.get(key, label))
            routed.append(ours[-1] if group == "unit" else theirs[-1])
            if label != "none":
                sided[group] += 1
                right[group, 0] += ours[-1] == label
                right[group, 1] += theirs[-1] == label
        score = lambda predicted: classification_scores(gold, predicted)["f1"]
        print(f"{split} ({len(gold)} pairs): macro-F1 {first} {score(ours):.3f}, {second} {score(theirs):.3f}, routed by the unit's words {score(routed):.3f}")
        for group in (g for g in ("unit", "previous only", "neither") if sided[g]):
            print(f"  gold-sided, target words in {group}: {sided[group]} pairs, right side {right[group, 0] / sided[group]:.3f} / {right[group, 1] / sided[group]:.3f}")


if __name__ == "__main__":
    main()
