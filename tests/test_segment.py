import pytest

from conftest import DATA, SEED_LABELS, SEED_TEXT
from stance.schema import labelled_files, read_labelled_file
from stance.segment import segment


def units_of(text):
    return [s.text for s in segment(text)]


def test_segmenter_reproduces_the_seed_units_exactly():
    article = read_labelled_file(SEED_LABELS)
    spans = [(s.start, s.end) for s in segment(SEED_TEXT.read_text(encoding="utf-8"))]
    assert spans == [(u["start"], u["end"]) for u in article.units]


@pytest.mark.parametrize("path", labelled_files(DATA), ids=lambda p: p.stem)
def test_segmenter_reproduces_every_labelled_article(path):
    article = read_labelled_file(path)
    assert [(s.start, s.end) for s in segment(article.text)] == [(u["start"], u["end"]) for u in article.units]


def test_offsets_index_into_the_text():
    text = "Headline Here\n\n  First one. Second one.  \n\n\u00a0\n\nThird."
    for s in segment(text):
        assert text[s.start : s.end] == s.text
    assert units_of(text) == ["Headline Here", "First one.", "Second one.", "Third."]


def test_headline_is_its_own_unit_even_without_a_full_stop():
    assert units_of("Mayor Quits Over Budget\n\nThe mayor quit on Monday.")[0] == "Mayor Quits Over Budget"


def test_abbreviations_do_not_end_a_sentence():
    text = "U.S. Secretary of State Antony Blinken said Dr. Ana Ruiz agreed. She left."
    assert units_of(text) == ["U.S. Secretary of State Antony Blinken said Dr. Ana Ruiz agreed.", "She left."]


def test_quote_with_question_mark_joins_its_attribution():
    assert units_of("\u201cWho pays?\u201d she asked. Nobody answered.") == ["\u201cWho pays?\u201d she asked.", "Nobody answered."]


def test_open_quote_joins_attribution_across_a_paragraph_break():
    text = "H\n\n\u201cWe will win,\u201d\n\nsaid the coach, Mara Ilves. Fans cheered."
    assert units_of(text)[1] == "\u201cWe will win,\u201d\n\nsaid the coach, Mara Ilves."


def test_closed_quote_does_not_swallow_the_next_sentence():
    assert units_of("\u201cIt was my career.\u201d Ruiz said more.") == ["\u201cIt was my career.\u201d", "Ruiz said more."]


def test_a_finished_paragraph_does_not_join_the_next():
    assert units_of("H\n\n\u201cWe will win.\u201d\n\nHe said it twice.") == ["H", "\u201cWe will win.\u201d", "He said it twice."]


@pytest.mark.parametrize("text", ["", "   ", "\n\n\n", "\u00a0 \t"])
def test_empty_or_blank_text_gives_no_units(text):
    assert segment(text) == []


def test_very_long_paragraph_keeps_exact_offsets():
    text = "Word " * 10_000 + "end. Next sentence here."
    units = segment(text)
    assert units[-1].text == "Next sentence here."
    assert all(text[u.start : u.end] == u.text for u in units)


def test_rejects_non_text():
    with pytest.raises(TypeError, match="takes a str"):
        segment(b"bytes")


def test_byte_order_mark_is_not_part_of_the_first_unit():
    text = "\ufeffMayor Quits\n\nThe mayor quit. She left."
    units = segment(text)
    assert [u.text for u in units] == ["Mayor Quits", "The mayor quit.", "She left."]
    assert units[0].start == 1
    assert all(text[u.start : u.end] == u.text for u in units)


def test_byte_order_mark_alone_gives_no_units():
    assert segment("\ufeff") == []
    assert segment("\ufeff\n\n  ") == []
