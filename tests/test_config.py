import pytest

from conftest import REPO
from stance.config import ConfigError, TrainConfig, apply_overrides, load_config


def test_default_config_file_loads():
    config = load_config(REPO / "configs" / "default.yaml")
    assert config.output_dir == "models/default"
    assert config.tasks == ["claim", "speaker", "stance"]
    assert isinstance(config.task_arguments("claim")["learning_rate"], float)


def test_overrides_reach_into_sections_and_parse_values():
    config = load_config(None, ["seed=7", "training.learning_rate=3e-5", "stance.num_train_epochs=2", "data=[a, b]"])
    assert config.seed == 7 and config.data == ["a", "b"]
    assert config.task_arguments("stance") == {"learning_rate": 3e-5, "num_train_epochs": 2}
    assert config.task_arguments("claim") == {"learning_rate": 3e-5}


@pytest.mark.parametrize(
    "override,message",
    [
        ("sede=7", "unknown config key(s) sede"),
        ("training.learning_rat=1", "unknown key(s) in 'training': learning_rat"),
        ("claim.epochs=1", "unknown key(s) in 'claim': epochs"),
        ("tasks=[claims]", "'tasks' must list some of"),
        ("seed", "expected key=value"),
    ],
)
def test_bad_overrides_are_rejected(override, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_config(None, [override])


def test_unknown_key_in_a_file_names_the_file(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("base_model: x\nepochs: 3\n")
    with pytest.raises(ConfigError, match=f"{path}: unknown config key\\(s\\) epochs"):
        load_config(path)


def test_missing_or_malformed_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.yaml")
    (tmp_path / "list.yaml").write_text("- a\n- b\n")
    with pytest.raises(ConfigError, match="a config is a mapping"):
        load_config(tmp_path / "list.yaml")


def test_apply_overrides_does_not_change_its_input():
    values = {"training": {"seed": 1}}
    apply_overrides(values, ["training.seed=2"])
    assert values == {"training": {"seed": 1}}


def test_config_round_trips_through_a_dict():
    config = load_config(None, ["seed=3"])
    assert TrainConfig(**config.to_dict()) == config
