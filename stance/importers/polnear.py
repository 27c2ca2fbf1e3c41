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

from ..errors import CorpusError, MissingFileError
from ..lexicon import CUE_CATEGORIES, DEFAULT_CLAIM_CUES, classify_cue
from ..schema import LabelledArticle, validate_records
from ..segment import segment
from ..speakers import UNKNOWN_SPEAKER, resolve_speakers

DEFAULT_KEEP = DEFAULT_CLAIM_CUES

__all__ = [
    "CUE_CATEGORIES",
    "DEFAULT_KEEP",
    "POLNEAR_SPLITS",
    "Attribution",
    "classify_cue",
    "import_polnear",
    "read_brat",
    "write_labelled",
]

POLNEAR_SPLITS = ("train", "dev", "test")

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
        raise MissingFileError(f"PolNeAR annotation file not found: {path}") from None
    spans: dict[str, list[tuple[int, int]]] = {}
    events: list[tuple[int, str, dict[str, str]]] = []
    for number, line in enumerate(lines, start=1):
        if match := _T_LINE.match(line):
            fragments = [tuple(map(int, piece.split())) for piece in match[3].split(";")]
            if any(s > e for s, e in fragments) or (text is not None and any(e > len(text) for _, e in fragments)):
                raise CorpusError(f"{path}, line {number}: span {match[3]} lies outside the article text")
            spans[match[1]] = fragments
        elif match := _E_LINE.match(line):
            roles: dict[str, str] = {}
            for part in match[3].split():
                role, _, ref = part.partition(":")
                if not ref:
                    raise CorpusError(f"{path}, line {number}: malformed event argument {part!r}")
                roles[role] = ref
            events.append((number, match[1], roles))
    attributions = []
    for number, event_id, roles in events:
        for ref in roles.values():
            if ref not in spans:
                raise CorpusError(f"{path}, line {number}: event {event_id} refers to unknown span {ref}")
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
    """The text of a span, widened to whole words; a discontinuous one is read from its first start to its last end.

    A few annotations stop inside a word ("Mr. Obam", "ncorrectly stated"); they are taken
    to mean the whole word.
    """
    if not fragments:
        return ""
    start, end = fragments[0][0], fragments[-1][1]
    while 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return text[start:end].strip()


# ---------------------------------------------------------------- speakers


_RELATIVE_SOURCES = frozenset({"who", "whom", "which", "that"})
# Words a noun phrase never runs back over: verbs of the clause, prepositions that open the phrase, conjunctions.
_NP_STOP = frozenset(
    """is are was were be been has have had do does did said says told included includes include met named called
    and or but nor from by with to for about against at on in into over under after before during between among than
    as if when while because although though whether since until unless where""".split()
)


_DETERMINERS = frozenset("a an the some many several most more few two three four five his her its their this these those".split())


def _antecedent(text: str, start: int) -> tuple[int, int] | None:
    """The span of the noun phrase a relative pronoun at ``start`` attaches to, in the same sentence: "some agents" of
    "infuriated some agents, who", "Paula Jones, a former state employee" of "included Paula Jones, a former state
    employee who", "activist groups like Greenpeace" of "from activist groups like Greenpeace which"; None when the
    sentence has none before it."""
    end = start
    while end > 0 and text[end - 1] in " \t,":
        end -= 1
    words = list(re.finditer(r"\S+", text[max(0, end - 300) : end]))
    offset = max(0, end - 300)
    first = None
    commas = 0
    for i in range(len(words) - 1, -1, -1):
        word = words[i].group(0)
        bare = word.rstrip(",")
        if i < len(words) - 1 and word.endswith(","):  # "Paula Jones, a former ... employee": one apposition, after a name
            commas += 1
            if commas > 1 or not bare[:1].isupper():
                break
        if re.search(r"[;:!?\"\u201c\u201d()\u2014\u2015\u2013]", bare) or (
            bare.endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+|[A-Z][a-z]{0,3}\.", bare)
        ):
            break  # a sentence's end, not "Sen." or "F."
        if bare.lower() in _NP_STOP:
            break
        # A past verb ends the phrase ("infuriated some agents"); a participle after a determiner is in it ("a retired judge").
        if bare.islower() and bare.endswith("ed") and not (i > 0 and words[i - 1].group(0).lower() in _DETERMINERS):
            break
        first = offset + words[i].start()
    if first is None:
        return None
    # A phrase that has an article begins at it, unless a name comes first: "undermine a story of a woman" is "a story
    # of a woman"; "Paula Jones, a former state employee" stays.
    lead = re.match(r"(?:[a-z][\w\-]*\s+)+?(?=(?:a|an|the)\s)", text[first:end])
    if lead and text[first:end].split()[0] not in _DETERMINERS:
        first += lead.end()
    phrase = text[first:end]
    # An apposition after a lower-case phrase ("the senator, a Democrat who") is left to the name it follows.
    if "," in phrase and not phrase[:1].isupper() and not re.match(r"(?:the|a|an)\s", phrase):
        return None
    return first, end


def _relative_sources_to_antecedents(text: str, attributions: list[Attribution]) -> int:
    """Give an attribution whose Source is a bare relative pronoun ("who", "which", "that") the noun phrase the pronoun
    attaches to as its Source, when that phrase is in the same unit: PolNeAR marks the pronoun (each token plays one
    role, and the subject of the cue is the pronoun), our data card wants the words that name the source ("Jessica
    Leeds" of "Jessica Leeds, who told the Times ..."). Returns how many were moved."""
    moved = 0
    segments = None
    for attribution in attributions:
        if not attribution.source or _span_text(text, attribution.source).lower() not in _RELATIVE_SOURCES:
            continue
        span = _antecedent(text, attribution.source[0][0])
        if span is None:
            continue
        segments = segments if segments is not None else segment(text)
        unit = next((seg for seg in segments if seg.start <= attribution.source[0][0] < seg.end), None)
        if unit is None or span[0] < unit.start:
            continue
        attribution.source = [span]
        moved += 1
    return moved


def _clean_source(source: str) -> str:
    return re.sub(r"[\u2019']s$", "", " ".join(source.split())).strip(" ,;:-\u2014")  # "Trump's" -> "Trump"


def _speakers(text: str, attributions: list[Attribution]) -> dict[str, int]:
    """Set each attribution's ``speaker`` with :func:`stance.speakers.resolve_speakers`, in article order.

    The Source span is the mention; an attribution without one continues the speaker before
    it. A source the resolver cannot name (a pronoun with nothing before it) is left None,
    and the importer drops that attribution.

    Returns:
        Counts: ``resolved`` and ``unresolved``.
    """
    ordered = sorted(attributions, key=lambda a: a.start)
    # The sentences that attribute nothing go in too, in article order, so that a pronoun can find a person the article
    # named only there ("Mr. Kessel, 58, did not testify." then "he said"), as it can in the labelled units.
    narration = [seg for seg in segment(text) if not any(_overlaps(a.content, seg.start, seg.end, text) for a in attributions)]
    items = sorted(
        [(a.start, 1, {"claim": True, "mention": _clean_source(_span_text(text, a.source)) if a.source else None}, a) for a in ordered]
        + [(seg.start, 0, {"claim": False, "mention": None, "text": seg.text}, None) for seg in narration],
        key=lambda item: item[:2],
    )
    for (_, _, _, attribution), speaker in zip(items, resolve_speakers([item[2] for item in items], text)):
        if attribution is not None:
            attribution.speaker = None if speaker in (None, UNKNOWN_SPEAKER) else speaker
    resolved = sum(a.speaker is not None for a in ordered)
    return {"resolved": resolved, "unresolved": len(ordered) - resolved}


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
                # A Source often ends in the comma of its apposition ("Jake Tapper,"): not part of the mention.
                mention = _span_text(text, best.source).strip(" \t\n,;:")
                # "he's" is the pronoun, as the span decoder cuts it; a possessive stays ("The RNC's", as decoded).
                record["mention"] = re.sub(r"^((?i:he|she|it|who|that))[\u2019']s$", r"\1", mention) or None
            if _inside(best.cue, seg.start, seg.end):
                record["cue"] = _span_text(text, best.cue) or None
        records.append(record)
    return records


def import_polnear(root: str | Path, split: str, keep=DEFAULT_KEEP, stats: dict | None = None) -> list[LabelledArticle]:
    """Turn one PolNeAR split into the project's labelled articles.

    For each article in ``<root>/data/<split>/text/`` the first annotator's ``.ann`` file
    (annotator ids sorted) is read. Attributions are kept when their cue's category
    (:func:`classify_cue`) is in ``keep`` and a speaker can be found (see
    :func:`stance.speakers.resolve_speakers`). Units come from :func:`stance.segment.segment`; a unit is a
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
        raise CorpusError(f"unknown PolNeAR split {split!r}; choose from {', '.join(POLNEAR_SPLITS)}")
    unknown = set(keep) - set(CUE_CATEGORIES)
    if unknown:
        raise CorpusError(f"unknown cue categories {sorted(unknown)}; choose from {', '.join(CUE_CATEGORIES)}")
    root = Path(root)
    data = root if (root / split).is_dir() and not (root / "data").is_dir() else root / "data"
    split_dir = data / split
    if not (split_dir / "text").is_dir():
        raise MissingFileError(f"PolNeAR split folder not found: {split_dir / 'text'} (is {root} the polnear folder?)")
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
            raise CorpusError(f"{text_path}: not UTF-8 text (byte {error.start})") from None
        if stem not in annotations:
            counts["articles_without_annotation"] += 1
            continue
        attributions = read_brat(annotations[stem], text)
        events = sum(1 for line in annotations[stem].read_text(encoding="utf-8").splitlines() if _E_LINE.match(line))
        counts["events_without_content"] += events - len(attributions)
        counts["attributions"] += len(attributions)
        by_category.update(a.category for a in attributions)
        selected = [a for a in attributions if a.category in keep]
        counts["relative_sources_moved"] += _relative_sources_to_antecedents(text, selected)
        for key, value in _speakers(text, selected).items():
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
