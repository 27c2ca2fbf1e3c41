"""DistributedDataParallel on two CPU processes: torchrun, gloo, and one model folder written by rank 0."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, make_data_folder
from stance import StancePipeline

# train.py with a note of what torch.distributed looked like in each process.
RUNNER = """
import json, os, sys
import torch.distributed as dist
from stance.training import main
status = main(sys.argv[1:])
world = dist.get_world_size() if dist.is_initialized() else 1
backend = dist.get_backend() if dist.is_initialized() else None
with open(os.path.join(os.environ["RANKS_DIR"], "rank-" + os.environ.get("RANK", "0") + ".json"), "w") as out:
    json.dump({"status": status, "world_size": world, "backend": backend}, out)
sys.exit(status)
"""


@pytest.mark.slow
def test_torchrun_trains_on_two_cpu_processes_and_rank_0_alone_writes_the_model(tiny_base_model, tiny_model, tmp_path):
    data = make_data_folder(tmp_path / "data", copies=2)
    output = tmp_path / "model"
    shutil.copytree(tiny_model, output)  # an old model, replaced at the end
    (output / "old-marker").write_text("old")
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump({
        "base_model": str(tiny_base_model), "data": [str(data)], "output_dir": str(output), "max_length": 64, "dev_fraction": 0.5,
        "training": {"num_train_epochs": 2, "per_device_train_batch_size": 8, "learning_rate": 1.0e-3,
                     "use_cpu": True, "ddp_backend": "gloo"},
    }))
    ranks = tmp_path / "ranks"
    ranks.mkdir()
    (tmp_path / "runner.py").write_text(RUNNER)
    torchrun = Path(sys.executable).with_name("torchrun")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false",
           "OMP_NUM_THREADS": "1", "RANKS_DIR": str(ranks), "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [str(torchrun), "--standalone", "--nproc_per_node", "2", str(tmp_path / "runner.py"), "--config", str(config)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    seen = {p.name: json.loads(p.read_text()) for p in ranks.iterdir()}
    assert seen == {f"rank-{r}.json": {"status": 0, "world_size": 2, "backend": "gloo"} for r in (0, 1)}
    assert result.stderr.count("model saved to") == 1  # rank 1 says nothing of the kind

    assert not (output / "old-marker").exists()
    assert not (tmp_path / ".model.work").exists() and not (tmp_path / ".model.old").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.yaml", "data", "model", "ranks", "runner.py"]
    metrics = json.loads((output / "metrics.json").read_text())
    assert set(metrics) == {"claim", "speaker", "stance"} and metrics["claim"]["epoch"] == 2
    assert not list(output.rglob("*.bin")) and not list(output.rglob("rng_state*"))
    claims = StancePipeline(output, device="cpu").predict("Headline\n\n\u201cIt works,\u201d she said.", keep_non_claims=True)
    assert len(claims) == 2
