"""stance_input: the stance model reads the previous unit, the speaker or the headline after the unit."""

import json

import numpy as np
import pytest

from conftest import minilm_path, train_tiny
from stance.benchmark.evaluators import StanceEvaluator
from stance.config import ConfigError, load_config
from stance.encoding import encode_stance, stance_context


@pytest.fixture(scope="module")
def tokenizer():
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(minilm_path())


def test_stance_context_joins_the_named_fields_in_order_and_skips_empty_ones():
    fields = {"previous": "He spoke first.", "speaker": "Vladimir Putin", "headline": ""}
    assert stance_context(["speaker", "headline", "previous"], fields) == "Vladimir Putin ; He spoke first."
    assert stance_context([], fields) == ""


def test_a_context_is_read_after_the_unit_and_cut_from_its_start_never_the_unit(tokenizer):
    unit = "NATO must stop its expansion eastward, he said."
    context = " ".join(f"word{i}" for i in range(200)) + " Putin spoke."
    plain = encode_stance(tokenizer, ["NATO expansion"], [unit], 48)
    with_context = encode_stance(tokenizer, ["NATO expansion"], [unit], 48, [context])
    ids = with_context["input_ids"][0]
    assert len(ids) <= 48
    assert ids[: len(plain["input_ids"][0])] == plain["input_ids"][0]  # target and unit whole, then the context
    assert tokenizer.decode(ids[len(plain["input_ids"][0]) :]).endswith("putin spoke. [SEP]")  # its end is kept
    assert encode_stance(tokenizer, ["NATO expansion"], [unit], 48, [""])["input_ids"] == plain["input_ids"]


def test_the_unit_before_where_needed_is_read_only_when_the_unit_lacks_the_targets_words():
    fields = {"previous": "Putin spoke of NATO expansion.", "speaker": "Vladimir Putin"}
    assert stance_context(["previous_where_needed"], fields, "NATO expansion eastward", "It would be a disaster, he said.") == fields["previous"]
    assert stance_context(["previous_where_needed"], fields, "NATO expansion eastward", "Expanding NATO would be a disaster.") == ""
    # Stop words and words of two letters are not the target's words: "the" and "of" do not name it.
    assert stance_context(["speaker", "previous_where_needed"], fields, "The Treaty of Rome", "Of the rest, he said nothing.") == "Vladimir Putin ; " + fields["previous"]


def test_stance_input_must_name_known_fields_once():
    with pytest.raises(ConfigError, match="'stance_input' must list some of previous, speaker, headline"):
        load_config(None, ["stance_input=[previous, mood]"])
    with pytest.raises(ConfigError, match="each once"):
        load_config(None, ["stance_input=[speaker, speaker]"])
    with pytest.raises(ConfigError, match="read twice"):
        load_config(None, ["stance_input=[previous, previous_where_needed]"])


@pytest.fixture(scope="module")
def context_model(tiny_base_model, tmp_path_factory):
    return train_tiny(tiny_base_model, tmp_path_factory.mktemp("stance-input"), stance_input="[speaker, previous]")


def test_a_model_trained_with_stance_input_records_it_and_reads_the_fields(context_model, seed_text):
    from stance import StancePipeline

    assert json.loads((context_model / "stance_model.json").read_text())["stance_input"] == ["speaker", "previous"]
    # float32: the tiny random model's logits differ by less than bfloat16 resolves.
    pipeline = StancePipeline(context_model, device="cpu", precision="float32")
    assert pipeline.stance_input == ["speaker", "previous"]
    alone = pipeline.score_stances(["NATO"], ["He said no."])
    read = pipeline.score_stances(["NATO"], ["He said no."], fields=[{"speaker": "Vladimir Putin", "previous": "Putin spoke in Moscow."}])
    assert not np.allclose(alone, read)
    claims = pipeline.predict(seed_text, ["NATO expansion eastward"], keep_non_claims=True)
    assert len(claims) > 20 and all(set(c.stances) == {"NATO expansion eastward"} for c in claims)


def test_a_model_trained_to_read_the_unit_before_where_needed_ignores_it_where_the_unit_names_the_target(tiny_base_model, tmp_path_factory):
    from stance import StancePipeline

    folder = train_tiny(tiny_base_model, tmp_path_factory.mktemp("stance-where-needed"), stance_input="[previous_where_needed]")
    pipeline = StancePipeline(folder, device="cpu", precision="float32")
    assert pipeline.stance_input == ["previous_where_needed"]
    before = [{"previous": "Putin spoke in Moscow about the alliance."}]
    named, unnamed = "NATO must stop, he said.", "It must stop, he said."
    assert np.allclose(pipeline.score_stances(["NATO"], [named]), pipeline.score_stances(["NATO"], [named], fields=before))
    assert not np.allclose(pipeline.score_stances(["NATO"], [unnamed]), pipeline.score_stances(["NATO"], [unnamed], fields=before))


def test_the_evaluator_gives_fields_only_to_models_that_read_them():
    seen = {}

    class Model:
        def __init__(self, stance_input):
            self.stance_input = stance_input

        def predict_stance(self, targets, texts, labels, label_map=None, **kwargs):
            seen[tuple(self.stance_input)] = kwargs
            return ["none"] * len(texts)

    evaluator = StanceEvaluator(["a"], ["t"], ["x"], ["none"], ["favor", "against", "none"], fields=[{"speaker": "S"}], n_bootstrap=0)
    evaluator(Model(["speaker"]))
    evaluator(Model([]))
    assert seen == {("speaker",): {"fields": [{"speaker": "S"}]}, (): {}}
