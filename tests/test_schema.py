import json
import re
from pathlib import Path

import pytest

from conftest import SEED_ID, SEED_LABELS, SEED_TEXT, make_data_folder
from stance.cli import main
from stance.schema import LabelledDataError, find_mention, read_labelled_file


def test_seed_file_validates_and_offsets_match():
    article = read_labelled_file(SEED_LABELS)
    text = SEED_TEXT.read_text(encoding="utf-8")
    assert len(article.units) == 30
    for unit in article.units:
        assert text[unit["start"] : unit["end"]] == unit["text"]
    assert article.targets == ["NATO expansion eastward", "Russia intends to invade Ukraine", "Sanctions on Russia"]


def test_seed_article_is_the_shared_seed_byte_for_byte():
    shared = SEED_TEXT.parent.parent.parent.parent / "shared" / "seed" / "000_e66c28c2541fe22d.txt"
    if not shared.exists():
        pytest.skip(f"{shared} is absent")
    assert SEED_TEXT.read_bytes() == shared.read_bytes()


def test_seed_labels_he_charged_as_putin():
    unit = read_labelled_file(SEED_LABELS).units[7]
    assert (unit["mention"], unit["speaker"], unit["cue"]) == ("He", "Vladimir Putin", "charged")
    assert unit["stances"]["NATO expansion eastward"] == "against"


@pytest.fixture
def broken(tmp_path):
    """Write the seed's labelled file with one line changed; return (path, line number)."""

    def write(line_index: int, change):
        data = make_data_folder(tmp_path / "data")
        path = data / "labelled" / f"{SEED_ID}.jsonl"
        lines = path.read_text(encoding="utf-8").splitlines()
        record = json.loads(lines[line_index])
        result = change(record)
        lines[line_index] = result if isinstance(result, str) else json.dumps(record, ensure_ascii=False)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path, line_index + 1

    return write


def _set(**values):
    return lambda r: r.update(values)


def _swap_stance(r):
    r["stances"] = {"Another target": "none"}


CASES = [
    ("missing field", lambda r: r.__delitem__("cue"), "cue", "missing field"),
    ("extra field", _set(confidence=0.9), "confidence", "unknown field"),
    ("wrong type: unit as string", _set(unit="3"), "unit", "expected integer"),
    ("wrong type: claim as string", _set(claim="yes"), "claim", "expected true/false"),
    ("wrong type: start as bool", _set(start=True), "start", "expected integer"),
    ("offsets do not match the text", lambda r: r.update(start=r["start"] + 1), "text", "does not equal article"),
    ("offset past the end", _set(start=5000, end=5010), "end", "past the end"),
    ("mention not in text", _set(mention="Joe Biden"), "mention", "not a substring"),
    ("cue not in text", _set(cue="whispered"), "cue", "not a substring"),
    ("label outside the set", lambda r: r["stances"].update({"Sanctions on Russia": "pro"}), "stances", "not one of favor, against, none"),
    ("targets differ", _swap_stance, "stances", "differ from the article"),
    ("claim without speaker", _set(speaker=None), "speaker", "a claim needs a speaker"),
    ("not valid JSON", lambda r: '{"article_id": "x",', None, "not valid JSON"),
    ("wrong article id", _set(article_id="other"), "article_id", "differs from the file's stem"),
]


@pytest.mark.parametrize("name,change,field,message", CASES, ids=[c[0] for c in CASES])
def test_each_broken_line_is_named_with_file_line_and_field(broken, name, change, field, message):
    path, line = broken(5, change)
    with pytest.raises(LabelledDataError) as caught:
        read_labelled_file(path)
    text = str(caught.value)
    assert str(path) in text and f"line {line}" in text and message in text
    if field:
        assert f"field '{field}'" in text
    assert any(p.line == line and p.field == field for p in caught.value.problems)


def test_non_claim_with_a_stance_is_rejected(broken):
    path, line = broken(19, lambda r: r["stances"].update({"Sanctions on Russia": "favor"}))
    with pytest.raises(LabelledDataError, match=f"line {line}, field 'stances': a unit that is not a claim"):
        read_labelled_file(path)


def test_units_out_of_order_are_rejected(broken):
    path, line = broken(5, lambda r: r.update(unit=7))
    with pytest.raises(LabelledDataError, match=f"line {line}, field 'unit': units must be numbered"):
        read_labelled_file(path)


def test_overlapping_units_are_rejected(tmp_path):
    data = make_data_folder(tmp_path / "data")
    path = data / "labelled" / f"{SEED_ID}.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3], lines[4] = lines[4], lines[3]
    records = [json.loads(l) for l in lines]
    for i, r in enumerate(records):
        r["unit"] = i
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    with pytest.raises(LabelledDataError, match="line 5, field 'start': .*overlap or are out of order"):
        read_labelled_file(path)


def test_missing_article_text_is_named(tmp_path):
    data = make_data_folder(tmp_path / "data")
    (data / "articles" / f"{SEED_ID}.txt").unlink()
    with pytest.raises(LabelledDataError, match="article text not found"):
        read_labelled_file(data / "labelled" / f"{SEED_ID}.jsonl")


def test_invalid_utf8_is_named_with_its_line(tmp_path):
    data = make_data_folder(tmp_path / "data")
    path = data / "labelled" / f"{SEED_ID}.jsonl"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\n\xff", 1))
    with pytest.raises(LabelledDataError, match="line 2: not valid UTF-8"):
        read_labelled_file(path)


def test_every_problem_is_reported_not_just_the_first(broken, tmp_path):
    path, _ = broken(5, _set(unit="3", claim="yes"))
    with pytest.raises(LabelledDataError) as caught:
        read_labelled_file(path)
    assert {p.field for p in caught.value.problems} >= {"unit", "claim"}


def test_find_mention_prefers_whole_words():
    assert find_mention("Putin’s statement came a day after he sternly warned", "he") == 35
    assert find_mention("the theme", "he") == 1


def test_cli_validate_passes_on_data_and_fails_with_a_readable_message(broken, capsys):
    assert main(["validate", str(SEED_LABELS)]) == 0
    path, line = broken(5, _set(mention="Joe Biden"))
    assert main(["validate", str(path.parent)]) == 1
    err = capsys.readouterr().err
    assert f"{path}, line {line}, field 'mention'" in err and "0 of 1 files valid" in err


def test_cli_validate_missing_path_is_an_error(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nowhere")]) == 2
    assert "no labelled data at" in capsys.readouterr().err


def test_a_mention_or_cue_must_be_whole_words(tmp_path):
    from stance.schema import validate_records

    article = "Bo\nHe said the toll rose."
    unit = {"article_id": "x", "unit": 0, "start": 3, "end": 25, "text": "He said the toll rose.", "claim": True,
            "speaker": "Bo", "mention": "he", "cue": "said", "stances": {"T": "none"}}
    assert article[3:25] == unit["text"]
    problems = validate_records([(1, unit)], "x.jsonl", article)
    assert any(p.field == "mention" and "only inside other words" in p.message for p in problems)


def test_a_speaker_name_must_occur_in_the_article():
    from stance.schema import validate_records

    text = "He said the toll rose."
    unit = {"article_id": "x", "unit": 0, "start": 0, "end": 22, "text": text, "claim": True,
            "speaker": "Dana Whitlock", "mention": "He", "cue": "said", "stances": {"T": "none"}}
    problems = validate_records([(1, unit)], "x.jsonl", text)
    assert [p.field for p in problems] == ["speaker"] and "'Dana', 'Whitlock' does not occur" in problems[0].message
    assert validate_records([(1, {**unit, "speaker": "a person familiar with the talks"})], "x.jsonl", text) == []


def test_the_shipped_negation_pairs_keep_test_and_train_apart():
    from stance.importers.pairs import load_pairs

    folder = Path(__file__).resolve().parents[1] / "data" / "negation"
    assert main(["validate", "--pairs", str(folder)]) == 0
    test, train = load_pairs(folder, "test"), load_pairs(folder, "train")
    assert set(test["target"]).isdisjoint(train["target"]) and set(test["text"]).isdisjoint(train["text"])
    # negation must not give the label away: it carries favor as well as against
    negated = [label for text, label in zip(test["text"], test["label"]) if re.search(r"\b(not|no|never)\b|n't", text)]
    assert negated.count("favor") >= 25 and negated.count("against") >= 25
    relabel = [json.loads(line) for line in (folder / "agreement" / "relabel.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(f"test:{r['id']}" for r in relabel) == sorted(test["id"])  # the loader prefixes the split


def test_cli_validate_pairs_checks_the_shipped_direction_pairs_and_names_a_bad_label(tmp_path, capsys):
    shipped = Path(__file__).resolve().parents[1] / "data" / "direction"
    assert main(["validate", "--pairs", str(shipped)]) == 0
    assert f"ok  {shipped / 'a.jsonl'}  (400 pairs)" in capsys.readouterr().out
    bad = tmp_path / "mine.jsonl"
    row = {"dataset": "mine", "split": "train", "id": "1", "target": "The bridge", "text": "She backs the bridge.", "label": "favor"}
    bad.write_text(json.dumps(row) + "\n" + json.dumps({**row, "id": "2", "label": "pro"}) + "\n", encoding="utf-8")
    assert main(["validate", "--pairs", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}, line 2, field 'label'" in err and "0 of 1 files valid" in err
    assert main(["validate", "--pairs", str(tmp_path / "nowhere")]) == 2
    assert "no pairs file or folder at" in capsys.readouterr().err
