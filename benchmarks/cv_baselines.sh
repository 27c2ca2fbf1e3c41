#!/usr/bin/env bash
# Rows "data-cv / baseline:*": 5-fold cross-validation by article on data/, baselines fit per fold.
# About 15 s on a 2-core CPU.
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1
.venv/bin/python evaluate.py --models baseline:majority baseline:tfidf baseline:rules \
    --datasets data-cv --folds 5 --seed 42 --bootstrap 1000 --out runs/bench/cv-baselines "$@"
