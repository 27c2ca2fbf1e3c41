#!/usr/bin/env bash
# Rows "data-cv / finetune": 5-fold cross-validation by article on data/; every fold trains the
# claim, speaker and stance MiniLM models from configs/default.yaml (its epochs) on the other folds'
# articles, so the seed article is scored by a model that never saw it. Baselines run beside it.
# Extra arguments go to evaluate.py (e.g. --set training.learning_rate=5e-5).
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1
.venv/bin/python evaluate.py --models finetune baseline:majority baseline:tfidf baseline:rules \
    --datasets data-cv --folds 5 --seed 42 --cv-config configs/default.yaml \
    --out runs/bench/cv-finetune "$@"
