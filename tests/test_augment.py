"""Stance augmentation: reversed targets with swapped labels, on the training split only."""

import pytest
from datasets import Dataset

from stance.augment import augment_stance, reverse_target
from stance.config import load_config
from stance.errors import ConfigError
from stance.schema import STANCE_LABELS


@pytest.mark.parametrize(
    ("target", "reversed_"),
    [
        ("The budget should be passed", "The budget should not be passed"),
        ("Trump should not release his tax returns", "Trump should release his tax returns"),
        ("NATO expansion eastward", "Opposition to NATO expansion eastward"),
        ("Russia intends to invade Ukraine", "It is not true that Russia intends to invade Ukraine"),
    ],
)
def test_a_reversed_target_means_the_opposite_and_reverses_back(target, reversed_):
    assert reverse_target(target) == reversed_
    assert reverse_target(reversed_) == target


def test_flip_targets_adds_each_pair_with_favor_and_against_swapped():
    favor, against, none = (STANCE_LABELS.index(x) for x in ("favor", "against", "none"))
    train = Dataset.from_dict({"target": ["Sanctions on Russia"] * 3, "text": ["a", "b", "c"], "label": [favor, against, none]})
    augmented = augment_stance(train, ["flip_targets"])
    assert len(augmented) == 6 and augmented[:3] == train[:3]
    assert augmented["target"][3:] == ["Opposition to Sanctions on Russia"] * 3
    assert augmented["label"][3:] == [against, favor, none]
    assert augment_stance(train, []) is train


def test_an_unknown_augmentation_is_a_config_error():
    with pytest.raises(ConfigError, match="stance_augment"):
        load_config(None, ["stance_augment=[shuffle_words]"])
    assert load_config(None, ["stance_augment=[flip_targets]"]).stance_augment == ["flip_targets"]


def test_training_with_flip_targets_doubles_the_stance_training_split_and_not_dev(tiny_base_model, tiny_model, tmp_path):
    import json

    import yaml

    from stance.training import train

    from tests.conftest import make_data_folder, tiny_config

    data = make_data_folder(tmp_path / "data", copies=2)
    config = tiny_config(tiny_base_model, data, tmp_path / "model", dev_fraction=0.5, tasks="[stance]", stance_augment="[flip_targets]")
    folder = train(config)
    augmented = json.loads((folder / "metrics.json").read_text())["stance"]["examples"]
    plain = json.loads((tiny_model / "metrics.json").read_text())["stance"]["examples"]
    assert augmented["train"] == 2 * plain["train"] and augmented["dev"] == plain["dev"]
    assert yaml.safe_load((folder / "training_config.yaml").read_text())["stance_augment"] == ["flip_targets"]
