"""stance.relatedness: the encoder that tells whether a text is about a target, in the folder, predict, summaries and benchmarks."""

import json
import shutil

import numpy as np
import pytest

import stance
from conftest import SEED_LABELS, make_data_folder, train_tiny
from stance import ModelFolderError
from stance.relatedness import RELATEDNESS_DIR, RelatednessModel, add_relatedness, fit_relatedness
from stance.schema import LabelledArticle

TARGETS = ["NATO expansion eastward", "Sanctions on Russia"]


def article(article_id, texts, targets):
    units = [{"text": text} for text in texts]
    return LabelledArticle(article_id, " ".join(texts), units, targets=list(targets))


def test_the_fit_separates_own_targets_from_the_other_articles():
    # a made-up embedding: a text is its topic's axis, so an article's own target has cosine 1 and the others 0
    axes = {"bridge": 0, "vaccine": 1, "harbour": 2}

    def embed(texts):
        rows = np.zeros((len(texts), 3), dtype=np.float32)
        for i, text in enumerate(texts):
            rows[i, next(axis for word, axis in axes.items() if word in text.lower())] = 1.0
        return rows

    articles = [article(word, [f"The {word} plan was announced.", f"More on the {word}."], [f"The {word}"]) for word in axes]
    fitted = fit_relatedness(embed, articles)
    assert (fitted["pairs"], fitted["about"]) == (9, 3)
    logit = lambda cos, share: fitted["scale"] * cos + fitted["overlap_weight"] * share + fitted["bias"]  # noqa: E731
    assert fitted["scale"] > 0 and fitted["overlap_weight"] > 0 and logit(1.0, 1.0) > 0 > logit(0.0, 0.0)


def test_overlap_is_the_share_of_the_targets_content_words_in_the_unit():
    from stance.encoding import content_words, words
    from stance.relatedness import overlap, overlaps

    assert content_words("The Affordable Care Act") == {"affordable", "care", "act"}  # stop words and short words left out
    assert overlap(words("Republicans want to repeal the Affordable Care Act."), "the Affordable Care Act") == 1.0
    assert overlap(words("Trump, speaking in Ohio, said so."), "Donald Trump") == 0.5
    assert overlap(words("Anything at all."), "It is") == 0.0  # no content words: no overlap
    assert overlaps(["Café owners in Zürich protested.", "No."], ["Zürich cafés", "Zürich"]).tolist() == [[0.5, 1.0], [0.0, 0.0]]


def test_fitting_needs_targets_that_differ_between_articles():
    same = [article(f"a{i}", ["A unit."], ["T"]) for i in range(3)]
    with pytest.raises(ModelFolderError, match="some of them not every article's"):
        fit_relatedness(lambda texts: np.ones((len(texts), 2)), same)


@pytest.fixture(scope="module")
def related_folder(tiny_model, tiny_base_model, tmp_path_factory):
    """A copy of the tiny model with a (tiny, random) relatedness encoder calibrated on two invented articles."""
    folder = shutil.copytree(tiny_model, tmp_path_factory.mktemp("related") / "model")
    articles = [
        article("bridge", ["The city will build the new bridge.", "Residents welcomed it."], ["the new bridge"]),
        article("vaccine", ["The vaccine was approved on Monday.", "Doctors said it works."], ["the vaccine"]),
    ]
    settings = add_relatedness(folder, articles, str(tiny_base_model))
    assert settings["encoder"] == str(tiny_base_model) and (settings["pairs"], settings["about"]) == (4, 2)
    return folder


def test_the_folder_holds_a_plain_encoder_and_its_calibration(related_folder):
    from transformers import AutoModel

    settings = json.loads((related_folder / RELATEDNESS_DIR / "relatedness.json").read_text())
    assert isinstance(settings["scale"], float) and isinstance(settings["bias"], float)
    assert AutoModel.from_pretrained(related_folder / RELATEDNESS_DIR).config.hidden_size == 32  # plain transformers loads it
    model = RelatednessModel(related_folder / RELATEDNESS_DIR, device="cpu")
    vectors = model.embed(["A short one.", "A somewhat longer sentence than the first one."])
    assert vectors.shape == (2, 32) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert isinstance(settings["overlap_weight"], float)
    probabilities = model.probabilities(["A short one about a bridge."], ["the bridge", "a vaccine"])
    cosines = model.embed(["A short one about a bridge."]) @ model.embed(["the bridge", "a vaccine"]).T
    logits = settings["scale"] * cosines + settings["overlap_weight"] * np.array([[1.0, 0.0]]) + settings["bias"]
    assert probabilities == pytest.approx(1 / (1 + np.exp(-logits)), abs=1e-5)


def test_predict_gives_every_unit_its_relatedness_and_the_summary_takes_the_largest(related_folder, seed_text):
    pipeline = stance.load_pipeline(related_folder)
    units = pipeline.predict(seed_text, TARGETS, keep_non_claims=True, relatedness=True)
    model = RelatednessModel(related_folder / RELATEDNESS_DIR, device="cpu")
    expected = model.probabilities([u.text for u in units], TARGETS)
    for unit, row in zip(units, expected):
        assert list(unit.relatedness) == TARGETS
        assert [unit.relatedness[t] for t in TARGETS] == pytest.approx(row, abs=2e-3)  # bfloat16 on some CPUs
    summary = stance.summarize(units)
    assert summary.relatedness_source == "encoder"
    for target in TARGETS:
        assert summary.relatedness[target] == max(u.relatedness[target] for u in units)
        assert summary.related[target] == (summary.relatedness[target] >= 0.5)
    plain = pipeline.predict(seed_text, TARGETS, keep_non_claims=True)
    assert all(not u.relatedness for u in plain)  # off by default: no extra encoder pass
    assert [(u.claim, u.stances) for u in plain] == [(u.claim, u.stances) for u in units]


def test_relatedness_without_an_encoder_is_a_clear_error(tiny_pipeline, seed_text):
    assert not tiny_pipeline.has_relatedness  # its two training articles share their targets: nothing to calibrate on
    with pytest.raises(ModelFolderError, match="no relatedness encoder; add one with `stance add-relatedness"):
        tiny_pipeline.predict(seed_text, TARGETS, relatedness=True)


def test_save_pretrained_keeps_the_encoder(related_folder, tmp_path):
    copy = stance.load_pipeline(related_folder).save_pretrained(tmp_path / "copy")
    assert (copy / RELATEDNESS_DIR / "relatedness.json").read_text() == (related_folder / RELATEDNESS_DIR / "relatedness.json").read_text()


def test_pair_relatedness_is_the_most_related_unit_and_answers_unrelated(related_folder):
    from stance.benchmark.models import PipelineModel

    pipeline = stance.load_pipeline(related_folder)
    body = "Officials said the harbour would close.\n\nThe city will build the new bridge, the mayor said."
    got = pipeline.pair_relatedness(["the new bridge", "the vaccine"], [body, body])
    model = RelatednessModel(related_folder / RELATEDNESS_DIR, device="cpu")
    units = [u.text for u in stance.segment(body)]
    assert len(units) == 2
    assert got == pytest.approx(model.probabilities(units, ["the new bridge", "the vaccine"]).max(axis=0), abs=2e-3)

    labels, label_map = ["agree", "disagree", "discuss", "unrelated"], {"agree": "favor", "disagree": "against", "discuss": "none", "unrelated": "none"}
    scores = PipelineModel(pipeline).predict_stance_scores(["the new bridge", "the vaccine"], [body, body], labels, label_map)
    assert scores.sum(axis=1) == pytest.approx([1.0, 1.0])
    assert scores[:, 3] == pytest.approx(1.0 - got, abs=1e-6)  # p(unrelated) = 1 - relatedness; discuss keeps the none mass
    stances = pipeline.score_stances(["the new bridge", "the vaccine"], [body, body])
    assert scores[:, 2] == pytest.approx(got * stances[:, 2], abs=1e-6)


def test_unrelated_is_decided_by_relatedness_first_then_the_stance():
    from types import SimpleNamespace

    from stance.benchmark.evaluators import StanceEvaluator
    from stance.benchmark.models import PipelineModel

    # favor / against / none per pair, and each pair's relatedness r
    stances = np.array([[0.4, 0.3, 0.3], [0.9, 0.05, 0.05], [0.2, 0.1, 0.7], [0.6, 0.2, 0.2]])
    relatedness = np.array([0.6, 0.45, 0.51, 0.99])
    model = PipelineModel.__new__(PipelineModel)
    model.batch_size = 32
    model.pipeline = SimpleNamespace(
        has_relatedness=True, score_stances=lambda *a, **k: stances, pair_relatedness=lambda *a, **k: relatedness
    )
    labels, label_map = ["agree", "disagree", "discuss", "unrelated"], {"agree": "favor", "disagree": "against", "discuss": "none", "unrelated": "none"}
    scores = model.predict_stance_scores(["t"] * 4, ["x"] * 4, labels, label_map)
    assert scores[0].argmax() == 3  # the joint argmax would call the first pair unrelated (0.4 > 0.6 * 0.4)
    assert model.predict_stance(["t"] * 4, ["x"] * 4, labels, label_map) == ["agree", "unrelated", "discuss", "agree"]
    evaluator = StanceEvaluator(["1", "2", "3", "4"], ["t"] * 4, ["x"] * 4, ["agree", "unrelated", "discuss", "agree"], labels, label_map)
    model.name, model.pipeline.tasks, model.pipeline.stance_input = "stub", ["stance"], []
    assert evaluator.predict(model)["predicted"] == ["agree", "unrelated", "discuss", "agree"]  # the benchmark decides the same way
    model.pipeline.has_relatedness = False  # without an encoder: the plain argmax of the projected stance
    assert model.predict_stance(["t"] * 4, ["x"] * 4, labels, label_map) == ["agree", "agree", "unrelated", "agree"]


def two_topic_data(root):
    """The seed article and a copy of it whose one target is another subject's."""
    data = make_data_folder(root, copies=2)
    records = [json.loads(line) for line in SEED_LABELS.read_text(encoding="utf-8").splitlines()]
    seed_targets = len(records[0]["stances"])
    with open(data / "labelled" / "putin-nato-guarantees-copy1.jsonl", "w", encoding="utf-8") as out:
        for record in records:
            record.update(article_id="putin-nato-guarantees-copy1", stances={"Fishing quotas": "none"})
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return data, seed_targets


def test_training_adds_a_calibrated_encoder_when_articles_differ_in_targets(tiny_base_model, tmp_path):
    from conftest import tiny_config
    from stance.training import train

    data, seed_targets = two_topic_data(tmp_path / "data")
    folder = train(tiny_config(tiny_base_model, data, tmp_path / "model", dev_fraction=0.5, tasks="[stance]"))
    settings = json.loads((folder / RELATEDNESS_DIR / "relatedness.json").read_text())
    assert settings["encoder"] == str(tiny_base_model) and settings["about"] == seed_targets + 1  # the seed's targets and the copy's one
    assert (folder / "training_config.yaml").read_text().count(f"relatedness_model: {tiny_base_model}") == 1
    none = train(tiny_config(tiny_base_model, data, tmp_path / "none", dev_fraction=0.5, tasks="[stance]", relatedness_model="null"))
    assert not (none / RELATEDNESS_DIR).exists()


def test_the_cli_adds_an_encoder_and_the_summary_uses_it(tiny_model, tiny_base_model, tmp_path, capsys):
    from conftest import SEED_TEXT
    from stance.cli import main

    folder = shutil.copytree(tiny_model, tmp_path / "model")
    one = make_data_folder(tmp_path / "one")
    assert main(["add-relatedness", str(folder), "--encoder", str(tiny_base_model), "--data", str(one)]) == 2
    assert "some of them not every article's" in capsys.readouterr().err and not (folder / RELATEDNESS_DIR).exists()
    data, _ = two_topic_data(tmp_path / "data")
    assert main(["add-relatedness", str(folder), "--encoder", str(tiny_base_model), "--data", str(data)]) == 0
    assert f"{folder / RELATEDNESS_DIR}: {tiny_base_model}, scale " in capsys.readouterr().out
    assert main(["predict", str(SEED_TEXT), "--model", str(folder), "-t", "NATO", "--summary", "--format", "jsonl"]) == 0
    summary = json.loads(capsys.readouterr().out.splitlines()[-1])["summary"]
    assert summary["relatedness_source"] == "encoder" and set(summary["related"]) == {"NATO"}


def test_pair_features_are_each_pairs_largest_unit_cosine_and_overlap(related_folder):
    from stance.relatedness import overlaps, pair_features

    model = RelatednessModel(related_folder / RELATEDNESS_DIR, device="cpu")
    body = "Officials said the harbour would close.\n\nThe city will build the new bridge, the mayor said."
    got = pair_features(model, ["the new bridge", "the harbour", "the new bridge"], [body, body, "Nothing here."])
    units = [u.text for u in stance.segment(body)]
    cosines = model.embed(units) @ model.embed(["the new bridge", "the harbour"]).T
    assert got[:2, 0] == pytest.approx(cosines.max(axis=0), abs=1e-5)
    assert got[:2, 1] == pytest.approx(overlaps(units, ["the new bridge", "the harbour"]).max(axis=0))
    assert got[0, 1] == 1.0 and got[2, 1] == 0.0  # "new" and "bridge" both in the second unit; none in the third text


def test_refit_on_pairs_replaces_only_the_calibration(related_folder, tmp_path):
    from stance.relatedness import refit_relatedness

    folder = shutil.copytree(related_folder, tmp_path / "model")
    path = folder / RELATEDNESS_DIR / "relatedness.json"
    before = json.loads(path.read_text())
    weights = (folder / RELATEDNESS_DIR / "model.safetensors").read_bytes()
    bodies = ["The city will build the new bridge.", "The vaccine was approved on Monday.", "Doctors said the vaccine works."]
    targets = ["the new bridge", "the vaccine"]
    pairs = [(t, b) for t in targets for b in bodies]
    related = [("bridge" in t) == ("bridge" in b) for t, b in pairs]
    settings = refit_relatedness(folder, [t for t, _ in pairs], [b for _, b in pairs], related, "six invented pairs")
    assert json.loads(path.read_text()) == settings
    assert settings["fitted_on"] == "six invented pairs" and (settings["pairs"], settings["about"]) == (6, 3)
    assert settings["encoder"] == before["encoder"] and settings["bias"] != before["bias"]
    assert (folder / RELATEDNESS_DIR / "model.safetensors").read_bytes() == weights
    assert not list((folder / RELATEDNESS_DIR).glob(".*work"))
    with pytest.raises(ModelFolderError, match="pairs of both kinds"):
        refit_relatedness(folder, targets, bodies[:2], [True, True], "x")
    assert json.loads(path.read_text()) == settings  # a failed refit leaves the calibration as it was
    with pytest.raises(ModelFolderError, match="add the encoder first"):
        refit_relatedness(tmp_path, targets, bodies[:2], [True, False], "x")


def test_add_relatedness_pairs_needs_a_corpus_with_an_unrelated_label(related_folder, tmp_path, capsys):
    from stance.cli import main

    assert main(["add-relatedness", str(related_folder), "--pairs", "nope"]) == 2
    assert "--pairs: unknown corpus 'nope'" in capsys.readouterr().err
    semeval = tmp_path / "semeval"  # a pair corpus whose labels have no "unrelated"
    semeval.mkdir()
    (semeval / "semeval2016_tweeteval.csv").write_text("split,target,text,stance\ntest,atheism,God is great.,AGAINST\n", encoding="utf-8")
    assert main(["add-relatedness", str(related_folder), "--pairs", "semeval2016", "--path", str(semeval), "--split", "test"]) == 2
    assert "no 'unrelated' label to calibrate on" in capsys.readouterr().err


def _tiny_fnc1(root):
    """An FNC-1 folder of two bodies and five headlines, unrelated ones among them."""
    root.mkdir(parents=True)
    (root / "train_bodies.csv").write_text(
        'Body ID,articleBody\n1,"The town council voted to close the library. Residents protested."\n'
        '2,"A comet was seen over Peru on Monday, astronomers said."\n', encoding="utf-8")
    (root / "train_stances.csv").write_text(
        "Headline,Body ID,Stance\nLibrary to close,1,agree\nCouncil saves library,1,disagree\nComet seen over Peru,1,unrelated\n"
        "Comet seen over Peru,2,discuss\nLibrary to close,2,unrelated\n", encoding="utf-8")
    (root / "hold_out_ids.txt").write_text("999\n", encoding="utf-8")
    return root


def test_training_calibrates_the_encoder_on_relatedness_pairs(tiny_base_model, tmp_path):
    from conftest import tiny_config
    from stance.training import train

    # Articles that all share their targets: nothing to calibrate on there, the pairs are enough.
    data = make_data_folder(tmp_path / "data", copies=2)
    fnc1 = _tiny_fnc1(tmp_path / "fnc1")
    config = tiny_config(tiny_base_model, data, tmp_path / "model", dev_fraction=0.5, tasks="[stance]",
                         relatedness_pairs=f"{{importer: fnc1, path: {fnc1}, split: train}}")
    folder = train(config)
    settings = json.loads((folder / RELATEDNESS_DIR / "relatedness.json").read_text())
    assert settings["fitted_on"].startswith(f"fnc1 train split ({fnc1})") and (settings["pairs"], settings["about"]) == (5, 3)
    assert settings["encoder"] == str(tiny_base_model)
    missing = tiny_config(tiny_base_model, data, folder, dev_fraction=0.5, tasks="[stance]",
                          relatedness_pairs=f"{{importer: fnc1, path: {tmp_path / 'nowhere'}, split: train}}")
    with pytest.raises(stance.StanceError):
        train(missing)
    assert json.loads((folder / RELATEDNESS_DIR / "relatedness.json").read_text()) == settings  # the failed run kept the saved model


@pytest.mark.parametrize("value, message", [
    ("{importer: nope, path: x}", "importer one of"),
    ("{importer: fnc1, path: x, spilt: train}", "must be {importer, path, split}"),
    ("[fnc1]", "must be {importer, path, split}"),
])
def test_relatedness_pairs_must_name_a_corpus(value, message):
    from stance.config import ConfigError, load_config

    with pytest.raises(ConfigError, match=message):
        load_config(None, [f"relatedness_pairs={value}"])
    with pytest.raises(ConfigError, match="'relatedness_model' is null"):
        load_config(None, ["relatedness_pairs={importer: fnc1, path: x}", "relatedness_model=null"])
