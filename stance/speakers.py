"""Resolve speaker mentions ("He", "Putin", "the Russian leader") to one name per source.

The rules follow the data card: a speaker is the source's fullest name in the article,
without titles ("Vladimir Putin"); institutions and groups keep the article's words with a
lower-case "the" ("the Kremlin"); a pronoun refers to the most recent earlier speaker of
the matching kind; a claim with no mention (a continuing quote) inherits the previous
claim's speaker, unless the next unit names its source ("… allow it,” said Ana Ruiz.",
"That was how Ana Ruiz put it.").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from .lexicon import (
    ANONYMOUS_NOUNS,
    ATTRIBUTION_TAIL_VERBS,
    AUXILIARIES,
    BODY_KINDS,
    BODY_SYNONYMS,
    CLAUSE_ADVERBS,
    DETERMINERS,
    DOCUMENT_NOUNS,
    DOCUMENT_VERBS,
    FEMALE_PRONOUNS,
    FEMALE_TITLES,
    GROUP_PRONOUNS,
    MALE_PRONOUNS,
    MALE_TITLES,
    MENTION_TRAILING_NON_NAME,
    MONTHS,
    NOT_A_COMPANY,
    ONE_WORD_BODY_NOUNS,
    ORG_WORDS,
    OTHER_PRONOUNS,
    PERSON_PRONOUNS,
    PERSON_ROLE_NOUNS,
    PREPOSITIONS,
    RELATIVES,
    ROLE_ABBREVIATIONS,
    SENTENCE_ADVERBS,
    TIME_ADVERBS,
    TITLE_WORDS,
    WEEKDAYS,
    is_manner_adverb,
)

__all__ = ["UNKNOWN_SPEAKER", "canonical_name", "normalize_speaker", "resolve_speakers", "strip_title", "transcript_turns"]

UNKNOWN_SPEAKER = "unknown"

# Lower-case particles inside a name ("Bill de Blasio", "Ursula von der Leyen", "Mohammed bin Salman"), and the
# prefixes hyphenated to a surname ("Bashar al-Assad").
_PARTICLES = frozenset("de del della der den di da dos das du van von bin ibn le la".split())
_NAME_PREFIX = r"(?:al|el|ul|ud)-"
_NAME_TOKEN = re.compile(rf"^(?:{_NAME_PREFIX})?[A-Z][\w\u2019'.\-]*$")
_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
# A parenthesis in a mention, and one the unit cut open: "(R-Texas)", "(D-Mo".
_PARENTHESES = re.compile(r"\s*\([^)]*(?:\)|$)")
# A capitalised determiner that opens a sentence before a name: "An FBI review", "This Agency".
_LEADING_DETERMINER = re.compile(r"^(?:A|An|This|That|These|Those|Its|Their|Our|His|Her)\s+(?=\S)")
_POSSESSIVE = re.compile(r"[\u2019']s?$")
# An owner before a name: "CNN’s", "The Post's", "President Barack Obama’s".
_OWNER = re.compile(r"^(?:[Tt]he\s+)?(?:[A-Z][\w.\-]*\s+){0,3}?[A-Z][\w\-]*[\u2019']s\s+")
# A plural owner ("Democracy Corps’ Stan Greenberg") only before a person: "the Rail Workers’ Union" is one name.
_PLURAL_OWNER = re.compile(r"^(?:[Tt]he\s+)?(?:[A-Z][\w.\-]*\s+){0,3}?[A-Z][\w\-]*s[\u2019']\s+")
_INDEFINITE = re.compile(r"^(?:a|an|one|some|several|two|three|four|five|many|dozens|other|about|more|most|hundreds|thousands|multiple|numerous|various)(?=\s)", re.I)
_DESCRIBED_NAME = re.compile(r"^(?:a|an)\s+(?:[a-z][a-z\-]*\s+){1,2}([A-Z][\w\u2019'\-]*(?:\s+[A-Z][\w\u2019'.\-]*){0,2})$")
_REFLEXIVE = re.compile(r"\s+(?:himself|herself|themselves|itself)$", re.I)
_CAMPAIGN = re.compile(r"^(his|her)\s+campaign$")
_APPOSITION_START = re.compile(r"^(?:the|a|an|its|his|her|their)\s", re.I)


# A capitalised word inside a name; a trailing full stop only for an initial ("J."), so a
# match never runs over a sentence end ("in August. Karsten said"). It starts a word: the "P." that
# ends "TTIP." is no initial ("... opponents of TTIP. Europeans especially say" was "P. Europeans").
_NAME_WORD = rf"(?<![\w\u2019'\-])(?:(?:{_NAME_PREFIX})?[A-Z][\w\u2019'\-]*|[A-Z]\.)"
# What separates two words of a name: a space, and up to two particles ("Charles de Gaulle", "Ursula von der Leyen").
_NAME_GAP = rf"[ \t]+(?:(?:{'|'.join(sorted(_PARTICLES))})[ \t]+){{0,2}}"


# Words that open a clause, never a name: "But Harlow said", "While Mayor Reyes insisted".
_LEADING_WORD = re.compile(r"^(?i:But|And|Although|Though|While|Whereas|When|Whenever|If|Because|Since|Unless|Until|Yet|So|Still|Meanwhile|However|Instead|Then|Now|Also|As)\s+(?=\S)")
# A preposition before a source, which never starts one ("among consumer groups" is "consumer groups"); not one that
# gives a number ("about 200 residents", "over a dozen senators").
_LEADING_PREPOSITION = re.compile(rf"^(?i:{'|'.join(sorted(PREPOSITIONS - {'about', 'over', 'under', 'between'}))})\s+(?=\S)")
_DATELINE = re.compile(r"^[A-Z][A-Z .,']+(?:\([^)]*\))?\s*[-\u2013\u2014]+\s+(?=\S)")
_DOCUMENT_NOUN = "|".join(sorted(DOCUMENT_NOUNS))
_DOCUMENT = re.compile(rf"^(the|its|their|[A-Z][\w\u2019' \-]*?[\u2019']s?)\s+(?:[\w\-]+\s+){{0,2}}({_DOCUMENT_NOUN})$", re.I)
# "a study published Tuesday in the Journal of ...", "an audit by the National Audit Office": a document described.
_DESCRIBED_DOCUMENT = re.compile(
    rf"^(?:a|an|the)\s+(?:[\w\-]+\s+){{0,3}}?({_DOCUMENT_NOUN})((?:\s+(?:{'|'.join(sorted(DOCUMENT_VERBS))}|by|from|in|on|to)\b.*)?)$", re.I
)
_ISSUED_BY = re.compile(r"^(?:a|an|the|its|their)\s+(?:news\s+)?(?:release|statement|letter|memo|email|e-mail|post|notice)\s+(?:from|by|issued by)\s+(.+)$", re.I)


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
        if not (_NAME_TOKEN.match(token) or _is_particle(token, bool(run))) or token.lower() in TITLE_WORDS:
            break
        run.append(token)
    if not run or len(run) == len(tokens):
        return name
    if all(t.strip(".,").lower() in WEEKDAYS | MONTHS for t in run):  # "a poll published on Sunday" names no Sunday
        return name
    return " ".join(reversed(run))


def _is_particle(token: str, followed: bool) -> bool:
    """Whether ``token`` is a lower-case particle of a name ("de" of "Bill de Blasio"): never a name's last word."""
    return followed and token in _PARTICLES


def _is_person_name(name: str) -> bool:
    tokens = name.split()
    # A surname may be a title word after a first name: "Larry King", "Howard Dean".
    titled = tokens[:-1] if len(tokens) > 1 and first_name_gender(tokens[0]) else tokens
    return (
        0 < len(tokens) <= 4
        and all(_NAME_TOKEN.match(t) or _is_particle(t, i < len(tokens) - 1) for i, t in enumerate(tokens))
        and all(t.lower() not in TITLE_WORDS for t in titled)
        and all(t.lower() not in ORG_WORDS for t in tokens)
        and not _LEADING_ARTICLE.match(name)
        and tokens[0].lower() not in DETERMINERS  # a tagger's "Another" of "Another user wrote"
    )


def _is_plural_group(name: str, article: str) -> bool:
    """Whether a one-word name is a group that opens its sentence ("Delegates", "Republicans"), not a person: a
    plural in -s that the article never writes with a first name or title ("Ana Sanders", "Mr. Sanders")."""
    return re.fullmatch(r"[A-Z][a-z]+[^su\W]s", name) is not None and not _fuller_names(name, article)


def _described_group(group: str, earlier: Sequence[str]) -> str | None:
    """For a group that opens its sentence ("Prosecutors"), the latest earlier speaker that describes it in lower
    case ("federal prosecutors"): news names a group with its description, then by its noun alone."""
    noun = group.lower()
    return next((x for x in reversed(earlier) if len(x.split()) > 1 and x.split()[-1] == noun and x.islower()), None)


def _is_bare_role_from(head: str, mention: str) -> bool:
    """Whether ``mention`` is one capitalised role word and the place it comes from, with no "the" and no name
    ("Senator from Tarvik"), where ``head`` is its part before "from"."""
    return " " not in head and head[:1].isupper() and re.match(rf"{re.escape(head)}\s+from\s+[A-Z]", mention) is not None


def _without_clause_start(mention: str) -> str:
    """A mention that runs on into its clause cut to the name before it: "Ana Ruiz has long" -> "Ana Ruiz", "Ruiz
    further" -> "Ruiz" (an auxiliary, or nothing but adverbs, after capitalised words); any other mention as it is
    ("Ruiz supporters", "Bill de Blasio")."""
    words = mention.split()
    at = next((i for i, w in enumerate(words) if w.islower()), 0)
    tail = words[at:]
    adverbs = all(w in CLAUSE_ADVERBS or is_manner_adverb(w) for w in tail)
    return " ".join(words[:at]) if at and (tail[0] in AUXILIARIES or adverbs) else mention


def _is_list(parts: list[str]) -> bool:
    """Whether a mention's comma parts are a list ("Berlin, Paris and other European capitals"), not a name and its
    appositions ("Kevin Ash, chairman of the Ways and Means Committee", "Ana Ruiz, president and founder")."""
    if len(parts) < 2 or len(strip_title(parts[0]).split()) > 1 and _is_person_name(strip_title(parts[0])):
        return False
    last = re.match(r"^(.*?)\b(?:and|or)\s", parts[-1])
    if not last:
        return False
    items = parts[1:-1] + ([last.group(1)] if last.group(1).strip() else [])
    return all(
        not _APPOSITION_START.match(item) and len(item.split()) <= 4 and not {w.lower() for w in item.split()} & PREPOSITIONS
        for item in items
    )


# Words before a name that title it ("chairman of the board Kevin Ash") or give it as an example of the source
# ("the party's hawks, like Senator Hale", "critics, including Ana Ruiz"), not words that govern it.
_EXAMPLE_WORDS = frozenset("of like including".split())


def _is_governed(words: str, name: str) -> bool:
    """Whether ``name``, the end of ``words``, is the object of a description rather than the person it titles: a
    preposition or a participle before it ("A spokesman for Mayor Hale", "One voter backing Mr. Hale"), where
    "diabetes nurse Ana Ruiz" and "the chairman of the board Kevin Ash" are titled names."""
    before = _words_before(words, name)
    return any(
        w.lower() in PREPOSITIONS - _EXAMPLE_WORDS or (w.lower().endswith("ing") and w[:1].islower() and w.lower() not in TITLE_WORDS | _EXAMPLE_WORDS)
        for w in before
    )


def _words_before(words: str, name: str) -> list[str]:
    """The words of ``words`` before ``name``, its end; [] when it does not end with it."""
    return words[: len(words) - len(name)].split() if words.endswith(name) else []


def _is_titled(words: str, name: str) -> bool:
    """Whether ``name``, the end of ``words``, comes straight after a title ("Mr. Burman", "Secretary of State Kerry"),
    not after other words it is only part of ("Harvard and the University of California")."""
    before = _words_before(words, name)
    return bool(before) and before[-1].lower() in TITLE_WORDS


def _is_joined(words: str, name: str) -> bool:
    """Whether ``name``, the end of ``words``, is only the end of a longer name joined by "and": "Immigration
    Services" of "United States Citizenship and Immigration Services"."""
    before = _words_before(words, name)
    return len(before) >= 2 and before[-1] == "and" and before[-2][:1].isupper()


def _object_of_joiner(name: str) -> bool:
    """Whether the proper name ending ``name`` only completes the words before it, across a joining word, so that
    the source is the whole: a body's name ("Citizens for Open Harbors", "Friends of the Marsh") or a group described
    by what it belongs to ("members of The Harbor Caucus", "residents of Tarvik"), not "Tarvik" alone."""
    stripped = strip_title(name)
    before = name[: len(name) - len(stripped)].split() if stripped != name else []
    rest = _name_start(before)
    cut_short = len(rest) < len(before)
    if rest[-1:] == ["the"]:
        rest = rest[:-1]  # "Friends of the Marsh"; but "the Harbor Faithful" is a name after "the" alone
    if len(rest) < 2 or rest[-1] not in _NAME_JOINERS - {"and", "de", "the"}:  # "Ines de Varga" is a person
        return False
    # A name strip_title cut short hangs on a word that is no title: "Secretary of State John Kerry" is a person.
    return not (cut_short and rest[-2].lower() in TITLE_WORDS)


def _name_start(before: list[str]) -> list[str]:
    """The words before a proper name that strip_title cut short, less the capitalised words that still belong to it:
    the title-like words of a body's name ("House" of "the House Financial Services Committee") and a first name
    joined by "and" ("Immigration and" of "Immigration and Customs Enforcement")."""
    rest = list(before)
    while True:
        if rest and rest[-1][:1].isupper() and rest[-1].lower() in TITLE_WORDS:
            rest = rest[:-1]
        elif len(rest) >= 2 and rest[-1] == "and" and rest[-2][:1].isupper():
            rest = rest[:-2]
        else:
            return rest


def _named_document(mention: str, described: re.Match) -> str | None:
    """A document that a name describes, as its own source: "a Tarvik Herald analysis" for "A Tarvik Herald analysis
    released Sunday", without the words after the noun; None when no capitalised word describes it ("a new study").
    ``described`` is the mention's match of _DESCRIBED_DOCUMENT."""
    head = mention[: described.end(1)]
    if not any(w[:1].isupper() for w in head.split()[1:-1]):
        return None
    return head[:1].lower() + head[1:]


# Where a list of sources splits: a comma, "and", or both ("Ana Ruiz, Ben Cole and Ida Lind").
_LIST_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


def _joined_people(mention: str) -> list[tuple[str, str, bool]]:
    """The people of a mention that names two or more ("Mr. Grassley and Mr. Leahy", "Senator Ana Ruiz of Tarvik and
    Senator Ben Cole of Dunmere", "Both Ruiz and Cole"; after "like", the examples: "hawks like Ruiz and Cole"), each as
    (name, lower-case title before it or "", whether the mention alone shows a person: a title, a first name the
    census knows); [] unless every part is a name. "Ana Ruiz, president and founder" names one source."""
    mention = _PARENTHESES.sub("", mention).strip(" ,")
    mention = re.sub(r"^(?:.*?\s(?:like|including|such\s+as)\s+|(?i:both)\s+)", "", mention)
    if not re.search(r"\sand\s", mention):  # "Ana Ruiz, executive director of ..." is an apposition
        return []
    people = []
    for part in _LIST_SPLIT.split(mention):
        name = canonical_name(part)
        words = name.split()
        titles = part[: part.find(name)].split() if name in part else []
        titled = bool(titles) and all(w.lower() in TITLE_WORDS for w in titles)
        if not _is_person_name(name):
            return []
        known = len(words) >= 2 and words[0].lower() in _first_name_shares()
        people.append((name, titles[-1].lower() if titled else "", titled or known))
    return people


def _list_names(names: list[str]) -> str:
    """Names as news lists them: "Ana Ruiz and Ben Cole", "Ana Ruiz, Ben Cole and Ida Lind"."""
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def canonical_name(mention: str) -> str:
    """The speaker string a mention stands for, before matching it with the rest of the article.

    Args:
        mention: The words naming the source, e.g. "the company's chief executive, Dana Whitlock".

    Returns:
        A person's name without titles ("Dana Whitlock"), or a body's or group's words with a
        lower-case leading "the" ("the Kremlin", "Russian diplomats"). An apposition gives the
        person it names, else its first part ("The Green Union, the junior partner" ->
        "the Green Union"); an affiliation is dropped ("Ines Morrow of Pellham Research").

    Example:
        >>> canonical_name("The Kremlin")
        'the Kremlin'
    """
    mention = _PARENTHESES.sub("", mention)  # "(R-Texas)", and one cut open: "(D-Mo"
    mention = _DATELINE.sub("", mention)  # "MOSCOW - Russia's main network"
    mention = " ".join(mention.strip(" ,;:-\u2014").split())
    mention = _LEADING_PREPOSITION.sub("", _LEADING_WORD.sub("", mention))  # "But Harlow", "Although Lena Ortiz", "among critics"
    issued = _ISSUED_BY.match(mention)
    if issued:  # "A release from the union": the body that issued it
        mention = issued.group(1)
    mention = _without_clause_start(_REFLEXIVE.sub("", mention))  # "Sanders himself", "Sanders has long"
    # Appositions: "Dana Whitlock, the chief executive" / "the chief executive, Dana Whitlock".
    parts = [p.strip() for p in re.split(r",(?!\d{3}\b)", mention) if p.strip()]  # not "2,000 supporters"
    if _is_list(parts):
        parts = [", ".join(parts)]
    for part in parts:
        governed = False  # a name inside a description ("One voter backing Mr. Hale", "A spokesman for Mayor Hale") is not the source
        for joint in (" of ", " at ", " from "):  # an affiliation: "Ines Morrow of Pellham Research", "Chris Low at FTN Financial"
            if joint in part:
                head = part.split(joint)[0]
                stripped = strip_title(head)
                # A titled surname is a person too ("Mr. Burman of the Tax Policy Center"), a bare word not ("Bank of
                # ..."), nor a name after "the" ("the Harbor Chamber of Commerce") or one only ending a longer name
                # ("Harvard and the University of California").
                prefixed = stripped != _LEADING_ARTICLE.sub("", head)
                full = len(stripped.split()) >= 2 and (prefixed or head == stripped)
                if _is_person_name(stripped) and (full or _is_titled(head, stripped)):
                    if not _is_governed(head, stripped):
                        return stripped
                    governed = True
                    break
        if len(parts) > 1 and not governed:
            # After the affiliation, so that "Senator Ben Cardin of Maryland, a Democrat" is not "Maryland".
            owned = _POSSESSIVE.sub("", part)
            unowned = strip_title(_PLURAL_OWNER.sub("", _OWNER.sub("", owned)))  # "Democracy Corps’ Stan Greenberg, a pollster"
            stripped = unowned if " " in unowned and _is_person_name(unowned) else strip_title(owned)
            described = _is_governed(owned, stripped) or _object_of_joiner(owned) or _is_joined(owned, stripped)
            if _is_person_name(stripped) and not described:
                return stripped
    name = _POSSESSIVE.sub("", parts[0] if parts else mention)
    plural_owner = _PLURAL_OWNER.match(name)
    if plural_owner and _is_person_name(strip_title(name[plural_owner.end() :])) and " " in strip_title(name[plural_owner.end() :]):
        return strip_title(name[plural_owner.end() :])
    owner = _OWNER.match(name)
    if owner and name[owner.end() :][:1].isupper():
        rest = strip_title(name[owner.end() :])
        # "CNN’s Jake Tapper" is the person; "Estmere’s Financial Conduct Board" a body.
        name = rest if _is_person_name(rest) else "the " + name[owner.end() :]
    if _LEADING_ARTICLE.match(name):
        return "the " + _LEADING_ARTICLE.sub("", name)
    described = _DESCRIBED_NAME.match(name)
    if described and _is_person_name(described.group(1)):  # "an angry Hollande", "a defiant Ada Brill"
        return described.group(1)
    if _INDEFINITE.match(name):  # "a person familiar with the talks", "a study published in ..."
        # A capital that only opens the sentence, before a name it would seem part of: "Other Republicans" is
        # "other Republicans".
        return name[:1].lower() + name[1:] if re.match(r"^[A-Z][a-z]+\s+[A-Z]", name) else name
    name = name if _object_of_joiner(name) or _is_joined(name, strip_title(name)) else strip_title(name)
    return _trailing_person(name) or name


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
    words = strip_title(name).split()
    words = [w.rstrip(".") or w for w in words]  # "Donald Trump Jr." is "Donald Trump Jr"
    if len(words) > 2:  # "Donald J. Trump" is "Donald Trump"
        words = [words[0]] + [w for w in words[1:-1] if not re.fullmatch(r"[A-Z]", w)] + [words[-1]]
    return " ".join(words).lower()


def _body(article: str) -> str:
    """The article without its headline, whose title case would pass for names."""
    parts = article.split("\n", 1)
    return parts[1] if len(parts) > 1 else ""


def _fuller_names(surname: str, article: str) -> list[str]:
    """Names in the article's body that end with ``surname``, titles stripped ("Vladimir Putin")."""
    pattern = rf"((?:{_NAME_WORD}{_NAME_GAP}){{1,3}}){re.escape(surname)}\b"
    found = []
    lower_case: dict[str, bool] = {}  # one search of the article per word, not per match
    for match in re.finditer(pattern, _body(article)):
        # Not "Although Shenefield", nor the owner of "Democracy Corps’ Stan Greenberg" or "the Post's Ana Ruiz".
        candidate = _from_first_name(strip_title(_PLURAL_OWNER.sub("", _OWNER.sub("", _LEADING_WORD.sub("", match.group(0))))))
        # A word the article also writes in lower case is no name ("Sacking Karsten ...").
        capitalised = [w for w in candidate.split()[:-1] if w not in _PARTICLES]
        for w in capitalised:
            if w not in lower_case:
                lower_case[w] = re.search(rf"\b{re.escape(w.lower())}\b", article) is not None
        common = any(lower_case[w] for w in capitalised)
        if _is_person_name(candidate) and not common:
            found.append(candidate)
    return found


def _introduced_by_title(title: str, surname: str, people: Sequence[str], article: str) -> str | None:
    """Of several ``people`` sharing ``surname``, the one the body names in full last before it first writes the
    titled surname ("Mr. Halden"): news names a person in full, then calls them "Mr. Halden" from there on, and a
    relative named in full later ("his father, Aurel Halden") does not take the title over. ``title`` is "mr." or
    "ms."; None when the body writes no such title, or no full name before it."""
    titles = MALE_TITLES if title == "mr." else FEMALE_TITLES
    pattern = "|".join(re.escape(t.rstrip(".").capitalize()) for t in sorted(titles))
    body = _body(article)
    first = re.search(rf"\b(?:{pattern})\.?[ \t]+{re.escape(surname)}\b", body)
    if not first:
        return None
    named = sorted((m.start(), name) for name in people for m in re.finditer(rf"\b{re.escape(name)}\b", body[: first.start()]))
    return named[-1][1] if named else None


def _surname_only_mentions(surname: str, people: tuple[str, ...], article: str) -> Counter:
    """How often the body names each of ``people`` (who share ``surname``) by the surname alone, counting only the
    uses that can mean one of them: "Trump said" before the article names a second Trump in full can only be the one
    it named before; "Mrs. Trump" only the woman. A use that could be either is counted for neither, nor is a surname
    that starts a longer name ("the Trump Organization").

    Args:
        surname: The shared surname, e.g. "Trump".
        people: The full names sharing it, e.g. ("Donald Trump", "Melania Trump"), as the article writes them.
        article: The article's text, headline first.

    Returns:
        A count per person, keyed by ``normalize_speaker`` ("donald trump"), of the surname-alone uses that mean them.
    """
    body = _body(article)
    full_mentions = sorted(
        (m.start(), m.end(), normalize_speaker(person))
        for person in people
        for m in re.finditer(rf"(?<![\w\-]){re.escape(person)}(?![\w\-])", body)
    )
    sex = {normalize_speaker(p): gender(p, article) for p in people}
    gendered_titles = "|".join(re.escape(t.rstrip(".").capitalize()) for t in sorted(FEMALE_TITLES | MALE_TITLES))
    counts: Counter = Counter()
    for match in re.finditer(rf"(?<![\w\-]){re.escape(surname)}(?![\w\-]|[ \t]+[A-Z])", body):
        if any(start <= match.start() < end for start, end, _ in full_mentions):
            continue
        named_before = {key for start, _, key in full_mentions if start < match.start()} or set(sex)
        title = re.search(rf"\b({gendered_titles})\.?[ \t]+$", body[max(0, match.start() - 16) : match.start()])
        if title:
            wanted = "f" if title.group(1).lower() in FEMALE_TITLES else "m"
            named_before = {key for key in named_before if sex[key] in (None, wanted)}
        if len(named_before) == 1:
            counts[named_before.pop()] += 1
    return counts


_GENERATION_SUFFIX = r"(?:Jr\.|Sr\.|II|III|IV)"


def _fullest_form(person: str, article: str) -> str:
    """The fullest form in which the article writes a person's name: "Hillary Rodham Clinton" for "Hillary Clinton",
    "Joseph R. Biden Jr." for "Joseph R. Biden". A middle name only when the longer forms nest in one
    ("George W. Bush" beside "George H. W. Bush" is no fuller "George Bush"); a suffix only when the name
    never appears without it ("Donald Trump" beside "Donald Trump Jr." is another man)."""
    words = person.split()
    if len(words) < 2 or not _is_person_name(person):
        return person
    variants = [n for n in _fuller_names(words[-1], article) if n.split()[0] == words[0] and set(words) <= set(n.split())]
    longest = max(variants, key=lambda n: len(n.split()), default=person)
    if all(set(n.split()) <= set(longest.split()) for n in variants):
        person = longest
    body = _body(article)
    written = re.findall(rf"(?<![\w\-]){re.escape(person)}(?![\w\-])(,?[ \t]+{_GENERATION_SUFFIX}(?![\w]))?", body)
    suffixes = {suffix.strip(", \t") for suffix in written}
    if len(suffixes) == 1 and "" not in suffixes:
        return f"{person} {suffixes.pop()}"
    return person


def _from_first_name(name: str) -> str:
    """The name from its first word that the census knows as a first name: a headline's "Conservative Icon Morton
    Blackwell" or "Cable News Sean Hale" is "Morton Blackwell" / "Sean Hale"; "John Ellis Bush" stays whole."""
    words = name.split()
    shares = _first_name_shares()
    first = next((i for i, w in enumerate(words[:-1]) if w.lower() in shares), 0)
    return " ".join(words[first:])


def _trailing_person(name: str) -> str | None:
    """The person a longer capitalised run ends with, from the first word the census knows as a first name:
    "White House Chief of Staff Denis McDonough" -> "Denis McDonough", a headline's "Conservative Icon Morton
    Blackwell" -> "Morton Blackwell"; None when the run starts with the first name or holds none."""
    words = name.split()
    run = 0
    while run < len(words) and _NAME_TOKEN.match(words[-1 - run]) and words[-1 - run].lower() not in TITLE_WORDS | ORG_WORDS:
        run += 1
    if run < 3:
        return None
    person = _from_first_name(" ".join(words[-run:]))
    dropped = words[-run : len(words) - len(person.split())]
    if not dropped or all(re.fullmatch(r"[A-Z.&]+", w) for w in dropped):  # "JP Morgan Chase" is a bank
        return None
    return person if 2 <= len(person.split()) <= 3 and _is_person_name(person) else None


def _letters(text: str) -> str:
    """Lower-case letters of ``text`` without accents or punctuation: "Martin O’Malley" -> "martinomalley"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text).lower() if "a" <= c <= "z")


# A social media handle as the source ("realDonaldTrump", "tedcruz"): one word, a capital inside it or none at all.
_HANDLE = re.compile(r"^@?(?=[\w]*(?:[a-z][A-Z]|^@?[a-z]+$))[A-Za-z][A-Za-z0-9_]{3,}$")


def _handle_owner(handle: str, article: str) -> str | None:
    """The name the body gives the owner of a handle: the longest name or surname whose letters the handle holds
    ("realDonaldTrump" -> "Donald Trump", "GovPataki" -> "Pataki"); None when the body writes the handle as a word
    of its own ("McCain", "DeSantis"; a handle in markup, after "@" or in quotes, is no word) or names no one it holds."""
    handle = handle.lstrip("@")
    body = _body(article)
    if not _HANDLE.match(handle) or re.search(rf"(?<![@\w\"]){re.escape(handle)}\b(?!\")", body):
        return None
    letters = _letters(handle)
    best = None
    for run in re.finditer(rf"(?<![\w@#]){_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}}", body):
        words = strip_title(_POSSESSIVE.sub("", run.group(0))).split()
        for start in range(len(words)):
            name = " ".join(words[start:])
            found = _letters(name)
            if len(found) >= 5 and found in letters and found != letters and _is_person_name(name):
                if best is None or len(found) > len(_letters(best)):
                    best = name
    return best or _handle_words(handle)


def _handle_words(handle: str) -> str | None:
    """A name spelled out of a handle the body names no one in: "GovMikeHuckabee" -> "Mike Huckabee", "LindseyGrahamSC"
    -> "Lindsey Graham", "GovernorPataki" -> "Pataki", "tedcruz" -> "Ted Cruz" (a first name the census knows, then the rest)."""
    if handle.islower():
        shares = _first_name_shares()
        first = next((i for i in range(len(handle) - 3, 1, -1) if handle[:i] in shares), None)
        words = [handle[:first].capitalize(), handle[first:].capitalize()] if first else []
    else:
        words = re.findall(r"[A-Z][a-z]+|[A-Z]+(?![a-z])|[a-z]+", handle)
        if len(words) > 1 and words[-1].isupper() and len(words[-1]) <= 3:  # a state or party: "SC", "GOP"
            words = words[:-1]
        words = [w.capitalize() for w in words]
    if len(words) < 2 or any(len(w) < 3 for w in words):  # "McCain" is no "Mc Cain"
        return None
    raw = " ".join(words)
    name = _from_first_name(strip_title(raw))
    # Two words or more, or a surname after a title ("GovChristie"); never a lone word left by "Real" or a suffix.
    return name if _is_person_name(name) and (len(name.split()) >= 2 or strip_title(raw) != raw) else None


def _longer_names(first: str, article: str) -> list[str]:
    """Names in the body that start with the one word ``first`` ("Greywell Construction"), not after "the" or "a"
    ("on the Trump Train" names a thing, not who "Trump" is)."""
    pattern = rf"(?<!\b[Tt]he )(?<!\b[Aa] )(?<!\b[Aa]n )\b{re.escape(first)}(?:[ \t]+{_NAME_WORD}){{1,3}}"
    return [strip_title(_POSSESSIVE.sub("", m.group(0))) for m in re.finditer(pattern, _body(article))]  # not "Brightwell Foods’"


_NAME_JOINERS = frozenset("of the and for on in at de".split())


def _is_body(name: str) -> bool:
    """A named organisation ("Skylark Air", "the Competition Authority"), not a person, an unnamed source or a description ("Residents of the town")."""
    words = _LEADING_ARTICLE.sub("", name).split()
    named = bool(words) and all(w[:1].isupper() or w in _NAME_JOINERS for w in words)
    return named and not _is_person_name(name) and not _INDEFINITE.match(name) and not _joined_people(name)


def _is_one_word_body(name: str, article: str) -> bool:
    """A body named in one word ("WikiLeaks", "Greenpeace") that would pass for a surname: the article never gives it
    a first name or a title ("Roger Stone" makes "Stone" a person), and it is no group that opens its sentence."""
    return len(name.split()) == 1 and _is_person_name(name) and not _fuller_names(name, article) and not _is_plural_group(name, article)


def _names_ending(noun: str, article: str) -> list[str]:
    """Names in the body that end in ``noun`` ("Agency": "Health Protection Agency"; "health board": "North Keston
    Health Board"), in order, owners ("Estmere’s"), possessives and a leading "the" dropped; never part of a longer
    name ("National Audit" of "National Audit Office") or a name that starts inside a word ("S." of "U.S.")."""
    tail = r"[ \t]+".join(re.escape(w[:1].upper() + w[1:]) for w in noun.split())
    pattern = rf"(?<![\w.])(?:{_NAME_WORD}[ \t]+){{0,4}}{tail}\b(?![ \t]+[A-Z])"
    found = (_OWNER.sub("", _without_leading_words(m.group(0))) for m in re.finditer(pattern, _body(article)))
    return list(dict.fromkeys(_POSSESSIVE.sub("", f) for f in found))


def _without_leading_words(name: str) -> str:
    """A capitalised run without the words before its name: "In The Atlantic" is "Atlantic", "But the Agency" "Agency"."""
    while True:
        shorter = _LEADING_ARTICLE.sub("", _LEADING_DETERMINER.sub("", _LEADING_WORD.sub("", _LEADING_PREPOSITION.sub("", name))))
        if shorter == name or not shorter:
            return name
        name = shorter


def _named_body(noun: str, speakers: list[str], article: str, once=None) -> str | None:
    """For "the board" / "the health board": the latest earlier speaker, or else a name in the body, that ends in it."""
    tail = noun.lower().split()
    for speaker in reversed(speakers):
        words = _LEADING_ARTICLE.sub("", speaker).split()
        # A name or a description that ends in the noun ("the regional health department", "new government data"), but
        # not a source only tied to it ("Critics of the board", "A senior official at the authority").
        # A description in lower case only for a body ("the regional health department"; not "the 16-page pitch").
        body_noun = words[0][:1].isupper() or not speaker.startswith("the ") or tail[-1] in ORG_WORDS
        if [w.lower() for w in words[-len(tail):]] == tail and len(words) > len(tail) and body_noun and not (
            {w.lower() for w in words[1:-len(tail)]} & (PREPOSITIONS | {"the", "a", "an"}) or words[0].lower() in PREPOSITIONS
        ):
            return speaker
    return once(_first_body_name, noun) if once else _first_body_name(noun, article)


# Words between a determiner and a role noun in an apposition ("the Russian state-financed network"): no
# function word or verb, so "On Tuesday, the company said the bank." links nothing.
_APPOSITION_SKIP = frozenset("the a an and or but of to in on at by for from with that which who said says is was are were has had have will would".split())
_APPOSITION_NAME = rf"{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|of|the|and|for|de)){{0,5}}"
_APPOSITION_ADJ = r"(?:[\w\u2019'\-]+[ \t]+){0,4}?"


def _appositive_names(noun: str, article: str) -> list[str]:
    """Bodies the article names in an apposition with a role noun, in the order named: for "network", "Radio
    Veldt" of "Radio Veldt, the state-funded network," / "the network, Radio Veldt," / "Estmere’s main
    network, Radio Veldt,". A noun of BODY_SYNONYMS stands for the others of its group ("the broadcaster")."""
    nouns = next((group for group in BODY_SYNONYMS if noun in group), frozenset([noun]))
    noun_pattern = "|".join(re.escape(n) for n in sorted(nouns))
    adjectives = rf"(?P<adj>{_APPOSITION_ADJ})"
    body = _body(article)
    after = r"(?=[ \t]*(?:[,.;:)\u2014]|$)|[ \t]+(?:that|which|whose)\b)"
    patterns = [
        # "Radio Veldt, the state-funded network," / "Radio Veldt, the network that ..."
        rf"(?<![\w.\u2019'])(?P<name>{_APPOSITION_NAME}),[ \t]+the[ \t]+{adjectives}(?:{noun_pattern}){after}",
        # "the network, Radio Veldt," / "Estmere’s main network, Radio Veldt,"
        rf"(?:\b[Tt]he|\b[Ii]ts|\b[Tt]heir|{_NAME_WORD}[\u2019']s)[ \t]+{adjectives}(?:{noun_pattern}),[ \t]+(?P<name>{_APPOSITION_NAME})(?=[ \t]*(?:[,.;:)\u2014]|$))",
    ]
    found: list[tuple[int, str]] = []
    for pattern in patterns:
        for match in re.finditer(pattern, body, re.M):
            if {w.lower() for w in match.group("adj").split()} & _APPOSITION_SKIP:
                continue
            name = _OWNER.sub("", _LEADING_WORD.sub("", _LEADING_DETERMINER.sub("", match.group("name"))))
            name = _LEADING_ARTICLE.sub("", name)
            first = name.split()[0].lower().rstrip(".") if name.split() else ""
            # Not a place or time before the clause ("In Dunmere, the network said"), nor a title ("the network, Mr. Hale said").
            if not name or first in PREPOSITIONS | WEEKDAYS | MONTHS | MALE_TITLES | FEMALE_TITLES | {"dr", "prof"}:
                continue
            # Named in capitals, but maybe like a person ("Kanal Nord"): the apposition says it is a body.
            if _INDEFINITE.match(name) or not all(w[:1].isupper() or w in _NAME_JOINERS for w in name.split()):
                continue
            found.append((match.start("name"), name))
    return list(dict.fromkeys(name for _, name in sorted(found)))


def _kind_names(noun: str, article: str) -> list[str]:
    """For "the airline": the names in the body that end in a word of that kind ("Skylark Air"), most frequent first."""
    suffixes = "|".join(re.escape(w.capitalize()) for w in sorted(BODY_KINDS.get(noun, ())))
    if not suffixes:
        return []
    found = [m.group(0) for m in re.finditer(rf"(?:{_NAME_WORD}[ \t]+){{1,3}}(?:{suffixes})\b", _body(article))]
    found = [strip_title(_LEADING_WORD.sub("", _LEADING_ARTICLE.sub("", f))) for f in found]
    counts: dict[str, int] = {}
    for name in found:
        if len(name.split()) > 1:
            counts[name] = counts.get(name, 0) + 1
    return sorted(counts, key=lambda n: -counts[n])


def _of_name(noun: str, article: str) -> str | None:
    """For "the ministry": "the Ministry of Justice" in the body."""
    match = re.search(rf"\b{re.escape(noun.capitalize())}[ \t]+of[ \t]+(?:the[ \t]+)?{_NAME_WORD}(?:[ \t]+{_NAME_WORD})*", _body(article))
    return f"the {match.group(0)}" if match else None


def _first_body_name(noun: str, article: str) -> str | None:
    """For "health board": the first name in the body that ends in "Health Board" and is longer ("the North Keston Health Board")."""
    names = [n for n in _names_ending(noun, article) if len(n.split()) > len(noun.split())]
    return f"the {names[0]}" if names else None


def gender(name: str, article: str) -> str | None:
    """A person's gender as the article shows it, ``"f"``, ``"m"`` or None when it does not.

    Evidence, counted over the article: "Ms./Mrs. Surname" or "Mr. Surname", the pronoun
    that follows the name in the same sentence ("Lena Ortiz said she ...", "Ortiz, asked about
    it, said she ..."), and a first name the US census gives to one sex.

    Example:
        >>> gender("Lena Ortiz", "Lena Ortiz said she would stay. Ms. Ortiz is 41.")
        'f'
    """
    # The full name first ("Lena Ortiz said she"), then a first name the census is sure of, so that
    # relatives who share a surname keep apart; then a pronoun after an apposition ("Lena Ortiz, asked
    # about the plan, said she"), which can name someone else ("Delgado, a critic of the mayor, said
    # she should resign"); then the same for the surname alone ("Ms. Ortiz", "Ortiz said she").
    surname = name.split()[-1]
    census = first_name_gender(name.split()[0]) if len(name.split()) > 1 else None
    # A surname that several people in the article share ("Aksel Lund and his daughter, Freya Lund") tells nothing.
    shared = len(name.split()) > 1 and len(set(_fuller_names(surname, article))) > 1
    steps = [(name, False)] + ([] if census else [(name, True)] + ([] if shared else [(surname, False), (surname, True)]))
    for key, across_apposition in dict.fromkeys(steps):
        female, male = _gender_evidence(re.escape(key), article, across_apposition)
        if female != male:
            return "f" if female > male else "m"
    return census


def _gender_evidence(pattern: str, article: str, across_apposition: bool) -> tuple[int, int]:
    """(female, male) counts of titles before a name and pronouns after "<name> said"; with ``across_apposition``, only
    the pronouns after "<name>, <a few words>, said"."""
    said = r"(?:said|says|added|told\s+\w+|wrote|argued|insisted|warned)"
    if across_apposition:
        female = male = 0
        between = r",[^.,;:\n\u201c\u201d\"]{1,60},\s+"
    else:
        female = len(re.findall(rf"\b(?:Ms|Mrs|Miss)\.?\s+{pattern}\b", article))
        male = len(re.findall(rf"\bMr\.?\s+{pattern}\b", article))
        between = r"\s+"
    for match in re.finditer(rf"\b{pattern}{between}{said}\s+(?:that\s+)?(he|she|his|her)\b", article):
        female += match.group(1) in FEMALE_PRONOUNS
        male += match.group(1) in MALE_PRONOUNS
    return female, male


@functools.lru_cache(maxsize=1)
def _first_name_shares() -> dict[str, tuple[float, float]]:
    """First name -> (share of US women, share of US men) with it, from the 1990 census lists of the ``names`` package."""
    try:
        from importlib.resources import files

        folder = files("names")
    except ImportError:
        return {}
    shares: dict[str, list[float]] = {}
    for index, file in enumerate(("dist.female.first", "dist.male.first")):
        for line in (folder / file).read_text(encoding="ascii").splitlines():
            fields = line.split()
            if len(fields) >= 2:
                shares.setdefault(fields[0].lower(), [0.0, 0.0])[index] = float(fields[1])
    return {name: (f, m) for name, (f, m) in shares.items()}


def first_name_gender(first: str) -> str | None:
    """``"f"`` or ``"m"`` when US census records give the first name to one sex at least ten times as often, else None.

    Uses the census lists of the ``names`` package (a dependency); without it installed, always None.

    Example:
        >>> first_name_gender("Mary") in ("f", None)
        True
    """
    female, male = _first_name_shares().get(first.lower(), (0.0, 0.0))
    if female > 10 * male:
        return "f"
    if male > 10 * female:
        return "m"
    return None


# Words that make a role another one: "Vice President" is not "the president", "former Gov." not "the governor".
_ROLE_QUALIFIERS = {"vice": "vice", "deputy": "deputy", "assistant": "assistant", "lieutenant": "lieutenant", "former": "former", "ex": "former"}


def _role_qualifier(words: Sequence[str]) -> str | None:
    """The qualifier among the words just before a role noun ("former", "vice"; "ex" reads as "former"), else None."""
    return next((_ROLE_QUALIFIERS[w.lower()] for w in reversed(words) if w.lower() in _ROLE_QUALIFIERS), None)


def _role_holders(noun: str, article: str) -> dict[str | None, list[str]]:
    """People the article gives a role, by the role's qualifier: "Mayor Helena Voss", "Helena Voss, the mayor" ->
    ``{None: ["Helena Voss"]}``; "Vice President Joe Biden" -> ``{"vice": ["Joe Biden"]}``; "former President
    Bill Clinton", "ex-President" -> ``{"former": [...]}``. "The president" is only a holder under ``None``."""
    role, body = re.escape(noun), _body(article)
    name = rf"(?P<name>(?:{_NAME_WORD}[ \t]+){{1,2}}{_NAME_WORD})"
    patterns = [
        rf"\b(?i:{role})[ \t]+{name}\b",
        # "Chuck Schumer of New York, the Democratic leader", "Ann Roe (D-Ohio), the mayor": the holder is before the place
        rf"{name}(?:[ \t]+of[ \t]+{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}}|[ \t]+\([^()\n]{{1,15}}\))?,[ \t]+"
        rf"(?P<description>(?:the|a|an|its|their)\b[^,.;\n]{{0,60}}?)\b{role}\b",
        rf"\b(?i:{role}),[ \t]+{name}\b",  # "senior librarian, Maud Fairley"
    ]
    holders: dict[str | None, list[str]] = {}
    for pattern in patterns:
        for match in re.finditer(pattern, body):
            if "description" in match.groupdict():  # "Ann Roe, the former mayor"
                words = match.group("description").split()
            else:  # "former Mayor Ann Roe", "Vice President Joe Biden", "ex-President": up to three words before
                words = [w for w in re.findall(r"[\w\u2019']+", body[max(0, match.start() - 40) : match.start()]) if len(w) > 1][-3:]
            # Not a time or place before the clause: "In June, the senator called ..."
            found = strip_title(_POSSESSIVE.sub("", _LEADING_PREPOSITION.sub("", _LEADING_WORD.sub("", match.group("name")))))
            if _is_person_name(found) and len(found.split()) > 1:  # not "Ada Brill’s"
                holders.setdefault(_role_qualifier(words), []).append(found)
    return holders


_AGE = re.compile(r"\d{1,3}-year-old")
_KIN = re.compile(rf"^(her|his|their)\s+(?:(younger|elder|older|eldest|youngest|late)\s+)?({'|'.join(RELATIVES)})$", re.I)
_GENERATION = re.compile(r"^the\s+(younger|elder|older|youngest|eldest)\s+(?:(Mr|Mrs|Ms|Miss|Dr)\.?\s+)?([A-Z][\w\u2019'\-]+)$", re.I)


# Where the words naming a document's author end: punctuation, a place or time, a relative clause or the verb.
_AUTHOR_END = r"(?=\s*[,.;:\u2014(]|\s+(?:in|on|at|to|with|after|before|last|this|that|which|who|whose|said|says|say|found|finds|shows|showed|show|warned|warns|concluded|argues|argued|asks|asked|calls|called|accused|accuses|described|describes|recommended|recommends|alleges|alleged|claims|claimed)\b|$)"
_AUTHOR = rf"((?:the |The )?[\w\u2019'\-]+(?:[ \t]+[\w\u2019'.\-]+){{0,7}}?){_AUTHOR_END}"


def _author_in(description: str) -> str | None:
    """The author a document's description names: "published last year by the Institute for ... in Calder" -> the Institute."""
    match = re.search(rf"(?<!commissioned)\s+by\s+{_AUTHOR}", description)
    return match.group(1) if match else None


def _document_author(noun: str, article: str) -> str | None:
    """Who wrote the document the body first mentions with ``noun``: "Judge Achterberg said in a 64-page ruling",
    "In a filing to the exchange, the company said", "a petition filed by Teresa Quint"."""
    body, doc = _body(article), rf"(?:a|an|its|their|the)\s+(?:[\w\-]+\s+){{0,3}}?{noun}\b"
    clause = r"(?:^|(?<=[.!?\u201d\n])\s*|(?<=,\s)|(?<=\u2014\s))"  # where a sentence or clause begins
    said = r"(?:said|says|wrote|writes|argued|argues|warned|warns|found|finds|concluded|concludes)"
    said_in = rf"{clause}([A-Z][^,.;:\n\u201c\u201d\u2014]{{1,80}}?)\s+{said}\s+in\s+{doc}"  # "Judge X said in a ruling"
    in_doc = rf"\bIn\s+{doc}[^.\n]{{0,100}}?,\s+([^,.;:\n\u201c\u201d]{{1,80}}?)\s+{said}\b"  # "In a filing to ..., the company said"
    written_by = rf"\b{noun}\b,?(?:\s+(?:{'|'.join(sorted(DOCUMENT_VERBS))})\b[^,.;\n]{{0,60}}?)?\s+by\s+{_AUTHOR}"  # "a petition filed by X"
    for pattern, flags in ((said_in, 0), (in_doc, 0), (written_by, re.I)):
        match = re.search(pattern, body, flags)
        # Who commissioned a study did not write it ("a study commissioned by the council").
        if match and not (pattern is written_by and re.search(rf"commissioned[^,.;\n]{{0,60}}by\s+{re.escape(match.group(1))}", body)):
            return match.group(1)
    return None


def _named_as_relative(relation: str, article: str) -> list[str]:
    """Names the body gives right after a relation: "her husband, Tomas Ortiz", "his son Piet Brenn"."""
    pattern = rf"\b(?i:her|his|their)[ \t]+(?:\w+[ \t]+)?{relation},?[ \t]+((?:{_NAME_WORD}[ \t]+){{0,2}}{_NAME_WORD})"
    return [strip_title(m.group(1)) for m in re.finditer(pattern, _body(article))]


def _generation(name: str, article: str) -> str | None:
    """"younger" when the body names the person as a child or younger sibling ("his son Piet", "daughter, Freya Lund"),
    "elder" as a parent or older sibling ("His father, Jorge Duarte"), else None."""
    first = re.escape(name.split()[0])
    found = set()
    for match in re.finditer(rf"\b(?:(younger|elder|older)[ \t]+)?(\w+),?[ \t]+{first}\b", _body(article)):
        adjective, noun = (match.group(1) or "").lower(), match.group(2).lower()
        if noun in RELATIVES and adjective in ("younger", "elder", "older"):
            found.add("younger" if adjective == "younger" else "elder")
        elif noun in RELATIVES and RELATIVES[noun][1]:
            found.add(RELATIVES[noun][1])
    return found.pop() if len(found) == 1 else None


# A run of capitalised words, with the title before it when there is one ("Mr. Kessel", "Rosa Marsh", "Carolyn B. Maloney").
_RUN_WORD = rf"(?:[A-Z]\.(?=[ \t])|(?:{_NAME_PREFIX})?[A-Z][\w\u2019'\-]*)"
_NAMED_RUN = re.compile(rf"(?<![\w.\u2019'\-])(?:((?i:mr|ms|mrs|miss|dr|sen|rep|gov|gen)\.?|[a-z]+)[ \t]+)?(?!(?:Mr|Ms|Mrs|Dr|Sen|Rep|Gov|Gen)\.)({_RUN_WORD}(?:{_NAME_GAP}{_RUN_WORD}){{0,4}})")


def _unit_text(unit: dict, article: str) -> str:
    """The unit's words: its ``text``, else the article between its ``start`` and ``end`` offsets, else ""."""
    if unit.get("text"):
        return unit["text"]
    start, end = unit.get("start"), unit.get("end")
    return article[start:end] if isinstance(start, int) and isinstance(end, int) and article else ""


def _names_in_text(text: str) -> list[tuple[str, str | None, bool]]:
    """Capitalised runs that may name a person, in order: (name without titles, the gender a title gives, titled)."""
    found = []
    for match in _NAMED_RUN.finditer(text):
        before, run = (match.group(1) or ""), _LEADING_WORD.sub("", _POSSESSIVE.sub("", match.group(2)))
        run = re.split(r"[\u2019']s\s", run, maxsplit=1)[0]  # "Mrs. Clinton's Iraq war vote" names Clinton
        if not run.split() or run.split()[0].lower() in PREPOSITIONS:
            continue  # "In Louisville" ("In" is a first name in the census)
        title = before.lower().rstrip(".")
        titled = title in TITLE_WORDS or title + "." in TITLE_WORDS
        name = strip_title(run)
        titled = titled or name != run  # "Judge Irena Dalca", "coach Ivo Karsten"
        if _is_person_name(name):
            sex = "f" if title in FEMALE_TITLES else "m" if title in MALE_TITLES else None
            found.append((name, sex, titled))
    return found


def _first_of_two_roles(description: str) -> str:
    """A description that gives one person two roles ("the Vale senator and presidential candidate") cut to the first;
    two people ("the senator and his aides", "the senator and the governor") left whole."""
    return re.split(r"\s+and\s+(?!(?:the|a|an|his|her|their|its|other|some|many)\b)", description, maxsplit=1)[0]


def _group_of_modifier(mention: str, earlier: Sequence[str]) -> str | None:
    """The group an earlier speaker's description names, for a mention that is one of its modifiers alone: a tagger
    that marks only "Western" of "Ukrainian and Western officials" means the officials quoted before. Only for a
    group described by joined capitalised modifiers (its last word a lower-case noun), the latest such speaker:
    "Trump" alone is no "Trump supporters", "Sanders" no "Sanders and his aides"."""
    if " " in mention or not mention[:1].isupper():
        return None
    for speaker in reversed(earlier):
        words = speaker.split()
        modifiers = words[:-1]
        joined = {"and", "or"} & set(modifiers) and all(w in ("and", "or") or w[:1].isupper() for w in modifiers)
        if len(words) > 2 and words[-1].islower() and joined and mention in modifiers:
            return speaker
    return None


# A name that an apposition after it describes: "Ana Ruiz, " of "Ana Ruiz, the head of the union, said".
_NAME_BEFORE_APPOSITION = re.compile(rf"(?<![\w.\u2019'\-])({_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|of|for|the|and|de)){{0,5}}),[ \t]+$")
# Where an apposition ends: a comma, a dash or bracket, a relative clause ("a charity that ...") or the sentence.
_APPOSITION_END = re.compile(r"^\s*(?:[,;:)\u2014\u2013.]|-{1,2}\s|(?:that|who|which|whose)\b|$)")


def _with_apposed_name(mention: str, text: str) -> str:
    """A mention that is only the apposition to a name ("the head of the union" of "Ana Ruiz, the head of the union,
    said") with that name before it, as the unit writes them; any other mention as it is. Not a place or time that
    opens the clause ("In Dunmere, the council said", "On Tuesday, the council, which ...")."""
    at = text.find(mention) if text and mention else -1
    if at <= 0 or not re.match(r"^(?:the|a|an)\s", mention, re.I) or not _APPOSITION_END.match(text[at + len(mention) :]):
        return mention
    before = _NAME_BEFORE_APPOSITION.search(text[:at])
    if not before:
        return mention
    words = _LEADING_WORD.sub("", before.group(1)).split()
    opener = text[: before.start(1)].split()[-1:]
    not_a_name = PREPOSITIONS | SENTENCE_ADVERBS | WEEKDAYS | MONTHS
    if not words or words[0].lower() in not_a_name or (opener and opener[0].lower() in not_a_name):
        return mention
    return text[before.start(1) : at + len(mention)]


# Bodies given as examples of a group just before a mention: "companies like Sorrel and ", "firms such as ".
_EXAMPLES_BEFORE = re.compile(
    rf"\b(?P<noun>[a-z]+s),?[ \t]+(?:like|such[ \t]+as|including)[ \t]+"
    rf"(?:{_NAME_WORD}(?:[ \t]+{_NAME_WORD})*(?:,[ \t]+(?:(?:and|or)[ \t]+)?|[ \t]+(?:and|or)[ \t]+))*$"
)
_BODY_NOUNS = ORG_WORDS | frozenset(BODY_KINDS)


def _exemplified_group(mention: str, text: str) -> str | None:
    """The group a mention only names an example of: "upstart airlines" for "Kestrel Air" in "upstart airlines like
    Sorrel and Kestrel Air have shown ...". News lists members of a group after "like", "such as" or "including",
    and the data card leaves such a list out of the mention: the group is the source, with the words that describe it
    ("upstart"). Only a group of bodies ("companies", "networks"): "candidates like Ana Ruiz" keeps the person, as
    PolNeAR does. None for any other mention."""
    at = text.find(mention) if text and mention[:1].isupper() else -1
    examples = _EXAMPLES_BEFORE.search(text[:at]) if at > 0 else None
    if not examples:
        return None
    listed = examples.group(0)[examples.end("noun") - examples.start() :]
    if re.search(r",[ \t]+$", listed) and re.search(r"[ \t](?:and|or)[ \t]", listed):
        return None  # "carriers such as Ames and Bryn, Cole said": the list ended before the mention
    noun = examples.group("noun")
    singular = noun[:-3] + "y" if noun.endswith("ies") else noun[:-1]  # "companies", "networks"
    if not {noun, singular} & _BODY_NOUNS:
        return None
    words = text[: examples.start("noun")].split()
    modifiers = []
    while words and len(modifiers) < 2 and re.fullmatch(r"[a-z][\w\-]*", words[-1]) and words[-1] not in MENTION_TRAILING_NON_NAME | AUXILIARIES:
        modifiers.insert(0, words.pop())
    the = ["the"] if words and words[-1].lower() == "the" else []  # "the rival networks, including ..."
    return " ".join([*the, *modifiers, noun])


def _names_nobody(pronoun: str, text: str) -> bool:
    """Whether a pronoun mention (lower case) means nobody in particular: "you", "someone", or the "they" of a
    saying ("as they say in the theatre"), which would otherwise go to the group quoted last."""
    return pronoun in OTHER_PRONOUNS or (pronoun == "they" and re.search(r"\b[Aa]s\s+they\s+say\b", text) is not None)


# A quotation that asks something: “Will Governor Hale veto it?”
_QUOTED_QUESTION = re.compile(r"[\u201c\"](?P<words>[^\u201c\u201d\"]*\?)[ \t]*(?:[\u201d\"]|$)")
# What a question asks after "asked" / "pressed", up to the end of its clause; the one asked ("asked Ana Ruiz about
# it") is before it. A full stop ends the clause, not the one of a title or an initial ("if Gov. Hale would").
_ASKED_ABOUT = re.compile(
    r"\b(?:[Aa]sk(?:s|ed|ing)?|[Pp]ressed)\b(?:[ \t]+[^\s,;:?!\u201c\u201d\"]+){0,4}?[ \t]+"
    r"(?P<words>(?:whether|if|about|how|why|what|when|where|who|whom|whose|which)\b.*?)"
    r"(?=[,;:?!\u201c\u201d\"]|(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bDr)(?<!\bGov)(?<!\bSen)(?<!\bRep)(?<!\bGen)(?<![A-Z])\.(?:\s|$)|$)"
)


def _outside_questions(text: str) -> str:
    """``text`` with the words of a question blanked out, offsets kept: a quoted question ("A reporter asked, “Will
    Governor Hale veto it?”") and what is asked after "asked" ("Asked whether Hale would veto it, he said ..."). A
    person named there is what the question is about, not the one who answers, so no later pronoun's antecedent. A
    name alone at either end of a quoted question is the one asked and stays ("Mr. Hale, will you run?"), as does
    the one asked after "asked" ("asked Ana Ruiz about it").

    Args:
        text: A unit's words.

    Returns:
        ``text`` of the same length, the question's words replaced by spaces.
    """
    chars = list(text)
    for match in _QUOTED_QUESTION.finditer(text):
        start, end = match.span("words")
        parts = match.group("words").split(",")
        # A vocative is a comma part in capitals alone ("Mr. Hale", "Senator Ana Ruiz"); "If Hale wins" is none.
        if len(parts) > 1 and not any(w[:1].islower() for w in parts[0].split()):
            start += len(parts[0]) + 1
        if len(parts) > 1 and not any(w[:1].islower() for w in parts[-1].rstrip("?").split()):
            end -= len(parts[-1])
        chars[start:end] = " " * max(0, end - start)
    for match in _ASKED_ABOUT.finditer(text):
        start, end = match.span("words")
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _source_words(mention: str, text: str) -> str:
    """The words of the unit that name the source, where a tagger marked only part of them: the group an example
    belongs to ("companies like Sorrel"), or the name an apposition describes ("Ana Ruiz, the head of the union")."""
    return _exemplified_group(mention, text) or _with_apposed_name(mention, text)


# Quotation marks: curly, straight, and the doubled apostrophes some wires use ('' ... '').
_QUOTE_MARK = re.compile(r"[\u201c\u201d\"]|''")
# A closing mark straight before a word opens a quotation too: some sites type "\u201dMr. Hale is ..." for "\u201cMr. Hale is ...".
_OPENING_QUOTE = re.compile(r"^\s*(?:[\u201c\"]|''|\u201d(?=\w))")
_CLOSING_QUOTE = re.compile(r"[\u201d\"]|''")
# A sentence that gives the one before it to its source: "That's according to ...", "That was how ... put it".
_BACK_REFERENCE = re.compile(r"^(?:(?:That|This)(?:[\u2019']s|\s+(?:is|was))\s+(?:according\s+to|how|what)|So\s+said)\s", re.I)
# After the source, an attribution with no words of its own: "said.", "tweeted on Friday.", "said so last week.",
# ", a retired judge, said of the visit.", "told reporters in Dunmere."; a clause ("said that ...", "said in a
# statement the plan would fail") is a claim of its own.
_TIME = rf"(?:on\s+)?(?:{'|'.join(sorted(WEEKDAYS | TIME_ADVERBS))})|(?:last|this|earlier\s+this)\s+\w+"
_ATTRIBUTION_ONLY = re.compile(
    rf"^(?:\s*,[^,]{{1,80}})?,?\s+(?:{ATTRIBUTION_TAIL_VERBS}|tweeted|posted|told\s+\w+)(?:\s+(?:so|it))?(?:\s+(?:{_TIME}))?"
    r"(?:\s+of\s+(?![^.]*\bthat\b)[^\u201c\u201d\":;]+|\s+(?:to|in|at|on|during|after|before|about|with)(?:\s+[^\s\u201c\u201d\":;]+){1,6})?"
    rf"(?:\s+(?:{_TIME}))?\s*[.!]?\s*$",
    re.I,
)


def _is_open_quote(text: str) -> bool:
    """Whether a unit opens a quotation it does not close ("\u201cWe will never allow it. ...")."""
    return bool(_OPENING_QUOTE.match(text)) and len(_QUOTE_MARK.findall(text)) % 2 == 1


def _closes_quote_before(text: str, mention: str) -> bool:
    """Whether a unit goes on with a quotation left open and closes it before naming its source:
    "... allow it,\u201d said Ana Ruiz."."""
    at = text.find(mention)
    return at > 0 and not _OPENING_QUOTE.match(text) and bool(_CLOSING_QUOTE.search(text[:at]))


def _names_source_of_previous(text: str, mention: str, after_quote: bool) -> bool:
    """Whether a unit exists to name the source of the unit before it: "That's according to Ana Ruiz ...";
    after a quotation, a sentence that is nothing but the source and a verb of saying ("Ana Ruiz said on Friday.",
    "Ana Ruiz, Westholm Trust.")."""
    text = text.strip()
    if _BACK_REFERENCE.match(text):
        return mention in text
    if not after_quote or not text.startswith(mention):
        return False
    rest = text[len(mention) :]
    return not rest.strip(" .") or bool(_ATTRIBUTION_ONLY.match(rest)) or _signed_name(text) is not None


def _signed_name(text: str) -> str | None:
    """The name of a line that is nothing but a name, after a quotation: "Ana Ruiz, Westholm Trust.", "Former
    union leader Ana Ruiz." -> "Ana Ruiz"; None for a sentence, a subhead or a credit line ("Contributing: ...")."""
    head, _, affiliation = text.strip().rstrip(".").partition(",")
    name = strip_title(head.strip())
    titles = head.split()[: -len(name.split()) or None] if name != head.strip() else []
    return name if (
        len(name.split()) >= 2 and _is_person_name(name) and len(head.split()) <= 8 and ":" not in head
        and name.split()[0].lower() in _first_name_shares()  # not a subhead ("TALKS COLLAPSE", "Happy New Year")
        and all(w[:1].isupper() or w.lower() in TITLE_WORDS for w in titles)
        and all(w[:1].isupper() or w in _NAME_JOINERS for w in affiliation.split())
    ) else None


def _runs_on(unit: dict, text: str) -> bool:
    """Whether a unit can be the middle of a quotation left open: a claim with no mention and no quotation mark."""
    return bool(unit.get("claim")) and not (unit.get("mention") or "").strip() and not _QUOTE_MARK.search(text)


# A transcript's speaker label opens its paragraph: "WALLACE: Let's start ...", "\u201cKATE BOLDUAN: ...".
_SPEAKER_LABEL = re.compile(r"(?m)^[\"\u201c\u2018']?[ \t]*([A-Z][A-Z.'\u2019\-]*[A-Z](?:[ \t]+[A-Z][A-Z.'\u2019\-]*[A-Z]){0,3}):[ \t]")


def transcript_turns(article: str) -> list[tuple[int, int, str]]:
    """The turns of a transcript the article quotes: paragraphs that open with a speaker's label in capitals.

    A label is a speaker's when its last word opens two or more paragraphs (turn-taking) or is the
    surname of a person the article's body names; a lone "CORRECTION:" or "UPDATE:" opens no turn.

    Args:
        article: The article's text; paragraphs end at a line break.

    Returns:
        ``(start, end, name)`` per turn, in order: the paragraph's offsets and the label in title
        case ("Wallace", "Kate Bolduan").

    Example:
        >>> transcript_turns("Pence on Fox.\\nMike Pence spoke to Chris Wallace.\\nWALLACE: Why?\\nPENCE: Because.\\nCORRECTION: Sunday.")
        [(49, 62, 'Wallace'), (63, 78, 'Pence')]
    """
    labels = [(m.start(), m.group(1)) for m in _SPEAKER_LABEL.finditer(article)]
    turns_of = Counter(label.split()[-1] for _, label in labels)
    turns = []
    for start, label in labels:
        surname = label.split()[-1]
        if turns_of[surname] < 2 and not _fuller_names(surname.title(), article):
            continue
        end = article.find("\n", start)
        turns.append((start, len(article) if end < 0 else end, label.title()))
    return turns


def _unit_offsets(units: Sequence[dict], article: str) -> list[int | None]:
    """Each unit's start in the article: its ``start``, else where its text is found after the unit before."""
    offsets, at = [], 0
    for unit in units:
        start = unit.get("start")
        if not isinstance(start, int):
            text = unit.get("text") or ""
            start = article.find(text, at) if text else -1
            start = None if start < 0 else start
        offsets.append(start)
        at = start if start is not None else at
    return offsets


def _speakers_named_after(units: Sequence[dict], speakers: list[str | None], article: str, full_name) -> list[str | None]:
    """Claims with no mention whose source the next unit names: a quotation closed in the next unit before its
    source ("\u201cWe will never allow it. / It is ours,\u201d said Ana Ruiz."), or followed by a unit that only
    attributes it ("Ana Ruiz said so on Friday.", "That was how Ana Ruiz put it.", "Ana Ruiz, Westholm Trust.").
    A claim with no mention otherwise continues the one before it; news names a source after its words only in
    these shapes. ``full_name`` gives a name's fullest form in the article."""
    speakers = list(speakers)
    texts = [_unit_text(u, article) for u in units]
    for i in range(len(units) - 2, -1, -1):
        if not units[i].get("claim") or (units[i].get("mention") or "").strip():
            continue
        j = i + 1
        # A quotation left open runs on through claims with no mention and no quotation mark.
        while _is_open_quote(texts[i]) and j < len(units) - 1 and _runs_on(units[j], texts[j]):
            j += 1
        mention = (units[j].get("mention") or "").strip()
        after_quote = bool(_OPENING_QUOTE.match(texts[i]))
        if not mention or not units[j].get("claim"):
            signed = _signed_name(texts[j]) if j == i + 1 and after_quote else None
            if signed:
                speakers[i] = full_name(signed)
                speakers[j] = speakers[i] if units[j].get("claim") else None
            continue
        if speakers[j] in (None, UNKNOWN_SPEAKER):
            continue
        continued = _is_open_quote(texts[i]) and _closes_quote_before(texts[j], mention)
        attributed = j == i + 1 and _names_source_of_previous(texts[j], mention, after_quote)
        if continued or attributed:
            speakers[i:j] = [speakers[j]] * (j - i)
    return speakers


def resolve_speakers(units: Sequence[dict], article: str = "") -> list[str | None]:
    """Give every claim unit its speaker.

    Args:
        units: Dicts in article order with ``claim`` (bool) and ``mention`` (str or None), and
            optionally the unit's ``text`` (or its ``start`` and ``end`` offsets in ``article``).
            With it, a person the article names in a unit that is no claim ("Mr. Kessel, 58, did
            not testify.") can be a later pronoun's antecedent when the pronoun's gender is theirs.
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
    # A tagger may mark only part of the source's words: an example of the group, or the apposition to a name.
    units = [dict(u, mention=_source_words(u["mention"], _unit_text(u, article))) if u.get("claim") and u.get("mention") else u for u in units]
    names = [canonical_name(u["mention"]) if u.get("claim") and u.get("mention") else None for u in units]
    # Each search of the article is done once per word, not once per claim: on a long
    # article (thousands of claims) searching again for every claim takes minutes.
    searched: dict[tuple, object] = {}

    def once(function, word: str, *more):
        if (function, word, *more) not in searched:
            searched[(function, word, *more)] = function(word, *more, article)
        return searched[(function, word, *more)]

    body = _body(article)
    headline = article.split("\n", 1)[0].strip()
    # Every person-like name seen, to expand a surname to the fullest form in the article.
    known_people = [n for n in names if n and _is_person_name(n)]

    def fullest(name: str, earlier: list[str], raw_title: str = "") -> str:
        words = name.split()
        if not words:  # a mention that was all brackets or punctuation ("(R-Texas)")
            return name
        if words[0] == "the" and 2 <= len(words) <= 4 and all(w.islower() for w in words[1:]):
            return _role_noun_body(" ".join(words[1:]), earlier) or name  # "the board", "the health board"
        if words[0] == "the" and len(words) >= 2 and all(w[:1].isupper() for w in words[1:]):
            longer = once(_first_body_name, " ".join(words[1:])) if article else None  # "the Courier": "the Westholm Courier"
            return longer or name
        # A surname that is also a title word ("Mr. King", "Dean"), when the article gives someone that surname ("Larry King").
        title_surname = len(words) <= 2 and words[-1].lower() in TITLE_WORDS and bool(article) and bool(once(_fuller_names, words[-1]))
        if title_surname and len(words) == 2 and words[0].lower() in FEMALE_TITLES | MALE_TITLES | {"dr.", "dr"}:
            raw_title, name, words = words[0].lower(), words[1], words[1:]
        if not (title_surname and len(words) == 1) and not _is_person_name(name):
            return _headline_body(name) or name
        surname = words[-1]
        candidates = {n for n in known_people if n.split()[-1] == surname}
        candidates |= set(once(_fuller_names, surname)) if article else set()
        # Particles may be capitalised at a sentence's start: "De Blasio" is "Bill de Blasio".
        fuller = [c for c in candidates if {w.lower() for w in words} <= {w.lower() for w in c.split()} and c != name]
        title_gender = "f" if raw_title in FEMALE_TITLES else "m" if raw_title in MALE_TITLES else None
        if title_gender:  # "Mr. Trump" is not Melania Trump
            fuller = [c for c in fuller if once(gender, c) in (None, title_gender)] or fuller
        earlier_fuller = [x for x in reversed(earlier) if x in fuller]
        if len({normalize_speaker(c) for c in fuller}) > 1:
            # Two people share the surname: a titled surname ("Mr. Halden") is the one the article introduced with
            # the title; else the one it names most, headline included; among equals, the one quoted last, then the one named first
            # (news names a relative later, "Melania Trump" after "Donald Trump"), then the longest name.
            if title_gender and article:
                introduced = once(_introduced_by_title, "mr." if title_gender == "m" else "ms.", surname, tuple(sorted(fuller)))
                if introduced:
                    return introduced
            # A person is named most under all their forms ("Donald J. Trump", "Donald Trump") and by the surname
            # alone where it can only mean them: news names its subject in full once, then by surname.
            full_counts: Counter = Counter()
            for c in candidates:  # the headline counts too: it names whom the article is about
                full_counts[normalize_speaker(c)] += body.count(c) + headline.count(c)
            people_sharing = tuple(sorted(c for c in candidates if len(c.split()) > 1))
            surname_only = once(_surname_only_mentions, surname, people_sharing) if article else Counter()
            counts = {c: full_counts[normalize_speaker(c)] + surname_only[normalize_speaker(c)] for c in fuller}
            first_named = {c: body.find(c) if c in body else len(body) for c in fuller}
            recency = {x: len(earlier_fuller) - i for i, x in enumerate(earlier_fuller)}
            return max(fuller, key=lambda c: (counts[c], recency.get(c, 0), -first_named[c], len(c.split()), len(c)))
        if earlier_fuller:  # the same person already quoted, in the form quoted
            return earlier_fuller[0]
        others = candidates - {name}
        if not fuller and len(others) == 1 and name not in body:
            # "Sprinter Dunmore" only in the headline, one Dunmore in the article
            fuller = [c for c in others if len(c.split()) >= len(words)]
        if not fuller and not others and len(words) == 1:  # "Greywell" for "Greywell Construction"
            fuller = [x for x in earlier if x.split()[0] == surname] + once(_longer_names, surname)
        return max(fuller, key=lambda c: (len(c.split()), len(c)), default=name)

    def listed_people(mention: str, earlier: list[str]) -> str | None:
        """Two or more people named together, each as the article names them most fully ("Bolton and Gorka" ->
        "John Bolton and Sebastian Gorka"); None unless each is surely a person, by the mention or by a fuller name
        in the article ("Harvard and Yale", "Nevada and South Carolina" are no people)."""
        together = _joined_people(mention)
        full = [fullest(name, earlier, title) for name, title, _ in together]
        if not together or not all(sure or longer != name for (name, _, sure), longer in zip(together, full)):
            return None
        return _list_names(full)

    def _headline_body(name: str) -> str | None:
        """A headline's short form of a body the article names in full: "Food Agency" -> "the Food Safety Agency"."""
        words = _LEADING_ARTICLE.sub("", name).split()
        if not article or not words or words[-1].lower() not in ORG_WORDS or not _is_body(name) or " ".join(words) in body:
            return None
        # Longer names with the same last word and all but one of the other words ("Ferry Contract Inquiry": "Skerra Ferry Inquiry").
        longer = [n for n in once(_names_ending, words[-1]) if len(n.split()) > 1 and len({w.lower() for w in words} - {w.lower() for w in n.split()}) <= (len(words) > 2) and n.split() != words]
        if len(words) == 1 and len(set(longer)) != 1:  # "Union": only when the article names one union
            return None
        return f"the {longer[0]}" if longer else None

    def _role_noun_body(noun: str, earlier: list[str]) -> str | None:
        """The body a role noun stands for: a name that ends in it ("the health board"), else one of its kind ("the airline")."""
        if noun.split()[-1] in DOCUMENT_NOUNS:  # "the 212-page report" is "the report"
            noun = noun.split()[-1]
        if noun not in DOCUMENT_NOUNS and article and noun.split()[-1] not in TITLE_WORDS | set(PERSON_ROLE_NOUNS) | ANONYMOUS_NOUNS:
            # "RT, the state-financed network," earlier in the article: "the network" is RT, the one named last.
            linked = once(_appositive_names, noun.split()[-1])
            if linked:
                return linked[-1]
        named = None if noun in DOCUMENT_NOUNS else _named_body(noun, earlier, article, once) or (once(_of_name, noun) if article and " " not in noun else None)
        if named:
            return named
        if " " in noun:  # "the conservative-leaning newspaper" is "the newspaper"; "the health board" is no kind
            if noun.split()[-1] not in BODY_KINDS:
                return None
            noun = noun.split()[-1]
        # Only a generic noun for a body stands for a one-word name: not a document ("the report" after "WikiLeaks
        # said") nor a body of its own kind ("the panel" is no country named before it).
        one_word = bool(article) and noun in ONE_WORD_BODY_NOUNS
        bodies = [x for x in reversed(earlier) if _is_body(x) or (one_word and _is_one_word_body(x, article))]
        kinds = BODY_KINDS.get(noun)
        if kinds:
            fitting = [x for x in bodies if x.split()[-1].lower() in kinds]
            fitting = fitting or (once(_kind_names, noun) if article else [])
            fitting = fitting or [x for x in bodies if x.split()[-1].lower() not in NOT_A_COMPANY]
            return fitting[0] if fitting else None
        # "the report" with no author named for it yet: the body quoted last, most often its author.
        return bodies[0] if noun in ORG_WORDS and bodies else None

    def _document(mention: str, earlier: list[str]) -> str | None:
        """A document as the source: the body that wrote it, when the mention or the article says ("the inspectorate's
        report", "its filing", "an audit by the National Audit Office", "the petition" after "a petition filed by Teresa
        Quint"); else the document itself ("the study" for "a study published Tuesday in ...")."""
        match = _DOCUMENT.match(mention)
        described = _DESCRIBED_DOCUMENT.match(mention)
        if not match and (not described or re.search(r"\bfrom\b", described.group(2))):
            return None  # "A release from the union", "a memo from the governor, Simon Pryce": canonical_name's issuer
        owner, noun = (match.group(1), match.group(2).lower()) if match else ("a", described.group(1).lower())
        if owner.lower() in ("its", "their"):
            author = last_group
        elif owner.lower() in ("the", "a", "an"):
            in_mention = _author_in(described.group(2)) if described else None
            if in_mention is None and described and "commissioned" in described.group(2):
                return None  # "a study commissioned by the council" is the study, not the council's
            written = in_mention or document_authors.get(noun) or (once(_document_author, noun) if article else None)
            author = _resolve_author(written, earlier) if written else None
            if not author and not match:  # not the bare "the report", which falls back to the body quoted last
                author = _named_document(mention, described) or f"the {noun}"
        else:
            author = fullest(canonical_name(_POSSESSIVE.sub("", owner)), earlier)
        if author:
            document_authors[noun] = author
        return author

    def _resolve_author(words: str, earlier: list[str]) -> str | None:
        if words.lower() in PERSON_PRONOUNS | GROUP_PRONOUNS:
            return None  # "She has filed a complaint": who she is needs the text's order
        return _by_role(words, earlier, once) or fullest(canonical_name(words), earlier)

    def _by_role(mention: str, earlier: list[str], once) -> str | None:
        """"the person" / "one of them": the latest anonymous source; "the mayor" / "Port Ardent Mayor": the person with that role."""
        words = _LEADING_ARTICLE.sub("", mention).split()
        lowered = [w.lower() for w in words]
        if lowered[:1] == ["same"]:
            lowered = lowered[1:]
        if mention.lower().startswith(("the ", "one of them", "both ")) and lowered and lowered[-1] in ANONYMOUS_NOUNS | {"them"}:
            return next((x for x in reversed(earlier) if _INDEFINITE.match(x)), None)
        # "the mayor", or a headline's "Port Ardent Mayor": title words and place names, no name.
        # A capitalised pronoun only opens the sentence: "His lawyer" is someone's lawyer, no place's.
        if (
            "," not in mention and len(words) <= 4 and lowered and lowered[-1] in TITLE_WORDS
            and lowered[0] not in PERSON_PRONOUNS | GROUP_PRONOUNS
            and all(w.lower() in TITLE_WORDS or not w.islower() for w in words)
            and not _is_person_name(canonical_name(mention))
        ):
            holders = once(_role_holders, lowered[-1]).get(_role_qualifier(lowered[:-1]), []) if article else []
            if holders:
                return next((x for x in reversed(earlier) if x in holders), holders[0])
        return _described_person(mention, earlier)

    def _described_person(mention: str, earlier: list[str]) -> str | None:
        """"the presumptive Republican nominee", "the two-term president", "the former secretary of State": the person
        the article gives that role, quoted latest, else named most; with none, the person named latest whose gender
        fits. None for anything else, or when nobody fits."""
        head = re.split(r"\s+(?:of|from)\s+", mention, maxsplit=1)[0]  # "the former secretary of State"
        head = _first_of_two_roles(head)
        words = head.split()
        if _is_bare_role_from(head, mention):  # a subhead's "Senator from Tarvik" has no "the"
            words = ["the", *words]
        if len(words) < 2 or words[0].lower() != "the" or "," in mention or len(words) > 6:
            return None
        if len(words) > 2 and all(w[:1].isupper() for w in words[1:]):
            return None  # a name: "the New Hampshire Union Leader"
        noun = words[-1].lower()
        modifiers = {w.lower() for w in words[1:-1]}
        aged = _AGE.fullmatch(noun)  # "the 46-year-old"
        if (noun not in PERSON_ROLE_NOUNS and not aged) or modifiers & (PREPOSITIONS | DETERMINERS):
            return None
        wanted = PERSON_ROLE_NOUNS.get(noun)
        # Everyone named so far, quoted or not, latest first: news describes the person it has just named.
        people_earlier = [x for x, sex, _ in reversed(named) if wanted is None or (gender_of(x) or sex) in (None, wanted)]
        holders, others = [], []
        qualifier = _role_qualifier(words[1:-1])
        if article:
            for role in (noun, *ROLE_ABBREVIATIONS.get(noun, ())):
                for holder_qualifier, names in once(_role_holders, role).items():
                    (holders if holder_qualifier == qualifier else others).extend(names)
        surnames = {h.split()[-1] for h in holders}
        # The vice president is not "the president" either when nobody holds the role itself.
        other_surnames = {h.split()[-1] for h in others} - surnames
        people_earlier = [x for x in people_earlier if x.split()[-1] not in other_surnames]
        quoted = [x for x in people_earlier if x.split()[-1] in surnames]
        if quoted:
            return quoted[0]
        if holders:
            return fullest(max(holders, key=lambda h: body.count(h.split()[-1])), earlier)
        # Nobody named yet: the lede describes the person its headline names ("Hale's plan ..." / "the senator said").
        people_earlier = people_earlier or (headline_people(wanted) if article else [])
        return people_earlier[0] if people_earlier else None

    def _family(surname: str) -> list[str]:
        named = [n for n in known_people if n.split()[-1] == surname] + (once(_fuller_names, surname) if article else [])
        return list(dict.fromkeys(n for n in named if len(n.split()) > 1))  # not the bare "Lund" of "the elder Lund"

    def _relative(mention: str) -> str | None:
        """"Her father" / "His younger brother": the relative of the person last quoted as "her"/"his"; "the younger
        Brenn" / "the elder Mr. Duarte": the one of that family the article names as a son or daughter / a parent."""
        kin = _KIN.match(mention)
        if kin:
            owner_gender = "f" if kin.group(1).lower() == "her" else "m" if kin.group(1).lower() == "his" else None
            sex, _ = RELATIVES[kin.group(3).lower()]
            owner = next((x for x in reversed(people) if owner_gender is None or gender_of(x) in (None, owner_gender)), None)
            if not owner:
                return None
            named = [n for n in once(_named_as_relative, kin.group(3).lower()) if n != owner]
            family = [n for n in _family(owner.split()[-1]) if n != owner and (sex is None or gender_of(n) in (None, sex))]
            fitting = [n for n in named if n in family] or (named if len(set(named)) == 1 else []) or family
            return fitting[0] if len(set(fitting)) == 1 else None
        generation = _GENERATION.match(mention)
        if not generation:
            return None
        wanted = "younger" if generation.group(1).lower() in ("younger", "youngest") else "elder"
        title = (generation.group(2) or "").lower().rstrip(".")
        sex = "f" if title in FEMALE_TITLES else "m" if title in MALE_TITLES else None
        family = [n for n in _family(generation.group(3)) if sex is None or gender_of(n) in (None, sex)]
        marked = {n: once(_generation, n) for n in family}
        fitting = [n for n in family if marked[n] == wanted]
        if not fitting and len(family) == 2:
            fitting = [n for n in family if marked[n] is None and any(marked[o] not in (None, wanted) for o in family)]
        return fitting[0] if len(fitting) == 1 else None

    pronoun_gender: dict[str, str] = {}  # people the article gives no gender, by the pronoun that was resolved to them

    def gender_of(person: str) -> str | None:
        return once(gender, person) or pronoun_gender.get(person)

    def named_people(text: str, earlier: list[str]) -> list[tuple[str, str | None]]:
        """People a unit's text names, as the article names them most fully, with the gender a title gives: a titled
        name ("Mr. Kessel", "Judge Irena Dalca"), a first and last name the census knows ("Rosa Marsh"), or a person
        the article quotes ("Varn" for "Anja Varn")."""
        people_found = []
        for raw, sex, titled in _names_in_text(text):
            words = raw.split()
            quoted = [p for p in known_people if set(words) <= set(p.split())]
            if not (titled or quoted or (len(words) > 1 and first_name_gender(words[0]))):
                continue
            # The bare surname, quoted as such elsewhere ("Lund"), is no second person beside "Peter Lund".
            others = {normalize_speaker(n) for n in quoted + once(_fuller_names, raw) if n != raw} if len(words) == 1 and article else set()
            if not sex and len(others) > 1:
                continue  # "Clinton" when the article names Hillary and Bill Clinton ("Mrs. Clinton" says which)
            people_found.append((fullest(raw, earlier, "mr." if sex == "m" else "ms." if sex == "f" else ""), sex))
        return people_found

    def headline_people(wanted: str | None) -> list[str]:
        """People the headline names, as the body names them in full, whose gender is not other than ``wanted`` (any for None)."""
        found = []
        for raw, sex, _ in _names_in_text(headline):
            full = {normalize_speaker(n): n for n in once(_fuller_names, raw) if " " in n} if len(raw.split()) == 1 else {}
            person = next(iter(full.values())) if len(full) == 1 else raw if len(raw.split()) > 1 and raw in body else None
            if person and (wanted is None or (gender_of(person) or sex) in (None, wanted)):
                found.append(fullest(person, [x for x in speakers if x]))
        return found

    def pronoun_person(pronoun: str, text: str = "") -> str | None:
        """The person a pronoun ("he", "her") means: the latest one named whose gender fits, else the latest quoted."""
        wanted = "f" if pronoun in FEMALE_PRONOUNS else "m" if pronoun in MALE_PRONOUNS else None
        fitting = [
            x for x, sex, quoted in reversed(named)
            if (wanted is None and quoted) or (wanted and (gender_of(x) or sex) == wanted) or (quoted and gender_of(x) is None)
        ]
        if text:
            # The person the pronoun's own sentence names before it, outside a quotation, comes before anyone named
            # earlier ("When a reporter asked Ana Ruiz about it, she laughed"; "Deja Stewart, who ..., when she called").
            # Nor in what a question asks: "Asked whether Hale would run, he said" is not Hale.
            unasked = _outside_questions(text)
            unquoted = re.sub(r"[\u201c\"][^\u201d\"]*(?:[\u201d\"]|$)|''.*?(?:''|$)", lambda m: " " * len(m.group(0)), unasked)
            at = re.search(rf"\b{re.escape(pronoun)}\b", unquoted, re.I)
            found = [
                (fullest(raw, [x for x in speakers if x]), sex) for raw, sex, titled in _names_in_text(unquoted[: at.start()] if at else "")
                if titled or (len(raw.split()) > 1 and raw.split()[0].lower() in _first_name_shares())
            ]
            fitting = [x for x, sex in reversed(found) if wanted is None or (gender_of(x) or sex) in (None, wanted)] or fitting
        person = (fitting[0] if fitting else None) or last_person or last_speaker
        if wanted and person and gender_of(person) not in (None, wanted) and article:
            # "he" is no one the article calls "she": the person the headline names whose gender fits, when there is one.
            person = next(iter(headline_people(wanted)), person)
        if wanted and person and gender_of(person) is None:
            pronoun_gender[person] = wanted  # "Lenz ... he said": a later "she" is not Lenz
        return person

    # A transcript turn is its label's speaker's throughout, whatever the tagger found in it ("But this is America,
    # Chris." is Pence answering Chris Wallace).
    turns = transcript_turns(article) if article else []
    known_people.extend(label for _, _, label in turns if len(label.split()) > 1)  # "BOLDUAN" after "KATE BOLDUAN"
    turn_of = [
        next((k for k, (start, end, _) in enumerate(turns) if start <= offset < end), None) if offset is not None else None
        for offset in (_unit_offsets(units, article) if turns else [None] * len(units))
    ]
    turn_speakers: dict[int, str] = {}

    speakers: list[str | None] = []
    people: list[str] = []
    # Every person named so far, speaker or not, latest last, with the gender a title gave ("Mr. Kessel, 58, did not
    # testify." names a man a later "he said" can be); a person only named is a pronoun's antecedent when the
    # pronoun's gender is theirs.
    named: list[tuple[str, str | None, bool]] = []
    document_authors: dict[str, str] = {}  # "report" -> the body whose report it is, once the article says
    last_speaker = last_person = last_group = None
    for unit, name, turn in zip(units, names, turn_of):
        if not unit.get("claim"):
            speakers.append(None)
            text = _unit_text(unit, article)
            if text and text.strip() not in headline:  # a title-case headline passes every word for a name
                # The subject of a sentence comes first, and a pronoun that follows most likely means it.
                # A person named in a question is what it asks about, not who answers: "A reporter asked, “Will
                # Hale run?”" makes Hale no later pronoun's antecedent.
                named.extend((p, sex, False) for p, sex in reversed(named_people(_outside_questions(text), [x for x in speakers if x])))
            continue
        mention = (unit.get("mention") or "").strip().lower()
        if turn is not None:
            if turn not in turn_speakers:
                turn_speakers[turn] = fullest(turns[turn][2], [x for x in speakers if x])
            speaker = turn_speakers[turn]
        elif not mention:
            speaker = last_speaker
        elif _names_nobody(mention, _unit_text(unit, article)):
            speaker = None
        elif mention in PERSON_PRONOUNS:
            speaker = pronoun_person(mention, _unit_text(unit, article))
        elif _CAMPAIGN.match(mention):
            # "her campaign" is the campaign of the person "her" means, as the article names it ("the Ada Brill
            # presidential campaign") when a speaker already was, else "the Brill campaign".
            owner = pronoun_person(_CAMPAIGN.match(mention).group(1))
            surname = owner.split()[-1] if owner and _is_person_name(owner) else None
            named_campaign = [x for x in speakers if x and surname and x.endswith("campaign") and surname in x.split()]
            speaker = named_campaign[-1] if named_campaign else f"the {surname} campaign" if surname else name
        elif mention in GROUP_PRONOUNS:
            speaker = last_group or last_speaker
        else:
            earlier = [x for x in speakers if x]
            speaker = (
                listed_people(unit["mention"].strip(), earlier)
                or _document(unit["mention"].strip(), earlier)
                or _relative(unit["mention"].split(",")[0].strip())  # "The elder Lund, a retired captain"
                or _by_role(unit["mention"].strip(), earlier, once)
                or (fullest(handle_owner, earlier) if (handle_owner := once(_handle_owner, unit["mention"].strip())) else None)
                or _group_of_modifier(unit["mention"].strip(), earlier)
                or (_described_group(name, earlier) if article and once(_is_plural_group, name) else None)
                or fullest(name, earlier, mention.split()[0])
            )
        speaker = speaker or UNKNOWN_SPEAKER
        speakers.append(speaker)
        if speaker != UNKNOWN_SPEAKER:
            last_speaker = speaker
            if _is_person_name(speaker) and not (article and once(_is_plural_group, speaker)):
                last_person = speaker
                people.append(speaker)
                named.append((speaker, None, True))
            else:
                last_group = speaker
    speakers = _speakers_named_after(units, speakers, article, lambda name: fullest(name, [x for x in speakers if x]))
    speakers = [turn_speakers[turn] if turn is not None and speaker else speaker for speaker, turn in zip(speakers, turn_of)]
    if not article:
        return speakers
    forms = {x: once(_fullest_form, x) for x in set(speakers) if x and x != UNKNOWN_SPEAKER}
    return [forms.get(x, x) if x else x for x in speakers]
