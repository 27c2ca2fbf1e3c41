"""Emergent test accuracy of a stance model across none offsets: a diagnostic, never a way to choose one.

    python benchmarks/emergent_offset_sweep.py runs/s24/stance-public-mpnet

Read on test (the default), an offset taken off this sweep would be chosen on test: the sweep only answers
whether any shift of the none prior (Emergent's "observing") could reach a given accuracy, or the model
must read the headlines differently. ``--split dev`` (every fifth train claim) may choose one, but only
for a model trained on ``train_no_dev``. Offsets are relative to the one the folder already applies.
"""

from __future__ import annotations

import argparse

import numpy as np

from stance.benchmark.models import PipelineModel
from stance.calibration import apply_label_offset
from stance.corpora import datasets_root
from stance.importers.stance_corpora import LABEL_MAPS, load_emergent
from stance.tasks import STANCE_LABELS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--split", default="test")
    args = parser.parse_args()
    pipeline = PipelineModel(args.model).pipeline
    pairs = load_emergent(datasets_root() / "emergent", args.split)
    probabilities = pipeline.score_stances(pairs["target"], pairs["text"], 32)
    gold = np.array([STANCE_LABELS.index(LABEL_MAPS["emergent"][label]) for label in pairs["label"]])
    none = STANCE_LABELS.index("none")
    print(f"{args.model} (folder's own offset {pipeline.stance_none_offset:+.1f})")
    for shift in np.round(np.arange(-1.0, 1.01, 0.1), 1):
        accuracy = (apply_label_offset(probabilities, none, shift).argmax(axis=1) == gold).mean()
        print(f"offset {pipeline.stance_none_offset + shift:+.1f}: accuracy {accuracy:.3f}")


if __name__ == "__main__":
    main()
