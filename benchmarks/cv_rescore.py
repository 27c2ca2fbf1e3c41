"""Score the fold models of a cross-validation run again, with today's decoding, resolver and calibration.

`evaluate.py --datasets data-cv --keep-fold-models` keeps each fold's models under
OUT/folds/fold<k>/finetune. Training them is the slow part (an hour on 2 cores); a change
to what happens after the forward pass (span decoding, the speaker resolver, temperatures)
needs only this script. Each fold model is scored on its own held-out articles, the folds
are pooled, and the tables are printed as evaluate.py prints them. With --calibrate, each
fold model is first calibrated on its own dev split (`stance calibrate`), so ECE before and
after is measured on articles the temperature never saw.

    python benchmarks/cv_rescore.py runs/bench/cv-s3-base [--calibrate] [--data data]
"""

import argparse
from pathlib import Path

from stance import load_articles
from stance.benchmark.crossval import article_folds, pool_predictions
from stance.benchmark.evaluators import ClaimEvaluator, SpeakerEvaluator, StanceEvaluator
from stance.benchmark.models import PipelineModel
from stance.benchmark.report import format_table
from stance.training import calibrate_model_folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=Path, help="an evaluate.py output folder of a data-cv run made with --keep-fold-models")
    parser.add_argument("--data", default="data", help="the data folder the run cross-validated (default data)")
    parser.add_argument("--model", default="finetune", help="the fold model's name in the run (default finetune)")
    parser.add_argument("--folds", type=int, default=5, help="the run's --folds (default 5)")
    parser.add_argument("--seed", type=int, default=42, help="the run's --seed (default 42)")
    parser.add_argument("--calibrate", action="store_true", help="fit each fold model's temperatures on its dev split first")
    args = parser.parse_args()

    by_id = {a.article_id: a for a in load_articles(args.data)}
    folds = article_folds(list(by_id), args.folds, args.seed)  # as cross_validate made them
    parts: dict = {}
    held_out = []
    for f, ids in enumerate(folds):
        folder = args.run / "folds" / f"fold{f}" / args.model
        if args.calibrate:
            for task, values in calibrate_model_folder(folder).items():
                print(f"fold {f} {task}: temperature {values['temperature']}", flush=True)
        model = PipelineModel(folder, name=args.model)
        held = [by_id[i] for i in ids]
        held_out += held
        evaluators = {
            "claim": ClaimEvaluator.from_articles(held, n_bootstrap=0),
            "speaker": SpeakerEvaluator(held, n_bootstrap=0),
            "stance": StanceEvaluator.from_articles(held, n_bootstrap=0),
        }
        for task, evaluator in evaluators.items():
            if task in model.pipeline.tasks:  # a run may train some tasks only (tasks: [claim, speaker])
                parts.setdefault(task, []).append(evaluator.predict(model))
    pooled = {
        "claim": ClaimEvaluator.from_articles(held_out, name="data-cv", seed=42),
        "speaker": SpeakerEvaluator(held_out, name="data-cv", seed=42),
        "stance": StanceEvaluator.from_articles(held_out, name="data-cv", seed=42),
    }
    for task, evaluator in pooled.items():
        if task not in parts:
            continue
        score = evaluator.score(pool_predictions(parts[task]))
        print(format_table("data-cv (rescored)", task, evaluator.primary_metric, {args.model: score}, markdown=True), flush=True)
        print()


if __name__ == "__main__":
    main()
