"""The bi-encoder stance model (``stance_architecture: bi-encoder``): trained, saved, loaded and run by every backend."""

import json

import numpy as np
import pytest
import torch
from conftest import onnx_exported_copy, tiny_config, train_tiny

from stance.errors import ConfigError, ModelFolderError


@pytest.fixture(scope="module")
def bi_model(tiny_base_model, tmp_path_factory):
    # As configs/default.yaml: claim and speaker on one encoder, stance a bi-encoder.
    return train_tiny(tiny_base_model, tmp_path_factory.mktemp("bi-run"), stance_architecture="bi-encoder", shared_encoder="true")


def test_config_rejects_an_unknown_architecture(tiny_base_model, tmp_path):
    with pytest.raises(ConfigError, match="stance_architecture"):
        tiny_config(tiny_base_model, tmp_path, tmp_path / "m", stance_architecture="tri-encoder")


def test_the_folder_says_it_holds_a_bi_encoder(bi_model):
    manifest = json.loads((bi_model / "stance_model.json").read_text())
    assert manifest["stance_architecture"] == "bi-encoder"
    assert "mean-pooled" in manifest["inputs"]["stance"]
    assert (bi_model / "stance" / "stance_head.safetensors").is_file()
    assert json.loads((bi_model / "stance" / "config.json").read_text())["stance_architecture"] == "bi-encoder"


def test_a_cross_encoder_folder_says_so(tiny_model):
    assert json.loads((tiny_model / "stance_model.json").read_text())["stance_architecture"] == "cross-encoder"


def test_plain_transformers_loads_the_encoder(bi_model):
    from transformers import AutoModel

    encoder, info = AutoModel.from_pretrained(bi_model / "stance", output_loading_info=True)
    assert not info["missing_keys"]
    assert encoder.config.id2label[0] == "favor"


def test_pair_features_and_head_match_the_torch_model(bi_model):
    from stance.biencoder import head_logits
    from stance.model_folder import load_task_model

    model, _ = load_task_model(bi_model, "stance")
    units, targets = torch.randn(4, model.config.hidden_size), torch.randn(4, model.config.hidden_size)
    expected = model.head(torch.cat([units, targets, units * targets, (units - targets).abs()], -1)).detach().numpy()
    assert np.allclose(head_logits(model.head_arrays(), units.numpy(), targets.numpy()), expected, atol=1e-5)


def test_pipeline_scores_match_the_model_run_pair_by_pair(bi_model):
    """Deduplicated, length-sorted embedding batches give each pair what the model gives it alone."""
    from transformers import AutoTokenizer

    from stance import load_pipeline
    from stance.biencoder import BiEncoderCollator, encode_stance_sides
    from stance.calibration import apply_temperature

    pipeline = load_pipeline(bi_model, precision="float32")
    targets = ["NATO expansion eastward", "Sanctions on Russia", "NATO expansion eastward", "Sanctions on Russia"]
    texts = ["Putin demanded guarantees.", "Putin demanded guarantees.", "The West rejected it, officials said.", "Sanctions will follow."]
    got = pipeline.score_stances(targets, texts, batch_size=2)
    tokenizer = AutoTokenizer.from_pretrained(bi_model / "stance")
    model = pipeline.models["stance"]
    expected = []
    for target, text in zip(targets, texts):
        batch = BiEncoderCollator(tokenizer)([{k: v[0] for k, v in encode_stance_sides(tokenizer, [target], [text], 64).items()}])
        with torch.no_grad():
            expected.append(torch.softmax(model(**batch)["logits"], -1)[0].numpy())
    expected = apply_temperature(np.stack(expected), pipeline.temperatures["stance"])
    assert got.shape == (4, 3)
    assert np.allclose(got, expected, atol=1e-4)


def test_predict_gives_every_claim_the_bi_encoder_scores(bi_model, seed_text, monkeypatch):
    """End to end, each claim's stance scores are the bi-encoder's for its unit and target (the tiny
    random model may find no claim, so every unit is made one)."""
    from stance import load_pipeline

    pipeline = load_pipeline(bi_model, precision="float32")
    assert pipeline._shared is not None
    original = pipeline._claims_and_spans

    def all_claims(*args, **kwargs):
        scores, spans_of = original(*args, **kwargs)
        return np.ones_like(scores), spans_of

    monkeypatch.setattr(pipeline, "_claims_and_spans", all_claims)
    targets = ["NATO expansion eastward", "Sanctions on Russia"]
    claims = pipeline.predict(seed_text, targets=targets)
    assert len(claims) == len(pipeline.predict(seed_text, targets=targets, keep_non_claims=True)) > 20
    expected = pipeline.score_stances([t for _ in claims for t in targets], [c.text for c in claims for _ in targets])
    got = np.array([[c.stance_scores[t][label] for label in ("favor", "against", "none")] for c in claims for t in targets])
    assert np.allclose(got, expected, atol=1e-3)
    assert all(c.stances[t] == max(c.stance_scores[t], key=c.stance_scores[t].get) for c in claims for t in targets)


def test_save_pretrained_keeps_the_bi_encoder(bi_model, tmp_path):
    from stance import load_pipeline

    pipeline = load_pipeline(bi_model, precision="float32")
    copy = load_pipeline(pipeline.save_pretrained(tmp_path / "copy"), precision="float32")
    assert copy.stance_architecture == "bi-encoder"
    pairs = (["Sanctions on Russia"], ["Sanctions will follow, the minister said."])
    assert np.allclose(copy.score_stances(*pairs), pipeline.score_stances(*pairs), atol=1e-5)


def test_a_missing_head_is_a_clear_error(bi_model, tmp_path):
    import shutil

    from stance import load_pipeline

    broken = shutil.copytree(bi_model, tmp_path / "broken")
    (broken / "stance" / "stance_head.safetensors").unlink()
    with pytest.raises(ModelFolderError, match="stance_head.safetensors"):
        load_pipeline(broken)


def test_onnx_backends_agree_with_torch(bi_model, tmp_path):
    from stance import load_pipeline

    copy = onnx_exported_copy(bi_model, tmp_path)
    assert (copy / "onnx" / "stance" / "model.onnx").is_file()
    pairs = (["Sanctions on Russia", "NATO expansion eastward"], ["Sanctions will follow, the minister said.", "NATO must stop, Putin said."])
    reference = load_pipeline(copy, precision="float32").score_stances(*pairs)
    assert np.allclose(load_pipeline(copy, backend="onnx").score_stances(*pairs), reference, atol=1e-4)
    assert np.allclose(load_pipeline(copy, backend="onnx-int8").score_stances(*pairs), reference, atol=0.1)


def test_calibration_refits_the_bi_encoder(bi_model, tmp_path):
    import shutil

    from stance.training import calibrate_model_folder

    copy = shutil.copytree(bi_model, tmp_path / "copy")
    found = calibrate_model_folder(copy)
    assert found["stance"]["temperature"] > 0
    assert json.loads((copy / "stance_model.json").read_text())["stance_architecture"] == "bi-encoder"


def test_head_learning_rate_gives_the_head_its_own_rate(tiny_base_model):
    from transformers import AutoModel

    from stance.biencoder import BiEncoderStanceModel
    from stance.config import training_arguments
    from stance.training import _head_optimizer

    model = BiEncoderStanceModel(AutoModel.from_pretrained(tiny_base_model))
    args = training_arguments({"learning_rate": 5e-5, "head_learning_rate": 1e-3}, output_dir="unused")
    optimizer = _head_optimizer(model, args)
    rates = {id(p): group["lr"] for group in optimizer.param_groups for p in group["params"]}
    assert {rates[id(p)] for p in model.head.parameters()} == {1e-3}
    assert {rates[id(p)] for p in model.encoder.parameters()} == {5e-5}
    assert len(rates) == len(list(model.parameters()))
    assert _head_optimizer(model, training_arguments({"learning_rate": 5e-5}, output_dir="unused")) is None


@pytest.mark.parametrize("kind", ["cross-encoder", "shared claim and speaker"])
def test_head_learning_rate_gives_a_classifiers_head_its_own_rate(tiny_base_model, kind):
    # It had applied to the bi-encoder's head alone: a cross-encoder config that set it trained its classifier at
    # learning_rate without a word.
    from transformers import AutoModelForSequenceClassification, AutoModelForTokenClassification

    from stance.config import training_arguments
    from stance.joint import ClaimSpeakerModel
    from stance.training import _head_optimizer

    model = AutoModelForSequenceClassification.from_pretrained(tiny_base_model, num_labels=3)
    heads, encoder = [model.classifier], model.base_model
    if kind == "shared claim and speaker":
        model = ClaimSpeakerModel(model, AutoModelForTokenClassification.from_pretrained(tiny_base_model, num_labels=5))
        heads.append(model.heads.speaker_classifier)
    optimizer = _head_optimizer(model, training_arguments({"learning_rate": 5e-5, "head_learning_rate": 1e-3}, output_dir="unused"))
    rates = {id(p): group["lr"] for group in optimizer.param_groups for p in group["params"]}
    assert {rates[id(p)] for head in heads for p in head.parameters()} == {1e-3}
    assert {rates[id(p)] for p in encoder.parameters()} == {5e-5}
    assert len(rates) == len(list(model.parameters()))


def test_a_bi_encoder_stance_folder_as_base_model_is_continued_head_and_all(bi_model, tiny_base_model, tmp_path):
    """Two-stage training: stage two starts from stage one's head, not a fresh one (learning rate 0: nothing moves)."""
    from stance.biencoder import read_head

    folder = train_tiny(
        tiny_base_model, tmp_path, tasks="[stance]", stance_architecture="bi-encoder", **{
            "base_models.stance": str(bi_model / "stance"), "stance.learning_rate": 0.0, "stance.head_learning_rate": 0.0,
        },
    )
    before, after = read_head(bi_model / "stance"), read_head(folder / "stance")
    assert before.keys() == after.keys() == {"weight", "bias"}
    assert all(np.array_equal(before[k], after[k]) for k in before)


def test_a_cross_encoder_started_from_a_bi_encoder_folder_is_saved_as_a_cross_encoder(bi_model, tiny_base_model, tmp_path):
    # Stage two as a cross-encoder from a bi-encoder stage one: the encoder's config kept the key that marks a
    # bi-encoder, and the saved folder was read back as one (session 31).
    folder = train_tiny(
        tiny_base_model, tmp_path, tasks="[stance]", stance_architecture="cross-encoder", **{"base_models.stance": str(bi_model / "stance")}
    )
    assert "stance_architecture" not in json.loads((folder / "stance" / "config.json").read_text())
    manifest = json.loads((folder / "stance_model.json").read_text())
    assert manifest["stance_architecture"] == "cross-encoder" and manifest["inputs"]["stance"] == "[CLS] target [SEP] unit [SEP]"


def test_each_source_adds_its_own_prior_and_the_saved_head_keeps_the_news_one(tiny_base_model, tmp_path):
    from transformers import AutoModel

    from stance.biencoder import BiEncoderStanceModel, read_head

    model = BiEncoderStanceModel(AutoModel.from_pretrained(tiny_base_model), sources=["news", "ibm_claim_stance"]).eval()
    with torch.no_grad():
        model.source_bias.copy_(torch.tensor([[0.5, 0.0, -0.5], [1.0, 2.0, -9.0]]))
    ids = torch.tensor([[101, 2000, 102], [101, 2001, 102]])
    mask = torch.ones_like(ids)
    plain = model(ids, mask, ids, mask)["logits"]
    biased = model(ids, mask, ids, mask, source_ids=torch.tensor([0, 1]))["logits"]
    assert torch.allclose(biased - plain, model.source_bias)
    model.save_pretrained(tmp_path)
    assert np.allclose(read_head(tmp_path)["bias"], (model.head.bias + model.source_bias[0]).detach().numpy())
    assert json.loads((tmp_path / "source_bias.json").read_text())["ibm_claim_stance"] == {"favor": 1.0, "against": 2.0, "none": -9.0}
    loaded = BiEncoderStanceModel.from_pretrained(tmp_path).eval()
    assert loaded.source_bias is None
    assert torch.allclose(loaded(ids[:1], mask[:1], ids[:1], mask[:1])["logits"], biased[:1], atol=1e-5)


def test_source_bias_needs_the_bi_encoder(tiny_base_model, tmp_path):
    with pytest.raises(ConfigError, match="stance_source_bias"):
        tiny_config(tiny_base_model, tmp_path, tmp_path / "m", stance_source_bias="true", stance_architecture="cross-encoder")
    with pytest.raises(ConfigError, match="stance_source_bias"):
        tiny_config(tiny_base_model, tmp_path, tmp_path / "m", stance_source_bias="yes please", stance_architecture="bi-encoder")


def test_training_with_a_prior_per_source_learns_one_for_the_pair_corpus(tiny_base_model, tmp_path, monkeypatch):
    """News and a pairs file that is all favor: the pairs' bias learns favor, and the saved folder predicts as news."""
    import stance.biencoder as biencoder
    from stance.biencoder import read_head

    rows = [{"id": str(i), "target": "The new bridge", "text": f"The city must build the new bridge, says voter {i}.", "label": "favor"} for i in range(40)]
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("".join(json.dumps({"dataset": "mine", "split": "train", **r}) + "\n" for r in rows))
    saved = {}
    original = biencoder.BiEncoderStanceModel.save_pretrained

    def keep(self, folder, **kwargs):
        saved["sources"], saved["bias"] = list(self.sources), self.source_bias.detach().clone()
        saved["head_bias"] = self.head.bias.detach().clone()
        return original(self, folder, **kwargs)

    monkeypatch.setattr(biencoder.BiEncoderStanceModel, "save_pretrained", keep)
    folder = train_tiny(
        tiny_base_model, tmp_path / "run", tasks="[stance]", stance_architecture="bi-encoder", stance_source_bias="true",
        extra_data=f"[{{importer: pairs, path: {pairs}, train_split: train}}]",
    )
    assert saved["sources"] == ["news", "pairs"]
    favor = 0
    assert saved["bias"][1, favor] > saved["bias"][0, favor]  # the all-favor corpus's prior, not the news one, took it
    assert np.allclose(read_head(folder / "stance")["bias"], (saved["head_bias"] + saved["bias"][0]).numpy(), atol=1e-6)
