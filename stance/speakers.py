"""Resolve speaker mentions ("He", "Putin", "the Russian leader") to one name per source.

The rules follow the data card: a speaker is the source's fullest name in the article,
without titles ("Vladimir Putin"); institutions and groups keep the article's words with a
lower-case "the" ("the Kremlin"); a pronoun refers to the most recent earlier speaker of
the matching kind; a claim with no mention (a continuing quote) inherits the previous
claim's speaker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["UNKNOWN_SPEAKER", "canonical_name", "normalize_speaker", "resolve_speakers", "strip_title"]

UNKNOWN_SPEAKER = "unknown"

PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
GROUP_PRONOUNS = {"they", "them", "we", "it", "its", "their"}
# Words that are part of a title or role, never of a person's name.
TITLE_WORDS = {
    w.lower()
    for w in """
    President Vice Prime Minister Ministry Secretary State Foreign Defense Defence Interior Home
    Finance Treasury Health Justice Deputy General Attorney Chief Executive Officer Director
    Chairman Chairwoman Chair Commissioner Governor Gov. Mayor Senator Sen. Representative Rep.
    Congressman Congresswoman Councilman Councilwoman Councillor Councilor Judge Justice Dr. Dr
    Doctor Professor Prof. Mr. Mrs. Ms. Miss Sir Dame Lord Lady King Queen Prince Princess
    Spokesman Spokeswoman Spokesperson Coach Captain Capt. Gen. Col. Lt. Sgt. Officer Inspector
    Superintendent Sheriff Ambassador Envoy Chancellor Premier Speaker Leader Head Founder CEO
    CFO COO CTO Economic Economy Labor Labour Trade Education Environment Energy Agriculture
    Transport Transportation Science Technology Public Safety Police Fire Federal National
    Regional County City Municipal Provincial Acting Interim Former Senior Junior Assistant
    Associate Managing Principal Lead Bishop Pope Rev. Reverend Father Sister Brother
    """.split()
}
_NAME_TOKEN = re.compile(r"^[A-Z][\w\u2019'.\-]*$")
_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
_POSSESSIVE = re.compile(r"[\u2019']s?$")


def strip_title(name: str) -> str:
    """Drop titles and roles before a person's name.

    Args:
        name: Words naming a person or body, e.g. "U.S. Secretary of State Antony Blinken".

    Returns:
        The trailing run of capitalised non-title words ("Antony Blinken"), or ``name``
        itself when it does not end in a proper name (a group such as "Russian diplomats").

    Example:
        >>> strip_title("Russian Foreign Minister Sergey Lavrov")
        'Sergey Lavrov'
    """
    tokens = name.split()
    run: list[str] = []
    for token in reversed(tokens):
        if not _NAME_TOKEN.match(token) or token.lower() in TITLE_WORDS:
            break
        run.append(token)
    if not run or len(run) == len(tokens):
        return name
    return " ".join(reversed(run))


def _is_person_name(name: str) -> bool:
    tokens = name.split()
    return 0 < len(tokens) <= 4 and all(_NAME_TOKEN.match(t) for t in tokens) and not _LEADING_ARTICLE.match(name)


def canonical_name(mention: str) -> str:
    """The speaker string a mention stands for, before matching it with the rest of the article.

    Args:
        mention: The words naming the source, e.g. "the company's chief executive, Dana Whitlock".

    Returns:
        A person's name without titles ("Dana Whitlock"), or a body's or group's words with a
        lower-case leading "the" ("the Kremlin", "Russian diplomats").

    Example:
        >>> canonical_name("The Kremlin")
        'the Kremlin'
    """
    mention = " ".join(mention.strip(" ,;:").split())
    # Appositions: "Dana Whitlock, the chief executive" / "the chief executive, Dana Whitlock".
    parts = [p.strip() for p in mention.split(",") if p.strip()]
    for part in parts:
        stripped = strip_title(_POSSESSIVE.sub("", part))
        if _is_person_name(stripped) and len(parts) > 1:
            return stripped
    name = _POSSESSIVE.sub("", mention)
    if _LEADING_ARTICLE.match(name):
        return "the " + _LEADING_ARTICLE.sub("", name)
    return strip_title(name)


def normalize_speaker(name: str | None) -> str:
    """The form in which two speaker strings are compared: case, titles and a leading "the" ignored.

    Args:
        name: A speaker string, or None.

    Returns:
        A lower-case key; "" for None.

    Example:
        >>> normalize_speaker("President Vladimir Putin") == normalize_speaker("vladimir putin")
        True
    """
    if not name:
        return ""
    name = _LEADING_ARTICLE.sub("", " ".join(name.split()))
    return strip_title(name).lower()


def _fuller_names(surname: str, article: str) -> list[str]:
    """Names in the article text that end with ``surname``, titles stripped ("Vladimir Putin")."""
    pattern = rf"((?:[A-Z][\w\u2019'.\-]*\s+){{1,3}}){re.escape(surname)}\b"
    found = []
    for match in re.finditer(pattern, article):
        candidate = strip_title(match.group(0))
        if _is_person_name(candidate):
            found.append(candidate)
    return found


def resolve_speakers(units: Sequence[dict], article: str = "") -> list[str | None]:
    """Give every claim unit its speaker.

    Args:
        units: Dicts in article order with ``claim`` (bool) and ``mention`` (str or None).
        article: The article's text, searched for fuller forms of short names
            ("Putin" -> "Vladimir Putin").

    Returns:
        One entry per unit: the speaker string for claims, None for other units. A claim
        whose source cannot be found gets ``UNKNOWN_SPEAKER``.

    Example:
        >>> resolve_speakers([
        ...     {"claim": True, "mention": "President Vladimir Putin"},
        ...     {"claim": True, "mention": "He"},
        ...     {"claim": True, "mention": None},
        ... ])
        ['Vladimir Putin', 'Vladimir Putin', 'Vladimir Putin']
    """
    names = [canonical_name(u["mention"]) if u.get("claim") and u.get("mention") else None for u in units]
    # Every person-like name seen, to expand a surname to the fullest form in the article.
    known_people = [n for n in names if n and _is_person_name(n)]

    def fullest(name: str) -> str:
        if not _is_person_name(name):
            return name
        surname = name.split()[-1]
        candidates = [n for n in known_people if n.split()[-1] == surname]
        candidates += _fuller_names(surname, article) if article else []
        candidates = [c for c in candidates if set(name.split()) <= set(c.split())]
        return max(candidates, key=lambda c: (len(c.split()), len(c)), default=name)

    speakers: list[str | None] = []
    last_speaker = last_person = last_group = None
    for unit, name in zip(units, names):
        if not unit.get("claim"):
            speakers.append(None)
            continue
        mention = (unit.get("mention") or "").strip().lower()
        if not mention:
            speaker = last_speaker
        elif mention in PERSON_PRONOUNS:
            speaker = last_person or last_speaker
        elif mention in GROUP_PRONOUNS:
            speaker = last_group or last_speaker
        else:
            speaker = fullest(name)
        speaker = speaker or UNKNOWN_SPEAKER
        speakers.append(speaker)
        if speaker != UNKNOWN_SPEAKER:
            last_speaker = speaker
            if _is_person_name(speaker):
                last_person = speaker
            else:
                last_group = speaker
    return speakers
