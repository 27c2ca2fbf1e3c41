#!/usr/bin/env bash
# Rows "<corpus> / models/default": the fine-tuned model (trained on data/ only) applied zero-shot to
# every public corpus, beside the baselines (which are fit on each corpus's training split).
# Usage: benchmarks/public_finetuned.sh [MODEL_FOLDER] [evaluate.py options]; default models/default.
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1
MODEL=${1:-models/default}; shift || true
D=${STANCE_DATASETS:-../shared/datasets}
.venv/bin/python evaluate.py --models "$MODEL" baseline:majority baseline:tfidf baseline:rules \
    --datasets "semeval2016:$D/semeval2016:test" "emergent:$D/emergent:test" "ibm:$D/ibm_claim_stance:test" \
               "perspectrum:$D/perspectrum:test" "checkthat:$D/checkthat24_en:dev-test" "polnear:$D/polnear:test" \
               "fnc1:$D/fnc1:competition_test" \
    --seed 42 --bootstrap 1000 --out "runs/bench/public-$(basename "$MODEL")" "$@"
