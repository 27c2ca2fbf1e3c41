"""Stand-off labels: offsets and labels only, joined with a corpus's texts at read time."""

import json

import pytest

from conftest import REPO, SHARED_DATASETS
from stance.cli import main
from stance.errors import LabelledDataError, MissingFileError
from stance.standoff import corpus_texts, read_standoff, read_standoff_file, to_standoff

TEXT = "Mayor Quits\n\nThe mayor said she would quit. Residents cheered.\n"
UNITS = [
    {"article_id": "polnear-x-2016-01-01-mayor", "unit": 0, "start": 0, "end": 11, "text": "Mayor Quits", "claim": False,
     "speaker": None, "mention": None, "cue": None, "stances": {"The mayor should quit": "none"}},
    {"article_id": "polnear-x-2016-01-01-mayor", "unit": 1, "start": 13, "end": 43, "text": "The mayor said she would quit.",
     "claim": True, "speaker": "the mayor", "mention": "The mayor", "cue": "said", "stances": {"The mayor should quit": "favor"}},
]


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "polnear" / "data" / "test" / "text"
    folder.mkdir(parents=True)
    (folder / "x_2016-01-01_mayor.txt").write_text(TEXT, encoding="utf-8")
    return tmp_path / "polnear"


def _write(path, records):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_a_unit_round_trips_without_its_text(corpus, tmp_path):
    assert TEXT[13:43] == UNITS[1]["text"]
    records = [to_standoff(u) for u in UNITS]
    assert all("text" not in r for r in records) and records[1]["mention"] == [13, 22] and records[1]["cue"] == [23, 27]
    path = _write(tmp_path / "labels" / "polnear-x-2016-01-01-mayor.jsonl", records)
    article = read_standoff_file(path, corpus_texts(corpus))
    assert article.units == UNITS and article.text == TEXT
    assert [a.article_id for a in read_standoff(tmp_path / "labels", corpus)] == ["polnear-x-2016-01-01-mayor"]


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"end": 999}, "end", "past the end of the corpus article"),
        ({"mention": [0, 5]}, "mention", r"not inside the unit"),
        ({"cue": "said"}, "cue", r"expected \[start, end\] article offsets"),
        ({"text": "copied"}, "text", "unknown field"),
        ({"stances": {"The mayor should quit": "maybe"}}, "stances", "not one of favor, against, none"),
    ],
)
def test_bad_stand_off_lines_name_file_line_and_field(corpus, tmp_path, change, field, message):
    records = [to_standoff(u) for u in UNITS]
    records[1].update(change)
    path = _write(tmp_path / "labels" / "polnear-x-2016-01-01-mayor.jsonl", records)
    with pytest.raises(LabelledDataError, match=rf"{path.name}, line 2, field '{field}': .*{message}"):
        read_standoff_file(path, corpus_texts(corpus))


def test_an_article_missing_from_the_corpus_is_named(corpus, tmp_path):
    path = _write(tmp_path / "polnear-nope.jsonl", [to_standoff(UNITS[0])])
    with pytest.raises(LabelledDataError, match="no corpus article 'polnear-nope'"):
        read_standoff_file(path, corpus_texts(corpus))
    with pytest.raises(MissingFileError, match="no corpus article texts"):
        corpus_texts(tmp_path / "empty")


def test_validate_with_corpus_checks_stand_off_files(corpus, tmp_path, capsys):
    good = [to_standoff(u) for u in UNITS]
    _write(tmp_path / "labels" / "test" / "polnear-x-2016-01-01-mayor.jsonl", good)
    assert main(["validate", str(tmp_path / "labels"), "--corpus", str(corpus)]) == 0
    assert "1 of 1 files valid" in capsys.readouterr().out
    _write(tmp_path / "labels" / "test" / "polnear-x-2016-01-01-mayor.jsonl", [good[0], {**good[1], "end": 12}])
    assert main(["validate", str(tmp_path / "labels"), "--corpus", str(corpus)]) == 1
    assert "line 2" in capsys.readouterr().err


STANCE_LABELS_DIR = REPO / "data" / "polnear-stance"


@pytest.mark.skipif(not (SHARED_DATASETS / "polnear").is_dir(), reason=f"PolNeAR not found at {SHARED_DATASETS / 'polnear'}")
@pytest.mark.skipif(not STANCE_LABELS_DIR.is_dir(), reason="no data/polnear-stance labels")
def test_the_shipped_polnear_stance_labels_fit_the_corpus():
    articles = read_standoff(STANCE_LABELS_DIR / "test", SHARED_DATASETS / "polnear")
    pairs = [label for a in articles for u in a.units if u["claim"] for label in u["stances"].values()]
    assert len(articles) >= 30 and len(pairs) >= 1500
    assert pairs.count("favor") >= 150 and pairs.count("against") >= 150


@pytest.mark.skipif(not (SHARED_DATASETS / "polnear").is_dir(), reason=f"PolNeAR not found at {SHARED_DATASETS / 'polnear'}")
@pytest.mark.skipif(not (STANCE_LABELS_DIR / "dev").is_dir(), reason="no data/polnear-stance/dev labels")
def test_the_real_news_dev_split_is_polnear_dev_articles_that_no_training_split_holds():
    from stance.corpora import CORPORA

    loaded = {split: {a.article_id for a in CORPORA["polnear_stance"].load(SHARED_DATASETS / "polnear", split)} for split in ("train", "dev", "test")}
    assert len(loaded["dev"]) >= 60  # 24 from session 16, 38 from session 27
    assert not loaded["dev"] & (loaded["train"] | loaded["test"])
    corpus_dev = {f"polnear-{p.stem.lower().replace('_', '-')}" for p in (SHARED_DATASETS / "polnear" / "data" / "dev" / "text").glob("*.txt")}
    assert loaded["dev"] <= corpus_dev  # PolNeAR's own dev articles, so no model trained on PolNeAR train has read them


def test_the_shipped_stand_off_files_hold_no_corpus_text():
    for path in STANCE_LABELS_DIR.rglob("*.jsonl") if STANCE_LABELS_DIR.is_dir() else []:
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            assert "text" not in record and all(not isinstance(record[k], str) for k in ("mention", "cue") if record.get(k))


def test_the_polnear_stance_corpus_trains_all_three_tasks_and_names_missing_labels(monkeypatch, tmp_path, corpus):
    from stance.corpora import CORPORA

    entry = CORPORA["polnear_stance"]
    assert entry.tasks == ("claim", "speaker", "stance") and entry.kind == "articles"
    monkeypatch.setenv("STANCE_POLNEAR_STANCE", str(tmp_path / "nowhere"))
    with pytest.raises(MissingFileError, match="polnear_stance: no labels at"):
        entry.load(corpus, "train")
    _write(tmp_path / "labels" / "train" / "polnear-x-2016-01-01-mayor.jsonl", [to_standoff(u) for u in UNITS])
    monkeypatch.setenv("STANCE_POLNEAR_STANCE", str(tmp_path / "labels"))
    (article,) = entry.load(corpus, "train")
    assert article.units == UNITS


@pytest.mark.skipif(not (SHARED_DATASETS / "polnear").is_dir(), reason=f"PolNeAR not found at {SHARED_DATASETS / 'polnear'}")
def test_no_stand_off_label_repeats_twelve_words_of_the_corpus():
    import re

    def grams(text, n=12):
        words = re.findall(r"\w+", text.lower())
        return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}

    corpus = set()
    for path in (SHARED_DATASETS / "polnear" / "data").glob("*/text/*.txt"):
        corpus |= grams(path.read_text(encoding="utf-8", errors="replace"))
    leaks = [str(p) for p in STANCE_LABELS_DIR.rglob("*.jsonl") if grams(p.read_text(encoding="utf-8")) & corpus]
    assert not leaks, "labels that copy corpus text: " + ", ".join(leaks)


def test_label_agreement_counts_claims_stances_and_speakers(tmp_path):
    """benchmarks/label_agreement.py: kappa 1 on identical labels; a disagreement lowers exactly what it touches."""
    import subprocess
    import sys

    from conftest import REPO

    def write(folder, stances, claims=(True, True, False), speakers=("Ana Ruiz", "the council", None)):
        folder.mkdir()
        units = [
            {"article_id": "a", "unit": i, "start": 10 * i, "end": 10 * i + 5, "claim": c, "speaker": s, "mention": None, "cue": None,
             "stances": {"T": st, "U": "none"}}
            for i, (c, s, st) in enumerate(zip(claims, speakers, stances))
        ]
        (folder / "a.jsonl").write_text("".join(json.dumps(u) + "\n" for u in units), encoding="utf-8")

    write(tmp_path / "first", ["favor", "against", "none"])
    write(tmp_path / "same", ["favor", "against", "none"])
    write(tmp_path / "other", ["favor", "favor", "none"], speakers=("Ms. Ana Ruiz", "the mayor", None))
    script = str(REPO / "benchmarks" / "label_agreement.py")

    def run(second):
        out = subprocess.run([sys.executable, script, str(tmp_path / "first"), str(tmp_path / second)], capture_output=True, text=True, check=True)
        return json.loads(out.stdout)

    same = run("same")
    assert same["claim_kappa"] == 1.0 and same["stance_kappa"] == 1.0 and same["same_speaker"] == same["shared_claims"] == 2
    other = run("other")
    assert other["claim_kappa"] == 1.0 and other["stance_pairs_both_claims"] == 4
    assert other["stance_accuracy"] == 0.75 and other["stance_kappa"] < 1.0
    assert other["same_speaker"] == 1  # "Ms. Ana Ruiz" is "Ana Ruiz"; "the mayor" is not "the council"
