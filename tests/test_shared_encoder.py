"""Claim and speaker trained on one encoder (``shared_encoder: true``) and predicted in one pass."""

import json

import numpy as np
import pytest
import torch
from conftest import onnx_exported_copy, tiny_config, train_tiny

from stance.errors import ConfigError, ModelFolderError


@pytest.fixture(scope="module")
def shared_model(tiny_base_model, tmp_path_factory):
    return train_tiny(tiny_base_model, tmp_path_factory.mktemp("shared-run"), shared_encoder="true")


def test_a_config_without_both_tasks_trains_them_alone(tiny_base_model, tmp_path):
    from stance.training import _training_units

    config = tiny_config(tiny_base_model, tmp_path, tmp_path / "m", shared_encoder="true", tasks="[claim,stance]")
    assert _training_units(config) == [("claim",), ("stance",)]
    both = tiny_config(tiny_base_model, tmp_path, tmp_path / "m", shared_encoder="true")
    assert _training_units(both) == [("claim", "speaker"), ("stance",)]


def test_config_rejects_two_starting_points(tiny_base_model, tmp_path):
    with pytest.raises(ConfigError, match="one starting point"):
        tiny_config(tiny_base_model, tmp_path, tmp_path / "m", shared_encoder="true", **{"base_models.speaker": "elsewhere"})


def test_config_rejects_a_non_boolean(tiny_base_model, tmp_path):
    with pytest.raises(ConfigError, match="true or false"):
        tiny_config(tiny_base_model, tmp_path, tmp_path / "m", shared_encoder="yes please")


def test_joint_arguments_take_claim_then_speaker():
    from stance.config import load_config

    config = load_config(None, ["training.learning_rate=1e-4", "claim.num_train_epochs=2", "speaker.num_train_epochs=3", "claim.seed=5"])
    assert config.task_arguments("claim+speaker") == {"learning_rate": 1e-4, "num_train_epochs": 3, "seed": 5}


def test_join_trains_the_speaker_head_on_claim_units_only():
    from stance import load_articles
    from stance.data import claim_dataset, speaker_dataset
    from stance.joint import join_claim_speaker

    articles = load_articles("data/labelled/putin-nato-guarantees.jsonl")
    joined = join_claim_speaker(claim_dataset(articles), speaker_dataset(articles))
    assert len(joined) == len(articles[0].units)
    assert joined["has_spans"] == joined["label"]  # claim units, and only they, carry spans
    putin = next(r for r in joined if r["has_spans"] and r["mention_start"] >= 0)
    assert putin["text"][putin["mention_start"] : putin["mention_end"]].strip()


def test_loss_of_a_batch_without_claims_is_finite(tiny_base_model):
    from transformers import AutoModelForSequenceClassification, AutoModelForTokenClassification

    from stance.joint import ClaimSpeakerModel

    model = ClaimSpeakerModel(
        AutoModelForSequenceClassification.from_pretrained(tiny_base_model, num_labels=2),
        AutoModelForTokenClassification.from_pretrained(tiny_base_model, num_labels=5),
    )
    ids = torch.tensor([[101, 2002, 2056, 102], [101, 2748, 102, 0]])
    out = model(input_ids=ids, attention_mask=(ids > 0).long(), labels=torch.tensor([0, 0]), token_labels=torch.full((2, 4), -100))
    assert torch.isfinite(out["loss"]) and out["loss"] > 0
    assert out["token_logits"].shape == (2, 4, 5)


def test_folder_is_plain_transformers_models_with_one_encoder(shared_model):
    from transformers import AutoModelForSequenceClassification, AutoModelForTokenClassification

    manifest = json.loads((shared_model / "stance_model.json").read_text())
    assert manifest["shared_encoder"] == ["claim", "speaker"]
    claim = AutoModelForSequenceClassification.from_pretrained(shared_model / "claim")
    speaker = AutoModelForTokenClassification.from_pretrained(shared_model / "speaker")
    speaker_state = speaker.base_model.state_dict()
    assert speaker_state and all(torch.equal(claim.base_model.state_dict()[k], v) for k, v in speaker_state.items())
    assert not any("pooler" in k for k in speaker.state_dict())  # nothing the token model does not expect
    metrics = json.loads((shared_model / "metrics.json").read_text())
    assert metrics["claim"]["shared_encoder"] and metrics["speaker"]["shared_encoder"]
    assert metrics["claim"]["train_seconds"] == metrics["speaker"]["train_seconds"]
    assert "dev_f1" in metrics["claim"] and "dev_mention_token_exact_f1" in metrics["speaker"]
    assert not any(k.startswith("dev_speaker") for k in metrics["claim"])


def test_one_pass_gives_the_two_models_outputs(shared_model, seed_text):
    from stance import StancePipeline

    pipeline = StancePipeline(shared_model, device="cpu", precision="float32")
    assert pipeline._shared is not None
    shared = pipeline.predict(seed_text, ["NATO"], keep_non_claims=True)
    pipeline._shared = None  # the claim and speaker models, each its own pass
    apart = pipeline.predict(seed_text, ["NATO"], keep_non_claims=True)
    assert np.allclose([c.claim_score for c in shared], [c.claim_score for c in apart], atol=1e-4)
    assert [(c.claim, c.mention, c.cue, c.speaker) for c in shared] == [(c.claim, c.mention, c.cue, c.speaker) for c in apart]


def test_encoders_that_differ_run_apart(shared_model, tmp_path, seed_text):
    import shutil

    from safetensors.torch import load_file, save_file

    from stance import StancePipeline

    folder = tmp_path / "edited"
    shutil.copytree(shared_model, folder)
    weights = load_file(folder / "speaker" / "model.safetensors")
    name = next(k for k in weights if "encoder" in k and k.endswith("weight"))
    weights[name] = weights[name] + 1.0
    save_file(weights, folder / "speaker" / "model.safetensors", metadata={"format": "pt"})
    pipeline = StancePipeline(folder, device="cpu", precision="float32")
    assert pipeline._shared is None
    units = pipeline.predict(seed_text, keep_non_claims=True)
    assert len(units) > 20 and all(0 <= u.claim_score <= 1 for u in units)


def test_manifest_rejects_a_malformed_shared_encoder(shared_model, tmp_path):
    import shutil

    from stance.model_folder import read_manifest

    folder = tmp_path / "bad"
    shutil.copytree(shared_model, folder)
    manifest = json.loads((folder / "stance_model.json").read_text())
    manifest["shared_encoder"] = ["claim", "stance"]
    (folder / "stance_model.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelFolderError, match="stance_model.json.*shared_encoder"):
        read_manifest(folder)


def test_the_joint_module_holds_each_weight_once(tiny_base_model):
    from transformers import AutoModelForSequenceClassification, AutoModelForTokenClassification

    from stance.joint import ClaimSpeakerModel

    model = ClaimSpeakerModel(
        AutoModelForSequenceClassification.from_pretrained(tiny_base_model, num_labels=2),
        AutoModelForTokenClassification.from_pretrained(tiny_base_model, num_labels=5),
    )
    pointers = [t.data_ptr() for t in model.state_dict().values()]
    assert len(pointers) == len(set(pointers))  # checkpoints are saved with safetensors, which refuses shared tensors


@pytest.fixture(scope="module")
def shared_onnx_model(shared_model, tmp_path_factory):
    return onnx_exported_copy(shared_model, tmp_path_factory.mktemp("shared-onnx"))


def test_onnx_exports_one_graph_for_claim_and_speaker(shared_onnx_model, seed_text):
    from stance import StancePipeline
    from stance.onnx_backend import onnx_export_is_current

    assert sorted(p.name for p in (shared_onnx_model / "onnx").iterdir()) == ["claim-speaker", "stance"]
    assert onnx_export_is_current(shared_onnx_model, "claim-speaker")
    reference = StancePipeline(shared_onnx_model, device="cpu", precision="float32").predict(seed_text, ["NATO"], keep_non_claims=True)
    pipeline = StancePipeline(shared_onnx_model, backend="onnx")
    assert pipeline._shared is not None
    claims = pipeline.predict(seed_text, ["NATO"], keep_non_claims=True)
    assert [c.claim_score for c in claims] == pytest.approx([c.claim_score for c in reference], abs=1e-4)
    assert [(c.claim, c.mention, c.cue) for c in claims] == [(c.claim, c.mention, c.cue) for c in reference]
    # score_claims and tag_spans, which the benchmark calls, go through the one graph too
    texts, contexts = [c.text for c in reference[:5]], [""] + [c.text for c in reference[:4]]
    assert pipeline.score_claims(texts, contexts) == pytest.approx(StancePipeline(shared_onnx_model, device="cpu", precision="float32").score_claims(texts, contexts), abs=1e-4)
    assert len(pipeline.tag_spans(texts, contexts)) == 5


def test_new_speaker_weights_make_the_shared_export_stale(shared_onnx_model, tmp_path):
    import shutil

    from safetensors.torch import load_file, save_file

    from stance.onnx_backend import onnx_export_is_current

    folder = shutil.copytree(shared_onnx_model, tmp_path / "copy")
    weights = load_file(folder / "speaker" / "model.safetensors")
    weights["classifier.bias"] = weights["classifier.bias"] + 1.0
    save_file(weights, folder / "speaker" / "model.safetensors", metadata={"format": "pt"})
    assert onnx_export_is_current(folder, "stance") and not onnx_export_is_current(folder, "claim-speaker")


def test_a_saved_copy_keeps_the_one_pass(shared_model, tmp_path):
    from stance import StancePipeline

    copy = StancePipeline(shared_model, device="cpu").save_pretrained(tmp_path / "copy")
    assert json.loads((copy / "stance_model.json").read_text())["shared_encoder"] == ["claim", "speaker"]
    assert StancePipeline(copy, device="cpu")._shared is not None
