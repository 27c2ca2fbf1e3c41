#!/usr/bin/env bash
# Rows "stance-public": the stance-only model of configs/stance_public.yaml (a bi-encoder: stage one on the
# public corpora and the direction pairs, then 3 epochs on data/ + SemEval, Emergent and IBM training splits;
# about 30 min of training on the 2-core CPU) beside models/full, on SemEval-2016, Emergent and IBM test.
# Trains the missing stages first.
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1
D=${STANCE_DATASETS:-../shared/datasets}
[ -f models/stance-direction/stance_model.json ] || [ -f models/stance-public/stance_model.json ] \
    || .venv/bin/python train.py --config configs/stance_direction.yaml
[ -f models/stance-public/stance_model.json ] || .venv/bin/python train.py --config configs/stance_public.yaml
.venv/bin/python evaluate.py --models models/stance-public models/full \
    --datasets "semeval2016:$D/semeval2016:test" "emergent:$D/emergent:test" "ibm:$D/ibm_claim_stance:test" \
    --seed 42 --bootstrap 1000 --out runs/bench/stance-public "$@"
