"""Interrupted training: a SIGKILL mid-epoch, --resume, and the saved model left alone meanwhile."""

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import REPO, make_data_folder, tiny_config
from stance.model_folder import load_task_model
from stance.training import last_complete_checkpoint, train


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def environment() -> dict:
    return {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false", "OMP_NUM_THREADS": "1"}


def write_config(path: Path, base: Path, data: Path, output: Path, **training) -> Path:
    config = {
        "base_model": str(base), "data": [str(data)], "output_dir": str(output), "max_length": 64, "tasks": ["claim"],
        "training": {"per_device_train_batch_size": 4, "learning_rate": 1.0e-3, "logging_strategy": "no", **training},
    }
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def test_last_complete_checkpoint_passes_over_one_cut_short(tmp_path):
    for step, state in [(5, "{}"), (10, '{"global_st'), (15, None), (3, "{}")]:
        (tmp_path / f"checkpoint-{step}").mkdir()
        if state is not None:
            (tmp_path / f"checkpoint-{step}" / "trainer_state.json").write_text(state)
    (tmp_path / "checkpoint-99.tmp").mkdir()
    assert last_complete_checkpoint(tmp_path) == str(tmp_path / "checkpoint-5")
    assert last_complete_checkpoint(tmp_path / "nothing-here") is None


@pytest.mark.slow
def test_a_run_killed_mid_epoch_resumes_and_the_saved_model_is_untouched(tiny_base_model, tiny_model, tmp_path):
    output = tmp_path / "model"
    shutil.copytree(tiny_model, output)  # the model a user already has
    before = digest(output)
    data = make_data_folder(tmp_path / "data")  # 30 units: 8 steps an epoch at batch size 4
    config = write_config(tmp_path / "config.yaml", tiny_base_model, data, output,
                          num_train_epochs=60, save_strategy="steps", save_steps=5, save_total_limit=2)
    checkpoints = tmp_path / ".model.work" / "checkpoints" / "claim"
    command = [sys.executable, "train.py", "--config", str(config)]

    with open(tmp_path / "killed.log", "w") as log:
        process = subprocess.Popen(command, cwd=REPO, env=environment(), stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 240
            while last_complete_checkpoint(checkpoints) is None:
                assert process.poll() is None, "training ended before its first checkpoint:\n" + (tmp_path / "killed.log").read_text()[-3000:]
                assert time.monotonic() < deadline, "no checkpoint within 240 s"
                time.sleep(0.02)
            process.send_signal(signal.SIGKILL)
        finally:
            process.kill()
            process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    saved_at = int(Path(last_complete_checkpoint(checkpoints)).name.split("-")[1])
    assert saved_at < 60 * 8, "the run finished before it was killed"
    assert digest(output) == before, "the interrupted run changed the saved model"

    # Resuming with another config is refused and changes nothing.
    other = write_config(tmp_path / "other.yaml", tiny_base_model, data, output, num_train_epochs=61, save_strategy="steps", save_steps=5)
    refused = subprocess.run([sys.executable, "train.py", "--config", str(other), "--resume"], cwd=REPO, env=environment(),
                             capture_output=True, text=True, timeout=300)
    assert refused.returncode == 2 and "the config differs from the interrupted run" in refused.stderr
    assert digest(output) == before and last_complete_checkpoint(checkpoints) is not None

    resumed = subprocess.run(command + ["--resume"], cwd=REPO, env=environment(), capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert "claim: resuming from" in resumed.stderr
    resumed_from = int(resumed.stderr.split("claim: resuming from")[1].split("checkpoint-")[1].split()[0])
    assert resumed_from >= saved_at
    after = digest(output)
    assert after != before and set(after) >= {"stance_model.json", "claim/model.safetensors", "claim/config.json"}
    metrics = json.loads((output / "metrics.json").read_text())
    assert metrics["claim"]["epoch"] == 60
    assert not (tmp_path / ".model.work").exists() and not (tmp_path / ".model.old").exists()
    load_task_model(output, "claim")


@pytest.mark.slow
def test_same_seed_gives_the_same_dev_metrics_for_every_task(tiny_base_model, tmp_path):
    data = make_data_folder(tmp_path / "data", copies=2)
    runs = [json.loads((train(tiny_config(tiny_base_model, data, tmp_path / n, dev_fraction=0.5)) / "metrics.json").read_text()) for n in "ab"]
    for task in ("claim", "speaker", "stance"):
        keys = [k for k in runs[0][task] if k.startswith("dev_") and not k.endswith(("runtime", "per_second"))]
        assert keys and {k: runs[0][task][k] for k in keys} == {k: runs[1][task][k] for k in keys}, task


def test_a_base_model_that_cannot_be_loaded_is_a_config_error(tmp_path):
    from stance.config import ConfigError

    data = make_data_folder(tmp_path / "data")
    with pytest.raises(ConfigError, match=r"base_model '.*no-such-model': cannot load it"):
        train(tiny_config(tmp_path / "no-such-model", data, tmp_path / "model"))
    assert not (tmp_path / "model").exists()


@pytest.mark.parametrize("tasks", ["[stance]", "[claim, stance]"])
def test_a_first_stage_not_yet_trained_names_its_config_before_any_task_trains(tiny_base_model, tmp_path, monkeypatch, tasks):
    from stance.config import ConfigError

    data = make_data_folder(tmp_path / "data")
    monkeypatch.chdir(tmp_path)  # no models/stance-direction here
    config = tiny_config(tiny_base_model, data, tmp_path / "model", tasks=tasks, base_models="{stance: models/stance-direction}")
    with pytest.raises(ConfigError, match=r"base_model 'models/stance-direction': cannot load it .*configs/stance_direction\.yaml trains: train that first"):
        train(config)
    assert not (tmp_path / ".model.work" / "model" / "claim").exists()  # claim, which comes first, never trained
    assert not (tmp_path / "model").exists()


def test_base_models_starts_one_task_from_another_model_folder(tiny_base_model, tiny_model, tmp_path):
    from safetensors.torch import load_file

    data = make_data_folder(tmp_path / "data")
    frozen = {"tasks": "[stance]", "training.learning_rate": "0.0", "dev_fraction": "0.0"}  # weights stay where they start
    started = train(tiny_config(tiny_base_model, data, tmp_path / "a", **frozen, base_models=f"{{stance: {tiny_model}}}"))
    fresh = train(tiny_config(tiny_base_model, data, tmp_path / "b", **frozen))
    reference = load_file(tiny_model / "stance" / "model.safetensors")
    for folder, same in ((started, True), (fresh, False)):
        weights = load_file(folder / "stance" / "model.safetensors")
        assert all(weights[k].equal(reference[k]) for k in reference) is same, folder
