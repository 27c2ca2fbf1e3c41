"""Class-weighted training (``class_weights``): the weights, the loss, and a model trained with them."""

import json

import pytest
import torch
from conftest import tiny_config, train_tiny

from stance.errors import ConfigError
from stance.losses import class_weight_vector, weighted_cross_entropy


def test_balanced_weights_follow_scikit_learn():
    weights = class_weight_vector("balanced", [0, 0, 0, 0, 1, 2, 2, 2], ["favor", "against", "none"])
    # n / (labels * n_label): 8 / (3 * 4), 8 / (3 * 1), 8 / (3 * 3)
    assert torch.allclose(weights, torch.tensor([8 / 12, 8 / 3, 8 / 9]))


def test_balanced_weights_of_token_labels_ignore_padding_and_absent_labels():
    weights = class_weight_vector("balanced", [[0, 0, -100], [1, -100]], ["O", "B", "I"])
    assert torch.allclose(weights, torch.tensor([0.75, 1.5, 1.0]))


def test_a_mapping_names_labels_and_the_rest_weigh_one():
    assert class_weight_vector({"against": 4}, [], ["favor", "against", "none"]).tolist() == [1.0, 4.0, 1.0]


@pytest.mark.parametrize("spec, match", [
    ({"disagree": 2.0}, r"unknown label\(s\) \['disagree'\]"),
    ({"against": 0}, "stance.class_weights.against: a weight must be a positive number"),
    ({"against": "high"}, "a weight must be a positive number"),
    ("inverse", "expected 'balanced' or a mapping"),
])
def test_bad_weights_are_named(spec, match):
    with pytest.raises(ConfigError, match=match):
        class_weight_vector(spec, [0, 1], ["favor", "against", "none"], source="stance.class_weights")


def test_the_weighted_loss_is_the_weighted_mean_and_unit_weights_give_plain_cross_entropy():
    logits, labels = torch.randn(6, 3), torch.tensor([0, 1, 2, 1, -100, 0])
    loss = weighted_cross_entropy(torch.ones(3))
    plain = torch.nn.functional.cross_entropy(logits, labels)
    assert torch.isclose(loss({"logits": logits}, labels), plain)
    weights = torch.tensor([1.0, 3.0, 0.5])
    kept = labels != -100
    expected = (weights[labels[kept]] * torch.nn.functional.cross_entropy(logits[kept], labels[kept], reduction="none")).sum() / 5
    assert torch.isclose(weighted_cross_entropy(weights)({"logits": logits}, labels), expected)
    # The Trainer's count of labelled items over the accumulated batch replaces the batch's own.
    assert torch.isclose(weighted_cross_entropy(weights)({"logits": logits}, labels, num_items_in_batch=10), expected * 5 / 10)


@pytest.mark.parametrize("architecture", ["cross-encoder", "bi-encoder"])
def test_a_stance_model_trains_with_balanced_weights_and_saves_them(tiny_base_model, tmp_path, architecture):
    folder = train_tiny(
        tiny_base_model, tmp_path, tasks="[stance]", stance_architecture=architecture, **{"stance.class_weights": "balanced"}
    )
    args = json.loads((folder / "stance" / "training_args.json").read_text())
    assert args["class_weights"] == "balanced"
    assert "class_weights: balanced" in (folder / "training_config.yaml").read_text()


def test_claim_and_speaker_on_one_encoder_refuse_class_weights(tiny_base_model, tmp_path):
    with pytest.raises(ConfigError, match="only a task trained alone takes class weights"):
        train_tiny(tiny_base_model, tmp_path, tasks="[claim,speaker]", shared_encoder="true", **{"training.class_weights": "balanced"})
