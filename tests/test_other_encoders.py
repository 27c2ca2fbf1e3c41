"""``base_model`` may be any Hugging Face encoder, not only BERT: a tiny random MPNet (the architecture of
all-mpnet-base-v2), whose tokenizer gives no ``token_type_ids``, trains every task and predicts."""

import json

import pytest

from conftest import minilm_path, onnx_exported_copy, train_tiny


@pytest.fixture(scope="module")
def tiny_mpnet(tmp_path_factory):
    import torch
    from transformers import AutoTokenizer, MPNetConfig, MPNetModel

    folder = tmp_path_factory.mktemp("tiny-mpnet")
    # BERT's vocabulary pads with id 0; MPNet numbers positions from its padding id, so it must agree.
    config = MPNetConfig(
        vocab_size=30522, hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=37,
        max_position_embeddings=514, pad_token_id=0,
    )
    torch.manual_seed(0)  # the same weights whatever ran before: some random draws saturate its classifier after training
    MPNetModel(config).save_pretrained(folder)
    tokenizer = AutoTokenizer.from_pretrained(minilm_path(), model_input_names=["input_ids", "attention_mask"])
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def trained_mpnet(tiny_mpnet, tmp_path_factory):
    """A model folder trained from the tiny MPNet per stance architecture, each trained once for the module."""
    folders = {}

    def folder(architecture: str):
        if architecture not in folders:
            root = tmp_path_factory.mktemp(f"mpnet-{architecture}")
            folders[architecture] = train_tiny(tiny_mpnet, root, stance_architecture=architecture)
        return folders[architecture]

    return folder


@pytest.mark.parametrize("architecture", ["bi-encoder", "cross-encoder"])
def test_an_mpnet_encoder_trains_every_task_and_predicts(trained_mpnet, seed_text, architecture):
    from stance import load_pipeline

    folder = trained_mpnet(architecture)
    for task in ("claim", "speaker", "stance"):
        config_file = next((folder / task).rglob("config.json"))
        assert json.loads(config_file.read_text())["model_type"] == "mpnet", task
    pipeline = load_pipeline(folder)
    units = pipeline.predict(seed_text, targets=["NATO expansion eastward"], keep_non_claims=True)
    assert len(units) > 10 and all(u.text == seed_text[u.start:u.end] for u in units)
    probabilities = pipeline.score_stances(["NATO expansion eastward"] * 2, [units[0].text, units[1].text])
    assert probabilities.shape == (2, 3)
    assert probabilities.sum(axis=1) == pytest.approx([1.0, 1.0], abs=1e-4)
    assert abs(probabilities[0] - probabilities[1]).max() > 0  # the encoder reads the text


def test_an_mpnet_model_exports_to_onnx_and_predicts_as_torch_does(trained_mpnet, tmp_path, seed_text):
    import numpy as np

    from stance import StancePipeline

    folder = trained_mpnet("bi-encoder")
    exported = onnx_exported_copy(folder, tmp_path)
    torch_pipeline, onnx_pipeline = StancePipeline(folder, device="cpu", precision="float32"), StancePipeline(exported, backend="onnx")
    torch_units = torch_pipeline.predict(seed_text, keep_non_claims=True)
    targets, texts = ["NATO expansion eastward"] * 3, [u.text for u in torch_units[:3]]
    np.testing.assert_allclose(onnx_pipeline.score_stances(targets, texts), torch_pipeline.score_stances(targets, texts), atol=1e-4)
    onnx_units = onnx_pipeline.predict(seed_text, keep_non_claims=True)
    np.testing.assert_allclose([u.claim_score for u in onnx_units], [u.claim_score for u in torch_units], atol=1e-4)
    assert [u.mention for u in onnx_units] == [u.mention for u in torch_units]
