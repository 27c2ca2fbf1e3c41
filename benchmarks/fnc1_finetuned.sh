#!/usr/bin/env bash
# Row "FNC-1 / fine-tuned": a model folder on FNC-1's competition test (25,413 pairs of headline and
# article body). Long on a CPU: --limit N scores the first N pairs only (say so when reporting).
# Usage: benchmarks/fnc1_finetuned.sh MODEL_FOLDER [evaluate.py options]
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1
MODEL=${1:?usage: benchmarks/fnc1_finetuned.sh MODEL_FOLDER [options]}; shift
D=${STANCE_DATASETS:-../shared/datasets}
.venv/bin/python evaluate.py --models "$MODEL" baseline:majority baseline:tfidf \
    --datasets "fnc1:$D/fnc1:competition_test" --seed 42 --bootstrap 1000 \
    --out "runs/bench/fnc1-$(basename "$MODEL")" "$@"
