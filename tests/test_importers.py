"""Importers of the public corpora, on hand-written fixtures in each corpus's own format.

The fixtures under tests/fixtures/<corpus>/ are invented text. Tests marked ``real`` run on
the real corpora in ../shared/datasets and skip when that folder is absent.
"""

from __future__ import annotations

import argparse
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from stance.importers import (
    CORPUS_LABELS,
    CUE_CATEGORIES,
    DEFAULT_KEEP,
    LABEL_MAPS,
    Attribution,
    classify_cue,
    import_polnear,
    load_checkthat,
    load_emergent,
    load_fnc1,
    load_ibm_claim_stance,
    load_perspectrum,
    load_semeval2016,
    map_labels,
    read_brat,
    read_pairs,
    write_labelled,
    write_pairs,
)
from stance.importers.cli import add_import_parser
from stance.importers.polnear import _span_text
from stance.errors import CorpusError
from stance.schema import STANCE_LABELS, LabelledDataError, read_labelled_file

def _write_fixtures() -> Path:
    """Write the hand-made corpus files of fixtures/corpora.json into a temporary folder."""
    import atexit
    import json
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="stance-corpus-fixtures-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    files = json.loads((Path(__file__).parent / "fixtures" / "corpora.json").read_text(encoding="utf-8"))
    for relative, content in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        with open(root / relative, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
    return root


FIXTURES = _write_fixtures()
REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason=f"public corpora not found at {REAL}")
BRIDGE = "polnear-testpub-2016-01-05-doe-says-bridge-will-open"
PARK = "polnear-testpub-2016-10-02-council-backs-park"


# ---------------------------------------------------------------- PolNeAR


@pytest.mark.parametrize(
    "cue, category",
    [
        ("said", "speech"), ("has also said", "speech"), ("told", "speech"), (":", "speech"),
        ("said in a statement", "speech"), ("In an interview", "speech"), ("according to", "report"),
        ("polls show", "report"), ("In", "report"), ("believes", "belief"), ("saw it as", "belief"),
        ("For", "belief"), ("wants", "desire"), ("would like", "desire"), ("plans", "intention"),
        ("declined", "intention"), ("heard", "perception"), ("seemed", "evidential"),
        ("is expected", "evidential"), ("endorsed", "attitude"), ("zorbled", "other"), ("", "other"),
    ],
)
def test_classify_cue(cue, category):
    assert classify_cue(cue) == category


def test_default_keep_is_speech_report_belief():
    assert DEFAULT_KEEP == {"speech", "report", "belief"}
    assert DEFAULT_KEEP <= set(CUE_CATEGORIES)


def test_read_brat_skips_notes_and_continuation_lines():
    path = FIXTURES / "polnear/data/train/attributions/testpub_2016-01-05_doe-says-bridge-will-open_aaaa.ann"
    text = path.parent.parent.joinpath("text", "testpub_2016-01-05_doe-says-bridge-will-open.txt").read_text(encoding="utf-8")
    atts = read_brat(path, text)
    assert [a.id for a in atts] == ["E1", "E2", "E3", "E4", "E5", "E6"]
    assert [a.category for a in atts] == ["speech", "speech", "speech", "desire", "speech", "report"]
    quote = atts[2]
    assert len(quote.content) == 2  # discontinuous content: two quotes around "she told reporters"
    assert text[quote.source[0][0] : quote.source[0][1]] == "she"
    assert atts[5].source == []  # Attribution-no-source


def test_import_polnear_train_fixture_units():
    stats: dict = {}
    articles = import_polnear(FIXTURES / "polnear", "train", stats=stats)
    assert [a.article_id for a in articles] == [BRIDGE]
    article = articles[0]
    units = article.units
    assert [(u["start"], u["end"]) for u in units] == [(0, 32), (34, 93), (95, 147), (148, 175), (177, 215), (217, 304), (306, 332)]
    for u in units:
        assert article.text[u["start"] : u["end"]] == u["text"]
    assert [u["claim"] for u in units] == [True, True, True, True, False, True, False]
    # The headline is the single target, every label none (PolNeAR has no stance).
    assert article.targets == ["Doe Says Bridge Will Open in May"]
    assert all(u["stances"] == {"Doe Says Bridge Will Open in May": "none"} for u in units)
    by_unit = {u["unit"]: (u["speaker"], u["mention"], u["cue"]) for u in units}
    assert by_unit[0] == ("Jane Doe", "Doe", "Says")  # surname with no earlier name: the first later full name
    assert by_unit[1] == ("Jane Doe", "Mayor Jane Doe", "said")  # title stripped from the speaker, kept in the mention
    assert by_unit[2] == ("Jane Doe", "she", "told")  # pronoun -> most recent person
    assert by_unit[3] == ("Jane Doe", None, None)  # continuing quote
    assert by_unit[4] == (None, None, None)  # "Critics want ...": a desire, dropped
    assert by_unit[5] == ("Jane Doe", "Doe", "added")  # surname -> earlier full name
    # Only the first annotator's file (aaaa) is read; the README counts every file.
    assert stats["attributions"] == 6 and stats["attributions_all_annotators"] == 7
    assert stats["kept"] == 5 and stats["dropped"] == 1
    assert stats["by_category"] == {"speech": 4, "desire": 1, "report": 1}
    assert (stats["articles"], stats["articles_skipped"], stats["units"], stats["claim_units"]) == (1, 0, 7, 5)


def test_import_polnear_keep_changes_claims():
    articles = import_polnear(FIXTURES / "polnear", "train", keep=set(CUE_CATEGORIES))
    unit = articles[0].units[4]
    assert unit["claim"] and unit["speaker"] == "Critics" and unit["cue"] == "want"
    only_speech = import_polnear(FIXTURES / "polnear", "train", keep={"speech"})
    assert sum(u["claim"] for u in only_speech[0].units) == 5  # unit 5 still has "Doe added"


def test_pronoun_and_title_resolution_dev_fixture():
    (article,) = import_polnear(FIXTURES / "polnear", "dev")
    assert article.article_id == PARK
    speakers = [(u["speaker"], u["mention"]) for u in article.units]
    assert speakers == [(None, None), ("Tom Reyes", "Sen. Tom Reyes (D-Ore.)"), ("Ann Park", "Gov. Ann Park"), ("Ann Park", "She")]


def test_polnear_sources_go_through_the_one_speaker_resolver():
    from stance.importers.polnear import _speakers

    text = "Ann Lee spoke. Lee said so. The council said no. They said more. He said it. Bo Ray, a judge, said yes."
    spans = {w: (text.index(w), text.index(w) + len(w)) for w in ("Ann Lee", "Lee said", "The council", "They", "He", "Bo Ray, a judge,")}

    def att(i, source):
        s, e = spans[source]
        return Attribution(f"E{i}", [(e + 1, e + 3)], [(e, e + 1)], [(s, e if source != "Lee said" else s + 3)])

    atts = [att(1, "Ann Lee"), att(2, "Lee said"), att(3, "The council"), att(4, "They"), att(5, "He"), att(6, "Bo Ray, a judge,")]
    atts.append(Attribution("E7", [(len(text) - 3, len(text) - 1)], [(len(text) - 4, len(text) - 3)], []))  # no source
    counts = _speakers(text, atts)
    assert [a.speaker for a in atts] == ["Ann Lee", "Ann Lee", "the council", "the council", "Ann Lee", "Bo Ray", "Bo Ray"]
    assert counts == {"resolved": 7, "unresolved": 0}
    import stance.importers.polnear as polnear

    assert not hasattr(polnear, "resolve_speakers") or polnear.resolve_speakers is __import__("stance.speakers").speakers.resolve_speakers


def test_a_pronoun_with_no_one_before_it_is_dropped():
    from stance.importers.polnear import _speakers

    atts = [Attribution("E1", [(8, 10)], [(3, 7)], [(0, 2)])]
    assert _speakers("He said it.", atts) == {"resolved": 0, "unresolved": 1}
    assert atts[0].speaker is None


def test_polnear_pronoun_finds_a_person_named_in_a_sentence_that_attributes_nothing():
    from stance.importers.polnear import _speakers

    text = "Vote Ends\n\nGregor Lang said the count was fair. Mr. Kessel did not vote. He said he would appeal."
    lang, he = text.index("Gregor Lang"), text.index("He said")
    atts = [
        Attribution("E1", [(lang + 17, lang + 35)], [(lang + 12, lang + 16)], [(lang, lang + 11)]),
        Attribution("E2", [(he + 8, he + 23)], [(he + 3, he + 7)], [(he, he + 2)]),
    ]
    _speakers(text, atts)
    assert [a.speaker for a in atts] == ["Gregor Lang", "Kessel"]


@pytest.mark.parametrize(
    ("sentence", "antecedent"),
    [
        ("The levy angered some farmers, who said the plan was unfair.", "some farmers"),
        ("The list included Ola Brandt, a retired ferry captain who said the pier was unsafe.", "Ola Brandt, a retired ferry captain"),
        ("The deal drew fire from unions like Dockside United which said it cut jobs.", "unions like Dockside United"),
        ("Reporters tried to undermine a story of a nurse who said she was threatened.", "a story of a nurse"),
        ("Who said it was unsafe is unclear.", None),  # nothing before it in the sentence
    ],
)
def test_a_relative_pronoun_source_becomes_the_phrase_it_attaches_to(sentence, antecedent):
    from stance.importers.polnear import _relative_sources_to_antecedents

    text = "Pier Row\n\nThe council met on Monday. " + sentence
    who = text.index(" said") - (5 if " which said" in text else 3)
    said = text.index("said")
    attribution = Attribution("E1", [(said + 5, len(text) - 1)], [(said, said + 4)], [(who, text.index(" ", who))])
    moved = _relative_sources_to_antecedents(text, [attribution])
    assert moved == (antecedent is not None)
    assert _span_text(text, attribution.source) == (antecedent or text[who : text.index(" ", who)])


def test_polnear_mention_of_a_pronoun_contraction_is_the_pronoun(tmp_path):
    root = tmp_path / "polnear"
    (root / "data/train/text").mkdir(parents=True)
    (root / "data/train/attributions").mkdir(parents=True)
    text = "Ferry Talks\n\nIlse Marr spoke on Monday. She's said the fares must fall."
    (root / "data/train/text/pub_2016-01-01_ferry.txt").write_text(text, encoding="utf-8")
    s, c, content = text.index("She's"), text.index("said the"), text.index("the fares")
    ann = f"T1\tSource {s} {s + 5}\tShe's\nT2\tCue {c} {c + 4}\tsaid\nT3\tContent {content} {len(text) - 1}\tx\nE1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n"
    (root / "data/train/attributions/pub_2016-01-01_ferry_aaaa.ann").write_text(ann, encoding="utf-8")
    (article,) = import_polnear(root, "train")
    claim = [u for u in article.units if u["claim"]][0]
    assert (claim["mention"], claim["speaker"]) == ("She", "Ilse Marr")


def test_write_labelled_output_validates(tmp_path):
    articles = import_polnear(FIXTURES / "polnear", "train") + import_polnear(FIXTURES / "polnear", "dev")
    assert write_labelled(articles, tmp_path) == 2
    for article in articles:
        read_back = read_labelled_file(tmp_path / "labelled" / f"{article.article_id}.jsonl")
        assert read_back.units == article.units
        assert read_back.text == article.text


def test_import_polnear_skips_invalid_article(tmp_path):
    root = tmp_path / "polnear"
    shutil.copytree(FIXTURES / "polnear", root)
    (root / "data/train/text/testpub_2016-01-06_blank.txt").write_text("  \n\n \n", encoding="utf-8")
    (root / "data/train/attributions/testpub_2016-01-06_blank_aaaa.ann").write_text("", encoding="utf-8")
    stats: dict = {}
    articles = import_polnear(root, "train", stats=stats)
    assert [a.article_id for a in articles] == [BRIDGE]
    assert stats["articles_skipped"] == 1


def test_import_polnear_errors(tmp_path):
    with pytest.raises(ValueError, match="unknown PolNeAR split"):
        import_polnear(FIXTURES / "polnear", "validation")
    with pytest.raises(ValueError, match="unknown cue categories"):
        import_polnear(FIXTURES / "polnear", "train", keep={"speach"})
    with pytest.raises(FileNotFoundError, match="PolNeAR split folder not found"):
        import_polnear(tmp_path, "train")
    bad = tmp_path / "bad.ann"
    bad.write_text("T1\tCue 0 4\tsaid\nE1\tAttribution:T9 Content:T7 Cue:T1\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.ann, line 2: event E1 refers to unknown span"):
        read_brat(bad, "said so")
    with pytest.raises(FileNotFoundError, match="missing.ann"):
        read_brat(tmp_path / "missing.ann")


# ---------------------------------------------------------------- stance corpora


def test_load_fnc1_splits_by_held_out_body():
    train, dev = load_fnc1(FIXTURES / "fnc1", "train"), load_fnc1(FIXTURES / "fnc1", "dev")
    assert train.column_names == ["id", "target", "text", "label"]
    assert train["id"] == ["fnc1-train-0", "fnc1-train-1", "fnc1-train-3", "fnc1-train-5"]
    assert dev["label"] == ["discuss", "agree"]
    assert load_fnc1(FIXTURES / "fnc1", "train_all").num_rows == 6
    assert train[0]["target"] == "Farmer grows car-sized pumpkin"
    assert train[0]["text"].endswith('"with their own eyes".')  # multi-line, quoted CSV field
    test = load_fnc1(FIXTURES / "fnc1", "competition_test")
    assert test["label"] == ["agree", "unrelated"] and test["id"] == ["fnc1-competition_test-0", "fnc1-competition_test-1"]


def test_load_fnc1_errors(tmp_path):
    shutil.copytree(FIXTURES / "fnc1", tmp_path / "fnc1")
    with pytest.raises(FileNotFoundError, match="hold_out_ids.txt"):
        (tmp_path / "fnc1/hold_out_ids.txt").unlink()
        load_fnc1(tmp_path / "fnc1", "train")
    (tmp_path / "fnc1/train_stances.csv").write_text("Headline,Body ID,Stance\nA headline,99,agree\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"train_stances.csv, line 2: Body ID 99"):
        load_fnc1(tmp_path / "fnc1", "train_all")
    (tmp_path / "fnc1/train_stances.csv").write_text("Headline,Body ID,Stance\nA headline,1,maybe\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"train_stances.csv, line 2: label 'maybe'"):
        load_fnc1(tmp_path / "fnc1", "train_all")
    with pytest.raises(FileNotFoundError, match="competition_test_bodies.csv"):
        load_fnc1(tmp_path, "competition_test")
    with pytest.raises(ValueError, match="unknown FNC-1 split"):
        load_fnc1(tmp_path / "fnc1", "test")


def test_load_emergent():
    train = load_emergent(FIXTURES / "emergent", "train")
    assert train["label"] == ["for", "against", "observing"]
    assert train[1]["text"] == "No, the roads are not turning blue, says mayor"
    assert train[1]["target"] == "A town will paint every road blue"
    assert load_emergent(FIXTURES / "emergent", "test")["id"] == ["emergent-test-5"]


def test_emergent_dev_holds_every_fifth_claim_of_train_and_no_claim_twice(tmp_path):
    header = "id,claimHeadline,articleHeadline,articleHeadlineStance,articleId,claimId\n"
    # 7 claims, two headlines each, written out of claimId order: sorted, claims c0 and c5 are dev.
    rows = [f"{2 * k + i},Claim {c},Headline {c}-{i},for,a-{k}-{i},c{c}\n" for k, c in enumerate([3, 0, 6, 5, 1, 2, 4]) for i in (0, 1)]
    (tmp_path / "emergent_train.csv").write_text(header + "".join(rows), encoding="utf-8")
    train = load_emergent(tmp_path, "train")
    dev = load_emergent(tmp_path, "dev")
    rest = load_emergent(tmp_path, "train_no_dev")
    assert sorted(set(dev["target"])) == ["Claim 0", "Claim 5"]
    assert not set(dev["target"]) & set(rest["target"])
    assert sorted(list(dev["id"]) + list(rest["id"])) == sorted(train["id"])  # ids as in train, nothing lost
    (tmp_path / "emergent_train.csv").write_text(header.replace(",claimId", "") + "0,A,B,for,a\n", encoding="utf-8")
    assert load_emergent(tmp_path, "train").num_rows == 1  # claimId is needed only to split
    with pytest.raises(CorpusError, match="missing column.*claimId"):
        load_emergent(tmp_path, "dev")


def test_load_semeval2016():
    assert load_semeval2016(FIXTURES / "semeval2016", "train")["label"] == ["FAVOR", "AGAINST"]
    val = load_semeval2016(FIXTURES / "semeval2016", "val")
    assert (val[0]["target"], val[0]["label"], val[0]["id"]) == ("abortion", "NONE", "semeval2016-2")
    assert load_semeval2016(FIXTURES / "semeval2016", "train")[1]["text"] == '@user the "crisis" is made up'
    assert load_semeval2016(FIXTURES / "semeval2016", "test").num_rows == 2


def test_load_ibm_claim_stance():
    train = load_ibm_claim_stance(FIXTURES / "ibm_claim_stance", "train")
    assert train["id"] == ["ibm-101", "ibm-102"] and train["label"] == ["PRO", "CON"]
    assert train[1]["text"] == "Homework builds habits, teachers say"
    assert load_ibm_claim_stance(FIXTURES / "ibm_claim_stance", "test")[0]["target"] == "This house would lower the voting age"


def test_load_perspectrum():
    train = load_perspectrum(FIXTURES / "perspectrum", "train")
    assert train["id"] == ["perspectrum-1-0-10", "perspectrum-1-0-11", "perspectrum-1-1-12"]
    assert train["label"] == ["SUPPORT", "SUPPORT", "UNDERMINE"]
    assert train[2]["text"] == "Shops lose customers who drive"
    assert load_perspectrum(FIXTURES / "perspectrum", "dev")[0]["target"] == "School uniforms should be compulsory"
    assert load_perspectrum(FIXTURES / "perspectrum", "test").num_rows == 1


def test_load_checkthat():
    train = load_checkthat(FIXTURES / "checkthat24_en", "train")
    assert train.column_names == ["id", "text", "label"]
    assert train["label"] == ["Yes", "No", "No"]
    assert train[2]["text"] == 'He said "never" and meant it.'  # bare quotes, no CSV quoting
    assert load_checkthat(FIXTURES / "checkthat24_en", "dev-test")["id"] == ["31"]


def test_checkthat_malformed_row(tmp_path):
    (tmp_path / "CT24_checkworthy_english_dev.tsv").write_text("Sentence_id\tText\tclass_label\n1\tno label here\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"CT24_checkworthy_english_dev.tsv, line 2: malformed row"):
        load_checkthat(tmp_path, "dev")


def test_label_maps_cover_each_corpus():
    for corpus, labels in CORPUS_LABELS.items():
        assert set(LABEL_MAPS[corpus]) == set(labels)
        assert set(LABEL_MAPS[corpus].values()) <= set(STANCE_LABELS)
    assert LABEL_MAPS["fnc1"] == {"agree": "favor", "disagree": "against", "discuss": "none", "unrelated": "none"}
    assert LABEL_MAPS["emergent"]["observing"] == "none"


def test_map_labels():
    mapped = map_labels(load_fnc1(FIXTURES / "fnc1", "train_all"), "fnc1")
    assert mapped["label"] == ["favor", "against", "none", "none", "favor", "none"]
    assert mapped.column_names[:3] == ["id", "target", "text"]
    with pytest.raises(ValueError, match="does not cover 'disagree'"):
        map_labels(load_fnc1(FIXTURES / "fnc1", "train_all"), {"agree": "favor"})
    with pytest.raises(ValueError, match="no label map"):
        map_labels(load_fnc1(FIXTURES / "fnc1", "train_all"), "nope")


def test_registry_lists_every_corpus_once():
    from stance.corpora import CORPORA, get_corpus

    assert set(CORPORA) == {"polnear", "polnear_stance", "fnc1", "emergent", "semeval2016", "ibm_claim_stance", "perspectrum", "checkthat", "pairs"}
    assert get_corpus("ibm") is CORPORA["ibm_claim_stance"] and get_corpus("nope") is None
    for corpus in CORPORA.values():
        assert corpus.eval_split in corpus.splits and corpus.train_split in corpus.splits
        assert set(corpus.label_map) == (set(corpus.labels) if corpus.kind == "pairs" else set())


# ---------------------------------------------------------------- pairs files


def test_pairs_round_trip(tmp_path):
    ds = load_emergent(FIXTURES / "emergent", "train")
    assert write_pairs(ds, tmp_path / "e.jsonl", "emergent", "train") == 3
    back = read_pairs(tmp_path / "e.jsonl")
    assert back.column_names == ["dataset", "split", "id", "target", "text", "label"]
    assert back["label"] == ds["label"] and back["text"] == ds["text"] and set(back["dataset"]) == {"emergent"}
    write_pairs(load_checkthat(FIXTURES / "checkthat24_en", "dev"), tmp_path / "c.jsonl", "checkthat", "dev")
    assert read_pairs(tmp_path / "c.jsonl")["target"] == [None, None]


def test_read_pairs_reports_bad_lines(tmp_path):
    good = {"dataset": "x", "split": "train", "id": "1", "target": "t", "text": "a text", "label": "agree"}
    lines = [json.dumps(good), "{not json", json.dumps({**good, "id": "2", "label": 3}), json.dumps({**good, "id": "3", "extra": 1}),
             json.dumps(good), json.dumps({k: v for k, v in good.items() if k != "text"})]
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(LabelledDataError) as caught:
        read_pairs(path)
    found = {(p.line, p.field) for p in caught.value.problems}
    assert found == {(2, None), (3, "label"), (4, "extra"), (5, "id"), (6, "text")}
    assert all(p.path == str(path) for p in caught.value.problems)
    with pytest.raises(LabelledDataError, match="cannot read file"):
        read_pairs(tmp_path / "missing.jsonl")


def _pair(i, label, split="train", **extra):
    return json.dumps({"dataset": "direction", "split": split, "id": str(i), "target": "Building the bridge",
                       "text": f"Unit {i} about the bridge.", "label": label, **extra})


def test_load_pairs_reads_a_folder_and_keeps_one_split(tmp_path):
    from stance.importers.pairs import load_pairs

    (tmp_path / "a.jsonl").write_text("\n".join([_pair(1, "favor"), _pair(2, "none", split="test")]) + "\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(_pair(1, "against") + "\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a pairs file", encoding="utf-8")
    train = load_pairs(tmp_path, "train")
    assert train["id"] == ["a:1", "b:1"] and train["label"] == ["favor", "against"]
    assert load_pairs(tmp_path / "a.jsonl", "test")["text"] == ["Unit 2 about the bridge."]
    with pytest.raises(CorpusError, match=r"no 'dev' rows .* \(splits there: test, train\)"):
        load_pairs(tmp_path, "dev")
    with pytest.raises(FileNotFoundError, match="no pairs file or folder at"):
        load_pairs(tmp_path / "missing", "train")
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match=r"no \*.jsonl pairs files in"):
        load_pairs(tmp_path / "empty", "train")


def test_load_pairs_rejects_labels_outside_favor_against_none_with_file_and_line(tmp_path):
    from stance.importers.pairs import load_pairs

    (tmp_path / "ok.jsonl").write_text(_pair(1, "favor") + "\n", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text("\n".join([_pair(1, "favor"), _pair(2, "agree")]) + "\n", encoding="utf-8")
    with pytest.raises(LabelledDataError) as caught:
        load_pairs(tmp_path, "train")
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.field) == (str(tmp_path / "bad.jsonl"), 2, "label")
    assert "'agree' is not one of favor, against, none" in problem.message


def test_own_pairs_train_stance_through_extra_data(tmp_path):
    from stance.corpora import add_extra_data

    (tmp_path / "p.jsonl").write_text("\n".join([_pair(1, "favor"), _pair(2, "against"), _pair(3, "none", split="dev")]) + "\n")
    splits = add_extra_data({}, "stance", [{"importer": "pairs", "path": str(tmp_path), "train_split": "train", "dev_split": "dev"}])
    assert splits["train"]["label"] == [STANCE_LABELS.index("favor"), STANCE_LABELS.index("against")]
    assert splits["train"]["target"] == ["Building the bridge"] * 2 and splits["dev"].num_rows == 1
    assert add_extra_data({}, "claim", [{"importer": "pairs", "path": str(tmp_path), "train_split": "train"}]) == {}


def test_stance_rows_say_where_they_come_from(tmp_path):
    """Pairs carry their corpus as ``source`` and article pairs the news source (stance_source_bias reads it)."""
    from stance.corpora import add_extra_data
    from conftest import SEED_LABELS

    from stance.data import NEWS_SOURCE, load_articles, load_task_datasets

    (tmp_path / "p.jsonl").write_text(_pair(1, "favor") + "\n")
    articles = load_articles([SEED_LABELS])
    splits = load_task_datasets(articles, "stance", 0.0, 42, None)
    assert set(splits["train"]["source"]) == {NEWS_SOURCE}
    splits = add_extra_data(splits, "stance", [{"importer": "pairs", "path": str(tmp_path), "train_split": "train"}])
    assert splits["train"]["source"][-1] == "pairs"
    assert splits["train"]["source"].count(NEWS_SOURCE) == splits["train"].num_rows - 1


# ---------------------------------------------------------------- command line


def _cli(argv):
    parser = argparse.ArgumentParser(prog="stance")
    add_import_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.run(args)


def test_cli_import_polnear(tmp_path, capsys):
    assert _cli(["import", "polnear", str(FIXTURES / "polnear"), "--split", "train", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "1 articles written" in out and "kept 5, dropped 1" in out and "claim units: 5" in out
    from stance.cli import main

    assert main(["validate", str(tmp_path), "-q"]) == 0


def test_cli_import_pairs(tmp_path, capsys):
    out_file = tmp_path / "fnc1.jsonl"
    assert _cli(["import", "fnc1", str(FIXTURES / "fnc1"), "--split", "dev", "--out", str(out_file), "--map-labels"]) == 0
    assert "fnc1 dev: 2 rows" in capsys.readouterr().out
    assert read_pairs(out_file)["label"] == ["none", "favor"]
    assert _cli(["import", "checkthat", str(FIXTURES / "checkthat24_en"), "--split", "dev-test", "--out", str(tmp_path / "c.jsonl")]) == 0
    assert "checkthat dev-test: 1 rows" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        _cli(["import", "emergent", str(FIXTURES / "emergent"), "--split", "val", "--out", "x.jsonl"])


# ---------------------------------------------------------------- the real corpora


REAL_COUNTS = [  # rows per split, as ../shared/datasets/README.md states them
    ("emergent", "emergent", "train", 2071), ("emergent", "emergent", "test", 524),
    ("semeval2016", "semeval2016", "train", 2620), ("semeval2016", "semeval2016", "val", 294),
    ("semeval2016", "semeval2016", "test", 1249), ("ibm_claim_stance", "ibm_claim_stance", "train", 1039),
    ("ibm_claim_stance", "ibm_claim_stance", "test", 1355), ("perspectrum", "perspectrum", "train", 6978),
    ("perspectrum", "perspectrum", "dev", 2071), ("perspectrum", "perspectrum", "test", 2773),
    ("checkthat", "checkthat24_en", "train", 22501), ("checkthat", "checkthat24_en", "dev", 1032),
    ("checkthat", "checkthat24_en", "dev-test", 318), ("fnc1", "fnc1", "competition_test", 25413),
]


@needs_real
@pytest.mark.parametrize("corpus, folder, split, rows", REAL_COUNTS)
def test_real_corpus_counts(corpus, folder, split, rows):
    from stance.corpora import CORPORA

    ds = CORPORA[corpus].load(REAL / folder, split)
    assert ds.num_rows == rows
    assert len(set(ds["id"])) == rows
    if corpus in LABEL_MAPS:
        assert set(map_labels(ds, corpus)["label"]) <= set(STANCE_LABELS)


@needs_real
@pytest.mark.slow
def test_real_fnc1_train_counts():
    full = load_fnc1(REAL / "fnc1", "train_all")
    assert Counter(full["label"]) == {"agree": 3678, "disagree": 840, "discuss": 8909, "unrelated": 36545}
    train, dev = load_fnc1(REAL / "fnc1", "train"), load_fnc1(REAL / "fnc1", "dev")
    # hold_out_ids.txt lists 337 bodies (the FNC-1 baseline's hold-out): their pairs are dev.
    assert (train.num_rows, dev.num_rows) == (40350, 9622)


@needs_real
def test_real_polnear_dev_validates(tmp_path):
    stats: dict = {}
    articles = import_polnear(REAL / "polnear", "dev", stats=stats)
    assert stats["attributions_all_annotators"] == 2320  # README: dev 84 articles / 2,320 attributions
    assert len(articles) == 84 and stats["articles_skipped"] == 0
    assert 0 < stats["claim_units"] < stats["units"]
    write_labelled(articles, tmp_path)
    for path in sorted((tmp_path / "labelled").glob("*.jsonl")):
        read_labelled_file(path)


@needs_real
@pytest.mark.slow
@pytest.mark.parametrize("split, articles, attributions", [("train", 840, 22501), ("test", 84, 2231)])
def test_real_polnear_counts(split, articles, attributions):
    stats: dict = {}
    assert len(import_polnear(REAL / "polnear", split, stats=stats)) == articles
    assert stats["attributions_all_annotators"] == attributions


def test_a_polnear_source_ending_in_its_comma_gives_a_mention_without_it(tmp_path):
    text = "Park Plan Passes\n\nTom Reyes, a senator from Ore., said the park plan was sound.\n"
    spans = {"Source": "Tom Reyes, a senator from Ore.,", "Cue": "said", "Content": "the park plan was sound"}
    at = {kind: (text.index(words), text.index(words) + len(words)) for kind, words in spans.items()}
    ann = "".join(f"T{i}\t{kind} {s} {e}\t{text[s:e]}\n" for i, (kind, (s, e)) in enumerate(at.items(), 1))
    ann += "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n"
    folder = tmp_path / "data" / "dev"
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    (folder / "text" / "pub_2016-10-02_park.txt").write_text(text, encoding="utf-8")
    (folder / "attributions" / "pub_2016-10-02_park_aaaa.ann").write_text(ann, encoding="utf-8")
    (article,) = import_polnear(tmp_path, "dev")
    claim = next(u for u in article.units if u["claim"])
    assert (claim["speaker"], claim["mention"]) == ("Tom Reyes", "Tom Reyes, a senator from Ore.")
