"""Integration: the packaged all-MiniLM-L6-v2 fine-tuned for a few steps, end to end, offline."""

import pytest

from conftest import make_data_folder, minilm_path, tiny_config
from stance import predict
from stance.schema import validate_records
from stance.training import train


@pytest.fixture(scope="module")
def minilm_model(tmp_path_factory):
    root = tmp_path_factory.mktemp("minilm")
    data = make_data_folder(root / "data", copies=2)
    config = tiny_config(minilm_path(), data, root / "model", dev_fraction=0.5, **{"training.max_steps": 2, "max_length": 96})
    return train(config)


def test_packaged_minilm_is_found_offline():
    from pathlib import Path

    folder = Path(minilm_path())
    assert (folder / "model.safetensors").is_file() and (folder / "tokenizer.json").is_file()


def test_minilm_fine_tunes_and_predicts_the_seed_article(minilm_model, seed_text):
    targets = ["NATO expansion eastward", "Sanctions on Russia"]
    units = predict(seed_text, targets, model=minilm_model, keep_non_claims=True)
    assert len(units) == 30
    assert all(set(u.stances) == set(targets) for u in units)
    assert all((u.speaker is not None) == u.claim for u in units)
    records = [(i + 1, u.to_dict()) for i, u in enumerate(units)]
    assert validate_records(records, "article.jsonl", seed_text) == []
