"""stance.summarize: the article's and each speaker's stance, from hand-made claims (exact) and the tiny model."""

import json

import pytest

import stance
from conftest import SEED_TEXT
from stance import Claim, InputError, InputTypeError, Summary, summarize
from stance.summary import format_summary


def claim(unit, speaker, scores=None, stances=None, is_claim=True, article_id="a1"):
    scores = scores or {}
    stances = stances or {t: max(s, key=s.get) for t, s in scores.items()}
    return Claim(unit=unit, start=unit * 10, end=unit * 10 + 9, text=f"unit {unit}.", claim=is_claim, claim_score=0.9 if is_claim else 0.1,
                 speaker=speaker, stances=stances, stance_scores=scores, article_id=article_id)


def p(favor, against, none):
    return {"favor": favor, "against": against, "none": none}


@pytest.fixture
def claims():
    return [
        claim(0, "Ann", {"T": p(0.1, 0.8, 0.1), "U": p(0.0, 0.0, 1.0)}),
        claim(1, "Ann", {"T": p(0.2, 0.6, 0.2), "U": p(0.05, 0.05, 0.9)}),
        claim(2, "Bob", {"T": p(0.7, 0.1, 0.2), "U": p(0.0, 0.1, 0.9)}),
        claim(3, None, is_claim=False, stances={"T": "none", "U": "none"}),  # not a claim: left out
        claim(4, None, stances={"T": "favor", "U": "none"}),  # no scores (a gold label): counts as one-hot
        claim(5, "Cy", {"T": p(0.2, 0.5, 0.3), "U": p(0.0, 0.0, 1.0)}),
    ]


def test_article_label_scores_and_relatedness_are_exact(claims):
    summary = summarize(claims)
    assert isinstance(summary, Summary)
    assert summary.article_id == "a1" and summary.targets == ["T", "U"] and summary.claims == 5
    # T: the mean of the five claims' probabilities
    assert summary.article_scores["T"] == {"favor": 0.44, "against": 0.4, "none": 0.16}
    # 1 - p(none) is 0.9, 0.8, 0.8, 1.0, 0.7: the second largest is 0.9, related
    assert summary.relatedness["T"] == 0.9
    # votes: against 3 (Ann twice, Cy), favor 2; 3 of 5 is not above min_share 0.6: balanced, so none
    assert summary.article["T"] == "none"
    assert summarize(claims, min_share=0.55).article["T"] == "against"  # the votes decide, not the mean mass
    # U: no claim is about it: 1 - p(none) is 0, 0.1, 0.1, 0, 0, so none
    assert summary.article_scores["U"] == {"favor": 0.01, "against": 0.03, "none": 0.96}
    assert summary.relatedness["U"] == 0.1 and summary.article["U"] == "none"


def test_each_speaker_has_label_claims_and_mean_score(claims):
    speakers = summarize(claims).speakers
    assert list(speakers) == ["Ann", "Bob", "unknown", "Cy"]  # most claims first, ties in order of appearance
    ann = speakers["Ann"]["T"]
    assert (ann.label, ann.claims, ann.score, ann.commitment) == ("against", 2, 0.7, 0.9)  # commitment: the largest
    assert ann.scores == {"favor": 0.15, "against": 0.7, "none": 0.15}
    assert ann.counts == {"favor": 0, "against": 2, "none": 0}
    assert speakers["Ann"]["U"].to_dict() == {
        "label": "none", "claims": 2, "score": 0.95, "scores": {"favor": 0.025, "against": 0.025, "none": 0.95},
        "commitment": 0.1, "counts": {"favor": 0, "against": 0, "none": 2},
    }
    assert (speakers["Bob"]["T"].label, speakers["Bob"]["T"].claims, speakers["Bob"]["T"].score) == ("favor", 1, 0.7)
    assert (speakers["unknown"]["T"].label, speakers["unknown"]["T"].score) == ("favor", 1.0)
    # one claim that takes a side with 1 - p(none) = 0.7, just committed enough
    assert (speakers["Cy"]["T"].label, speakers["Cy"]["T"].score, speakers["Cy"]["T"].commitment) == ("against", 0.5, 0.7)


def test_thresholds_are_parameters(claims):
    assert summarize(claims, min_share=0.6).article["T"] == "none"  # 3 of 5 votes
    assert summarize(claims, min_share=0.5).article["T"] == "against"  # any majority
    assert summarize(claims, commitment_threshold=0.05).article["U"] == "none"  # committed enough, but no claim takes a side
    assert summarize(claims, commitment_threshold=0.95, min_share=0.5).article["T"] == "none"
    assert summarize(claims, commitment_threshold=0.95, min_share=0.5, min_claims=1).article["T"] == "against"
    assert summarize(claims, commitment_threshold=0.75).speakers["Cy"]["T"].label == "none"
    one = summarize(claims, min_claims=1)
    assert one.commitment == one.relatedness == {"T": 1.0, "U": 0.1}  # no relatedness encoder: the commitment stands in
    assert one.related == {"T": True, "U": False} and one.relatedness_source == "commitment"
    assert summarize(claims, min_claims=3).commitment == {"T": 0.8, "U": 0.0}
    assert summarize(claims, min_claims=9).commitment == {"T": 0.7, "U": 0.0}  # fewer claims: the smallest
    assert summarize(claims, relatedness_threshold=0.3, commitment_threshold=0.05, min_share=0.55, min_claims=1).to_dict()["thresholds"] == {
        "relatedness_threshold": 0.3, "commitment_threshold": 0.05, "min_share": 0.55, "min_claims": 1}


def test_relatedness_is_the_most_related_unit_claim_or_not_and_gates_every_side():
    def unit(i, is_claim, about, scores):
        made = claim(i, "Ann" if is_claim else None, {"T": scores} if is_claim else None,
                     stances=None if is_claim else {"T": "none"}, is_claim=is_claim)
        made.relatedness = {"T": about}
        return made

    committed = [unit(0, True, 0.3, p(0.1, 0.8, 0.1)), unit(1, True, 0.2, p(0.1, 0.8, 0.1))]
    about = summarize(committed + [unit(2, False, 0.9, None)])  # the unit that names the target is not a claim
    assert about.relatedness["T"] == 0.9 and about.related["T"] and about.relatedness_source == "encoder"
    assert about.article["T"] == "against" and about.commitment["T"] == 0.9
    unrelated = summarize(committed)  # the claims take a side, but no unit is about the target
    assert unrelated.relatedness["T"] == 0.3 and not unrelated.related["T"]
    assert unrelated.article["T"] == "none" and unrelated.speakers["Ann"]["T"].label == "none"
    assert summarize(committed, relatedness_threshold=0.25).article["T"] == "against"
    neutral = summarize([unit(0, True, 0.95, p(0.05, 0.05, 0.9)), unit(1, True, 0.9, p(0.1, 0.1, 0.8))])
    assert neutral.related["T"] and neutral.article["T"] == "none"  # about the target, taking no side


def test_a_neutral_article_is_told_apart_from_an_unrelated_one():
    neutral = [claim(0, "Ann", {"T": p(0.8, 0.1, 0.1)}), claim(1, "Bob", {"T": p(0.1, 0.8, 0.1)})]
    unrelated = [claim(0, "Ann", {"T": p(0.02, 0.01, 0.97)}), claim(1, "Bob", {"T": p(0.01, 0.03, 0.96)})]
    stray = unrelated + [claim(2, "Cy", {"T": p(0.9, 0.05, 0.05)})]  # one claim alone does not make the article related
    a, b, c = summarize([neutral, unrelated, stray])
    assert a.article["T"] == b.article["T"] == c.article["T"] == "none"
    assert a.relatedness["T"] == 0.9 and b.relatedness["T"] == 0.03 and c.relatedness["T"] == 0.04
    assert (a.speakers["Ann"]["T"].label, a.speakers["Bob"]["T"].label) == ("favor", "against")
    assert c.speakers["Cy"]["T"].label == "favor"  # but it is that speaker's position


def test_targets_choose_and_order_and_an_unknown_target_is_none(claims):
    summary = summarize(claims, targets=["U", "V"])
    assert summary.targets == ["U", "V"] and summary.article["V"] == "none" and summary.relatedness["V"] == 0.0
    assert summary.speakers["Ann"]["V"].claims == 0 and summary.speakers["Ann"]["V"].label == "none"


def test_empty_claims_and_to_dict_is_json(claims):
    empty = summarize([], targets=["T"])
    assert empty.to_dict() == {
        "article_id": "article", "targets": ["T"], "claims": 0, "article": {"T": "none"},
        "article_scores": {"T": {"favor": 0.0, "against": 0.0, "none": 0.0}}, "relatedness": {"T": 0.0},
        "related": {"T": False}, "commitment": {"T": 0.0}, "relatedness_source": "commitment", "speakers": {},
        "thresholds": {"relatedness_threshold": 0.5, "commitment_threshold": 0.7, "min_share": 0.6, "min_claims": 2},
    }
    only_units = summarize([claim(0, None, is_claim=False, stances={"T": "none"}, article_id="x")])
    assert (only_units.article_id, only_units.targets, only_units.claims) == ("x", ["T"], 0)  # no claims: still the article's
    data = summarize(claims).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["speakers"]["Bob"]["T"]["counts"] == {"favor": 1, "against": 0, "none": 0}


def test_a_list_of_lists_gives_a_list_of_summaries(claims):
    out = summarize([claims, claims[:1], []])
    assert [s.claims for s in out] == [5, 1, 0]
    assert summarize([]).claims == 0  # an empty list is one article without claims


@pytest.mark.parametrize("bad, error, message", [
    ("text", InputTypeError, "expected a list of stance.Claim"),
    ([{"speaker": "Ann"}], InputTypeError, "got a list of dict"),
    ([[1, 2]], InputTypeError, "got a list of list"),
])
def test_wrong_input_is_a_clear_error(bad, error, message):
    with pytest.raises(error, match=message):
        summarize(bad)


def test_bad_thresholds_and_targets(claims):
    with pytest.raises(InputError, match="min_share must be in"):
        summarize(claims, min_share=0.3)
    with pytest.raises(InputError, match="relatedness_threshold must be in"):
        summarize(claims, relatedness_threshold=1.5)
    with pytest.raises(InputError, match="commitment_threshold must be in"):
        summarize(claims, commitment_threshold=-0.1)
    with pytest.raises(InputError, match="min_claims must be a whole number"):
        summarize(claims, min_claims=0)
    with pytest.raises(InputError, match="targets must be non-empty strings"):
        summarize(claims, targets=[""])
    assert issubclass(InputError, stance.StanceError)


def test_format_summary_is_exact(claims):
    assert format_summary(summarize(claims)).splitlines() == [
        "-- summary: 5 claims, 4 speakers",
        "target  stance   related  favor  against  none  text",
        "T1      none     0.90     0.44   0.40     0.16  T",
        "T2      none     0.10     0.01   0.03     0.96  U",
        "speaker   T1                 T2",
        "Ann       against 2/2 0.70   none 2/2 0.95",
        "Bob       favor 1/1 0.70     none 1/1 0.90",
        "unknown   favor 1/1 1.00     none 1/1 1.00",
        "Cy        against 1/1 0.50   none 1/1 1.00",
    ]


def test_summary_of_the_tiny_models_claims_is_consistent(tiny_pipeline, seed_text):
    targets = ["NATO expansion eastward", "Sanctions on Russia"]
    every = stance.predict(seed_text, targets, model=tiny_pipeline, keep_non_claims=True)
    claims = [c for c in every if c.claim]
    summary = summarize(every)
    assert summary == summarize(claims, targets)  # units that are not claims change nothing (the random model may find none)
    assert summary.targets == targets and summary.claims == len(claims)
    for target in targets:
        assert summary.article[target] in ("favor", "against", "none")
        assert sum(summary.article_scores[target].values()) == pytest.approx(1.0 if claims else 0.0, abs=1e-3)
        committed = sorted((1 - c.stance_scores[target]["none"] for c in claims), reverse=True)
        expected = committed[min(2, len(committed)) - 1] if committed else 0.0  # a random model may find no claim
        assert summary.commitment[target] == pytest.approx(expected, abs=1e-4)
        assert sum(s[target].claims for s in summary.speakers.values()) == len(claims)
    assert set(summary.speakers) == {c.speaker for c in claims}


def test_cli_summary_after_the_table_and_as_a_jsonl_line(tiny_model, capsys):
    from stance.cli import main

    assert main(["predict", str(SEED_TEXT), "--model", str(tiny_model), "-t", "NATO", "--summary", "--all"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"== {SEED_TEXT}: ") and "\n-- summary: " in out  # after the table
    lines = out.split("\n-- summary: ")[1].splitlines()
    assert lines[1].split() == ["target", "stance", "related", "favor", "against", "none", "text"]
    assert lines[2].startswith("T1      ") and lines[2].endswith("  NATO")
    assert len(lines) == 3 or lines[3].split() == ["speaker", "T1"]
    assert main(["predict", str(SEED_TEXT), "--model", str(tiny_model), "-t", "NATO", "--format", "jsonl", "--summary"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 31 and list(lines[-1]) == ["summary"]
    assert lines[-1]["summary"]["targets"] == ["NATO"] and lines[-1]["summary"]["article_id"] == "putin-nato-guarantees"
    assert lines[-1]["summary"]["claims"] == sum(r["claim"] for r in lines[:-1])


def test_a_target_that_lost_to_another_counts_with_its_scores_alone():
    # The claim's side on "T" lost to "U" (the folder's secondary offset): it reads none, but the
    # pair alone was a confident against, which is what the summary's thresholds were chosen on.
    lost = Claim(0, 0, 9, "He said.", True, 0.9, speaker="Ann", stances={"T": "none", "U": "favor"},
                 stance_scores={"T": {"favor": 0.05, "against": 0.4, "none": 0.55}, "U": {"favor": 0.9, "against": 0.05, "none": 0.05}},
                 stance_scores_alone={"T": {"favor": 0.05, "against": 0.8, "none": 0.15}})
    summary = summarize([lost])
    assert summary.speakers["Ann"]["T"].label == "against" and summary.speakers["Ann"]["U"].label == "favor"
    assert summary.article_scores["T"]["against"] == 0.8
    plain = Claim(0, 0, 9, "He said.", True, 0.9, speaker="Ann", stances=lost.stances, stance_scores=lost.stance_scores)
    assert summarize([plain]).speakers["Ann"]["T"].label == "none"
