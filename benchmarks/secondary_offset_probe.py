"""What letting a claim's targets compete does to a stance model, on real news and on data/'s dev articles.

    python benchmarks/secondary_offset_probe.py models/default runs/s29/default-stance-seed7 [--out FILE.json]

Each claim of a labelled article is scored against every target of its article, pair by pair. For
each model folder the pairs of PolNeAR stance train, dev and test and of data/'s dev articles (the
default config's ``dev_articles``) are scored once, alone, as the folder's temperature and
``stance_none_offset`` leave them; then every target of a claim but the one it is most sided on gets
an offset on its none log-probability (:func:`stance.calibration.apply_secondary_none_offset`),
swept over ``--offsets``; ``--sets`` leaves some out (PolNeAR train, for a model trained on it). Printed: macro-F1 per set and offset. Choose on PolNeAR train and dev (real
news the default never trains on) and read test once. Session 29 (docs/BENCHMARKS.md) chose 1.0 for
the default config this way.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from none_offset_probe import macro_f1  # benchmarks/ is on the path
from stance.benchmark.evaluators import StanceEvaluator
from stance.benchmark.models import PipelineModel
from stance.calibration import apply_secondary_none_offset
from stance.config import load_config
from stance.corpora import datasets_root, get_corpus
from stance.data import load_articles
from stance.tasks import STANCE_LABELS

OFFSETS = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0)
NONE = STANCE_LABELS.index("none")


def sweep(gold, probabilities, units, offsets=OFFSETS) -> dict[float, float]:
    """Macro-F1 of pairs scored alone, with each offset given to every claim's runner-up targets."""
    return {float(o): macro_f1(gold, apply_secondary_none_offset(probabilities, units, NONE, o), 0.0) for o in offsets}


SETS = ("polnear-train", "polnear-dev", "polnear-test", "data-dev")


def labelled_sets(names=SETS) -> dict[str, StanceEvaluator]:
    sets = {
        f"polnear-{split}": StanceEvaluator.from_articles(get_corpus("polnear_stance").load(datasets_root() / "polnear", split), name=split)
        for split in ("train", "dev", "test")
        if f"polnear-{split}" in names
    }
    if "data-dev" in names:
        dev = set(load_config("configs/default.yaml").dev_articles or [])
        sets["data-dev"] = StanceEvaluator.from_articles([a for a in load_articles(["data"]) if a.article_id in dev], name="data-dev")
    return sets


def probe(folder: Path, sets: dict[str, StanceEvaluator], offsets) -> dict[str, dict[float, float]]:
    pipeline = PipelineModel(folder).pipeline
    results = {}
    for name, pairs in sets.items():
        fields = pairs.fields if pipeline.stance_input else None
        alone = pipeline.score_stances(pairs.targets, pairs.texts, 32, fields=fields)  # no units: the pairs alone
        results[name] = sweep(list(pairs.gold), alone, pairs.units, offsets)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+", type=Path)
    parser.add_argument("--offsets", nargs="+", type=float, default=list(OFFSETS))
    parser.add_argument("--sets", nargs="+", choices=SETS, default=list(SETS),
                        help="which sets to score (leave out PolNeAR train for a model trained on it)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    sets = labelled_sets(args.sets)
    results = {str(folder): probe(folder, sets, args.offsets) for folder in args.models}
    print("| model | set | " + " | ".join(f"{o:+.1f}" for o in args.offsets) + " |")
    print("|---|---|" + "---|" * len(args.offsets))
    for folder, by_set in results.items():
        for name, by_offset in by_set.items():
            best = max(by_offset.values())
            cells = [f"**{v:.3f}**" if np.isclose(v, best) else f"{v:.3f}" for v in by_offset.values()]
            print(f"| {folder} | {name} | " + " | ".join(cells) + " |")
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
