import pytest

from conftest import DATA, SEED_LABELS, SEED_TEXT
from stance.schema import labelled_files, read_labelled_file
from stance.segment import is_page_furniture, segment


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


def test_a_state_abbreviation_before_a_comma_does_not_end_the_sentence():
    # Real news: pysbd ends a sentence after "D-Del." and the next one would start with ", said".
    text = "Sen. Ada Morrow, D-Del., said the bill was dead. Rep. Ivo Lind (R-Fla.) agreed.\n\nVoting in Dover, Del.; Reno, Nev."
    assert units_of(text) == [
        "Sen. Ada Morrow, D-Del., said the bill was dead.",
        "Rep. Ivo Lind (R-Fla.) agreed.",
        "Voting in Dover, Del.; Reno, Nev.",
    ]
    assert units_of("NORFOLK, Va. \u2014 The Navy said the ship was safe.") == ["NORFOLK, Va. \u2014 The Navy said the ship was safe."]
    # A dash after a whole sentence starts a list item: still its own unit.
    assert units_of("The plan is short. \u2014 Lower the tax.") == ["The plan is short.", "\u2014 Lower the tax."]


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


# ---- Page furniture ---------------------------------------------------------------------

FURNITURE = [
    "OBAMA FOCUSED ON HIS GOLF GAME",
    "HEMPSTEAD, N.Y. \u2015",
    "WASHINGTON",
    "WASHINGTON (AP) \u2014",
    "LONDON (Reuters) -",
    "NEW YORK, Oct. 3 (Reuters) -",
    "Washington \u2014",
    "Washington (CNN) \u2014",
    "Additional reporting by Tom Okafor in London",
    "Reporting by Jana Morrow; editing by Tom Okafor",
    "Reporting by Jana Morrow; Editing by Tom Okafor and Mark Heinrich.",
    "(Reporting by Jason Lange and Dustin Volz; Additional reporting by Jim Finkle in Boston, "
    "and Ben Blanchard in BEIJING; Editing by Grant McCool.)",
    "(Additional reporting by Emily Stephenson, Alana Wise and Ginger Gibson in Washington and "
    "Emily Flitter in New York, editing by Paul Thomasch and Ross Colvin)",
    "Associated Press writer Tom Okafor in London contributed to this report.",
    "Contributing: Tom Okafor",
    "Editor's note: This story has been updated with the council's vote.",
    "Editor\u2019s Note: Donald Trump regularly incites political violence and is a serial liar.",
    "By Jana Morrow",
    "By JANA MORROW and TOM OKAFOR, Associated Press",
    "By Jana Morrow | Reuters",
    "By Jana Morrow, Staff Writer",
    "Follow us on Twitter",
    "Follow Jana Morrow on Twitter @jmorrow",
    "Follow @jmorrow for updates.",
    "Follow Pam Key On Twitter @pamkeyNEN.",
    "Follow Breitbart News reporter Lee Stranahan on Twitter at @Stranahan.",
    "Contact Jana Morrow at jmorrow@example.com.",
    "Contact the writer: jmorrow@example.com",
    "Click here to sign up for our newsletter.",
    "Related: Mayor quits over budget",
    "***",
]

CONTENT = [
    "NATO said it would respond.",
    "NATO and the EU said they would respond.",
    "U.S. Secretary of State Antony Blinken said the talks had failed.",
    "WASHINGTON (AP) \u2014 President Barack Obama said on Tuesday that he would veto the bill.",
    "Mayor Quits Over Budget",
    "Port Ardent Mayor Warns Council Against Blocking Budget Over Port Levy",
    "Putin Demands NATO Guarantees Not to Expand Eastward",
    "Ukraine",
    "Mayor Quits Over Budget (Video)",
    "By Tuesday, the council had voted twice.",
    "By contrast, the mayor said nothing.",
    "By April, the deficit had doubled.",
    "By Any Means Necessary",
    "By The Numbers",
    "Reporting by the Post showed the mayor had lied.",
    "Contact with the rebels was lost on Tuesday.",
    "He said he would contact the mayor at her office.",
    "The editor said the note was fake.",
    "Follow the money, Ortiga said.",
    "\u201cWE WILL WIN,\u201d the crowd chanted.",
    "Caddell continued:",
    "",
]


@pytest.mark.parametrize("text", FURNITURE)
def test_page_furniture_is_recognised(text):
    assert is_page_furniture(text)


@pytest.mark.parametrize("text", CONTENT)
def test_content_is_not_page_furniture(text):
    assert not is_page_furniture(text)


def test_furniture_unit_spanning_lines_is_recognised():
    assert is_page_furniture("By JANA MORROW\nand TOM OKAFOR,\nAssociated Press")
    assert is_page_furniture("\ufeffOBAMA FOCUSED ON\nHIS GOLF GAME")


def test_no_labelled_claim_or_headline_is_page_furniture():
    flagged = []
    for path in labelled_files(DATA):
        article = read_labelled_file(path)
        for unit in article.units:
            if (unit["claim"] or unit["unit"] == 0) and is_page_furniture(unit["text"]):
                flagged.append((path.stem, unit["unit"], unit["text"]))
    assert flagged == []


def test_page_furniture_is_not_read_into_long_units():
    # Inputs that once made its regular expressions backtrack for minutes; they now take
    # milliseconds (timed in benchmarks/segment_speed.py, not here).
    texts = ["By " + "Aaaa Bbbb, " * 40_000 + "x", "Reporting by " + "Aa Bb in Cc " * 40_000, "A" * 500_000 + "a"]
    assert not any(is_page_furniture(t) for t in texts)
