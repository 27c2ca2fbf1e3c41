import pytest

from conftest import REPO
from stance.config import ConfigError, TrainConfig, apply_overrides, load_config, training_arguments


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
        ("base_models={stanse: x}", "'base_models' must map some of claim, speaker, stance"),
        ("data=[]", "'data' is empty and there is no 'extra_data'"),
        ("training.bf16=sometimes", "'training.bf16' must be true, false or auto"),
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


def test_a_config_extends_another_and_merges_its_sections(tmp_path):
    (tmp_path / "base.yaml").write_text("max_length: 96\ntraining: {num_train_epochs: 4, learning_rate: 1.0e-4}\ndev_articles: [x]\n")
    (tmp_path / "child.yaml").write_text("extends: base.yaml\ntraining: {learning_rate: 5.0e-5}\noutput_dir: models/child\n")
    config = load_config(tmp_path / "child.yaml")
    assert config.max_length == 96 and config.dev_articles == ["x"] and config.output_dir == "models/child"
    assert config.training == {"num_train_epochs": 4, "learning_rate": 5.0e-5}


def test_the_shipped_configs_share_the_default_dev_articles():
    default = load_config("configs/default.yaml")
    for name in ("full", "fnc1", "stance_public"):
        assert load_config(f"configs/{name}.yaml").dev_articles == default.dev_articles


def test_extends_that_loops_or_names_no_file_is_a_config_error(tmp_path):
    (tmp_path / "a.yaml").write_text("extends: b.yaml\n")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\n")
    with pytest.raises(ConfigError, match="loops back"):
        load_config(tmp_path / "a.yaml")
    (tmp_path / "c.yaml").write_text("extends: missing.yaml\n")
    with pytest.raises(ConfigError, match="config file not found: .*missing.yaml"):
        load_config(tmp_path / "c.yaml")


def test_load_config_rejects_a_bad_extra_data_entry_naming_the_file(tmp_path):
    (tmp_path / "bad.yaml").write_text("extra_data:\n  - {importer: semeval2016, path: x, train_split: trian}\n")
    with pytest.raises(ConfigError, match=r"bad.yaml: extra_data\[0\]: train_split 'trian' is not a semeval2016 split"):
        load_config(tmp_path / "bad.yaml")
    (tmp_path / "typo.yaml").write_text("extra_data:\n  - {importer: semevel, path: x, train_split: train}\n")
    with pytest.raises(ConfigError, match="unknown importer 'semevel'"):
        load_config(tmp_path / "typo.yaml")


def test_config_and_training_import_one_way():
    import ast

    def imports(module):
        tree = ast.parse((REPO / "stance" / f"{module}.py").read_text())
        return {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 1}

    assert "training" not in imports("config") and "config" in imports("training")
    from stance.config import StanceTrainingArguments

    assert StanceTrainingArguments.__module__ == "stance.config"


@pytest.mark.parametrize("path", sorted((REPO / "configs").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_config_loads(path):
    config = load_config(path)
    assert config.output_dir.startswith("models/")


@pytest.mark.parametrize("path", sorted((REPO / "benchmarks" / "configs").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_benchmark_config_loads(path):
    assert load_config(path).output_dir


@pytest.mark.parametrize("name", ["full", "stance_public"])
def test_two_stage_configs_start_stance_where_stage_one_writes_it(name):
    stage_one = load_config("configs/stance_direction.yaml")
    assert load_config(f"configs/{name}.yaml").task_base_model("stance") == stage_one.output_dir


@pytest.mark.parametrize("native", [True, False])
def test_bf16_auto_follows_the_hardware(monkeypatch, native):
    import torch

    import stance.precision

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(stance.precision, "native_bfloat16", lambda device: native)
    args = training_arguments({"bf16": "auto"}, output_dir="unused")
    assert args.bf16 is native
    assert args.use_cpu is native  # transformers takes bf16 on a CPU only with use_cpu


def test_bf16_true_or_false_is_passed_through_unchanged():
    args = training_arguments({"bf16": False}, output_dir="unused")
    assert args.bf16 is False and args.use_cpu is False


def test_a_label_map_that_leaves_a_label_out_drops_its_rows(tmp_path):
    from stance.corpora import add_extra_data

    (tmp_path / "train_bodies.csv").write_text('Body ID,articleBody\n1,"A town council voted to close the library."\n')
    (tmp_path / "train_stances.csv").write_text(
        "Headline,Body ID,Stance\nLibrary to close,1,agree\nCouncil saves library,1,disagree\nComet seen over Peru,1,unrelated\n"
    )
    (tmp_path / "hold_out_ids.txt").write_text("999\n")
    entry = {"importer": "fnc1", "path": str(tmp_path), "train_split": "train"}
    every = add_extra_data({}, "stance", [entry])["train"]
    related = add_extra_data({}, "stance", [{**entry, "label_map": {"agree": "favor", "disagree": "against", "discuss": "none"}}])["train"]
    assert every.num_rows == 3
    assert related["target"] == ["Library to close", "Council saves library"] and related["label"] == [0, 1]
    with pytest.raises(ConfigError, match=r"label_map keys \['agreed'\] are not fnc1 labels"):
        add_extra_data({}, "stance", [{**entry, "label_map": {"agreed": "favor"}}])
