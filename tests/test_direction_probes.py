"""benchmarks/direction_inference_probes.py: speaker pooling moves only direction, only within a group."""

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
    pooled = _probes().speaker_pooled(pairs, probabilities, 1.0)
    np.testing.assert_allclose(pooled[:, 2], probabilities[:, 2])
    np.testing.assert_allclose(pooled.sum(axis=1), 1.0)
    # "Vale" and "vale " in article a are one speaker: the strongly sided favor claim wins the pair over.
    assert pooled[0, 0] > pooled[0, 1] and pooled[1, 0] > pooled[1, 1]
    # Another speaker, and the same name in another article, are left as they were.
    np.testing.assert_allclose(pooled[2:], probabilities[2:])
    np.testing.assert_allclose(_probes().speaker_pooled(pairs, probabilities, 0.0), probabilities, atol=1e-6)


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
