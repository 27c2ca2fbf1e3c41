"""benchmarks/direction_inference_probes.py: speaker and article pooling move only direction, only within a group."""

import importlib.util
from types import SimpleNamespace

import numpy as np

from tests.conftest import REPO


def _probes():
    spec = importlib.util.spec_from_file_location("direction_inference_probes", REPO / "benchmarks" / "direction_inference_probes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_speaker_pooling_pulls_a_claim_towards_its_speakers_other_claims_and_leaves_none_alone():
    pairs = SimpleNamespace(
        ids=["a:1:T", "a:2:T", "a:3:T", "b:1:T"],
        fields=[{"speaker": "Vale"}, {"speaker": "vale "}, {"speaker": "Ortiz"}, {"speaker": "Vale"}],
    )
    probabilities = np.array([[0.1, 0.5, 0.4], [0.8, 0.1, 0.1], [0.1, 0.6, 0.3], [0.1, 0.6, 0.3]])
    pooled = _probes().pooled(pairs, probabilities, 1.0)
    np.testing.assert_allclose(pooled[:, 2], probabilities[:, 2])
    np.testing.assert_allclose(pooled.sum(axis=1), 1.0)
    # "Vale" and "vale " in article a are one speaker: the strongly sided favor claim wins the pair over.
    assert pooled[0, 0] > pooled[0, 1] and pooled[1, 0] > pooled[1, 1]
    # Another speaker, and the same name in another article, are left as they were.
    np.testing.assert_allclose(pooled[2:], probabilities[2:])
    np.testing.assert_allclose(_probes().pooled(pairs, probabilities, 0.0), probabilities, atol=1e-6)


def test_article_pooling_groups_an_articles_claims_on_a_target_whoever_speaks():
    pairs = SimpleNamespace(
        ids=["a:1:T", "a:2:T", "a:3:U", "b:1:T"],
        fields=[{"speaker": "Vale"}, {"speaker": "Ortiz"}, {"speaker": "Vale"}, {"speaker": "Vale"}],
    )
    probabilities = np.array([[0.1, 0.5, 0.4], [0.8, 0.1, 0.1], [0.1, 0.6, 0.3], [0.1, 0.6, 0.3]])
    pooled = _probes().pooled(pairs, probabilities, 1.0, by="article")
    np.testing.assert_allclose(pooled[:, 2], probabilities[:, 2])
    assert pooled[0, 0] > pooled[0, 1]  # two speakers, one article and target: one group
    np.testing.assert_allclose(pooled[2:], probabilities[2:])  # another target, another article: alone
    by_speaker = _probes().pooled(pairs, probabilities, 1.0)
    np.testing.assert_allclose(by_speaker, probabilities, atol=1e-6)  # no speaker says two things on T in a


def test_target_prior_figures_separate_reading_the_unit_from_knowing_the_target(monkeypatch):
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))  # the probe imports its sibling direction_inference_probes
    spec = importlib.util.spec_from_file_location("direction_target_prior", REPO / "benchmarks" / "direction_target_prior.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    ids = ["a:1:T", "a:2:T", "a:3:T", "a:4:U", "a:5:U", "b:1:T"]
    gold = ["favor", "favor", "against", "against", "against", "favor"]
    # A model that says favor for T and against for U whatever the unit: right on the one-direction groups only.
    predicted = ["favor", "favor", "favor", "against", "against", "favor"]
    figures = module.target_prior_figures(ids, gold, predicted)
    assert figures["pairs"] == 6
    assert figures["direction"] == 5 / 6
    assert figures["group_majority"] == 5 / 6  # a:T's majority is favor (2 of 3); a:U and b:T are one-directional
    assert figures["mixed_pairs"] == 3 and figures["mixed_direction"] == 2 / 3
    assert figures["one_direction"] == 1.0  # both groups of two or more get one direction from the model
    assert figures["gold_one_direction"] == 0.5  # a:T is mixed in the gold labels, a:U is not


def test_article_stance_gold_is_the_majority_side_of_the_gold_claims_and_none_without_one(monkeypatch):
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    spec = importlib.util.spec_from_file_location("article_stance_probe", REPO / "benchmarks" / "article_stance_probe.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from stance.schema import LabelledArticle

    def unit(i, claim, stances):
        return {"unit": i, "start": 10 * i, "end": 10 * i + 9, "text": f"unit {i}", "claim": claim, "speaker": "X" if claim else None, "stances": stances}

    article = LabelledArticle("a", "", [
        unit(0, True, {"T": "against", "U": "none", "V": "favor"}),
        unit(1, True, {"T": "against", "U": "none", "V": "against"}),
        unit(2, True, {"T": "favor", "U": "none", "V": "none"}),
        unit(3, False, {"T": "favor", "U": "favor", "V": "favor"}),  # not a claim: no vote
    ], targets=["T", "U", "V"])
    # T: 2 of 3 sided claims against (above min_share 0.6); U: no sided claim; V: a 1:1 tie.
    assert module.gold_article_labels(article) == {"T": "against", "U": "none", "V": "none"}
    # One speaker made every claim, so the speaker's labels are the article's; names match case aside.
    assert module.speaker_labels(module.gold_summary(article)) == {("x", "T"): "against", ("x", "U"): "none", ("x", "V"): "none"}
    figures = module.article_figures(["against", "none", "favor"], ["against", "favor", "against"])
    assert figures["accuracy"] == round(1 / 3, 4)
    assert figures["direction_when_both_sided"] == 0.5
    assert figures["confusion (gold -> predicted)"] == {"against -> against": 1, "favor -> against": 1, "none -> favor": 1}


def test_negation_cues_counts_a_pair_right_unless_the_errors_file_lists_it(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location("negation_cues", REPO / "benchmarks" / "negation_cues.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    errors = tmp_path / "pairs_test.stance.models_x.errors.jsonl"
    errors.write_text('{"id": "test:n-0002", "gold": "against", "predicted": "favor"}\n', encoding="utf-8")
    cues = {"n-0001": "affirmative", "n-0002": "intention", "n-0003": "intention"}
    assert module.cue_accuracy(errors, cues) == {"affirmative": 1.0, "intention": 0.5}
    module.main([str(tmp_path)])  # every shipped test pair has a cue
    table = capsys.readouterr().out
    assert "| intention | 6 | against 6 | 0.83 |" in table  # n-0002 is one of the six
    assert table.count("\n") == 2 + 20  # a header of two lines, a row for each of the 20 cues


def test_previous_routing_probe_keeps_the_unit_before_only_where_the_unit_does_not_name_the_target():
    spec = importlib.util.spec_from_file_location("previous_routing_probe", REPO / "benchmarks" / "previous_routing_probe.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # The unit before is kept only for the unit that does not name the target, and the pair fields are never changed.
    from stance.encoding import stance_context

    targets = ["The trade deals lack transparency"] * 2
    texts = ["It can't work this way, she said.", "There has been a lack of transparency."]
    fields = [{"previous": "Talks were secret.", "speaker": "Ana"}, {"previous": "Talks were secret.", "speaker": "Ana"}]
    def contexts(mode):
        return [stance_context(module.MODE_INPUTS[mode], f, t, x) for f, t, x in zip(fields, targets, texts)]
    assert contexts("conditional") == ["Talks were secret.", ""]
    assert contexts("never") == ["", ""]
    assert contexts("always") == ["Talks were secret.", "Talks were secret."]
    assert fields[1] == {"previous": "Talks were secret.", "speaker": "Ana"}
