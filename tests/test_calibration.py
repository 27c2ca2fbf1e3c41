"""Temperature scaling: fitted at the end of training, stored in the folder, applied in predict, measured by ECE."""

import json
import shutil

import numpy as np
import pytest

from stance import StancePipeline
from stance.calibration import (
    MIN_TEMPERATURE, apply_label_offset, apply_secondary_none_offset, apply_temperature, fit_label_offset, fit_temperature,
)
from stance.errors import InputError, ModelFolderError
from stance.metrics.functions import calibration_bins, expected_calibration_error


def test_a_temperature_keeps_every_label_and_undoes_itself():
    rng = np.random.default_rng(0)
    p = rng.dirichlet(np.ones(3), size=50)
    for t in (0.5, 1.7):
        scaled = apply_temperature(p, t)
        assert np.allclose(scaled.sum(axis=1), 1) and (scaled.argmax(axis=1) == p.argmax(axis=1)).all()
        assert np.allclose(apply_temperature(scaled, 1 / t), p)
    assert (apply_temperature(p, 2.0).max(axis=1) < p.max(axis=1) + 1e-12).all()  # softer


def test_the_fitted_temperature_softens_an_over_confident_model_and_sharpens_a_timid_one():
    over = np.array([[0.99, 0.01]] * 70 + [[0.01, 0.99]] * 30)
    labels = [0] * 60 + [1] * 10 + [1] * 20 + [0] * 10  # right 80% of the time, sure every time
    assert fit_temperature(over, labels) > 1.5
    timid = np.array([[0.6, 0.4]] * 50 + [[0.4, 0.6]] * 50)
    # Always right, never sure: sharpened, but no further than the bound a small dev split allows.
    assert fit_temperature(timid, [0] * 50 + [1] * 50) == MIN_TEMPERATURE
    assert fit_temperature(np.zeros((3, 2)) + 0.5, [-100] * 3) == 1.0  # nothing to fit on


def test_ece_is_the_size_weighted_gap_between_confidence_and_accuracy():
    assert expected_calibration_error([0.8] * 10, [1] * 8 + [0] * 2) == pytest.approx(0.0)
    assert expected_calibration_error([0.9] * 10, [1] * 5 + [0] * 5) == pytest.approx(0.4)
    bins = calibration_bins([0.05, 0.95, 0.97], [0, 1, 1], n_bins=10)
    assert bins["count"][0] == 1 and bins["count"][9] == 2 and np.isnan(bins["accuracy"][5])


def test_training_stores_a_temperature_per_task_and_the_dev_ece(tiny_model):
    manifest = json.loads((tiny_model / "stance_model.json").read_text())
    metrics = json.loads((tiny_model / "metrics.json").read_text())
    assert set(manifest["temperatures"]) == {"claim", "speaker", "stance"}
    for task, temperature in manifest["temperatures"].items():
        assert temperature > 0 and metrics[task]["temperature"] == temperature
        assert 0 <= metrics[task]["dev_ece_after"] <= 1 and 0 <= metrics[task]["dev_ece_before"] <= 1


def _with_temperatures(folder, tmp_path, **temperatures):
    copy = tmp_path / "model"
    shutil.copytree(folder, copy)
    manifest = json.loads((copy / "stance_model.json").read_text())
    manifest["temperatures"].update(temperatures)
    (copy / "stance_model.json").write_text(json.dumps(manifest))
    return copy


def test_predict_applies_the_stored_temperatures(tiny_model, tmp_path):
    plain = StancePipeline(_with_temperatures(tiny_model, tmp_path / "a", claim=1.0, stance=1.0), device="cpu", precision="float32")
    hot = StancePipeline(_with_temperatures(tiny_model, tmp_path / "b", claim=3.0, stance=3.0), device="cpu", precision="float32")
    texts, contexts = ["Putin said NATO must stop.", "Prices rose."], ["", ""]
    claim_plain, claim_hot = plain.score_claims(texts, contexts), hot.score_claims(texts, contexts)
    assert np.allclose(apply_temperature(np.stack([1 - claim_plain, claim_plain], 1), 3.0)[:, 1], claim_hot, atol=1e-5)
    stance_plain, stance_hot = plain.score_stances(["NATO"] * 2, texts), hot.score_stances(["NATO"] * 2, texts)
    assert np.allclose(apply_temperature(stance_plain, 3.0), stance_hot, atol=1e-5)


def test_a_bad_temperature_in_the_manifest_is_refused(tiny_model, tmp_path):
    with pytest.raises(ModelFolderError, match="temperatures"):
        StancePipeline(_with_temperatures(tiny_model, tmp_path, stance=-1), device="cpu")


def test_calibrate_refits_a_folder_on_its_dev_split(tiny_model, tmp_path, capsys):
    from stance.cli import main

    folder = _with_temperatures(tiny_model, tmp_path, claim=1.0, speaker=1.0, stance=1.0)
    assert main(["calibrate", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "claim: temperature" in out and "stance: temperature" in out
    manifest = json.loads((folder / "stance_model.json").read_text())
    assert manifest["temperatures"] == json.loads((tiny_model / "stance_model.json").read_text())["temperatures"]


def test_calibrate_names_the_missing_training_config(tiny_model, tmp_path, capsys):
    from stance.cli import main

    folder = _with_temperatures(tiny_model, tmp_path)
    (folder / "training_config.yaml").unlink()
    assert main(["calibrate", str(folder)]) == 2
    assert "training_config.yaml: missing" in capsys.readouterr().err


def test_the_benchmark_reports_ece_before_and_after_with_a_reliability_diagram(tiny_model, tmp_path):
    from stance import load_articles
    from stance.benchmark.evaluators import ClaimEvaluator, StanceEvaluator
    from stance.benchmark.models import PipelineModel

    from tests.conftest import SEED_LABELS

    articles = load_articles(SEED_LABELS.parent.parent)
    articles = [a for a in articles if a.article_id == "putin-nato-guarantees"]
    calibrated = PipelineModel(_with_temperatures(tiny_model, tmp_path / "t", claim=2.0, stance=2.0), name="hot")
    plain = PipelineModel(_with_temperatures(tiny_model, tmp_path / "p", claim=1.0, stance=1.0), name="plain")
    for evaluator in (ClaimEvaluator.from_articles(articles, n_bootstrap=0), StanceEvaluator.from_articles(articles, n_bootstrap=0)):
        hot, cold = evaluator(calibrated, tmp_path / "out"), evaluator(plain)
        assert hot["ece_uncalibrated"] == pytest.approx(cold["ece"], abs=1e-3)  # "before" is the model without it
        assert "ece_uncalibrated" not in cold
        assert (tmp_path / "out" / f"data.{evaluator.task}.hot.reliability.png").stat().st_size > 1000


def test_calibrate_fits_on_the_dev_split_training_built_extra_data_included(tiny_model, tmp_path, monkeypatch):
    """A real-news dev split given as an extra_data dev_split is where training fitted the temperature; so must calibrate."""
    import yaml

    from stance import training

    folder = _with_temperatures(tiny_model, tmp_path, stance=1.0)
    pairs = tmp_path / "pairs.jsonl"
    rows = [{"dataset": "mine", "split": "dev", "id": str(i), "target": "NATO", "text": f"Officials said NATO must stop, point {i}.", "label": "against"} for i in range(5)]
    pairs.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    config_path = folder / "training_config.yaml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    # The file has no train rows: calibrating reads only dev rows (training would stop on this entry).
    config["extra_data"] = [{"importer": "pairs", "path": str(pairs), "train_split": "train", "dev_split": "dev"}]
    config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
    fit, sizes = training._fit_calibration, []

    def recording_fit(trainer, dev, **kwargs):
        sizes.append(len(dev))
        return fit(trainer, dev, **kwargs)

    monkeypatch.setattr(training, "_fit_calibration", recording_fit)
    tasks = list(training.calibrate_model_folder(folder))
    with_extra = dict(zip(tasks, sizes))
    config["extra_data"] = []
    config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
    sizes.clear()
    without = dict(zip(training.calibrate_model_folder(folder), sizes))
    assert {task: with_extra[task] - without[task] for task in tasks} == {task: 5 if task == "stance" else 0 for task in tasks}


def test_a_label_offset_moves_only_the_line_around_that_label():
    rng = np.random.default_rng(1)
    p = rng.dirichlet(np.ones(3), size=200)
    lower = apply_label_offset(p, 2, -1.0)
    assert np.allclose(lower.sum(axis=1), 1)
    assert ((lower.argmax(axis=1) == 2) <= (p.argmax(axis=1) == 2)).all() and (lower.argmax(axis=1) == 2).sum() < (p.argmax(axis=1) == 2).sum()
    # The other labels keep their ratio, so between themselves nothing changes.
    assert np.allclose(lower[:, 0] / lower[:, 1], p[:, 0] / p[:, 1])
    assert np.allclose(apply_label_offset(lower, 2, 1.0), p)


def test_the_fitted_none_offset_lets_a_timid_model_take_sides_and_leaves_a_good_one_alone():
    # Takes a side correctly, but always a little less sure of it than of none.
    timid = np.array([[0.35, 0.2, 0.45]] * 30 + [[0.2, 0.35, 0.45]] * 30 + [[0.1, 0.1, 0.8]] * 30)
    labels = [0] * 30 + [1] * 30 + [2] * 30
    offset = fit_label_offset(timid, labels, label=2)
    assert offset == -0.3  # the first step past log(0.35 / 0.45) = -0.25: every side taken, every none kept
    assert (apply_label_offset(timid, 2, offset).argmax(axis=1) == labels).all()
    confident = np.array([[0.8, 0.1, 0.1]] * 30 + [[0.1, 0.8, 0.1]] * 30 + [[0.1, 0.1, 0.8]] * 30)
    assert fit_label_offset(confident, labels, label=2) == 0.0  # many offsets are perfect: the one nearest 0
    assert fit_label_offset(timid, [-100] * 90, label=2) == 0.0  # nothing to fit on


def _with_manifest(folder, tmp_path, **values):
    """A copy of a model folder whose stance_model.json has ``values`` set."""
    copy = _with_temperatures(folder, tmp_path)
    manifest = json.loads((copy / "stance_model.json").read_text())
    manifest.update(values)
    (copy / "stance_model.json").write_text(json.dumps(manifest))
    return copy


def _with_none_offset(folder, tmp_path, offset):
    return _with_manifest(folder, tmp_path, stance_none_offset=offset)


def test_predict_applies_the_stored_none_offset_after_the_temperature(tiny_model, tmp_path):
    plain = StancePipeline(_with_none_offset(tiny_model, tmp_path / "a", 0.0), device="cpu", precision="float32")
    shifted = StancePipeline(_with_none_offset(tiny_model, tmp_path / "b", -2.0), device="cpu", precision="float32")
    texts = ["Putin said NATO must stop.", "Prices rose."]
    p, q = plain.score_stances(["NATO"] * 2, texts), shifted.score_stances(["NATO"] * 2, texts)
    assert np.allclose(apply_label_offset(p, 2, -2.0), q, atol=1e-5) and (q[:, 2] < p[:, 2]).all()
    # Saved again (as export does), the folder keeps its offset.
    shifted.save_pretrained(tmp_path / "saved")
    assert json.loads((tmp_path / "saved" / "stance_model.json").read_text())["stance_none_offset"] == -2.0


def test_a_bad_none_offset_in_the_manifest_is_refused(tiny_model, tmp_path):
    with pytest.raises(ModelFolderError, match="stance_none_offset"):
        StancePipeline(_with_none_offset(tiny_model, tmp_path, "low"), device="cpu")


def test_a_folder_without_a_none_offset_reads_as_zero(tiny_model, tmp_path):
    copy = _with_temperatures(tiny_model, tmp_path)
    manifest = json.loads((copy / "stance_model.json").read_text())
    del manifest["stance_none_offset"]  # written before the key existed
    (copy / "stance_model.json").write_text(json.dumps(manifest))
    assert StancePipeline(copy, device="cpu").stance_none_offset == 0.0


def test_training_fits_and_stores_the_none_offset_only_when_asked(tiny_base_model, tiny_model, tmp_path):
    from tests.conftest import train_tiny

    folder = train_tiny(tiny_base_model, tmp_path, tasks="[stance]", fit_none_offset="true")
    metrics = json.loads((folder / "metrics.json").read_text())["stance"]
    manifest = json.loads((folder / "stance_model.json").read_text())
    assert manifest["stance_none_offset"] == metrics["none_offset"]
    assert metrics["dev_f1_after_offset"] >= metrics["dev_f1_before_offset"]  # the fit can only gain on dev
    assert json.loads((tiny_model / "stance_model.json").read_text())["stance_none_offset"] == 0.0
    assert "none_offset" not in json.loads((tiny_model / "metrics.json").read_text())["stance"]


def test_calibrate_fits_the_none_offset_when_asked_keeps_it_after_and_removes_it_when_told(tiny_model, tmp_path, capsys):
    from stance.cli import main

    folder = _with_temperatures(tiny_model, tmp_path)
    manifest_path = folder / "stance_model.json"
    assert main(["calibrate", str(folder), "--none-offset"]) == 0
    assert "none offset" in capsys.readouterr().out
    fitted = json.loads(manifest_path.read_text())["stance_none_offset"]
    assert fitted == json.loads((folder / "metrics.json").read_text())["stance"]["none_offset"]
    manifest = json.loads(manifest_path.read_text())
    manifest["stance_none_offset"] = 0.5  # a later plain calibration refits a folder that has one
    manifest_path.write_text(json.dumps(manifest))
    assert main(["calibrate", str(folder)]) == 0
    assert json.loads(manifest_path.read_text())["stance_none_offset"] == fitted and "none offset" in capsys.readouterr().out
    assert main(["calibrate", str(folder), "--no-none-offset"]) == 0
    assert json.loads(manifest_path.read_text())["stance_none_offset"] == 0.0
    assert "none_offset" not in json.loads((folder / "metrics.json").read_text())["stance"]  # metrics say what the folder applies
    out = capsys.readouterr().out
    assert "stance: temperature" in out and "none offset" not in out


def test_the_config_refuses_a_none_offset_flag_that_is_not_a_bool():
    from stance.config import load_config
    from stance.errors import ConfigError

    with pytest.raises(ConfigError, match="fit_none_offset"):
        load_config(None, ["fit_none_offset=sometimes"])


def test_a_units_runners_up_get_the_secondary_offset_and_its_most_sided_target_does_not():
    p = np.array([
        [0.5, 0.2, 0.3],  # unit a: sided 0.7, its most sided target
        [0.1, 0.55, 0.35],  # unit a: sided 0.65
        [0.2, 0.2, 0.6],  # unit a: sided 0.4
        [0.4, 0.1, 0.5],  # unit b: alone, left as it is
        [0.3, 0.3, 0.4],  # no unit: left as it is
    ])
    units = ["a", "a", "a", "b", None]
    q = apply_secondary_none_offset(p, units, 2, 1.5)
    assert np.allclose(q.sum(axis=1), 1)
    assert np.allclose(q[[0, 3, 4]], p[[0, 3, 4]])
    assert np.allclose(q[[1, 2]], apply_label_offset(p[[1, 2]], 2, 1.5))
    assert q.argmax(axis=1).tolist() == [0, 2, 2, 2, 2]  # the runner-up's against becomes none
    assert np.allclose(apply_secondary_none_offset(p, units, 2, 0.0), p)
    # Which row wins does not depend on where the unit's rows sit.
    order = [2, 4, 1, 3, 0]
    assert np.allclose(apply_secondary_none_offset(p[order], [units[i] for i in order], 2, 1.5), q[order])
    with pytest.raises(InputError, match="2 units for 5 rows"):
        apply_secondary_none_offset(p, ["a", "a"], 2, 1.0)


def _with_secondary_offset(folder, tmp_path, offset):
    return _with_manifest(folder, tmp_path, stance_secondary_none_offset=offset)


def _every_unit_a_claim(pipeline, monkeypatch):
    """A random tiny model may find no claim, so every unit is made one."""
    joint, alone = pipeline._claims_and_spans, pipeline.score_claims

    def all_claims(*args, **kwargs):
        scores, spans_of = joint(*args, **kwargs)
        return np.ones_like(scores), spans_of

    monkeypatch.setattr(pipeline, "_claims_and_spans", all_claims)
    monkeypatch.setattr(pipeline, "score_claims", lambda *args, **kwargs: np.ones(len(alone(*args, **kwargs))))
    return pipeline


def test_predict_lets_a_claims_targets_compete_and_pairs_scored_alone_do_not(tiny_model, seed_text, tmp_path, monkeypatch):
    targets = ["NATO expansion eastward", "Sanctions on Russia", "Russia intends to invade Ukraine"]
    plain = StancePipeline(_with_secondary_offset(tiny_model, tmp_path / "a", 0.0), device="cpu", precision="float32")
    competing = StancePipeline(_with_secondary_offset(tiny_model, tmp_path / "b", 3.0), device="cpu", precision="float32")
    before = _every_unit_a_claim(plain, monkeypatch).predict(seed_text, targets)
    after = _every_unit_a_claim(competing, monkeypatch).predict(seed_text, targets)
    assert len(before) > 20 and [c.text for c in before] == [c.text for c in after]
    for b, a in zip(before, after):
        kept = [t for t in targets if a.stance_scores[t] == b.stance_scores[t]]
        assert len(kept) == 1  # the target the claim is most sided on (scores are rounded: ties within 1e-4)
        winner = kept[0]
        assert all(b.stance_scores[winner]["none"] <= b.stance_scores[t]["none"] + 1e-4 for t in targets)
        for t in targets:
            if t != winner:
                expected = apply_label_offset(np.array([list(b.stance_scores[t].values())]), 2, 3.0)[0]
                assert np.allclose(list(a.stance_scores[t].values()), expected, atol=2e-4)
                assert a.stance_scores[t]["none"] >= b.stance_scores[t]["none"]
                # What lost keeps its scores as the pair alone, for summarize.
                assert a.stance_scores_alone.get(t, b.stance_scores[t]) == b.stance_scores[t]
        assert winner not in a.stance_scores_alone and not b.stance_scores_alone
    # Pairs scored without units (pair corpora: one target per text) are untouched.
    texts = ["Putin said NATO must stop.", "Prices rose."]
    assert np.allclose(plain.score_stances(["NATO"] * 2, texts), competing.score_stances(["NATO"] * 2, texts))
    competing.save_pretrained(tmp_path / "saved")  # as export does: the folder keeps it
    assert json.loads((tmp_path / "saved" / "stance_model.json").read_text())["stance_secondary_none_offset"] == 3.0


def test_the_article_benchmark_gives_a_competing_model_its_units_so_it_decides_as_predict_does(tiny_model, seed_text, tmp_path):
    from stance.benchmark.evaluators import StanceEvaluator
    from stance.benchmark.models import PipelineModel
    from stance.data import load_articles
    from tests.conftest import make_data_folder

    articles = load_articles([make_data_folder(tmp_path / "data")])
    evaluator = StanceEvaluator.from_articles(articles, n_bootstrap=0)
    assert evaluator.units == [i.rsplit(":", 1)[0] for i in evaluator.ids]
    folder = _with_secondary_offset(tiny_model, tmp_path / "m", 3.0)
    scored = evaluator.predict(PipelineModel(folder))
    expected = StancePipeline(folder, device="cpu").score_stances(
        evaluator.targets, evaluator.texts, units=evaluator.units
    )
    assert np.allclose(scored["probabilities"], expected, atol=1e-5)
    alone = StancePipeline(folder, device="cpu").score_stances(evaluator.targets, evaluator.texts)
    assert not np.allclose(alone, expected)  # the units made a difference


def test_a_bad_secondary_offset_is_refused_in_the_manifest_and_in_the_config(tiny_model, tmp_path):
    from stance.config import load_config
    from stance.errors import ConfigError

    with pytest.raises(ModelFolderError, match="stance_secondary_none_offset"):
        StancePipeline(_with_secondary_offset(tiny_model, tmp_path, "high"), device="cpu")
    with pytest.raises(ConfigError, match="stance_secondary_none_offset"):
        load_config(None, ["stance_secondary_none_offset=lots"])
    assert load_config(None, ["stance_secondary_none_offset=1.5"]).stance_secondary_none_offset == 1.5


def test_training_stores_the_configs_secondary_offset_and_calibration_keeps_it(tiny_base_model, tmp_path):
    from stance.cli import main
    from tests.conftest import train_tiny

    folder = train_tiny(tiny_base_model, tmp_path, tasks="[stance]", stance_secondary_none_offset="1.5")
    manifest_path = folder / "stance_model.json"
    assert json.loads(manifest_path.read_text())["stance_secondary_none_offset"] == 1.5
    assert main(["calibrate", str(folder)]) == 0
    assert json.loads(manifest_path.read_text())["stance_secondary_none_offset"] == 1.5


def test_the_secondary_offset_probe_sweeps_the_runners_up_of_pairs_scored_alone(monkeypatch):
    from tests.conftest import REPO

    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    from secondary_offset_probe import sweep

    # Two claims, two targets each: each takes a side on its first target only, but the model gives
    # the second a (weaker) side too.
    p = np.array([[0.8, 0.1, 0.1], [0.55, 0.1, 0.35], [0.1, 0.7, 0.2], [0.1, 0.5, 0.4]])
    gold = ["favor", "none", "against", "none"]
    found = sweep(gold, p, ["a", "a", "b", "b"], offsets=(0.0, 1.0))
    assert found[0.0] < found[1.0] == 1.0
    assert sweep(gold, p, [None] * 4, offsets=(1.0,))[1.0] == found[0.0]  # no units: nothing competes


def test_stance_offsets_sets_a_folders_offsets_and_predict_uses_them(tiny_model, tmp_path, capsys):
    from stance.cli import main
    from stance.model_folder import set_stance_offsets

    folder = _with_secondary_offset(tiny_model, tmp_path, 0.0)
    weights = {p.name: p.read_bytes() for p in (folder / "stance").iterdir() if p.is_file()}
    assert main(["offsets", str(folder), "--secondary-none-offset", "2.5"]) == 0
    assert "stance_secondary_none_offset +2.50" in capsys.readouterr().out
    manifest = json.loads((folder / "stance_model.json").read_text())
    assert manifest["stance_secondary_none_offset"] == 2.5 and manifest["stance_none_offset"] == 0.0
    assert StancePipeline(folder, device="cpu").stance_secondary_none_offset == 2.5
    assert {p.name: p.read_bytes() for p in (folder / "stance").iterdir() if p.is_file()} == weights
    assert main(["offsets", str(folder)]) == 0  # no flag: shows, changes nothing
    assert "stance_none_offset +0.00, stance_secondary_none_offset +2.50" in capsys.readouterr().out
    with pytest.raises(InputError, match="stance_none_offset must be a finite number"):
        set_stance_offsets(folder, none_offset=float("nan"))
    assert json.loads((folder / "stance_model.json").read_text()) == manifest  # a refused value writes nothing
    assert main(["offsets", str(folder), "--none-offset", "inf"]) == 2
    claim_only = tmp_path / "claim-only"
    shutil.copytree(folder, claim_only)
    only = json.loads((claim_only / "stance_model.json").read_text())
    (claim_only / "stance_model.json").write_text(json.dumps(dict(only, tasks=[t for t in only["tasks"] if t != "stance"])))
    with pytest.raises(ModelFolderError, match="no stance model"):
        set_stance_offsets(claim_only, secondary_none_offset=1.0)


def test_the_against_offset_is_fitted_after_the_none_offset_and_gives_a_rare_side_its_rows():
    from stance.training import _label_offsets

    # Against rows are told apart, but the model always puts them a little under favor.
    probabilities = np.array([[0.8, 0.1, 0.1]] * 30 + [[0.45, 0.4, 0.15]] * 10 + [[0.1, 0.1, 0.8]] * 30)
    labels = [0] * 30 + [1] * 10 + [2] * 30
    found = _label_offsets(np.log(probabilities), labels, 1.0, ["none", "against"])
    assert found["none_offset"] == 0.0 and found["against_offset"] == 0.2  # past log(0.45 / 0.4) = 0.12, short of flipping favor's rows
    assert found["dev_f1_before_offset"] < found["dev_f1_after_offset"] == 1.0
    assert "against_offset" not in _label_offsets(np.log(probabilities), labels, 1.0, ["none"])


def test_predict_applies_the_stored_against_offset_with_the_none_offset(tiny_model, tmp_path):
    plain = StancePipeline(_with_manifest(tiny_model, tmp_path / "a", stance_none_offset=-1.0), device="cpu", precision="float32")
    shifted = StancePipeline(
        _with_manifest(tiny_model, tmp_path / "b", stance_none_offset=-1.0, stance_against_offset=1.5), device="cpu", precision="float32"
    )
    texts = ["Putin said NATO must stop.", "Prices rose."]
    p, q = plain.score_stances(["NATO"] * 2, texts), shifted.score_stances(["NATO"] * 2, texts)
    assert np.allclose(apply_label_offset(p, 1, 1.5), q, atol=1e-5) and (q[:, 1] > p[:, 1]).all()
    shifted.save_pretrained(tmp_path / "saved")
    saved = json.loads((tmp_path / "saved" / "stance_model.json").read_text())
    assert (saved["stance_none_offset"], saved["stance_against_offset"]) == (-1.0, 1.5)


def test_a_folder_without_an_against_offset_reads_as_zero_and_a_bad_one_is_refused(tiny_model, tmp_path):
    copy = _with_temperatures(tiny_model, tmp_path / "old")
    manifest = json.loads((copy / "stance_model.json").read_text())
    del manifest["stance_against_offset"]  # written before the key existed
    (copy / "stance_model.json").write_text(json.dumps(manifest))
    assert StancePipeline(copy, device="cpu").stance_against_offset == 0.0
    with pytest.raises(ModelFolderError, match="stance_against_offset"):
        StancePipeline(_with_manifest(tiny_model, tmp_path / "bad", stance_against_offset=True), device="cpu")


def test_training_fits_and_stores_the_against_offset_only_when_asked(tiny_base_model, tiny_model, tmp_path):
    from tests.conftest import train_tiny

    folder = train_tiny(tiny_base_model, tmp_path, tasks="[stance]", fit_against_offset="true")
    metrics = json.loads((folder / "metrics.json").read_text())["stance"]
    manifest = json.loads((folder / "stance_model.json").read_text())
    assert manifest["stance_against_offset"] == metrics["against_offset"] and "none_offset" not in metrics
    assert manifest["stance_none_offset"] == 0.0
    assert metrics["dev_f1_after_offset"] >= metrics["dev_f1_before_offset"]
    assert json.loads((tiny_model / "stance_model.json").read_text())["stance_against_offset"] == 0.0


def test_calibrate_fits_the_against_offset_when_asked_and_removes_it_when_told(tiny_model, tmp_path, capsys, monkeypatch):
    from stance import training
    from stance.cli import main

    folder = _with_temperatures(tiny_model, tmp_path)
    manifest_path = folder / "stance_model.json"
    real = training._label_offsets
    monkeypatch.setattr(training, "_label_offsets", lambda *args: dict(real(*args), against_offset=0.7))  # a random tiny model's fit may be 0
    assert main(["calibrate", str(folder), "--against-offset"]) == 0
    assert "against offset +0.7" in capsys.readouterr().out
    assert json.loads(manifest_path.read_text())["stance_against_offset"] == 0.7
    assert json.loads((folder / "metrics.json").read_text())["stance"]["against_offset"] == 0.7
    assert main(["calibrate", str(folder)]) == 0  # a folder with one is refitted by a plain calibration
    assert json.loads(manifest_path.read_text())["stance_against_offset"] == 0.7
    assert main(["calibrate", str(folder), "--no-against-offset"]) == 0
    assert json.loads(manifest_path.read_text())["stance_against_offset"] == 0.0
    assert "against_offset" not in json.loads((folder / "metrics.json").read_text())["stance"]
    assert main(["offsets", str(folder), "--against-offset", "-0.4"]) == 0
    assert "stance_against_offset -0.40" in capsys.readouterr().out
    assert StancePipeline(folder, device="cpu").stance_against_offset == -0.4


def test_the_config_refuses_an_against_offset_flag_that_is_not_a_bool():
    from stance.config import load_config
    from stance.errors import ConfigError

    with pytest.raises(ConfigError, match="fit_against_offset"):
        load_config(None, ["fit_against_offset=2"])
    assert load_config(None, ["fit_against_offset=true"]).fit_against_offset is True
