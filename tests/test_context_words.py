"""context_words: how much of the previous unit the claim and speaker models read, in training and prediction alike."""

import json

import pytest

from conftest import SEED_TEXT, make_data_folder, tiny_config
from stance import ConfigError, ModelFolderError, load_articles, load_pipeline, segment
from stance.encoding import last_words
from stance.model_folder import MANIFEST, read_manifest


@pytest.mark.parametrize("text, n, expected", [
    ("Putin spoke on Tuesday.  He said so.", 3, "He said so."),
    ("Putin spoke on Tuesday.", None, "Putin spoke on Tuesday."),
    ("Putin spoke on Tuesday.", 0, ""),
    ("Two words", 5, "Two words"),
    ("", 3, ""),
    ("  leading space\nand a line", 2, "a line"),
])
def test_last_words(text, n, expected):
    assert last_words(text, n) == expected


def test_config_rejects_a_bad_context_words(tmp_path):
    from stance.config import load_config

    for bad in ("-1", "2.5", "true", "many"):
        with pytest.raises(ConfigError, match="'context_words' must be a whole number >= 0"):
            load_config(None, [f"context_words={bad}"])


def test_training_and_prediction_read_the_same_capped_context(tiny_base_model, tmp_path):
    from stance.training import _task_splits, train

    data = make_data_folder(tmp_path / "data", copies=2)
    config = tiny_config(tiny_base_model, data, tmp_path / "model", dev_fraction=0.5, tasks="[claim,speaker]", context_words=0,
                         shared_encoder="true")
    for task in ("claim", "speaker"):
        splits = _task_splits(task, config, load_articles(config.data))
        assert {c for split in splits.values() for c in split["context"]} == {""}  # trained without the previous unit
    folder = train(config)
    assert read_manifest(folder)["context_words"] == 0
    pipeline = load_pipeline(folder)
    texts = [u.text for u in segment(SEED_TEXT.read_text(encoding="utf-8"))]
    contexts = [""] + texts[:-1]
    assert pipeline.score_claims(texts, contexts).tolist() == pipeline.score_claims(texts, [""] * len(texts)).tolist()
    assert pipeline.tag_spans(texts, contexts) == pipeline.tag_spans(texts, [""] * len(texts))
    copy = pipeline.save_pretrained(tmp_path / "copy")
    assert read_manifest(copy)["context_words"] == 0


def test_a_folder_without_context_words_reads_the_whole_previous_unit(tiny_model, tmp_path):
    assert read_manifest(tiny_model)["context_words"] is None
    manifest = json.loads((tiny_model / MANIFEST).read_text())
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / MANIFEST).write_text(json.dumps({**manifest, "context_words": -2}))
    with pytest.raises(ModelFolderError, match="'context_words' must be a whole number >= 0 or null"):
        read_manifest(bad)
