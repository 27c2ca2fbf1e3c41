"""Split article text into claim units (sentences) with character offsets.

Sentence boundaries come from pysbd, which knows abbreviations such as "U.S." and
"Sen.". On top of it this module adds the project's own rules (see data/README.md):

* a paragraph break always ends a unit, so the headline is a unit of its own;
* in hard-wrapped text (folded at a fixed width, 72 columns say) a line break that only
  wraps a line does not end a unit; text with one paragraph a line keeps every break;
* a direct quote followed by its attribution ("...?" he asked. / "...," Putin said.)
  is one unit, even when the attribution starts a new paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .errors import InputTypeError
from .lexicon import ATTRIBUTION_TAIL_VERBS as _ATTRIBUTION_VERBS

__all__ = ["Segment", "is_page_furniture", "segment"]

# A blank line (possibly holding spaces, no-break spaces or the \r of a Windows line end)
# separates paragraphs.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\u00a0\u2000-\u200b\u3000]*\n\s*")
_BOM = "\ufeff"
# Hard-wrapped text (see _wrapped_line_breaks). _BLANK: what a blank line may hold. A text
# is taken as wrapped only with at least _MIN_WRAPPED_LINES lines followed by another
# line, a width W between the two bounds, at least _MIN_FULL_SHARE of those lines within a
# quarter of W of it, and at most _MAX_OVERLONG_SHARE of all lines longer.
_BLANK = " \t\r\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u3000"
_MIN_WRAPPED_LINES = 3
_MIN_WRAP_WIDTH = 20
_MAX_WRAP_WIDTH = 160
_MIN_FULL_SHARE = 0.4
_MAX_OVERLONG_SHARE = 0.05
# "CASTELMAR, Valmora \u2014 The ..." / "LONDON (Reuters) - ...": the story's first line.
_STARTS_WITH_DATELINE = re.compile(
    r"[A-Z][A-Z.'\u2019 -]+(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?\s*(?:\([\w .]+\)\s*)?"
    r"[\u2014\u2013\u2015-]\s"
)
_MIN_TITLE_WORDS = 3  # a first paragraph of this many words, all in Title Case, is a headline
_FIRST_WORD = re.compile(r"[^ \t]*")  # a wrapper breaks lines at spaces, not at no-break spaces
_SENTENCE_FINAL = re.compile(r"[.!?\u2026][\u201d\"\u2019')\]]*$")
_CLOSING_QUOTES = "\u201d\"\u2019'"
# The short tail that attributes a quote: "Putin said." / "he told reporters." /
# "said Dana Whitlock, the chief executive." / "according to the ministry."
_ATTRIBUTION_TAIL = re.compile(
    r"^(?:[a-z]"  # lower-case continuation: "he said.", "said the minister."
    rf"|(?:[A-Z][\w\u2019'.-]*\s+){{1,6}}(?:{_ATTRIBUTION_VERBS})\b"
    rf"|(?:{_ATTRIBUTION_VERBS})\b)",
)
_MAX_TAIL_CHARS = 200
# pysbd's time grows with the square of its input (and of the newlines in it): a paragraph
# longer than this is cut into lines, and lines into chunks at likely sentence ends, first.
_MAX_CHUNK_FOR_PYSBD = 3_000
_CHUNK_BREAK = re.compile(r"[.!?\u2026][\u201d\"\u2019')\]]*\s+")
_ANY_END = re.compile(r"[.!?\u2026]")
_SENTENCE_END = re.compile(r".+?(?:[.!?][\u201d\"\u2019')\]]*(?=\s)|$)", flags=re.S)


@dataclass(frozen=True)
class Segment:
    """One claim unit: ``text == article[start:end]``."""

    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def _wrapped_line_breaks(text: str) -> list[int]:
    """Offsets of the single line breaks in ``text`` that only wrap a line, in order.

    A single newline is ambiguous: a text hard-wrapped at a fixed width (72 columns, say)
    breaks its sentences anywhere, while many sources end each paragraph, and the headline,
    with one newline. The evidence is taken from the whole text first: it counts as
    hard-wrapped only when the lines followed by another line (not by a blank line or the
    end of the text) mostly fill up to one width ``W`` (at most ``_MAX_WRAP_WIDTH``) and
    almost no line is longer. A text that is not hard-wrapped keeps every break, so text
    with one paragraph a line segments as it always has. In a hard-wrapped text:

    * a line the next line's first word would have fitted on (``len(line) + 1 +
      len(word) <= W``, less a little slack) was ended on purpose: a headline, subhead or
      the last line of a paragraph. So was one before a line indented two or more columns
      deeper. Such a break stays, unless the next line starts with a comma, semicolon or
      closing bracket, or the line is nearly full and the next starts in lower case.
    * a full line is wrapped and joins the next, except in a block of lines (between
      blank lines) that already has a break kept by the rule above, that is, in text
      whose paragraphs are separated by single newlines: there a full line that ends a
      sentence (``.``, ``!``, ``?``, not after an abbreviation) before a line that does not
      start in lower case, or a Title Case headline before a line of running text, ends a
      paragraph. A sentence end inside an open quote does not.
    * a first line that ends in ``;`` before a sentence is a headline and its subhead
      ("Super PAC haul surges past $1B;" then "Small group of rich donors ...").

    Args:
        text: The article as passed to :func:`segment`.

    Returns:
        The offsets of the ``"\\n"`` characters that continue a sentence; a paragraph end
        (blank line, or a single newline judged to end a paragraph) is not among them.

    Example:
        >>> text = ("Harbor Levy Vote\\nThe council will vote on Tuesday on the levy, which\\n"
        ...         "the mayor says is needed to repair the old docks by\\n"
        ...         "the end of next year, and the shipping lines oppose.\\n")
        >>> [text[:i].split()[-1] for i in _wrapped_line_breaks(text)]  # the words before them
        ['which', 'by']
    """
    # Each line: its start, its length without trailing blanks, its indentation.
    lines: list[tuple[int, int, int]] = []
    pos = 0
    while True:
        end = text.find("\n", pos)
        stop = len(text) if end < 0 else end
        body = text[pos:stop].rstrip(_BLANK)
        lines.append((pos, len(body), len(body) - len(body.lstrip(_BLANK)) if body else 0))
        if end < 0:
            break
        pos = end + 1
    # Lines followed by a single newline and more text: where a wrap can be.
    inner = [i for i in range(len(lines) - 1) if lines[i][1] and lines[i + 1][1]]
    if len(inner) < _MIN_WRAPPED_LINES:
        return []
    widths = sorted(lines[i][1] for i in inner)
    width = widths[len(widths) - 1 - len(widths) // 20]  # the widest, less a few outliers
    if not _MIN_WRAP_WIDTH <= width <= _MAX_WRAP_WIDTH:
        return []
    margin = max(10, width // 4)
    full_lines = sum(1 for w in widths if w >= width - margin)
    overlong = sum(1 for line in lines if line[1] > width + margin)
    nonblank = sum(1 for line in lines if line[1])
    if full_lines < _MIN_FULL_SHARE * len(widths) or overlong > _MAX_OVERLONG_SHARE * nonblank:
        return []
    slack = max(2, width // 24)
    # First pass: a break is kept on purpose, a wrap, or (a full line) not yet known.
    verdict: dict[int, str] = {}
    blocks_with_kept: set[int] = set()  # blocks of lines whose paragraphs end in one newline
    block_of, blanks = [], 0  # a block is a run of non-blank lines
    for line in lines:
        blanks += not line[1]
        block_of.append(blanks)
    for i in inner:
        _, length, indent = lines[i]
        first_word = _FIRST_WORD.match(_line_text(text, lines[i + 1])).group()
        if length + 1 + len(first_word) > width - slack and lines[i + 1][2] < indent + 2:
            verdict[i] = "full"  # the next word did not fit
        elif first_word[0] in ",;)]}" or length >= width - margin and first_word[0].islower():
            verdict[i] = "wrap"  # no paragraph starts with a comma
        else:
            verdict[i] = "kept"
            blocks_with_kept.add(block_of[i])
    # Second pass, in order, to know where each paragraph starts and whether a quote is open.
    breaks: list[int] = []
    first_line = next(i for i, line in enumerate(lines) if line[1])
    opened = straight = 0  # quote marks since the paragraph started
    title_words = 0  # words of the first paragraph so far, while all of it is in Title Case
    for i, (_, length, _) in enumerate(lines):
        if not length:
            opened = straight = 0
            title_words = -1 if i > first_line else 0
            continue
        line = _line_text(text, lines[i])
        opened += line.count("\u201c") - line.count("\u201d")
        straight += line.count('"')
        words = _title_words(line)
        title_words = title_words + words if words >= 0 and title_words >= 0 else -1
        kind = verdict.get(i)
        if kind == "full":
            nxt = _line_text(text, lines[i + 1])
            quote_open = opened > 0 or straight % 2 == 1
            if i == first_line and _is_headline_and_subhead(line, nxt):
                kind = "kept"
            elif block_of[i] in blocks_with_kept and _ends_paragraph(
                line, nxt, title_words >= _MIN_TITLE_WORDS, quote_open
            ):
                kind = "kept"
            else:
                kind = "wrap"
        if kind == "wrap":
            breaks.append(lines[i + 1][0] - 1)
        else:  # a kept break, or the last line of a block
            opened = straight = 0
            title_words = -1
    return breaks


def _line_text(text: str, line: tuple[int, int, int]) -> str:
    start, length, indent = line
    return text[start + indent : start + length]


def _ends_paragraph(line: str, nxt: str, headline: bool, quote_open: bool) -> bool:
    """Whether a full line reads as the end of a paragraph before the line ``nxt``.

    Only asked in text whose paragraphs end with one newline: a line that ends a sentence
    (not inside an open quote, unless the next paragraph opens one again, and not after an
    abbreviation), or the end of a Title Case headline (the text's first paragraph so far,
    three words or more) before a line of running text or a dateline.
    """
    if nxt[:1].islower() or quote_open and not nxt.startswith(("\u201c", '"')):
        return False
    if _SENTENCE_FINAL.search(line):
        last = line.rsplit(None, 1)[-1].rstrip(_CLOSING_QUOTES + ")]")
        return not _is_abbreviation(last)
    if not (headline and _ends_title(line)):
        return False
    if not (_is_sentence_like(nxt) or _STARTS_WITH_DATELINE.match(nxt)):
        return False
    first = nxt.split(None, 1)[0].strip("\u201c\"'")
    if line.upper() == line and len(first) > 1 and first.upper() == first:
        return False  # an all-capitals headline that goes on in the next line
    return nxt[:1].isupper() or nxt[:1] in "\u201c\""


def _is_headline_and_subhead(line: str, nxt: str) -> bool:
    """``Candidates vie for vets' support;`` then ``Trump and Clinton point out ... .``"""
    return line.endswith(";") and nxt[:1].isupper() and bool(_SENTENCE_FINAL.search(nxt))


def _is_abbreviation(word: str) -> bool:
    """"U.S.", "Sen.", "J." and pysbd's other abbreviations, with their full stop."""
    if not word.endswith("."):
        return False
    stem = word[:-1].lstrip("(\u201c\"\u2018'[").lower()
    return len(stem) == 1 or "." in stem or stem in _abbreviations()


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    from pysbd.lang.english import English

    return frozenset(English.Abbreviation.ABBREVIATIONS)


_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into nor of on or over per the to up via vs with".split()
)


def _is_sentence_like(line: str) -> bool:
    """A word in lower case that is not a small word: running text, not a headline's tail."""
    return any(w[:1].islower() and w.lower() not in _SMALL_WORDS for w in line.split())


def _title_words(line: str) -> int:
    """How many words ``line`` has if all but small ones ("of", "the") are capitalised, else -1."""
    words = [w.strip("\u201c\u201d\"\u2018\u2019'()[]:;,.!?") for w in line.split()]
    words = [w for w in words if w[:1].isalpha()]
    if all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words):
        return len(words)
    return -1


def _ends_title(line: str) -> bool:
    """Whether a Title Case line can end its title: not on a small word, comma or dash."""
    words = line.split()
    if not words or line.endswith((",", "-", "\u2014")):
        return False
    return words[-1].lower() not in _SMALL_WORDS


def _join_wrapped_lines(text: str) -> str:
    """``text`` with the line breaks that only wrap a line (and a ``"\\r"`` before
    them) turned into spaces: same length, so offsets into it index into ``text``."""
    breaks = _wrapped_line_breaks(text)
    if not breaks:
        return text
    parts, pos = [], 0
    for b in breaks:
        cut = b - 1 if b and text[b - 1] == "\r" else b
        parts += [text[pos:cut], " " * (b + 1 - cut)]
        pos = b + 1
    parts.append(text[pos:])
    return "".join(parts)


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.append((pos, match.start()))
        pos = match.end()
    spans.append((pos, len(text)))
    return spans


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, located by search so offsets are exact."""
    paragraph = text[start:end]
    pieces = _segmenter().segment(paragraph) if len(paragraph) <= _MAX_CHUNK_FOR_PYSBD else _long_pieces(paragraph)
    spans, cursor = [], 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        found = paragraph.find(piece, cursor)
        if found < 0:  # pysbd altered the text; fall back to the rest of the paragraph
            found, piece = cursor, paragraph[cursor:].strip()
            found = paragraph.find(piece, cursor)
        spans.append((start + found, start + found + len(piece)))
        cursor = found + len(piece)
    return spans


def _long_pieces(paragraph: str) -> list[str]:
    """Sentences of a paragraph too long for one pysbd call, in time linear in its length.

    pysbd ends a sentence at every newline anyway, so lines are split first; a line longer
    than ``_MAX_CHUNK_FOR_PYSBD`` is cut at its last likely sentence end within each window.
    A chunk with no such place to cut (one huge "sentence") is split by a plain rule.
    """
    pieces: list[str] = []
    for line in paragraph.split("\n"):
        pos = 0
        while pos < len(line):
            cut = len(line)
            if cut - pos > _MAX_CHUNK_FOR_PYSBD:
                last = None
                for last in _CHUNK_BREAK.finditer(line, pos, pos + _MAX_CHUNK_FOR_PYSBD):
                    pass
                if last is None:
                    last = _CHUNK_BREAK.search(line, pos + _MAX_CHUNK_FOR_PYSBD)
                cut = last.end() if last is not None else len(line)
            chunk = line[pos:cut]
            if not chunk.strip():
                pass
            elif len(chunk) > _MAX_CHUNK_FOR_PYSBD or not _ANY_END.search(chunk):
                pieces += _SENTENCE_END.findall(chunk)
            else:
                pieces += _segmenter().segment(chunk)
            pos = cut
    return pieces


_CONTINUES_SENTENCE = ",;:)]}"
_DASHES = "\u2014\u2013-"


def _is_attribution_tail(unit: str) -> bool:
    return len(unit) <= _MAX_TAIL_CHARS and bool(_ATTRIBUTION_TAIL.match(unit))


def _ends_with_quote(unit: str) -> bool:
    # A quote closed by a full stop is a finished sentence ("...career.” Ruiz said more.);
    # one closed by ?, ! or a dash still waits for its attribution ("...?” she asked.).
    return len(unit) >= 2 and unit[-1] in _CLOSING_QUOTES and unit[-2] in ",?!\u2014-"


def segment(text: str) -> list[Segment]:
    """Split an article into claim units.

    Args:
        text: The article, headline first, paragraphs separated by blank lines (or by
            single newlines). Text hard-wrapped at a fixed width is recognised and its
            wrapped lines joined, so a unit can span lines; with CRLF line ends too. A
            UTF-8 byte-order mark (``"\\ufeff"``) at its start is skipped like whitespace.

    Returns:
        The units in article order. Offsets index into ``text`` exactly as passed (a
        byte-order mark counts as one character: the first unit then starts at 1 or
        later); whitespace around a unit is not part of it, and a unit's text is the
        original text, newlines of wrapped lines included; whitespace-only paragraphs
        give no unit.

    Example:
        >>> [s.text for s in segment("Big News\\n\\n\\u201cIt works?\\u201d she asked. Yes.")]
        ['Big News', '\\u201cIt works?\\u201d she asked.', 'Yes.']
    """
    if not isinstance(text, str):
        raise InputTypeError(f"segment() takes a str, not {type(text).__name__}")
    # The rules run on ``work``, a copy of ``text`` of the same length, so every offset
    # found in it indexes into ``text`` too.
    work = text
    if work.startswith(_BOM):  # str.strip() keeps it; pysbd would put it in unit 0
        work = " " + work[1:]
    work = _join_wrapped_lines(work)
    units: list[list[int]] = []
    for p_start, p_end in _paragraph_spans(work):
        for i, (s_start, s_end) in enumerate(_sentence_spans(work, p_start, p_end)):
            unit = work[s_start:s_end]
            if units:
                previous = work[units[-1][0] : units[-1][1]]
                # A newline left in ``work`` ends a paragraph (wrapped lines were joined already).
                same_paragraph = i > 0 and "\n" not in work[units[-1][1] : s_start]
                joins = _ends_with_quote(previous) and _is_attribution_tail(unit)
                # No sentence starts with a comma, nor with a dash after an abbreviation: pysbd
                # ends one after a state's ("Sen. Tim Kaine, D-Va." | ", said Tuesday."; the
                # dateline "NORFOLK, Va." | "\u2014 The Navy said"). A dash after a full sentence
                # starts a list item or a subhead, which stays a unit of its own.
                if same_paragraph and (
                    unit[:1] in _CONTINUES_SENTENCE or unit[:1] in _DASHES and _is_abbreviation(previous.rsplit(None, 1)[-1])
                ):
                    units[-1][1] = s_end
                    continue
                # Across a paragraph break only a quote left open by a comma is continued.
                if joins and (same_paragraph or previous.endswith(("\u201d", '"')) and previous[-2] == ","):
                    units[-1][1] = s_end
                    continue
            units.append([s_start, s_end])
    return [Segment(s, e, text[s:e]) for s, e in units]


# ---- Page furniture --------------------------------------------------------------------
# Units that belong to the page, not the story: subheads in capitals, bylines, datelines,
# credit lines, editor's notes, "follow us" and contact lines.

_CAP_WORD = r"(?:[A-Z][\w\u2019'.-]*)"
_NAME_PARTICLE = r"(?:de|del|der|van|von|da|di|du|la|le|al|bin|ibn|st\.?)"
_NAME = rf"{_CAP_WORD}(?:\s+(?:{_CAP_WORD}|{_NAME_PARTICLE}))*"
_PLACE = rf"(?:\s+in\s+{_CAP_WORD}(?:\s+{_CAP_WORD})*)"
_NAMES = rf"{_NAME}{_PLACE}?(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*){_NAME}{_PLACE}?)*"
_CREDIT_ROLE = (
    r"(?i:(?:additional\s+|further\s+|extra\s+|with\s+)?(?:reporting|writing|editing|research|"
    r"fact[- ]checking|graphics|photography|photos?|video|illustrations?|compiled|produced|edited|"
    r"written|translated|translation)(?:\s+and\s+(?:reporting|writing|editing|research))?\s+by)"
)
_CREDIT = rf"{_CREDIT_ROLE}\s+{_NAMES}"
_CREDIT_LINE = re.compile(rf"^\(?\s*{_CREDIT}(?:\s*[;,]\s*(?:and\s+)?{_CREDIT})*\s*\.?\s*\)?\s*\.?$")
_CONTRIBUTED = re.compile(
    r"(?i)^(?:contributing:\s|.{0,200}\bcontributed(?:\s+reporting)?\s+to\s+this\s+"
    r"(?:report|story|article)\W*$)"
)
_EDITORS_NOTE = re.compile(r"(?i)^[(\[]?\s*editor(?:[\u2019']?s)?[\u2019']?\s+note\b")
_ORGANISATION = rf"(?:(?:The\s+)?{_CAP_WORD}(?:\s+(?:of\s+|for\s+)?{_CAP_WORD})*)"
_BYLINE = re.compile(
    rf"^By\s+(?P<names>{_NAMES})(?:\s*(?:,|\||/|\u2013|\u2014|-)\s*{_ORGANISATION})?\s*\.?$"
)
# Words that put a Title Case headline ("By Any Means Necessary") apart from a byline.
_NOT_A_NAME = frozenset(
    "a an and any all the this that these those our their his her its my your no not new more "
    "most every some one two how what why when who where which of in on at for to with from "
    "over under after before about against between into through during without now then "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
_AGENCIES = frozenset("reuters afp ap bloomberg upi efe dpa ansa kyodo xinhua".split())
_NEWS_AGENCY = (
    r"AP|AFP|UPI|AAP|CP|CNN|CNBC|NBC|ABC|CBS|BBC|Reuters|Bloomberg|dpa|EFE|ANSA|Xinhua|Kyodo|"
    r"TASS|PTI|IANS|Interfax|Yonhap|Anadolu|(?:The\s+)?Associated\s+Press|[A-Z][A-Za-z]+\s+News"
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    rf"^(?P<place>{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,3}}(?:,\s*{_CAP_WORD}(?:\s+{_CAP_WORD})?)?)"
    rf"(?:,?\s+{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?)?"
    rf"(?P<agency>\s*\((?:{_NEWS_AGENCY})\))?\s*(?P<dash>[\u2014\u2013\u2015-]+)?\s*$"
)
_SOCIAL = r"(?:Twitter|X|Facebook|Instagram|TikTok|LinkedIn|YouTube|Threads|Bluesky|Mastodon|Snapchat)"
_FOLLOW = re.compile(
    rf"^(?:Follow\b.{{0,120}}?|(?:Like|Find|Join)\s+us)\s+(?i:on)\s+{_SOCIAL}\b|^Follow\s+@\w+"
)
_CONTACT = re.compile(r"(?i)^(?:contact|reach|e-?mail)\b[^\n]{0,150}?(?:@\w|\bat\s+\+?\d)")
_CALL_TO_ACTION = re.compile(
    r"(?i)^(?:click\s+here\b|sign\s+up\s+(?:for|to|here)\b|subscribe\s+(?:to|now|here)\b"
    r"|related:|read\s+more:|advertisement$|copyright\b|\u00a9|all\s+rights\s+reserved)"
)
_MAX_FURNITURE_CHARS = 400


def is_page_furniture(unit_text: str) -> bool:
    """Whether a unit is page furniture rather than content of the story.

    Furniture is what the page carries around the story: subheads in capitals ("OBAMA
    FOCUSED ON HIS GOLF GAME"), bylines ("By Jana Morrow", "By JANA MORROW and TOM
    OKAFOR, Associated Press"), bare datelines ("WASHINGTON (AP) \u2014", "LONDON
    (Reuters) -"), credit lines ("Reporting by ...; editing by ...", "(Additional
    reporting by ...)", "... contributed to this report."), "Editor's note: ...",
    "Follow us on Twitter", "Contact ... at ...@...", "Click here ...", "Related:" and
    units with no letter at all ("***"). A sentence that merely starts with an acronym
    ("NATO said ...") or with "By" ("By Tuesday, the council ..."), and a headline in
    Title Case, are content. Such units carry no claim; a caller may drop them before
    labelling or prediction. The headline (unit 0) is the article's title: do not ask
    about it, since some sites print it in capitals.

    Args:
        unit_text: The text of one unit, as :func:`segment` gives it (whitespace,
            newlines included, is taken as single spaces).

    Returns:
        True when the unit is furniture; False for content and for empty text.

    Example:
        >>> [is_page_furniture(t) for t in ["OBAMA FOCUSED ON HIS GOLF GAME",
        ...     "NATO said it would respond.", "By Jana Morrow", "Mayor Quits Over Budget"]]
        [True, False, True, False]
    """
    text = " ".join(unit_text.lstrip(_BOM).split())
    if not text:
        return False
    if _EDITORS_NOTE.match(text):
        return True
    if len(text) > _MAX_FURNITURE_CHARS:
        return False
    if not any(c.isalpha() for c in text):
        return True  # "***", "10", a lone dash
    if not any(c.islower() for c in text) and sum(c.isupper() for c in text) >= 4:
        return True  # all capitals: a subhead or a bare dateline
    if _CREDIT_LINE.match(text) or _CONTRIBUTED.match(text):
        return True
    if _FOLLOW.match(text) or _CONTACT.match(text) or _CALL_TO_ACTION.match(text):
        return True
    byline = _BYLINE.match(text)
    if byline and _is_byline(byline.group("names")):
        return True
    dateline = _DATELINE.match(text)
    return bool(dateline and (dateline.group("agency") or dateline.group("dash")))


def _is_byline(names: str) -> bool:
    """Whether the names after "By" are people or agencies, not "Any Means Necessary"."""
    for name in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", names):
        words = name.split()
        if any(w.lower().strip(".") in _NOT_A_NAME for w in words):
            return False
        if len(words) == 1 and not (words[0].isupper() or words[0].lower() in _AGENCIES):
            return False
    return True
