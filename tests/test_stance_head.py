"""The bi-encoder's head with a hidden layer (``stance_head_hidden``): configured, trained, saved, continued and run."""

import numpy as np
import pytest
import torch
from conftest import onnx_exported_copy, tiny_config, train_tiny

from stance.errors import ConfigError


@pytest.fixture(scope="module")
def hidden_head_model(tiny_base_model, tmp_path_factory):
    return train_tiny(
        tiny_base_model, tmp_path_factory.mktemp("hidden-head-run"), tasks="[stance]", stance_architecture="bi-encoder", stance_head_hidden=16
    )


@pytest.mark.parametrize("value", ["-1", "true", "1.5", "'wide'"])
def test_config_rejects_a_hidden_size_that_is_not_a_whole_number(tiny_base_model, tmp_path, value):
    with pytest.raises(ConfigError, match="stance_head_hidden"):
        tiny_config(tiny_base_model, tmp_path, tmp_path / "m", stance_architecture="bi-encoder", stance_head_hidden=value)


def test_config_rejects_a_hidden_layer_for_the_cross_encoder(tiny_base_model, tmp_path):
    with pytest.raises(ConfigError, match="stance_head_hidden' needs stance_architecture: bi-encoder"):
        tiny_config(tiny_base_model, tmp_path, tmp_path / "m", stance_head_hidden=16)


def test_numpy_head_matches_torch_with_a_trained_hidden_layer():
    from stance.biencoder import StanceHead, head_logits

    torch.manual_seed(0)
    head = StanceHead(4 * 6, 3, hidden_size=5)
    torch.nn.init.normal_(head.out.weight)  # as after training: the hidden layer now counts
    units, targets = torch.randn(7, 6), torch.randn(7, 6)
    expected = head(torch.cat([units, targets, units * targets, (units - targets).abs()], -1)).detach().numpy()
    arrays = {k: v.detach().numpy() for k, v in head.state_dict().items()}
    assert set(arrays) == {"weight", "bias", "hidden.weight", "hidden.bias", "out.weight"}
    assert np.allclose(head_logits(arrays, units.numpy(), targets.numpy()), expected, atol=1e-5)
    linear_only = {k: arrays[k] for k in ("weight", "bias")}
    assert not np.allclose(head_logits(linear_only, units.numpy(), targets.numpy()), expected, atol=1e-3)


def test_a_new_hidden_layer_leaves_the_logits_as_they_were():
    from stance.biencoder import StanceHead

    head = StanceHead(8, 3)
    features = torch.randn(4, 8)
    before = head(features).detach()
    head.add_hidden_layer(6)
    assert torch.equal(head(features).detach(), before)


def test_training_learns_the_hidden_layer_and_the_folder_loads_with_it(hidden_head_model):
    from stance.biencoder import BiEncoderStanceModel, read_head

    arrays = read_head(hidden_head_model / "stance")
    assert arrays["hidden.weight"].shape[0] == 16
    assert np.abs(arrays["out.weight"]).max() > 0  # it moved from its zero start
    loaded = BiEncoderStanceModel.from_pretrained(hidden_head_model / "stance")
    assert loaded.head.hidden_size == 16


def test_pipeline_uses_the_hidden_layer(hidden_head_model, tmp_path):
    """The saved head scores pairs through its hidden layer: dropping it from the file changes the scores."""
    import shutil

    from safetensors.numpy import save_file

    from stance import load_pipeline
    from stance.biencoder import HEAD_FILE, read_head

    targets, texts = ["NATO expansion eastward"] * 2, ["Putin demanded guarantees.", "The weather was mild."]
    with_hidden = load_pipeline(hidden_head_model).score_stances(targets, texts)
    copy = shutil.copytree(hidden_head_model, tmp_path / "linear")
    save_file({k: v for k, v in read_head(copy / "stance").items() if k in ("weight", "bias")}, str(copy / "stance" / HEAD_FILE))
    linear = load_pipeline(copy).score_stances(targets, texts)
    assert np.allclose(with_hidden.sum(1), 1.0)
    assert not np.allclose(with_hidden, linear, atol=1e-4)


def test_a_linear_stage_one_continued_with_a_hidden_layer_starts_where_it_was(tiny_base_model, tmp_path):
    """Learning rate 0: the continued model keeps stage one's linear head and a hidden layer whose output is zero."""
    from stance import load_pipeline
    from stance.biencoder import read_head

    stage_one = train_tiny(tiny_base_model, tmp_path / "one", tasks="[stance]", stance_architecture="bi-encoder")
    stage_two = train_tiny(
        tiny_base_model, tmp_path / "two", tasks="[stance]", stance_architecture="bi-encoder", stance_head_hidden=8, **{
            "base_models.stance": str(stage_one / "stance"), "stance.learning_rate": 0.0, "stance.head_learning_rate": 0.0,
        },
    )
    before, after = read_head(stage_one / "stance"), read_head(stage_two / "stance")
    assert np.array_equal(before["weight"], after["weight"]) and np.array_equal(before["bias"], after["bias"])
    assert after["hidden.weight"].shape == (8, before["weight"].shape[1]) and not after["out.weight"].any()
    targets, texts = ["NATO expansion eastward"] * 2, ["Putin demanded guarantees.", "The weather was mild."]
    one, two = load_pipeline(stage_one), load_pipeline(stage_two)
    one.temperatures = two.temperatures = {"stance": 1.0}
    assert np.allclose(one.score_stances(targets, texts), two.score_stances(targets, texts), atol=1e-5)


def test_onnx_backend_runs_the_hidden_layer(hidden_head_model, tmp_path):
    from stance import load_pipeline

    exported = onnx_exported_copy(hidden_head_model, tmp_path)
    targets, texts = ["NATO expansion eastward"] * 2, ["Putin demanded guarantees.", "The weather was mild."]
    torch_scores = load_pipeline(exported, precision="float32").score_stances(targets, texts)
    onnx_scores = load_pipeline(exported, backend="onnx").score_stances(targets, texts)
    assert np.allclose(torch_scores, onnx_scores, atol=1e-4)


def test_a_head_file_without_its_linear_part_names_the_file(tmp_path):
    from safetensors.numpy import save_file

    from stance.biencoder import HEAD_FILE, read_head
    from stance.errors import ModelFolderError

    save_file({"hidden.weight": np.zeros((2, 4), dtype=np.float32)}, str(tmp_path / HEAD_FILE))
    with pytest.raises(ModelFolderError, match=f"{HEAD_FILE}: no weight or bias tensor"):
        read_head(tmp_path)
