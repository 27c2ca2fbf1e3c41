import json

import pytest

from conftest import SEED_ID, make_data_folder, tiny_config
from stance import Claim, ModelFolderError, StancePipeline, load_pipeline, predict
from stance.schema import STANCE_LABELS, validate_records
from stance.segment import segment
from stance.training import train

SEED_TARGETS = ["NATO expansion eastward", "Russia intends to invade Ukraine", "Sanctions on Russia"]


def test_model_folder_holds_models_config_metrics_and_no_pickles(tiny_model):
    manifest = json.loads((tiny_model / "stance_model.json").read_text())
    assert manifest["tasks"] == ["claim", "speaker", "stance"]
    for task in manifest["tasks"]:
        assert (tiny_model / task / "model.safetensors").is_file()
        config = json.loads((tiny_model / task / "config.json").read_text())
        assert list(config["id2label"].values()) == manifest["labels"][task]
    assert not list(tiny_model.rglob("*.bin")) and not list(tiny_model.rglob("*.pt"))
    saved = (tiny_model / "training_config.yaml").read_text()
    assert "max_length: 64" in saved and "base_model:" in saved
    assert manifest["max_length"] == 64 and manifest["format_version"] == 2 and manifest["base_model"]
    assert manifest["inputs"]["stance"] == "[CLS] target [SEP] unit [SEP]"
    metrics = json.loads((tiny_model / "metrics.json").read_text())
    assert metrics["claim"]["split"] == "dev" and "dev_f1" in metrics["claim"]
    assert "dev_mention_token_exact_f1" in metrics["speaker"]
    assert not (tiny_model.parent / f".{tiny_model.name}.work").exists()


def _copy(folder, destination):
    import shutil

    shutil.copytree(folder, destination)
    return destination


def test_a_folder_without_its_training_config_predicts_exactly_the_same(tiny_model, tiny_pipeline, seed_text, tmp_path):
    bare = _copy(tiny_model, tmp_path / "bare")
    (bare / "training_config.yaml").unlink()
    with_config = predict(seed_text, SEED_TARGETS, model=tiny_pipeline, keep_non_claims=True)
    without = predict(seed_text, SEED_TARGETS, model=StancePipeline(bare, device="cpu", precision=tiny_pipeline.precision), keep_non_claims=True)
    assert [c.as_dict() for c in without] == [c.as_dict() for c in with_config]


def test_max_length_comes_from_the_manifest_and_the_tokenizers(tiny_model, tmp_path):
    from transformers import AutoTokenizer

    assert StancePipeline(tiny_model, device="cpu").max_length == 64
    for task in ("claim", "speaker", "stance"):
        assert AutoTokenizer.from_pretrained(tiny_model / task).model_max_length == 64


def test_save_pretrained_and_from_pretrained_round_trip(tiny_pipeline, seed_text, tmp_path):
    folder = tiny_pipeline.save_pretrained(tmp_path / "saved")
    again = StancePipeline.from_pretrained(folder, device="cpu", precision=tiny_pipeline.precision)
    assert again.max_length == tiny_pipeline.max_length and again.tasks == tiny_pipeline.tasks
    first = predict(seed_text, SEED_TARGETS, model=tiny_pipeline)
    assert [c.as_dict() for c in predict(seed_text, SEED_TARGETS, model=again)] == [c.as_dict() for c in first]
    assert not (tmp_path / ".saved.saving").exists()


@pytest.mark.parametrize("task", ["claim", "speaker", "stance"])
def test_each_task_folder_loads_with_plain_transformers(tiny_model, task):
    from stance.tasks import TASKS

    model = TASKS[task].auto_model().from_pretrained(tiny_model / task)
    assert tuple(model.config.id2label.values()) == TASKS[task].labels


def test_string_in_gives_claims_out_and_list_in_gives_lists(tiny_pipeline, seed_text):
    claims = predict(seed_text, SEED_TARGETS, model=tiny_pipeline, keep_non_claims=True)
    assert isinstance(claims, list) and all(isinstance(c, Claim) for c in claims)
    assert len(claims) == len(segment(seed_text)) == 30
    for claim in claims:
        assert seed_text[claim.start : claim.end] == claim.text
        assert 0.0 <= claim.claim_score <= 1.0 and claim.claim == (claim.claim_score >= 0.5)
        assert set(claim.stances) == set(SEED_TARGETS)
        assert set(claim.stances.values()) <= set(STANCE_LABELS)
        if claim.claim:
            assert claim.speaker and set(claim.stance_scores) == set(SEED_TARGETS)
            assert sum(claim.stance_scores[SEED_TARGETS[0]].values()) == pytest.approx(1.0, abs=1e-3)
        else:
            assert claim.speaker is None and claim.stance_scores == {}
    batch = predict([seed_text, "Headline\n\nShe said it works."], model=tiny_pipeline, keep_non_claims=True)
    assert len(batch) == 2 and [len(b) for b in batch] == [30, 2]


def test_without_keep_non_claims_only_claims_come_back(tiny_pipeline, seed_text):
    every = predict(seed_text, model=tiny_pipeline, keep_non_claims=True)
    claims = predict(seed_text, model=tiny_pipeline)
    assert [c.unit for c in claims] == [c.unit for c in every if c.claim]


def test_default_target_is_the_headline(tiny_pipeline, seed_text):
    claims = predict(seed_text, model=tiny_pipeline, keep_non_claims=True)
    assert list(claims[0].stances) == ["Putin Demands NATO Guarantees Not to Expand Eastward"]


def test_targets_per_article(tiny_pipeline, seed_text):
    a, b = predict([seed_text, seed_text], [["T one"], ["T two", "T three"]], model=tiny_pipeline, keep_non_claims=True)
    assert list(a[0].stances) == ["T one"] and list(b[0].stances) == ["T two", "T three"]


def test_to_dict_output_validates_as_labelled_data(tiny_pipeline, seed_text):
    claims = tiny_pipeline.predict(seed_text, SEED_TARGETS, keep_non_claims=True, article_ids=[SEED_ID])
    records = [(i + 1, c.to_dict()) for i, c in enumerate(claims)]
    assert validate_records(records, f"{SEED_ID}.jsonl", seed_text) == []


def test_predict_with_a_folder_caches_the_pipeline(tiny_model, seed_text):
    assert load_pipeline(tiny_model) is load_pipeline(str(tiny_model))
    assert predict(seed_text, model=tiny_model, keep_non_claims=True)[0].unit == 0


def test_missing_model_folder_says_how_to_train(tmp_path):
    with pytest.raises(ModelFolderError, match="no trained model at .*Train one with `python train.py"):
        predict("Headline\n\nHe said so.", model=tmp_path / "nothing")


@pytest.mark.parametrize("bad", ["", "   \n\n ", ["fine text", ""]])
def test_empty_input_is_a_clear_error(tiny_pipeline, bad):
    with pytest.raises(ValueError, match="empty: there is no text"):
        predict(bad, model=tiny_pipeline)


@pytest.mark.parametrize("bad", [123, [b"bytes"], [None]])
def test_non_text_input_is_a_clear_error(tiny_pipeline, bad):
    with pytest.raises(TypeError, match="expected a str"):
        predict(bad, model=tiny_pipeline)


def test_model_of_another_task_is_named(tiny_model, tmp_path):
    import shutil

    broken = tmp_path / "swapped"
    shutil.copytree(tiny_model, broken)
    shutil.rmtree(broken / "stance")
    shutil.copytree(tiny_model / "claim", broken / "stance")
    with pytest.raises(ModelFolderError, match=r"stance/config.json: labels .* another task"):
        StancePipeline(broken)


def test_failed_training_leaves_the_saved_model_untouched(tiny_base_model, tiny_model, tmp_path, monkeypatch):
    import shutil

    import stance.training as training

    output = tmp_path / "model"
    shutil.copytree(tiny_model, output)
    before = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    real = training._train_task

    def crash_on_speaker(task, *args, **kwargs):
        if task == "speaker":
            raise RuntimeError("simulated crash")
        return real(task, *args, **kwargs)

    monkeypatch.setattr(training, "_train_task", crash_on_speaker)
    data = make_data_folder(tmp_path / "data")
    with pytest.raises(RuntimeError, match="simulated crash"):
        train(tiny_config(tiny_base_model, data, output))
    after = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert after == before

    # --resume picks up where the crash left off: claim is not trained again.
    calls = []
    monkeypatch.setattr(training, "_train_task", lambda task, *a, **k: calls.append(task) or real(task, *a, **k))
    train(tiny_config(tiny_base_model, data, output), resume=True)
    assert calls == ["speaker", "stance"]
    assert json.loads((output / "metrics.json").read_text()).keys() == {"claim", "speaker", "stance"}


def test_resume_refuses_a_changed_config(tiny_base_model, tmp_path, monkeypatch):
    import stance.training as training

    monkeypatch.setattr(training, "_train_task", lambda task, *a, **k: (_ for _ in ()).throw(RuntimeError("stop")))
    data = make_data_folder(tmp_path / "data")
    with pytest.raises(RuntimeError):
        train(tiny_config(tiny_base_model, data, tmp_path / "m"))
    with pytest.raises(ValueError, match="the config differs from the interrupted run"):
        train(tiny_config(tiny_base_model, data, tmp_path / "m", seed=5), resume=True)


def test_same_seed_gives_the_same_dev_metrics(tiny_base_model, tmp_path):
    data = make_data_folder(tmp_path / "data", copies=2)
    runs = []
    for name in ("a", "b"):
        folder = train(tiny_config(tiny_base_model, data, tmp_path / name, dev_fraction=0.5, tasks="[stance]"))
        runs.append(json.loads((folder / "metrics.json").read_text())["stance"])
    keys = [k for k in runs[0] if k.startswith("dev_") and not k.endswith(("runtime", "per_second"))]
    assert keys and all(runs[0][k] == runs[1][k] for k in keys)


def test_precision_is_checked_and_bfloat16_keeps_the_answers(tiny_model, seed_text):
    with pytest.raises(ValueError, match="precision must be"):
        StancePipeline(tiny_model, precision="float16")
    exact = StancePipeline(tiny_model, device="cpu", precision="float32")
    fast = StancePipeline(tiny_model, device="cpu", precision="bfloat16")
    assert exact.precision == "float32" and fast.precision == "bfloat16"
    a = exact.predict(seed_text, keep_non_claims=True)
    b = fast.predict(seed_text, keep_non_claims=True)
    assert [c.claim_score for c in a] == pytest.approx([c.claim_score for c in b], abs=0.05)


def test_a_stance_only_folder_loads_but_cannot_predict_articles(tiny_base_model, tmp_path, seed_text):
    data = make_data_folder(tmp_path / "data")
    folder = train(tiny_config(tiny_base_model, data, tmp_path / "stance-only", tasks="[stance]"))
    pipeline = StancePipeline(folder)
    assert pipeline.tasks == ["stance"] and set(pipeline.models) == {"stance"}
    with pytest.raises(ModelFolderError, match="lacks the claim, speaker task"):
        pipeline.predict(seed_text)


def test_page_furniture_is_never_a_claim(tiny_pipeline):
    article = (
        "Mayor Quits Over Budget\n\nBy Jana Morrow\n\n\u201cI am done,\u201d the mayor said on Monday.\n\n"
        "BUDGET FIGHT ESCALATES\n\nShe said the council had failed.\n\nAdditional reporting by Petra Sand; editing by Tom Okafor"
    )
    claims = predict(article, ["The mayor should quit"], model=tiny_pipeline, keep_non_claims=True)
    by_text = {c.text: c for c in claims}
    for furniture in ("By Jana Morrow", "BUDGET FIGHT ESCALATES", "Additional reporting by Petra Sand; editing by Tom Okafor"):
        assert by_text[furniture].claim is False and by_text[furniture].speaker is None


def test_a_byte_order_mark_stays_out_of_the_first_unit(tiny_pipeline, seed_text):
    claims = predict("\ufeff" + seed_text, model=tiny_pipeline, keep_non_claims=True)
    assert claims[0].start == 1 and not claims[0].text.startswith("\ufeff")
