"""The benchmark framework: metrics, bootstrap, baselines, evaluators, cross-validation, CLI."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import REPO, SHARED_DATASETS, make_data_folder, tiny_config

from stance.benchmark import (
    ClaimEvaluator,
    MajorityBaseline,
    PipelineModel,
    RulesBaseline,
    SpeakerEvaluator,
    SpecError,
    StanceEvaluator,
    TfidfBaseline,
    article_folds,
    cross_validate,
    find_mention_span,
    parse_dataset_spec,
    parse_model_spec,
    project_stance,
    rule_is_claim,
    stance_pair_probabilities,
)
from stance.errors import InputError
from stance.metrics.functions import FNC_LABELS, bootstrap_interval, classification_scores, f_avg, fnc_scores, metric_by_name, paired_difference
from stance.benchmark.cli import main as bench_main
from stance.data import load_articles
from stance.metrics import load_metric

FNC = SHARED_DATASETS / "fnc1"


# ---------------------------------------------------------------- metrics


def test_fnc_score_on_hand_made_pairs():
    metric = load_metric("fnc_score")
    gold = ["agree", "disagree", "discuss", "unrelated", "unrelated"]
    pred = ["agree", "discuss", "unrelated", "unrelated", "agree"]
    result = metric.compute(predictions=pred, references=gold)
    # agree exact 1.0; disagree->discuss 0.25; discuss->unrelated 0; unrelated right 0.25; unrelated->agree 0
    assert result["score"] == pytest.approx(1.5)
    assert result["max_score"] == pytest.approx(3.5)
    assert result["relative_score"] == pytest.approx(1.5 / 3.5)
    assert fnc_scores(gold, pred)["relative_score"] == pytest.approx(result["relative_score"])
    assert metric_by_name("fnc_relative_score", FNC_LABELS)(gold, pred) == pytest.approx(result["relative_score"])
    assert metric_by_name("macro_f1", FNC_LABELS)(gold, pred) == pytest.approx(result["macro_f1"])


def test_fnc_score_rejects_unknown_labels():
    with pytest.raises(ValueError, match="FNC-1 labels"):
        load_metric("fnc_score").compute(predictions=["yes"], references=["agree"])


def test_semeval_favg_ignores_none_f1_and_case():
    metric = load_metric("semeval_favg")
    result = metric.compute(predictions=["FAVOR", "AGAINST", "NONE", "none"], references=["favor", "AGAINST", "AGAINST", "NONE"])
    # FAVOR F1 1.0, AGAINST P 1 R 0.5 -> 0.667
    assert result["f_avg"] == pytest.approx((1 + 2 / 3) / 2)
    assert result["f1_none"] == pytest.approx(2 / 3)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_metrics_by_name_agree_with_the_evaluate_modules(seed):
    rng = np.random.default_rng(seed)
    names = ["favor", "against", "none"]
    gold, pred = list(rng.choice(names, 200)), list(rng.choice(names, 200))
    module = load_metric("semeval_favg").compute(predictions=pred, references=gold)
    assert metric_by_name("accuracy", names)(gold, pred) == pytest.approx(module["accuracy"])
    assert metric_by_name("macro_f1", names)(gold, pred) == pytest.approx(module["macro_f1"])
    assert metric_by_name("f_avg", names)(gold, pred) == pytest.approx(module["f_avg"]) == pytest.approx(f_avg(gold, pred))
    assert classification_scores(gold, pred, labels=names)["f1_none"] == pytest.approx(module["f1_none"])


def test_bootstrap_is_seeded_and_brackets_the_estimate():
    rng = np.random.default_rng(0)
    gold = rng.integers(0, 2, 300)
    pred = np.where(rng.random(300) < 0.8, gold, 1 - gold)
    accuracy = metric_by_name("accuracy", [0, 1])
    first = bootstrap_interval(gold, pred, accuracy, 1000, seed=3)
    assert first == bootstrap_interval(gold, pred, accuracy, 1000, seed=3)
    estimate = accuracy(gold, pred)
    assert first[0] < estimate < first[1]
    assert 0.05 < first[1] - first[0] < 0.15  # about 2 * 1.96 * sqrt(.8 * .2 / 300) = 0.09
    assert bootstrap_interval(gold, pred, accuracy, 0) != bootstrap_interval(gold, pred, accuracy, 0)  # nan


def test_bootstrap_of_a_perfect_model_is_a_point():
    assert bootstrap_interval([0, 1, 1, 0], [0, 1, 1, 0], metric_by_name("accuracy", [0, 1]), 100) == (1.0, 1.0)


def test_paired_difference_of_a_model_with_itself_is_zero_with_nothing_fixed_or_broken():
    gold = ["favor", "none", "against", "none"]
    out = paired_difference(gold, ["none"] * 4, ["none"] * 4, metric_by_name("macro_f1", ["favor", "against", "none"]), groups=["a", "a", "b", "b"])
    assert (out["difference"], out["low"], out["high"], out["fixed"], out["broken"], out["groups"]) == (0.0, 0.0, 0.0, 0, 0, 2)


def test_paired_difference_resampling_articles_is_wider_when_the_gain_sits_in_few_articles():
    # 20 articles of 30 pairs; A beats B on every pair of 3 articles and ties elsewhere
    rng = np.random.default_rng(1)
    gold = rng.integers(0, 2, 600)
    groups = np.repeat(np.arange(20), 30)
    b = np.where(rng.random(600) < 0.7, gold, 1 - gold)
    a = np.where(groups < 3, gold, b)
    accuracy = metric_by_name("accuracy", [0, 1])
    by_article = paired_difference(gold, a, b, accuracy, groups=groups, seed=2)
    by_pair = paired_difference(gold, a, b, accuracy, seed=2)
    assert by_article["difference"] == by_pair["difference"] > 0 and by_article["broken"] == 0
    assert by_article["high"] - by_article["low"] > 2 * (by_pair["high"] - by_pair["low"])
    assert by_article == paired_difference(gold, a, b, accuracy, groups=groups, seed=2)


def test_paired_difference_names_mismatched_lengths():
    accuracy = metric_by_name("accuracy", [0, 1])
    with pytest.raises(InputError, match="3 references, 3 and 2 predictions"):
        paired_difference([0, 1, 1], [0, 1, 1], [0, 1], accuracy)
    with pytest.raises(InputError, match="2 groups for 3 examples"):
        paired_difference([0, 1, 1], [0, 1, 1], [0, 1, 0], accuracy, groups=["a", "b"])


@pytest.mark.skipif(not (FNC / "published_submissions").is_dir(), reason=f"FNC-1 submissions not found at {FNC}/published_submissions")
def test_fnc_scorer_reproduces_the_published_submissions():
    def read(path):
        with open(path, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    gold = read(FNC / "competition_test_stances.csv")
    metric = load_metric("fnc_score")
    expected = {"athene": (0.602, 0.827), "talos": (0.576, 0.820), "riedel": (0.563, 0.821)}
    for team, (f1, relative) in expected.items():
        submission = read(FNC / "published_submissions" / f"{team}_submission.csv")
        assert [(r["Headline"], r["Body ID"]) for r in submission] == [(r["Headline"], r["Body ID"]) for r in gold]
        result = metric.compute(predictions=[r["Stance"] for r in submission], references=[r["Stance"] for r in gold])
        assert result["macro_f1"] == pytest.approx(f1, abs=0.001), team
        assert result["relative_score"] == pytest.approx(relative, abs=0.001), team


# ---------------------------------------------------------------- baselines


def test_rules_find_claims_and_mentions():
    assert rule_is_claim("\u201cWe will not back down,\u201d she said.")
    assert rule_is_claim("According to the ministry, prices rose.")
    assert not rule_is_claim("The river flooded on Tuesday.")
    cases = {
        "\u201cNo,\u201d club president Henrik Vale said.": "club president Henrik Vale",
        "The Kremlin has repeatedly denied the claims.": "The Kremlin",
        "He charged that the threats are mounting.": "He",
        "\u201cIt is over,\u201d said Putin.": "Putin",
        "The union\u2019s regional secretary, Colm Ardagh, said talks had failed.": "The union\u2019s regional secretary, Colm Ardagh",
    }
    for text, mention in cases.items():
        span = find_mention_span(text)
        assert span and text[span[0]:span[1]] == mention, text
    assert find_mention_span("\u201cWe must prepare for all contingencies.\u201d") is None


def test_majority_and_tfidf_baselines_fit_and_predict():
    texts = ["Putin said no.", "It rained.", "She warned of war.", "The sun rose.", "He told reporters yes.", "Cars passed."]
    labels = [1, 0, 1, 0, 1, 0]
    majority = MajorityBaseline().fit_claims(texts, [""] * 6, [1, 1, 0, 1, 0, 1])
    assert majority.predict_claims(["x", "y"], ["", ""]).tolist() == [1.0, 1.0]
    tfidf = TfidfBaseline().fit_claims(texts, [""] * 6, labels)
    scores = tfidf.predict_claims(["Blinken said so.", "It rained again."], ["", ""])
    assert scores[0] > scores[1]
    tfidf.fit_stance(["t"] * 4, ["I support it", "I oppose it", "support", "oppose"], ["FAVOR", "AGAINST", "FAVOR", "AGAINST"])
    assert tfidf.predict_stance(["t"], ["we support"], ["FAVOR", "AGAINST"]) == ["FAVOR"]
    with pytest.raises(ValueError, match="claims and non-claims"):
        TfidfBaseline().fit_claims(["a"], [""], [1])
    with pytest.raises(InputError, match="fit_stance first"):
        MajorityBaseline().predict_stance(["t"], ["x"], ["a"])


def test_project_stance_maps_onto_corpus_labels():
    probs = np.array([[0.1, 0.2, 0.7], [0.6, 0.3, 0.1]])
    fnc = {"agree": "favor", "disagree": "against", "discuss": "none", "unrelated": "none"}
    assert project_stance(probs, ["agree", "disagree", "discuss", "unrelated"], fnc) == ["unrelated", "agree"]
    assert project_stance(probs, ["PRO", "CON"], {"PRO": "favor", "CON": "against"}) == ["CON", "PRO"]
    assert project_stance(probs, ["favor", "against", "none"], None) == ["none", "favor"]


# ---------------------------------------------------------------- evaluators


@pytest.fixture(scope="module")
def articles():
    return load_articles(REPO / "data")


def test_claim_evaluator_on_hand_made_units(tmp_path):
    evaluator = ClaimEvaluator(["a", "b", "c", "d"], ["Putin said no.", "It rained.", "x", "\u201cYes.\u201d"], [""] * 4,
                               [True, False, True, False], name="toy", n_bootstrap=200)
    result = evaluator(RulesBaseline(), output_path=tmp_path)
    assert (result["precision"], result["recall"]) == (0.5, 0.5)
    assert result["confusion"] == [[1, 1], [1, 1]]
    assert result["examples"] == 4 and result["per_second"] > 0 and result["peak_rss_mb"] > 0
    errors = [json.loads(line) for line in (tmp_path / "toy.claim.baseline_rules.errors.jsonl").read_text().splitlines()]
    assert {e["id"] for e in errors} == {"c", "d"}
    assert (tmp_path / "toy.claim.baseline_rules.confusion.png").read_bytes()[:4] == b"\x89PNG"


def test_speaker_evaluator_scores_gold_mentions_perfectly(articles):
    class GoldMentions:
        name = "gold"

        def predict_mentions(self, texts, contexts):
            spans = dict(zip(evaluator.texts, evaluator.gold_spans))
            return [tuple(spans[t]) if spans[t][0] >= 0 else None for t in texts]

    evaluator = SpeakerEvaluator(articles[:5], name="data", n_bootstrap=50)
    result = evaluator(GoldMentions())
    assert result["mention_exact_f1"] == 1.0
    # resolve_speakers from gold mentions is the ceiling of any mention finder; "The club" does not
    # resolve to "Corvale Athletic", for one, so it is below 1.
    assert 0.7 < result["speaker_accuracy"] <= 1
    assert sum(map(sum, result["confusion"])) == result["examples"]
    rules = evaluator(RulesBaseline())
    assert 0 < rules["speaker_accuracy"] <= 1 and rules["ci"][0] <= rules["speaker_accuracy"] <= rules["ci"][1]


def test_speaker_evaluator_gives_the_resolver_every_units_text():
    from stance.schema import LabelledArticle

    text = "Vote Ends\n\nGregor Lang said the count was fair. Mr. Kessel did not vote. He said he would appeal."
    rows = [("Vote Ends", False, None, None), ("Gregor Lang said the count was fair.", True, "Gregor Lang", "Gregor Lang"),
            ("Mr. Kessel did not vote.", False, None, None), ("He said he would appeal.", True, "He", "Kessel")]
    units, start = [], 0
    for i, (unit_text, claim, mention, speaker) in enumerate(rows):
        start = text.index(unit_text, start)
        units.append({"article_id": "vote", "unit": i, "start": start, "end": start + len(unit_text), "text": unit_text, "claim": claim,
                      "speaker": speaker, "mention": mention, "cue": "said" if claim else None, "stances": {"t": "none"}})

    class GoldMentions:
        name = "gold"

        def predict_mentions(self, texts, contexts):
            return [(0, 11), (0, 2)]

    evaluator = SpeakerEvaluator([LabelledArticle("vote", text, units, "", ["t"])], n_bootstrap=0)
    assert evaluator.predict(GoldMentions())["predicted"] == ["Gregor Lang", "Kessel"]


def test_stance_evaluator_reports_the_official_metric():
    evaluator = StanceEvaluator(["1", "2", "3"], ["t"] * 3, ["a", "b", "c"], ["agree", "unrelated", "discuss"],
                                ["agree", "disagree", "discuss", "unrelated"], official="fnc", primary_metric="fnc_relative_score")
    result = evaluator(MajorityBaseline().fit_stance(["t"], ["x"], ["unrelated"]))
    assert result["fnc_relative_score"] == pytest.approx(0.25 / 2.25, abs=1e-4)
    assert result["accuracy"] == pytest.approx(1 / 3, abs=1e-4)
    assert len(result["errors"]) == 2
    with pytest.raises(ValueError, match="not among"):
        StanceEvaluator(["1"], ["t"], ["a"], ["maybe"], ["yes", "no"])


def test_evaluators_run_a_trained_model(tiny_pipeline, articles, tmp_path):
    model = PipelineModel(tiny_pipeline, name="tiny")
    seed = [a for a in articles if a.article_id == "putin-nato-guarantees"]
    for evaluator in (ClaimEvaluator.from_articles(seed, n_bootstrap=50), SpeakerEvaluator(seed, n_bootstrap=50),
                      StanceEvaluator.from_articles(seed, n_bootstrap=50)):
        result = evaluator(model, output_path=tmp_path)
        assert evaluator.primary_metric in result and len(result["ci"]) == 2
        assert result["examples"] == len(evaluator) > 0
    # The claim scores are the pipeline's own for the same units.
    claims = tiny_pipeline.predict(seed[0].text, keep_non_claims=True)
    scores = model.predict_claims([u["text"] for u in seed[0].units], [""] + [u["text"] for u in seed[0].units[:-1]])
    assert np.allclose(scores, [c.claim_score for c in claims], atol=1e-3)
    # Page furniture after the first unit is never a claim, as in predict(); a first unit is judged as text.
    texts, contexts = ["PUTIN SETS OUT DEMANDS", "By Jana Morrow", "By Jana Morrow"], ["", "PUTIN SETS OUT DEMANDS", ""]
    raw = np.asarray(tiny_pipeline.score_claims(texts, contexts))
    assert model.predict_claims(texts, contexts).tolist() == [raw[0], 0.0, raw[2]] and raw[1] > 0
    probs = stance_pair_probabilities(tiny_pipeline, ["NATO", "Sanctions"], ["Putin said no.", "Blinken said yes."])
    assert probs.shape == (2, 3) and np.allclose(probs.sum(1), 1, atol=1e-5)


# ---------------------------------------------------------------- specs and CLI


def test_specs_give_clear_errors(tmp_path):
    with pytest.raises(SpecError, match="'nope:x'.*unknown dataset 'nope'"):
        parse_dataset_spec("nope:x")
    with pytest.raises(SpecError, match="folder not found"):
        parse_dataset_spec(f"semeval2016:{tmp_path / 'missing'}:test")
    with pytest.raises(SpecError, match="unknown split 'dev' for semeval2016"):
        parse_dataset_spec(f"semeval2016:{tmp_path}:dev")
    with pytest.raises(SpecError, match="'baseline:svm'.*unknown baseline"):
        parse_model_spec("baseline:svm")
    with pytest.raises(SpecError, match="no such model folder"):
        parse_model_spec(str(tmp_path / "none"))
    with pytest.raises(SpecError, match="not a model folder"):
        parse_model_spec(str(tmp_path))
    assert parse_dataset_spec(f"fnc1:{tmp_path}").split == "competition_test"


def test_a_dev_split_drawn_from_train_is_scored_with_baselines_fit_on_the_rest(tmp_path):
    header = "id,claimHeadline,articleHeadline,articleHeadlineStance,articleId,claimId\n"
    rows = "".join(f"{k},Claim {k},Headline {k},for,a-{k},c{k}\n" for k in range(10))
    (tmp_path / "emergent_train.csv").write_text(header + rows, encoding="utf-8")
    dev = parse_dataset_spec(f"emergent:{tmp_path}:dev")
    fitted_on = set(dev.training_data().stance[0])
    assert set(dev.load_rows()["target"]) == {"Claim 0", "Claim 5"}
    assert not fitted_on & {"Claim 0", "Claim 5"} and len(fitted_on) == 8
    assert len(set(parse_dataset_spec(f"emergent:{tmp_path}:train").training_data().stance[0])) == 10


def test_article_folds_cover_every_article_once():
    ids = [f"a{i}" for i in range(11)]
    folds = article_folds(ids, k=5, seed=1)
    assert sorted(i for f in folds for i in f) == sorted(ids) and {len(f) for f in folds} <= {2, 3}
    with pytest.raises(ValueError, match="at least 5 articles"):
        article_folds(ids[:3], k=5)


def test_cli_runs_baselines_with_cross_validation(tmp_path, capsys):
    out = tmp_path / "bench"
    status = bench_main(["--models", "baseline:majority", "baseline:tfidf", "baseline:rules", "--datasets", "data-cv",
                         "--folds", "3", "--bootstrap", "100", "--limit", "6", "--out", str(out)])
    assert status == 0
    report = json.loads((out / "results.json").read_text())
    claim = report["results"]["data-cv"]["claim"]["models"]
    assert set(claim) == {"baseline:majority", "baseline:tfidf", "baseline:rules"}
    assert len(claim["baseline:rules"]["folds"]) == 3 and claim["baseline:rules"]["examples"] > 100
    assert report["results"]["data-cv"]["speaker"]["models"]["baseline:majority"] == {"skipped": "baseline:majority has no speaker model"}
    assert "data-cv / stance" in capsys.readouterr().out
    assert (out / "results.md").read_text().count("### data-cv") == 3
    assert (out / "data-cv.speaker.baseline_rules.confusion.png").is_file()
    assert bench_main(["--models", "baseline:x", "--datasets", "data", "--out", str(out)]) == 2


@pytest.mark.skipif(not (SHARED_DATASETS / "semeval2016").is_dir(), reason="SemEval-2016 not found under ../shared/datasets")
def test_cli_on_a_public_corpus(tmp_path):
    out = tmp_path / "sem"
    assert bench_main(["--models", "baseline:majority", "--datasets", "semeval2016", "--limit", "50", "--bootstrap", "0", "--out", str(out)]) == 0
    result = json.loads((out / "results.json").read_text())["results"]["semeval2016:test"]["stance"]
    assert result["primary"] == "f_avg" and result["models"]["baseline:majority"]["examples"] == 50


def test_the_root_script_does_not_shadow_the_evaluate_package():
    code = "import evaluate, stance.metrics; print(evaluate.__file__); print(hasattr(evaluate, 'load'))"
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    path, has_load = done.stdout.split()
    assert Path(path).resolve() != (REPO / "evaluate.py").resolve() and has_load == "True"
    help_text = subprocess.run([sys.executable, "evaluate.py", "--help"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert "baseline:tfidf" in help_text and "NAME[:PATH][:SPLIT]" in help_text


@pytest.mark.slow
def test_cross_validation_trains_a_model_per_fold(tiny_base_model, tmp_path):
    data = make_data_folder(tmp_path / "data", copies=3)
    config = tmp_path / "tiny.yaml"
    values = tiny_config(tiny_base_model, data, tmp_path / "unused").to_dict()
    import yaml

    config.write_text(yaml.safe_dump(values))
    results = cross_validate(load_articles(data), [parse_model_spec("finetune"), parse_model_spec("baseline:majority")], k=3,
                             config_path=str(config), work_dir=tmp_path / "folds", n_bootstrap=20, out=tmp_path / "out")
    tuned = results["claim"]["models"]["finetune"]
    assert tuned["examples"] == 90 and len(tuned["train_seconds"]) == 3 and len(tuned["folds"]) == 3
    assert "speaker_accuracy" in results["speaker"]["models"]["finetune"]
    assert not (tmp_path / "folds" / "fold0").exists()


def test_article_stance_through_summarize_maps_outcomes_onto_the_corpus_labels():
    from stance.benchmark.evaluators import SummaryStanceEvaluator

    labels = ["agree", "disagree", "discuss", "unrelated"]
    mapping = {"favor": "agree", "against": "disagree", "none": "discuss", "unrelated": "unrelated"}
    evaluator = SummaryStanceEvaluator(
        ["1", "2", "3", "4"], ["T"] * 4, ["a", "b", "c", "d"], ["agree", "disagree", "discuss", "unrelated"], labels, mapping,
        official="fnc", primary_metric="fnc_relative_score", n_bootstrap=0,
    )

    class Model:
        name = "fake"

        def summarize_pairs(self, targets, articles):
            return ["favor", "against", "unrelated", "unrelated"]

    result = evaluator(Model())
    assert evaluator.key == "stance via summarize" and evaluator.task == "stance"
    assert result["accuracy"] == 0.75 and result["confusion"][2][3] == 1
    with pytest.raises(InputError, match="summary_labels"):
        SummaryStanceEvaluator(["1"], ["T"], ["a"], ["agree"], labels, {"favor": "agree"})


def test_summarize_pairs_predicts_each_article_once_with_all_its_targets(tiny_pipeline):
    from stance.benchmark.models import PipelineModel

    calls = []
    model = PipelineModel(tiny_pipeline)
    original = tiny_pipeline.predict

    def counting(inputs, targets=None, **kwargs):
        calls.append((len(inputs), [list(t) for t in targets]))
        return original(inputs, targets, **kwargs)

    tiny_pipeline.predict = counting
    articles = ["First article. It said so.", "First article. It said so.", "Second one."]
    try:
        outcomes = model.summarize_pairs(["A", "B", "A"], articles)
        # Several summarize settings still predict each article once; a setting changes only the summaries.
        strict, loose = model.article_summaries(["A", "B", "A"], articles, [{"commitment_threshold": 1.0}, {"commitment_threshold": 0.0, "min_share": 0.5}])
    finally:
        del tiny_pipeline.predict
    assert calls == [(2, [["A", "B"], ["A"]])] * 2
    assert len(outcomes) == 3 and set(outcomes) <= {"favor", "against", "none", "unrelated"}
    assert set(strict) == set(loose) == set(articles)
    assert strict[articles[0]].commitment_threshold == 1.0 and loose[articles[0]].min_share == 0.5
    assert all(label == "none" for summary in strict.values() for label in summary.article.values())  # nothing commits at 1.0


def test_a_folder_without_the_stance_task_is_skipped_by_stance_evaluators_not_crashed(tiny_model, tmp_path):
    import shutil

    from stance.benchmark.evaluators import ClaimEvaluator, StanceEvaluator
    from stance.benchmark.models import PipelineModel
    from stance.model_folder import write_manifest

    folder = tmp_path / "claim-only"
    folder.mkdir()
    shutil.copytree(tiny_model / "claim", folder / "claim")
    write_manifest(folder, ["claim"], 64, "tiny")
    model = PipelineModel(folder)
    assert ClaimEvaluator(["u"], ["Putin said no."], [""], [True]).supports(model)
    assert not StanceEvaluator(["1"], ["T"], ["x"], ["none"], ["favor", "against", "none"]).supports(model)
