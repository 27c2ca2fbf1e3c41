"""Split article text into claim units (sentences) with character offsets.

Sentence boundaries come from pysbd, which knows abbreviations such as "U.S." and
"Sen.". On top of it this module adds the project's own rules (see data/README.md):

* a paragraph break always ends a unit, so the headline is a unit of its own;
* a direct quote followed by its attribution ("...?" he asked. / "...," Putin said.)
  is one unit, even when the attribution starts a new paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Segment", "segment"]

# A blank line (possibly holding spaces or no-break spaces) separates paragraphs.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0\u2000-\u200b\u3000]*\n\s*")
_BOM = "\ufeff"
_CLOSING_QUOTES = "\u201d\"\u2019'"
_ATTRIBUTION_VERBS = (
    "said|says|told|tells|added|adds|asked|asks|wrote|writes|warned|warns|insisted|insists|"
    "argued|argues|explained|explains|noted|notes|stated|states|replied|replies|continued|"
    "declared|declares|charged|claimed|claims|recalled|conceded|concedes|acknowledged|"
    "admitted|countered|responded|responds|testified|announced|according"
)
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


def _is_attribution_tail(unit: str) -> bool:
    return len(unit) <= _MAX_TAIL_CHARS and bool(_ATTRIBUTION_TAIL.match(unit))


def _ends_with_quote(unit: str) -> bool:
    # A quote closed by a full stop is a finished sentence ("...career.” Ruiz said more.);
    # one closed by ?, ! or a dash still waits for its attribution ("...?” she asked.).
    return len(unit) >= 2 and unit[-1] in _CLOSING_QUOTES and unit[-2] in ",?!\u2014-"


def segment(text: str) -> list[Segment]:
    """Split an article into claim units.

    Args:
        text: The article, headline first, paragraphs separated by blank lines. A UTF-8
            byte-order mark (``"\\ufeff"``) at its start is skipped like whitespace.

    Returns:
        The units in article order. Offsets index into ``text`` exactly as passed (a
        byte-order mark counts as one character: the first unit then starts at 1 or
        later); whitespace around a unit is not part of it; whitespace-only paragraphs
        give no unit.

    Example:
        >>> [s.text for s in segment("Big News\\n\\n\\u201cIt works?\\u201d she asked. Yes.")]
        ['Big News', '\\u201cIt works?\\u201d she asked.', 'Yes.']
    """
    if not isinstance(text, str):
        raise TypeError(f"segment() takes a str, not {type(text).__name__}")
    # The rules run on ``work``, a copy of ``text`` of the same length, so every offset
    # found in it indexes into ``text`` too.
    work = text
    if work.startswith(_BOM):  # str.strip() keeps it; pysbd would put it in unit 0
        work = " " + work[1:]
    units: list[list[int]] = []
    for p_start, p_end in _paragraph_spans(work):
        for i, (s_start, s_end) in enumerate(_sentence_spans(work, p_start, p_end)):
            unit = work[s_start:s_end]
            if units:
                previous = work[units[-1][0] : units[-1][1]]
                same_paragraph = i > 0
                joins = _ends_with_quote(previous) and _is_attribution_tail(unit)
                # Across a paragraph break only a quote left open by a comma is continued.
                if joins and (same_paragraph or previous.endswith(("\u201d", '"')) and previous[-2] == ","):
                    units[-1][1] = s_end
                    continue
            units.append([s_start, s_end])
    return [Segment(s, e, text[s:e]) for s, e in units]
