#!/usr/bin/env bash
# Rows "<corpus> / models/...": fine-tuned model folders beside the baselines (which are fit on
# each corpus's training split), on every public test split but FNC-1's (see fnc1_finetuned.sh).
# models/default saw data/ only (zero-shot on the corpora); models/full and models/stance-public
# were trained on the corpora's training splits (configs/full.yaml, configs/stance_public.yaml).
# Usage: benchmarks/public_finetuned.sh [MODEL_FOLDER ...]   (default: models/full models/default)
# About 3 minutes on a 2-core CPU for two models.
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1
MODELS=("$@"); [ ${#MODELS[@]} -gt 0 ] || MODELS=(models/full models/default)
D=${STANCE_DATASETS:-../shared/datasets}
.venv/bin/python evaluate.py --models "${MODELS[@]}" baseline:majority baseline:tfidf baseline:rules \
    --datasets "semeval2016:$D/semeval2016:test" "emergent:$D/emergent:test" "ibm:$D/ibm_claim_stance:test" \
               "perspectrum:$D/perspectrum:test" "checkthat:$D/checkthat24_en:dev-test" "polnear:$D/polnear:test" "polnear_stance:$D/polnear:test" \
    --seed 42 --bootstrap 1000 --out "runs/bench/public-finetuned"
