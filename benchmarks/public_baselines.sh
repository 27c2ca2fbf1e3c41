#!/usr/bin/env bash
# Rows "<corpus> / baseline:*": baselines fit on each corpus's training split, scored on its test
# split (FNC-1: train_all -> competition_test; CheckThat!: train -> dev-test; PolNeAR: train -> test).
# About 5 minutes on a 2-core CPU, most of it TF-IDF on FNC-1's article bodies.
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1
D=${STANCE_DATASETS:-../shared/datasets}
.venv/bin/python evaluate.py --models baseline:majority baseline:tfidf baseline:rules \
    --datasets "semeval2016:$D/semeval2016:test" "emergent:$D/emergent:test" "ibm:$D/ibm_claim_stance:test" \
               "perspectrum:$D/perspectrum:test" "checkthat:$D/checkthat24_en:dev-test" "polnear:$D/polnear:test" \
               "fnc1:$D/fnc1:competition_test" \
    --seed 42 --bootstrap 1000 --out runs/bench/baselines-public "$@"
