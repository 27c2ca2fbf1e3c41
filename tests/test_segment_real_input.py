"""Real input from a new user: hard-wrapped text, single newlines between paragraphs, CRLF.

Expectations are computed from segment() of each article as it is, so articles added to
data/ while this file stands are checked too.
"""

import random
import re
import textwrap

import pytest

from conftest import DATA, SHARED_DATASETS
from stance.segment import _wrapped_line_breaks, segment

ARTICLES = sorted((DATA / "articles").glob("*.txt"))
POLNEAR = SHARED_DATASETS / "polnear"
_BLANK_LINES = re.compile(r"\n[ \t\u00a0]*\n\s*")


def squeezed(units):
    """Unit texts with all whitespace removed: wrapping moves spaces and splits hyphenated words."""
    return ["".join(u.text.split()) for u in units]


def wrap_paragraphs(text, width=72, separator=_BLANK_LINES):
    """``textwrap.fill`` each paragraph, keeping what separates the paragraphs as it is."""
    pieces = separator.split(text)
    gaps = separator.findall(text)
    out = [textwrap.fill(pieces[0], width)]
    for gap, piece in zip(gaps, pieces[1:]):
        out += [gap, textwrap.fill(piece, width)]
    return "".join(out)


def assert_offsets(text, units):
    assert all(text[u.start : u.end] == u.text for u in units)


@pytest.fixture(scope="module")
def original_units():
    cache = {}

    def units(path):
        if path not in cache:
            cache[path] = segment(path.read_text(encoding="utf-8"))
        return cache[path]

    return units


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_article_wrapped_at_72_columns_gives_the_same_units(path, original_units):
    wrapped = wrap_paragraphs(path.read_text(encoding="utf-8"))
    assert max(len(line) for line in wrapped.split("\n")) <= 72
    units = segment(wrapped)
    assert_offsets(wrapped, units)
    assert squeezed(units) == squeezed(original_units(path))


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_article_with_single_newlines_between_paragraphs_gives_the_same_units(path, original_units):
    single = _BLANK_LINES.sub("\n", path.read_text(encoding="utf-8"))
    assert "\n\n" not in single.strip()
    units = segment(single)
    assert_offsets(single, units)
    assert squeezed(units) == squeezed(original_units(path))


HARD_WRAPPED = """\
Trump Hammers Clinton Over Emails

Hammering Hillary Clinton once again over allegations she used her
private email server to hide information, Donald Trump said on Monday
that she should never have been allowed to run. “She is the most
corrupt person ever to seek the presidency,” he told a crowd in
Florida.

The Clinton campaign did not respond to a request for comment.
"""


def test_hard_wrapped_lines_join_into_whole_sentences():
    units = segment(HARD_WRAPPED)
    assert [" ".join(u.text.split()) for u in units] == [
        "Trump Hammers Clinton Over Emails",
        "Hammering Hillary Clinton once again over allegations she used her private email "
        "server to hide information, Donald Trump said on Monday that she should never have "
        "been allowed to run.",
        "“She is the most corrupt person ever to seek the presidency,” he told a crowd in Florida.",
        "The Clinton campaign did not respond to a request for comment.",
    ]
    assert "\n" in units[1].text  # a span of the original text, newlines and all
    assert_offsets(HARD_WRAPPED, units)


def test_quote_wrapped_before_its_attribution_stays_one_unit():
    text = (
        "Mayor Defends Budget\n\n"
        "“We have run out of road, and every council member in this chamber knows\n"
        "it,” Voss told reporters outside City Hall on Tuesday. She said the levy\n"
        "would bring in about $31 million a year and that the city could not wait\n"
        "any longer for the opposition to make up its mind.\n"
    )
    units = [" ".join(u.text.split()) for u in segment(text)]
    assert units[1] == (
        "“We have run out of road, and every council member in this chamber knows it,” "
        "Voss told reporters outside City Hall on Tuesday."
    )
    assert units[0] == "Mayor Defends Budget"


def test_wrapped_text_with_single_newline_paragraphs_keeps_headline_subhead_and_paragraph_ends():
    text = (
        "Council Delays Budget Vote\n"
        "OPPOSITION HOLDS FIRM\n"
        "The council voted 7-6 on Tuesday to postpone a final vote on the budget for\n"
        "the second time in two weeks, as a dispute over the port levy deepened.\n"
        "The mayor said services would shut down.\n"
        "Council member Rafael Ortiga, who leads the opposition bloc, accused the\n"
        "mayor of balancing the books on the backs of dockworkers.\n"
    )
    assert [" ".join(u.text.split()) for u in segment(text)] == [
        "Council Delays Budget Vote",
        "OPPOSITION HOLDS FIRM",
        "The council voted 7-6 on Tuesday to postpone a final vote on the budget for the "
        "second time in two weeks, as a dispute over the port levy deepened.",
        "The mayor said services would shut down.",
        "Council member Rafael Ortiga, who leads the opposition bloc, accused the mayor of "
        "balancing the books on the backs of dockworkers.",
    ]


def test_full_line_ending_a_sentence_ends_a_single_newline_paragraph():
    # The first paragraph's last line is as long as a wrapped one; the text's other
    # paragraphs end in one newline, so a sentence end before a capital ends it too.
    text = (
        "Port Levy Row\n"
        "The council voted on Tuesday to postpone a final vote on the budget again.\n"
        "“It’s a disgrace,” said Voss, who called the delay reckless and costly\n"
        "for the city.\n"
        "Ortiga said the levy would cost jobs in the port and hurt the dockworkers.\n"
        "“It’s a tax on work.”\n"
    )
    units = [" ".join(u.text.split()) for u in segment(text)]
    assert units == [
        "Port Levy Row",
        "The council voted on Tuesday to postpone a final vote on the budget again.",
        "“It’s a disgrace,” said Voss, who called the delay reckless and costly for the city.",
        "Ortiga said the levy would cost jobs in the port and hurt the dockworkers.",
        "“It’s a tax on work.”",
    ]


def test_full_title_case_headline_ends_before_running_text():
    # The headline fills its line, so only its Title Case tells it from a wrapped line.
    text = (
        "Ardesian Space Agency Delays Corvid Probe Launch Over Heat Shield Flaw\n"
        "KORVEN, Ardesia \u2014 The Ardesian Space Agency on Monday postponed the\n"
        "launch of its Corvid probe by at least two years.\n"
        "Engineers found cracks in the heat shield during final tests in March.\n"
        "State Commerce Secretary Wilhelmina Oduya, Interior Minister Petra\n"
        "Holm said the delay would cost about $400 million.\n"
    )
    units = [" ".join(u.text.split()) for u in segment(text)]
    assert units[0] == "Ardesian Space Agency Delays Corvid Probe Launch Over Heat Shield Flaw"
    assert units[1].startswith("KORVEN") and units[1].endswith("two years.")
    assert units[-1].startswith("State Commerce Secretary") and units[-1].endswith("$400 million.")


def test_headline_ending_in_a_semicolon_keeps_its_subhead_apart():
    # USA Today's style: "Headline;" then the subhead, one newline apart.
    text = (
        "Super PAC haul surges past $1 billion as the richest donors pour in more;\n"
        "Small group of rich donors pushes tally beyond total for 2012.\n\n"
        "Super PACs have raised more than $1 billion for the election, and a small\n"
        "group of donors has given most of it, according to filings made with the\n"
        "Federal Election Commission on Thursday by the committees themselves.\n"
    )
    units = [" ".join(u.text.split()) for u in segment(text)]
    assert units[:2] == [
        "Super PAC haul surges past $1 billion as the richest donors pour in more;",
        "Small group of rich donors pushes tally beyond total for 2012.",
    ]
    assert len(units) == 3


def test_abbreviation_at_the_end_of_a_wrapped_line_does_not_end_the_sentence():
    text = (
        "Blinken Warns Moscow\n"
        "Officials met on Tuesday.\n"
        "Speaking to reporters after the talks in Geneva on Tuesday evening, U.S.\n"
        "Secretary of State Antony Blinken said the sanctions would be severe and\n"
        "swift.\n"
    )
    units = [" ".join(u.text.split()) for u in segment(text)]
    assert units[-1].startswith("Speaking to reporters") and units[-1].endswith("severe and swift.")


def test_line_starting_with_a_comma_continues_in_wrapped_text():
    text = (
        "Fringe Goes Mainstream\n\n"
        "The sites promote, debate and inflate such causes as vaccine denial and\n"
        "climate-change skepticism, and the website said on Tuesday that its\n"
        "readers, now in the millions, had doubled in a year   \n"
        ", and the figures were later confirmed by two independent counts.\n"
    )
    units = [" ".join(u.text.split()) for u in segment(text)]
    assert len(units) == 2 and units[1].endswith("two independent counts.")


def test_lines_with_one_paragraph_each_are_never_joined():
    # Not hard-wrapped: line lengths vary and most lines are long.
    text = (
        "Mayor Warns Council\n"
        "Port Ardent Mayor Helena Voss warned the city council on Tuesday that public services "
        "would start shutting down if it failed to pass her budget by the end of the month\n"
        "The council voted 7-6 to postpone a final vote for the second time in two weeks, "
        "and members said a deal was still possible before the deadline\n"
        "Shipping companies have lobbied hard against the increase\n"
    )
    assert _wrapped_line_breaks(text) == []
    assert len(segment(text)) == 4


def test_short_lines_are_not_taken_for_a_wrapped_text():
    text = "Budget Vote\nYes: 7\nNo: 6\nAbstained: 0\nThe budget passed.\n"
    assert _wrapped_line_breaks(text) == []
    assert [u.text for u in segment(text)] == ["Budget Vote", "Yes: 7", "No: 6", "Abstained: 0", "The budget passed."]


def test_indented_line_starts_a_paragraph_in_wrapped_text():
    text = (
        "    The council voted 7-6 on Tuesday to postpone a final vote on the\n"
        "budget for the second time in two weeks as the dispute deepened and the\n"
        "mayor warned that services would shut down within days if no deal came\n"
        "    Shipping companies have lobbied hard against the increase in the\n"
        "levy, which they say will cost jobs.\n"
    )
    units = [" ".join(u.text.split()) for u in segment(text)]
    assert len(units) == 2 and units[1].startswith("Shipping companies")


def test_windows_line_endings_in_wrapped_text():
    crlf = HARD_WRAPPED.replace("\n", "\r\n")
    units = segment(crlf)
    assert_offsets(crlf, units)
    assert squeezed(units) == squeezed(segment(HARD_WRAPPED))


def test_windows_line_endings_separate_paragraphs_like_blank_lines():
    # Across a paragraph break a quote closed by "?" does not take the next line as its
    # attribution; a Windows blank line ("\\r\\n\\r\\n") is such a break too.
    text = "H\n\n\u201cWho pays?\u201d\n\nshe asked. Nobody answered."
    crlf = text.replace("\n", "\r\n")
    assert [u.text for u in segment(crlf)] == [u.text for u in segment(text)]
    assert [u.text for u in segment(text)][1] == "\u201cWho pays?\u201d"


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_article_with_windows_line_endings_gives_the_same_units(path, original_units):
    crlf = path.read_text(encoding="utf-8").replace("\n", "\r\n")
    units = segment(crlf)
    assert_offsets(crlf, units)
    assert squeezed(units) == squeezed(original_units(path))


def test_byte_order_mark_before_wrapped_text():
    text = "\ufeff" + HARD_WRAPPED
    units = segment(text)
    assert units[0].text == "Trump Hammers Clinton Over Emails" and units[0].start == 1
    assert squeezed(units) == squeezed(segment(HARD_WRAPPED))


def test_wrap_detection_on_a_megabyte_article(pysbd_chunks):
    # Its seconds are timed in benchmarks/segment_speed.py; here, what it finds, and that the
    # joined paragraphs still reach pysbd in bounded chunks, each character once.
    from stance.segment import _MAX_CHUNK_FOR_PYSBD

    paragraph = wrap_paragraphs(
        "The council voted on Tuesday to postpone the vote on the budget again. " * 12
    )
    text = "Budget Row\n\n" + "\n\n".join([paragraph] * (1_000_000 // len(paragraph)))
    assert len(_wrapped_line_breaks(text)) > 10_000
    units = segment(text[:100_000])
    assert units[0].text == "Budget Row" and len(units) > 1_000
    assert max(pysbd_chunks) <= _MAX_CHUNK_FOR_PYSBD and sum(pysbd_chunks) <= 100_000


# ---- PolNeAR: a third of its articles separate paragraphs with one newline -------------


def _polnear_texts():
    if not POLNEAR.exists():
        return []
    return sorted(POLNEAR.glob("data/*/text/*.txt"))


def _single_newline_paragraphs(text):
    return re.search(r"[^\n]\n[^\n]", text.strip()) is not None


def polnear_single_newline_articles():
    if not POLNEAR.exists():
        pytest.skip(f"PolNeAR is not at {POLNEAR} (see data/README.md for fetching it)")
    paths = [p for p in _polnear_texts() if _single_newline_paragraphs(p.read_text(encoding="utf-8"))]
    assert len(paths) > 100
    return paths


def test_polnear_single_newline_paragraphs_are_not_taken_for_wrapped_lines():
    # No line break of theirs is joined, so their units are exactly what they were before
    # wrapped lines were recognised.
    for path in polnear_single_newline_articles():
        assert _wrapped_line_breaks(path.read_text(encoding="utf-8")) == [], path.name


def test_polnear_articles_wrapped_at_72_columns_give_the_same_units():
    paths = random.Random(72).sample(polnear_single_newline_articles(), 20)
    for path in paths:
        text = path.read_text(encoding="utf-8")
        # Every line is a paragraph (some end in one newline, some in a blank line).
        wrapped = wrap_paragraphs(text, separator=re.compile(r"\n"))
        units = segment(wrapped)
        assert_offsets(wrapped, units)
        assert squeezed(units) == squeezed(segment(text)), path.name
