"""Fine-tune the claim, speaker and stance models.

    python train.py --config configs/default.yaml --set training.num_train_epochs=2

The model folder (default models/default/) receives the three models, their label maps,
the effective config (training_config.yaml) and the dev metrics (metrics.json).
"""

import sys

from stance.training import main

if __name__ == "__main__":
    sys.exit(main())
