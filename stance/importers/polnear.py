"""PolNeAR (Political News Attribution Relations) as the project's labelled articles.

PolNeAR (Newell et al., LREC 2018) marks attributions in 1,008 US political news articles
with brat standoff files: a Source span (who), a Cue span (the verb or phrase) and a Content
span (what is attributed), tied together by an ``E`` line. This module reads them and writes
our own format (``data/README.md``): units from :func:`stance.segment.segment`, a unit is a
claim when it overlaps the Content of an attribution we keep, with speaker, mention and cue
taken from that attribution.

PolNeAR's notion of attribution is broader than ours (beliefs, intentions, desires,
"you like"), so attributions are filtered by their cue, see :func:`classify_cue` and
:data:`DEFAULT_KEEP`. The corpus has no stance labels: every article gets one target, its
headline, with every label ``none`` (the validator needs a target); do not train stance on it.

Never copy PolNeAR text into the repository: the news text is the publishers' copyright.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..schema import LabelledArticle, validate_records
from ..segment import segment

__all__ = [
    "CUE_CATEGORIES",
    "DEFAULT_KEEP",
    "POLNEAR_SPLITS",
    "Attribution",
    "classify_cue",
    "import_polnear",
    "read_brat",
    "resolve_speakers",
    "write_labelled",
]

POLNEAR_SPLITS = ("train", "dev", "test")

# What a cue expresses. Only DEFAULT_KEEP counts as a claim by the project's definition
# ("said, told, warned, ... believed or saw it as, according to, a statement issued by").
CUE_CATEGORIES = (
    "speech",  # said, told, argued, tweeted, called for, ":" before a quote, in a statement
    "report",  # according to, reported, polls show/found, "In a new poll, ..."
    "belief",  # think, believe, fear, expect, sees it as, "For Sanders, ..."
    "attitude",  # support, oppose, back, favor: a position, not an utterance
    "intention",  # plan, intend, seek, try, decline, refuse
    "desire",  # want, hope, wish, like, love, would like; emotions (angered, pleased)
    "perception",  # hear, watch, notice, witness
    "evidential",  # seemed, appears, is expected: the reporter's hedge, no real source
    "other",  # anything the lexicon does not know
)
DEFAULT_KEEP = frozenset({"speech", "report", "belief"})

_LEXICON: dict[str, tuple[str, ...]] = {
    "speech": (
        "say", "tell", "add", "ask", "write", "note", "announce", "argue", "explain", "claim",
        "state", "declare", "insist", "warn", "charge", "deny", "accuse", "tweet", "call",
        "suggest", "acknowledge", "respond", "reply", "recall", "admit", "concede", "criticize",
        "criticise", "cite", "describe", "urge", "propose", "promise", "vow", "pledge", "predict",
        "blast", "dismiss", "denounce", "praise", "defend", "question", "reject", "mention", "echo",
        "stress", "reiterate", "contend", "maintain", "assert", "allege", "confirm", "testify",
        "comment", "complain", "joke", "quip", "boast", "lament", "observe", "point", "remark",
        "emphasize", "emphasise", "counter", "refer", "speak", "talk", "discuss", "answer",
        "attack", "slam", "mock", "threaten", "demand", "caution", "advise", "recommend", "tout",
        "brag", "estimate", "proclaim", "hint", "imply", "signal", "characterize", "label", "dub",
        "brand", "term", "address", "post", "email", "disclose", "read", "shout", "yell", "chant",
        "scream", "whisper", "muse", "speculate", "dispute", "challenge", "object", "protest",
        "confess", "swear", "assure", "reassure", "inform", "repeat", "summarize", "continue",
        "elaborate", "clarify", "correct", "retort", "rip", "bash", "knock", "taunt", "ridicule",
        "deride", "downplay", "laud", "hail", "commend", "compliment", "encourage", "implore",
        "plead", "beg", "appeal", "press", "invite", "order", "instruct", "request", "apologize",
        "apologise", "thank", "condemn", "decry", "scold", "chide", "lambaste", "lambast", "rail",
        "blame", "credit", "insult", "fault", "slam", "thunder", "concur", "exclaim", "interject",
        "preach", "lecture", "rebut", "refute", "contradict", "recount", "relay",
        "blog", "text", "weigh", "announce", "campaign", "pitch", "frame", "cast", "paint", "portray",
        "quote", "accuse", "assail", "lash", "hit", "fire", "push", "float", "raise", "offer",
        "acknowledge", "deny", "guarantee", "certify", "promise", "predict", "forecast",
        "statement", "interview", "speech", "remarks", "remark", "comment", "comments", "tweet",
        "letter", "testimony", "message", "op-ed", "editorial", "release", "memo", "ad",
        "advertisement", "video", "book", "column", "essay", "post", "op", "words", "quote",
        "declaration", "announcement", "response", "reply", "answer", "argument", "claim",
        "allegation", "accusation", "warning", "criticism", "complaint", "question", "plea",
        "call", "demand", "promise", "pledge", "vow", "prediction", "rhetoric", "suggestion",
        "explanation", "denial", "assertion", "insistence", "speeches", "statements", "interviews",
        "express", "share", "highlight", "lay", "compare", "publish", "remind", "deliver",
        "reference", "sound", "invoke", "bemoan", "issue", "celebrate", "liken", "retweet",
        "present", "unveil", "introduce", "interpret", "file", "debate", "identify", "detail",
        "outline", "rule", "specify", "concede", "advice",
    ),
    "report": (
        "according", "reportedly", "report", "show", "find", "reveal", "indicate", "conclude",
        "document", "poll", "survey", "study", "data", "analysis", "research", "filing", "records",
        "estimate", "confirm", "list", "count", "project", "rank", "rate", "measure",
        "track", "reports", "polls", "surveys", "studies", "documents", "figures", "numbers",
    ),
    "belief": (
        "think", "believe", "feel", "consider", "view", "see", "regard", "expect", "know", "fear",
        "doubt", "suspect", "worry", "agree", "disagree", "assume", "figure", "reckon", "suppose",
        "understand", "realize", "realise", "recognize", "recognise", "convince", "sure", "certain",
        "confident", "concern", "concerned", "skeptical", "sceptical", "aware",
        "wonder", "judge", "deem", "perceive", "imagine", "presume", "trust", "dread", "anticipate",
        "opinion", "belief", "view", "views", "assessment", "position", "impression", "sense",
        "convinced", "persuade", "persuaded", "bet", "accept",
        "insight", "theory", "suspicion", "concerns", "fears", "worries", "hunch",
        "learn", "remember",
    ),
    "attitude": (
        "support", "oppose", "back", "endorse", "favor", "favour", "embrace", "champion",
        "advocate", "applaud", "welcome", "approve", "disapprove", "resist",
        "condone", "tolerate", "boycott", "vote", "sign", "veto", "endorsement", "supporter",
        "supporters", "side", "critical", "opposition", "against", "distance",
    ),
    "intention": (
        "plan", "intend", "seek", "aim", "try", "attempt", "decline", "refuse", "decide",
        "choose", "prepare", "strive", "mean", "work", "look",
        "pursue", "target", "set", "move", "opt", "resolve", "determine", "willing", "eager",
        "refusal", "decision",
    ),
    "desire": (
        "want", "hope", "wish", "like", "love", "hate", "prefer", "enjoy", "dislike", "desire",
        "long", "crave", "need", "yearn", "dream", "care", "admire", "respect", "adore", "despise",
        "loathe", "fancy", "relish", "resent", "appreciate", "anger", "angry", "outrage", "upset",
        "frustrate", "frustrated", "please", "pleased", "happy", "disappoint", "disappointed",
    ),
    "perception": ("hear", "watch", "notice", "witness", "listen", "smell", "taste", "spot", "glimpse"),
    "evidential": ("seem", "appear", "expected", "likely", "unclear", "apparently", "seemingly", "supposedly"),
}
_CATEGORY_OF: dict[str, str] = {}
for _category in CUE_CATEGORIES:
    for _word in _LEXICON.get(_category, ()):
        _CATEGORY_OF.setdefault(_word, _category)

_IRREGULAR = {
    "said": "say", "told": "tell", "wrote": "write", "written": "write", "thought": "think",
    "saw": "see", "seen": "see", "knew": "know", "known": "know", "felt": "feel", "found": "find",
    "heard": "hear", "spoke": "speak", "spoken": "speak", "meant": "mean", "sought": "seek",
    "chose": "choose", "chosen": "choose", "swore": "swear", "sworn": "swear", "read": "read",
    "led": "lead", "held": "hold", "gave": "give", "given": "give", "took": "take", "made": "make",
    "got": "get", "set": "set", "put": "put", "hit": "hit", "bet": "bet", "cast": "cast",
    "understood": "understand", "forecast": "forecast", "quoted": "quote", "fled": "flee",
    "taught": "teach", "brought": "bring", "won": "win", "lost": "lose", "went": "go",
}
# Words that never decide a cue's category by themselves.
_SKIP = frozenset(
    "a an the has have had having is are was were be been being am also did does do doing not n't "
    "never will would could should can may might must just repeatedly publicly previously later "
    "then again often recently already once even still long frequently first last openly privately "
    "flatly angrily quickly quietly loudly bluntly simply only he she it they we i you his her their "
    "its our my your this that these those who which there here up out off on with by of at as "
    "and or but so than too very more most much many such it's was n’t don’t didn’t doesn’t".split()
)
# Phrases checked before the word-by-word scan.
_PHRASES: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"\baccording\b"), "report"),
    (re.compile(r"\breportedly\b"), "report"),
    (re.compile(r"\b(?:made|make|makes|making) (?:it )?clear\b|\bput it\b"), "speech"),
    (re.compile(r"\bwould (?:like|love|prefer)\b"), "desire"),
    (re.compile(r"\b(?:is|are|was|were) (?:widely )?expected\b"), "evidential"),
    (re.compile(r"\b(?:it is|it's|it’s|is) (?:unclear|hard to say|not clear)\b"), "evidential"),
    (re.compile(r"^\s*in\b.*\b(?:statement|interview|speech|remarks|letter|tweet|post|op-ed|ad|video|book|column|essay|testimony|release)\b"), "speech"),
    (re.compile(r"^\s*(?:for|to)\s*$"), "belief"),  # "For Sanders, the race is ..."
    (re.compile(r"^\s*in\s*$"), "report"),  # "In a new poll, ..."
    (re.compile(r"^\s*(?:in|from)\b.*\b(?:poll|survey|study|report|analysis|data|filing|records|documents)\b"), "report"),
)
_WORD = re.compile(r"[a-z]+(?:[’'-][a-z]+)*")


def _lemmas(word: str) -> list[str]:
    """Candidate base forms of an inflected English word, most likely first."""
    if word in _IRREGULAR:
        return [_IRREGULAR[word]]
    out = [word]
    if word.endswith("ies"):
        out.append(word[:-3] + "y")
    if word.endswith("ied"):
        out.append(word[:-3] + "y")
    if word.endswith("es"):
        out.append(word[:-2])
    if word.endswith("s"):
        out.append(word[:-1])
    if word.endswith("ed"):
        out += [word[:-2], word[:-1]]
        if len(word) > 4 and word[-3] == word[-4]:
            out.append(word[:-3])
    if word.endswith("ing"):
        out += [word[:-3], word[:-3] + "e"]
        if len(word) > 5 and word[-4] == word[-5]:
            out.append(word[:-4])
    return out


def classify_cue(cue: str | None) -> str:
    """Say what kind of attribution a PolNeAR cue expresses.

    The rule: a cue with no letters (":", "—", a quote mark) introduces a quote, so it is
    ``speech``; then a few phrases ("according to", "would like", "is expected", "in a
    statement", "in a new poll"); then the first word of the cue, after auxiliaries and
    adverbs ("has also said"), whose base form is in the lexicon decides. Unknown cues are
    ``other``.

    Args:
        cue: The cue's text as it stands in the article (None or empty for a missing cue).

    Returns:
        One of :data:`CUE_CATEGORIES`.

    Example:
        >>> classify_cue("has also said"), classify_cue("wants"), classify_cue("according to")
        ('speech', 'desire', 'report')
    """
    if not cue or not cue.strip():
        return "other"
    lowered = cue.lower().replace("\u2019", "'")
    if not re.search(r"[a-z]", lowered):
        return "speech"
    for pattern, category in _PHRASES:
        if pattern.search(lowered):
            return category
    for word in _WORD.findall(lowered):
        if word in _SKIP:
            continue
        for lemma in _lemmas(word):
            if lemma in _CATEGORY_OF:
                return _CATEGORY_OF[lemma]
    return "other"


@dataclass
class Attribution:
    """One PolNeAR attribution (an ``E`` line) with its spans resolved to offsets.

    Spans are lists of ``(start, end)`` fragments (brat allows discontinuous spans);
    ``source`` and ``cue`` are empty when the annotator gave none.
    """

    id: str
    content: list[tuple[int, int]]
    cue: list[tuple[int, int]] = field(default_factory=list)
    source: list[tuple[int, int]] = field(default_factory=list)
    category: str = "other"
    speaker: str | None = None

    @property
    def start(self) -> int:
        """Where the attribution begins: its earliest span."""
        return min(s for s, _ in self.content + self.cue + self.source)


_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")
_E_LINE = re.compile(r"^(E\d+)\t(\S+)(.*)$")


def read_brat(path: str | Path, text: str | None = None) -> list[Attribution]:
    """Read the attributions of one PolNeAR brat ``.ann`` file.

    Only ``T`` (span) and ``E`` (event) lines are used; notes (``#``) and the continuation
    lines brat writes when a span's covered text holds a newline are ignored, since offsets
    come from the span, not the covered text. Roles ``Content`` and ``Content2`` are both
    content. Events with no content span are skipped.

    Args:
        path: The ``.ann`` file.
        text: The article, to check that every span lies inside it (optional).

    Returns:
        The attributions in file order, ``category`` filled by :func:`classify_cue` when
        ``text`` is given (the cue's text is needed for that).

    Raises:
        FileNotFoundError: naming the file when it is missing.
        ValueError: naming file and line for an event that refers to an unknown span or a
            span outside the text.

    Example:
        >>> atts = read_brat("data/train/attributions/x_4e07.ann", text)  # doctest: +SKIP
        >>> atts[0].category  # doctest: +SKIP
        'speech'
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise FileNotFoundError(f"PolNeAR annotation file not found: {path}") from None
    spans: dict[str, list[tuple[int, int]]] = {}
    events: list[tuple[int, str, dict[str, str]]] = []
    for number, line in enumerate(lines, start=1):
        if match := _T_LINE.match(line):
            fragments = [tuple(map(int, piece.split())) for piece in match[3].split(";")]
            if any(s > e for s, e in fragments) or (text is not None and any(e > len(text) for _, e in fragments)):
                raise ValueError(f"{path}, line {number}: span {match[3]} lies outside the article text")
            spans[match[1]] = fragments
        elif match := _E_LINE.match(line):
            roles: dict[str, str] = {}
            for part in match[3].split():
                role, _, ref = part.partition(":")
                if not ref:
                    raise ValueError(f"{path}, line {number}: malformed event argument {part!r}")
                roles[role] = ref
            events.append((number, match[1], roles))
    attributions = []
    for number, event_id, roles in events:
        for ref in roles.values():
            if ref not in spans:
                raise ValueError(f"{path}, line {number}: event {event_id} refers to unknown span {ref}")
        content = sorted(spans[roles["Content"]] if "Content" in roles else [])
        content += sorted(spans[roles["Content2"]]) if "Content2" in roles else []
        if not content:
            continue
        attribution = Attribution(
            event_id,
            sorted(content),
            sorted(spans.get(roles.get("Cue", ""), [])),
            sorted(spans.get(roles.get("Source", ""), [])),
        )
        if text is not None:
            attribution.category = classify_cue(_span_text(text, attribution.cue))
        attributions.append(attribution)
    return attributions


def _span_text(text: str, fragments: list[tuple[int, int]]) -> str:
    """The text of a span; a discontinuous one is read from its first start to its last end."""
    if not fragments:
        return ""
    return text[fragments[0][0] : fragments[-1][1]].strip()


# ---------------------------------------------------------------- speakers

_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "i", "me", "my", "who", "whom"})
_GROUP_PRONOUNS = frozenset({"they", "them", "their", "we", "us", "our", "it", "its", "which", "that"})
_OTHER_PRONOUNS = frozenset({"you", "your", "one", "someone", "somebody", "everyone", "everybody"})
_TITLES = frozenset(
    "president vice sen senator sens senators rep reps representative gov governor mr mrs ms miss "
    "dr secretary speaker mayor judge justice gen general rev reverend chairman chairwoman chair "
    "attorney prof professor lt col sgt adm pope former candidate nominee democratic republican gop "
    "democrat presidential state u.s us house senate majority minority leader whip first lady press "
    "senior adviser advisor campaign manager spokesman spokeswoman director ceo chief sir lord "
    "congressman congresswoman councilman councilwoman ambassador commissioner sheriff officer "
    "minister prime premier chancellor king queen prince princess dame detective agent captain "
    "coach host anchor author editor founder pastor bishop cardinal rabbi imam father sister "
    "brother deputy assistant acting interim incoming outgoing independent libertarian retired".split()
)
_PERSONAL_TITLES = frozenset("mr mrs ms miss dr sen rep gov president senator governor congressman congresswoman".split())
_ORG_WORDS = frozenset(
    "committee party campaign department house senate congress association university center "
    "centre institute post times news journal network press foundation council agency office "
    "administration court group inc corp company club union league bureau commission board "
    "poll survey democrats republicans police fbi cia cnn msnbc fox nbc abc cbs pac reuters "
    "ap afp breitbart politico nyt state states america government ministry service services "
    "organization organisation coalition caucus movement tribune herald gazette magazine radio "
    "television tv daily weekly review report fund trust bank".split()
)
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w\u2019'.-]*|[A-Z]\.|Jr\.?|Sr\.?|II|III|IV|de|van|von|del|da|di|la|le|bin)$")


def _clean_source(source: str) -> str:
    source = re.sub(r"\s+", " ", source).strip()
    source = re.sub(r"\s*\([^)]*\)", "", source)  # (R-Texas)
    source = re.sub(r"[\u2019']s$", "", source)  # Trump's
    return source.strip(" ,;:-\u2014")


def _name_of(source: str) -> tuple[str, bool] | None:
    """The name in a source, titles stripped, and whether a personal title preceded it."""
    for part in (p.strip() for p in re.split(r",|\u2014| -- ", source)):
        tokens = part.split()
        run: list[str] = []
        for token in reversed(tokens):
            if not _NAME_TOKEN.match(token):
                break
            run.insert(0, token)
        titled = False
        while run and run[0].lower().rstrip(".") in _TITLES:
            titled = titled or run[0].lower().rstrip(".") in _PERSONAL_TITLES
            run.pop(0)
        if not run or len(run) > 4 or run[0] in {"The", "A", "An"} or len(run) < len(tokens) - 6:
            continue
        if any(t.lower().rstrip(".") in _ORG_WORDS for t in run):
            continue
        if len(run) == 1 and not titled and (run[0].endswith("s") and run[0][:-1].istitle() and len(run[0]) > 3 and run[0].lower().endswith(("ans", "ats", "ists", "ers"))):
            continue  # Republicans, Democrats, Americans, Clintonistas: groups
        return " ".join(run), titled
    return None


def resolve_speakers(text: str, attributions: list[Attribution]) -> dict[str, int]:
    """Give each attribution's source the name the article gives it most fully.

    The rule, applied in article order (by where each attribution starts):

    * A named source loses its titles and roles: "President Barack Obama" and "Democratic
      presidential nominee Hillary Clinton" become "Barack Obama" and "Hillary Clinton"; a
      name with an apposition ("Donald Trump, the Republican nominee") keeps the name;
      a trailing possessive or party tag ("(R-Texas)") is dropped.
    * A surname-only mention ("Trump", "Mr. Trump") becomes the most recent earlier person
      speaker whose name ends with that surname (case ignored, so a transcript's "PENCE"
      finds "Mike Pence"); when there is none earlier, the first later
      one in the article; else it stays as written.
    * A person pronoun (he, she, I, who, ...) becomes the most recent earlier person speaker;
      a group pronoun (they, we, it, ...) the most recent earlier non-person named source;
      when there is none it stays, lower-cased ("I" excepted; counted as unresolved). Gender
      and number are not checked, so "he" after a quote from a woman resolves to her.
    * Any other source (institutions, groups, anonymous sources) keeps the article's words,
      with a leading "The" lower-cased: "the Clinton campaign", "a person familiar with".
    * An attribution with no Source span continues the most recent earlier speaker (PolNeAR
      leaves the source out for an elided subject: "... and said ..."); with none earlier its
      speaker stays None and the importer drops it.

    Args:
        text: The article.
        attributions: Its attributions; ``speaker`` is set on each, in place.

    Returns:
        Counts: ``named``, ``surname``, ``pronoun``, ``unresolved_pronoun``, ``other``,
        ``no_source``, ``no_source_unresolved``.

    Example:
        >>> text = "Sen. Ann Lee said so. Lee said more. She said it again."
        >>> atts = [Attribution("E1", [(15, 20)], [(10, 14)], [(0, 12)]),
        ...         Attribution("E2", [(31, 36)], [(26, 30)], [(22, 25)]),
        ...         Attribution("E3", [(45, 53)], [(41, 45)], [(37, 40)])]
        >>> _ = resolve_speakers(text, atts); [a.speaker for a in atts]
        ['Ann Lee', 'Ann Lee', 'Ann Lee']
    """
    counts: Counter = Counter()
    ordered = sorted(attributions, key=lambda a: a.start)
    # Full names (two words or more) in article order, for the "first later one" fallback.
    full_names: list[tuple[int, str]] = []
    for a in ordered:
        name = _name_of(_clean_source(_span_text(text, a.source))) if a.source else None
        if name and " " in name[0]:
            full_names.append((a.start, name[0]))
    history: list[tuple[str, bool]] = []  # (speaker, is_person) in article order
    for a in ordered:
        if not a.source:
            counts["no_source"] += 1
            a.speaker = history[-1][0] if history else None
            counts["no_source_unresolved"] += a.speaker is None
            continue
        raw = _clean_source(_span_text(text, a.source))
        lowered = raw.lower()
        if lowered in _PERSON_PRONOUNS or lowered in _GROUP_PRONOUNS or lowered in _OTHER_PRONOUNS:
            want_person = lowered in _PERSON_PRONOUNS
            found = None
            if lowered not in _OTHER_PRONOUNS:
                found = next((s for s, person in reversed(history) if person == want_person), None)
            if found is None:
                counts["unresolved_pronoun"] += 1
                a.speaker = "I" if lowered == "i" else lowered
            else:
                counts["pronoun"] += 1
                a.speaker = found
            history.append((a.speaker, want_person and found is not None))
            continue
        name = _name_of(raw)
        if name is None:
            counts["other"] += 1
            a.speaker = re.sub(r"^The\b", "the", raw) or raw
            history.append((a.speaker, False))
            continue
        name_text, titled = name
        if " " not in name_text:
            suffix = " " + name_text
            suffix = suffix.lower()  # "PENCE:" in a transcript is "Mike Pence"
            earlier = next((s for s, person in reversed(history) if person and s.lower().endswith(suffix)), None)
            later = next((n for start, n in full_names if start > a.start and n.lower().endswith(suffix)), None)
            resolved = earlier or later
            counts["surname"] += 1
            a.speaker = resolved or name_text
            history.append((a.speaker, bool(resolved) or titled))
        else:
            counts["named"] += 1
            a.speaker = name_text
            history.append((a.speaker, True))
    return dict(counts)


# ---------------------------------------------------------------- articles


def _article_id(stem: str) -> str:
    return "polnear-" + stem.lower().replace("_", "-")


def _overlaps(fragments: list[tuple[int, int]], start: int, end: int, text: str) -> bool:
    """Whether a span shares at least one letter or digit with ``text[start:end]``."""
    for s, e in fragments:
        lo, hi = max(s, start), min(e, end)
        if lo < hi and any(ch.isalnum() for ch in text[lo:hi]):
            return True
    return False


def _inside(fragments: list[tuple[int, int]], start: int, end: int) -> bool:
    return bool(fragments) and fragments[0][0] >= start and fragments[-1][1] <= end


def _annotation_files(split_dir: Path) -> dict[str, Path]:
    """Article stem -> its first annotator's ``.ann`` file (annotator ids sorted)."""
    chosen: dict[str, Path] = {}
    for path in sorted((split_dir / "attributions").glob("*.ann")):
        stem = path.stem.rsplit("_", 1)[0]
        chosen.setdefault(stem, path)  # sorted, so the first annotator alphabetically wins
    return chosen


def _units(article_id: str, text: str, kept: list[Attribution]) -> list[dict]:
    records = []
    segments = segment(text)
    target = segments[0].text if segments else ""
    for i, seg in enumerate(segments):
        hits = [a for a in kept if _overlaps(a.content, seg.start, seg.end, text)]
        record = {
            "article_id": article_id, "unit": i, "start": seg.start, "end": seg.end, "text": seg.text,
            "claim": False, "speaker": None, "mention": None, "cue": None, "stances": {target: "none"},
        }
        if hits:
            # The attribution whose cue, then source, lies in the unit; then the earliest.
            best = min(hits, key=lambda a: (not _inside(a.cue, seg.start, seg.end), not _inside(a.source, seg.start, seg.end), a.start))
            record["claim"] = True
            record["speaker"] = best.speaker
            if _inside(best.source, seg.start, seg.end):
                record["mention"] = _span_text(text, best.source) or None
            if _inside(best.cue, seg.start, seg.end):
                record["cue"] = _span_text(text, best.cue) or None
        records.append(record)
    return records


def import_polnear(root: str | Path, split: str, keep=DEFAULT_KEEP, stats: dict | None = None) -> list[LabelledArticle]:
    """Turn one PolNeAR split into the project's labelled articles.

    For each article in ``<root>/data/<split>/text/`` the first annotator's ``.ann`` file
    (annotator ids sorted) is read. Attributions are kept when their cue's category
    (:func:`classify_cue`) is in ``keep`` and a speaker can be found (see
    :func:`resolve_speakers`). Units come from :func:`stance.segment.segment`; a unit is a
    claim when it shares a letter with a kept attribution's Content. Of the kept attributions
    touching a unit, the one whose cue (then source) lies inside the unit labels it:
    ``speaker`` its resolved source, ``mention`` the Source text when the whole Source lies in
    the unit (else null), ``cue`` the Cue text likewise. A discontinuous Source or Cue is read
    from its first start to its last end.

    PolNeAR has no stance: every unit gets a single target, the article's headline (its first
    unit), labelled ``none``. Do not train or judge stance on these articles.

    Articles whose records fail the validator are skipped and counted
    (``stats["articles_skipped"]``).

    Args:
        root: The PolNeAR folder (holding ``data/``), or its ``data/`` folder.
        split: ``"train"``, ``"dev"`` or ``"test"``.
        keep: Cue categories that count as claims (:data:`CUE_CATEGORIES`); default
            :data:`DEFAULT_KEEP` = speech, report, belief.
        stats: A dict to fill with counts: articles, articles_skipped, attributions (first
            annotator, with a Content span), events_without_content,
            attributions_all_annotators (``E`` lines in every file, the README's count),
            by_category, kept, dropped, no_speaker (kept category but no speaker found),
            units, claim_units, and ``speaker_*`` resolution counts.

    Returns:
        The articles, sorted by id; ids are ``polnear-<file name>`` in lower case with
        ``_`` replaced by ``-``.

    Raises:
        FileNotFoundError: when the split's folder or an article's text is missing.
        ValueError: for an unknown split or a malformed annotation file.

    Example:
        >>> articles = import_polnear("../shared/datasets/polnear", "dev")  # doctest: +SKIP
        >>> articles[0].units[0]["stances"]  # doctest: +SKIP
        {'<the headline>': 'none'}
    """
    if split not in POLNEAR_SPLITS:
        raise ValueError(f"unknown PolNeAR split {split!r}; choose from {', '.join(POLNEAR_SPLITS)}")
    unknown = set(keep) - set(CUE_CATEGORIES)
    if unknown:
        raise ValueError(f"unknown cue categories {sorted(unknown)}; choose from {', '.join(CUE_CATEGORIES)}")
    root = Path(root)
    data = root if (root / split).is_dir() and not (root / "data").is_dir() else root / "data"
    split_dir = data / split
    if not (split_dir / "text").is_dir():
        raise FileNotFoundError(f"PolNeAR split folder not found: {split_dir / 'text'} (is {root} the polnear folder?)")
    annotations = _annotation_files(split_dir)
    counts: Counter = Counter()
    by_category: Counter = Counter()
    counts["attributions_all_annotators"] = sum(
        sum(1 for line in p.read_text(encoding="utf-8").splitlines() if _E_LINE.match(line))
        for p in sorted((split_dir / "attributions").glob("*.ann"))
    )
    articles = []
    for text_path in sorted((split_dir / "text").glob("*.txt")):
        stem = text_path.stem
        try:
            text = text_path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise ValueError(f"{text_path}: not UTF-8 text (byte {error.start})") from None
        if stem not in annotations:
            counts["articles_without_annotation"] += 1
            continue
        attributions = read_brat(annotations[stem], text)
        events = sum(1 for line in annotations[stem].read_text(encoding="utf-8").splitlines() if _E_LINE.match(line))
        counts["events_without_content"] += events - len(attributions)
        counts["attributions"] += len(attributions)
        by_category.update(a.category for a in attributions)
        selected = [a for a in attributions if a.category in keep]
        for key, value in resolve_speakers(text, selected).items():
            counts["speaker_" + key] += value
        kept = [a for a in selected if a.speaker]
        counts["no_speaker"] += len(selected) - len(kept)
        counts["kept"] += len(kept)
        counts["dropped"] += len(attributions) - len(kept)
        article_id = _article_id(stem)
        records = _units(article_id, text, kept)
        problems = validate_records(list(enumerate(records, start=1)), f"{article_id}.jsonl", text)
        if problems:
            counts["articles_skipped"] += 1
            continue
        counts["articles"] += 1
        counts["units"] += len(records)
        counts["claim_units"] += sum(r["claim"] for r in records)
        articles.append(LabelledArticle(article_id, text, records, "", [records[0]["text"]]))
    if stats is not None:
        stats.update(counts)
        stats.setdefault("articles_skipped", 0)
        stats["by_category"] = dict(by_category)
    return articles


def write_labelled(articles, out_dir: str | Path) -> int:
    """Write articles in the project's format: ``articles/<id>.txt`` and ``labelled/<id>.jsonl``.

    The result passes ``python -m stance validate <out_dir>`` when the articles are valid
    (as :func:`import_polnear` guarantees). Existing files of the same ids are replaced.

    Args:
        articles: :class:`stance.schema.LabelledArticle` objects.
        out_dir: The data folder to write (created if needed).

    Returns:
        The number of articles written.

    Example:
        >>> write_labelled(import_polnear("../shared/datasets/polnear", "dev"), "/tmp/polnear-dev")  # doctest: +SKIP
        84
    """
    out = Path(out_dir)
    (out / "articles").mkdir(parents=True, exist_ok=True)
    (out / "labelled").mkdir(parents=True, exist_ok=True)
    for article in articles:
        with open(out / "articles" / f"{article.article_id}.txt", "w", encoding="utf-8", newline="") as handle:
            handle.write(article.text)
        with open(out / "labelled" / f"{article.article_id}.jsonl", "w", encoding="utf-8", newline="\n") as handle:
            for unit in article.units:
                handle.write(json.dumps(unit, ensure_ascii=False) + "\n")
    return len(articles)
