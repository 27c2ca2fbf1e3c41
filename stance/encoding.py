"""Turn units into model inputs and model outputs back into answers.

Training and prediction both go through these functions, so a model always sees its
input laid out the same way:

* claim:   ``[CLS] unit [SEP] previous unit [SEP]`` -> not_claim / claim
* speaker: ``[CLS] unit [SEP] previous unit [SEP]`` -> a BIO tag per token of the unit,
  for the speaker's mention and the attribution cue
* stance:  ``[CLS] target [SEP] unit [SEP]`` -> favor / against / none

Inputs longer than ``max_length`` tokens are truncated: the previous unit (context) loses
its start first; only a unit that alone is too long loses its end. ``truncated_units`` says which inputs lose words of the unit
itself, so callers can warn.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from .lexicon import (
    AUXILIARIES,
    DETERMINERS,
    MENTION_LEADING_NON_NAME,
    MENTION_TRAILING_NON_NAME,
    MONTHS,
    NAME_ABBREVIATIONS,
    ORG_WORDS,
    PREPOSITIONS,
    RELATIVE_PRONOUNS,
    SENTENCE_ADVERBS,
    SUBJECT_PRONOUNS,
    TIME_ADVERBS,
    TIME_NOUNS,
    WEEKDAYS,
    TITLE_WORDS,
    classify_cue,
    is_manner_adverb,
)

__all__ = [
    "SPAN_LABELS",
    "decode_spans",
    "encode_claim",
    "encode_speaker",
    "encode_stance",
    "names_target",
    "STANCE_INPUTS",
    "content_words",
    "stance_context",
    "token_span",
    "truncated_units",
    "words",
]

SPAN_LABELS = ("O", "B-MENTION", "I-MENTION", "B-CUE", "I-CUE")
_IGNORE = -100
_NON_SPACE = re.compile(r"\S+")
_ALNUM = re.compile(r"\w")
# Stripped from a span's edges: "Putin," / "(Reuters)" / quote marks.
_EDGE_PUNCTUATION = ".,;:!?\"'()[]\u201c\u201d\u2018\u2019"
# A word that can be part of a name ("Reyes,", "O\u2019Neill", "Jr.", "Ortiz-Vane"), not "N.C.\u2014Donald".
_NAME_SHAPE = re.compile(r"^[A-Z][\w.'\u2019\-]*[,;:]?$")


def last_words(text: str, n: int | None) -> str:
    """The end of ``text`` from its ``n``-th last word on (all of it for None, "" for 0).

    The claim and speaker models read the unit before each unit for context; its end is
    nearest to the unit, and a model trained with ``context_words`` reads no more of it.

    Example:
        >>> last_words("Putin spoke on Tuesday.  He said so.", 3)
        'He said so.'
    """
    if n is None:
        return text
    if n <= 0:
        return ""
    starts = [m.start() for m in re.finditer(r"\S+", text)]
    return text[starts[-n]:] if len(starts) > n else text


def fit_contexts(tokenizer, texts: Sequence[str], contexts: Sequence[str], max_length: int) -> list[str]:
    """Shorten each context from its start so that unit + context fit in ``max_length`` tokens.

    The end of the previous unit is kept, since it is nearest to the unit (and usually names
    the speaker a "He said" refers to). The unit itself is cut only when it alone is too long.

    Args:
        tokenizer: A fast Hugging Face tokenizer.
        texts: The units.
        contexts: The unit before each.
        max_length: Longest input in tokens.

    Returns:
        The contexts, each possibly shortened (to "" when the unit fills the input).
    """
    special = tokenizer.num_special_tokens_to_add(pair=True)
    unit_lengths = [len(ids) for ids in tokenizer(list(texts), add_special_tokens=False)["input_ids"]]
    encoded = tokenizer(list(contexts), add_special_tokens=False, return_offsets_mapping=True)
    fitted = []
    for context, unit_length, offsets in zip(contexts, unit_lengths, encoded["offset_mapping"]):
        budget = max_length - special - unit_length
        if len(offsets) <= budget:
            fitted.append(context)
        elif budget <= 0:
            fitted.append("")
        else:
            fitted.append(context[offsets[-budget][0] :])
    return fitted


def encode_claim(tokenizer, texts: Sequence[str], contexts: Sequence[str], max_length: int):
    """Tokenize (unit, previous unit) pairs for claim detection.

    Args:
        tokenizer: A Hugging Face tokenizer.
        texts: The units.
        contexts: The unit before each ("" for the first).
        max_length: Longest input in tokens.

    Returns:
        The tokenizer's encoding (``input_ids``, ``attention_mask``, ...), unpadded.
    """
    contexts = fit_contexts(tokenizer, texts, contexts, max_length)
    return tokenizer(list(texts), contexts, truncation="longest_first", max_length=max_length)


_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> frozenset[str]:
    """The lower-cased words of a text."""
    return frozenset(_WORD.findall(text.lower()))


@lru_cache(maxsize=4096)
def content_words(text: str) -> frozenset[str]:
    """A target's words that carry its subject: no English stop words, no words of one or two letters.

    Example:
        >>> sorted(content_words("Trump should release his tax returns"))
        ['release', 'returns', 'tax', 'trump']
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(w for w in words(text) if len(w) > 2 and w not in ENGLISH_STOP_WORDS)


#: What a stance model may read beside (target, unit), named in a config's ``stance_input``:
#: the unit before it, the claim's speaker, the article's headline, and the unit before only
#: where the unit itself has none of the target's content words ("previous_where_needed": a
#: continuing quote or "He said it would be a disaster" names its subject only before it, while
#: a unit that names the target is judged on what it says).
STANCE_INPUTS = ("previous", "speaker", "headline", "previous_where_needed")


def names_target(target: str, text: str) -> bool:
    """Whether ``text`` has one of ``target``'s content words (:func:`content_words`).

    Example:
        >>> names_target("NATO expansion eastward", "He warned against expanding NATO."), names_target("NATO expansion eastward", "It would be a disaster.")
        (True, False)
    """
    return bool(content_words(target) & words(text))


def stance_context(stance_input: Sequence[str], fields: dict, target: str = "", text: str = "") -> str:
    """The text a stance input variant adds after the unit: the named fields, in order, non-empty ones joined by " ; ".

    Args:
        stance_input: Names from :data:`STANCE_INPUTS`.
        fields: ``{"previous": ..., "speaker": ..., "headline": ...}`` for one pair (missing: "").
        target: The pair's target; needed by ``previous_where_needed``.
        text: The pair's unit; needed by ``previous_where_needed``.

    Returns:
        The context, "" when there is none.

    Example:
        >>> stance_context(["speaker", "previous"], {"speaker": "Vladimir Putin", "previous": "Putin spoke."})
        'Vladimir Putin ; Putin spoke.'
        >>> stance_context(["previous_where_needed"], {"previous": "Putin spoke of NATO."}, "NATO", "It must stop.")
        'Putin spoke of NATO.'
        >>> stance_context(["previous_where_needed"], {"previous": "Putin spoke of NATO."}, "NATO", "NATO must stop.")
        ''
    """
    def field(name: str) -> str:
        if name == "previous_where_needed":
            return "" if names_target(target, text) else str(fields.get("previous") or "").strip()
        return str(fields.get(name) or "").strip()

    return " ; ".join(part for part in map(field, stance_input) if part)


def encode_stance(tokenizer, targets: Sequence[str], texts: Sequence[str], max_length: int, contexts: Sequence[str] | None = None):
    """Tokenize (target, unit) pairs for the stance cross-encoder: ``[CLS] target [SEP] unit [SEP]``.

    Args:
        tokenizer: A Hugging Face tokenizer.
        targets: The target of each pair.
        texts: The unit of each pair.
        max_length: Longest input in tokens.
        contexts: Optional text read after the unit, ``[CLS] target [SEP] unit [SEP] context [SEP]``
            (:func:`stance_context`); it is shortened from its start so that it never costs the
            target or the unit a token.

    Returns:
        The tokenizer's encoding, unpadded.
    """
    if not contexts or not any(contexts):
        return tokenizer(list(targets), list(texts), truncation="longest_first", max_length=max_length)
    sep = tokenizer.sep_token
    fitted = fit_contexts(tokenizer, [f"{t} {x} {sep}" for t, x in zip(targets, texts)], contexts, max_length)
    seconds = [f"{x} {sep} {c}" if c else x for x, c in zip(texts, fitted)]
    return tokenizer(list(targets), seconds, truncation="longest_first", max_length=max_length)


def encode_speaker(
    tokenizer,
    texts: Sequence[str],
    contexts: Sequence[str],
    max_length: int,
    spans: Sequence[dict] | None = None,
):
    """Tokenize (unit, previous unit) pairs for mention and cue tagging.

    Args:
        tokenizer: A fast Hugging Face tokenizer (offsets are needed).
        texts: The units.
        contexts: The unit before each.
        max_length: Longest input in tokens.
        spans: For training, one dict per unit with ``mention_start, mention_end,
            cue_start, cue_end`` (-1 when absent); adds ``labels``.

    Returns:
        The encoding with ``offset_mapping`` and ``unit_mask`` (1 on the unit's tokens) and,
        when ``spans`` are given, ``labels`` (-100 outside the unit).
    """
    contexts = fit_contexts(tokenizer, texts, contexts, max_length)
    encoding = tokenizer(list(texts), contexts, truncation="longest_first", max_length=max_length, return_offsets_mapping=True)
    encoding["unit_mask"] = [
        [1 if sid == 0 else 0 for sid in encoding.sequence_ids(i)] for i in range(len(encoding["input_ids"]))
    ]
    if spans is not None:
        encoding["labels"] = [
            _span_labels(encoding["offset_mapping"][i], encoding["unit_mask"][i], spans[i]) for i in range(len(spans))
        ]
    return encoding


def _span_labels(offsets, unit_mask, span: dict) -> list[int]:
    labels = []
    inside = {"MENTION": False, "CUE": False}
    for (start, end), in_unit in zip(offsets, unit_mask):
        if not in_unit:
            labels.append(_IGNORE)
            continue
        label = "O"
        for kind in ("MENTION", "CUE"):
            s, e = span[f"{kind.lower()}_start"], span[f"{kind.lower()}_end"]
            if s >= 0 and start < e and s < end:
                label = ("I-" if inside[kind] else "B-") + kind
                inside[kind] = True
                break
        labels.append(SPAN_LABELS.index(label))
    return labels


def token_span(tags, kind: str) -> list[int]:
    """The first span of ``kind`` (``MENTION``/``CUE``) in a BIO tag sequence, as [first, last + 1] token indices.

    Args:
        tags: Tag indices into :data:`SPAN_LABELS`.
        kind: ``"MENTION"`` or ``"CUE"``.

    Returns:
        ``[start, end]``, or ``[-1, -1]`` when no token has the kind.

    Example:
        >>> token_span([0, 1, 2, 0, 3], "MENTION")
        [1, 3]
    """
    b, i = SPAN_LABELS.index(f"B-{kind}"), SPAN_LABELS.index(f"I-{kind}")
    for start, tag in enumerate(tags):
        if tag in (b, i):
            end = start + 1
            while end < len(tags) and tags[end] == i:
                end += 1
            return [start, end]
    return [-1, -1]


def _words(text: str, offsets, unit_mask) -> list[tuple[int, int, list[int]]]:
    """The unit's words (runs of non-space characters) and the tokens inside each."""
    words = [(m.start(), m.end(), []) for m in _NON_SPACE.finditer(text)]
    w = 0
    for t, (start, end) in enumerate(offsets):
        if not unit_mask[t] or end <= start:
            continue
        while w < len(words) and words[w][1] <= start:
            w += 1
        if w == len(words):
            break
        words[w][2].append(t)
    return [word for word in words if word[2]]


def _bare(word: str) -> str:
    return word.strip(_EDGE_PUNCTUATION).lower()


def _trim_mention(text: str, words: list[tuple[int, int]], following: list[tuple[int, int, float]]) -> tuple[int, int] | None:
    """Cut a mention's words to a name: no clause opener first, no function word last.

    A span left with only a determiner takes the next words the model half-marked ("The" ->
    "The company"); a lone title takes the capitalised name after it ("Mr" -> "Mr. Stumpf");
    one that is still not a name is dropped.
    """
    words = list(words)
    while words and _bare(text[words[0][0] : words[0][1]]) in MENTION_LEADING_NON_NAME:
        words.pop(0)
    while len(words) > 1 and _bare(text[words[-1][0] : words[-1][1]]) in MENTION_TRAILING_NON_NAME:
        words.pop()
    if not words:
        return None
    words = _without_time_tail(text, words)
    while len(words) > 1 and _clause_word(text[words[-1][0] : words[-1][1]]):
        words.pop()
    if len(words) == 1 and _bare(text[words[0][0] : words[0][1]]) in DETERMINERS | TITLE_WORDS:
        lone = _bare(text[words[0][0] : words[0][1]])
        for start, end, probability in following[:6 if lone in DETERMINERS else 3]:
            word = text[start:end].strip(_EDGE_PUNCTUATION)
            if lone in DETERMINERS:
                fits = probability > 0.2 and _bare(word) not in MENTION_TRAILING_NON_NAME
            else:  # "Mr" / "President" takes the capitalised name after it
                fits = word[:1].isupper() and classify_cue(word) == "other"
            if not fits:
                break
            words.append((start, end))
            if text[end - 1] in ",;:":
                break
        if len(words) == 1 or _bare(text[words[-1][0] : words[-1][1]]) in MENTION_TRAILING_NON_NAME:
            return None
    start, end = words[0][0], words[-1][1]
    while start < end and text[start] in _EDGE_PUNCTUATION:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCTUATION and not _keeps_last_mark(text[start:end]):
        end -= 1
    if re.fullmatch(r"(?i:he|she|it|who|that)[\u2019']s", text[start:end]):  # "she's": the pronoun, not its verb
        end -= 2
    first = re.match(r"\w+", text[start:end])
    if first and first.group().lower() in SUBJECT_PRONOUNS and first.end() < end - start:
        end = start + first.end()  # a subject pronoun takes no modifier: "he sternly warned" is "he"
    return (start, end) if end > start else None


def _clause_word(word: str) -> bool:
    """A lower-case auxiliary or manner adverb: the start of the source's clause, not part of the source ("Assange has")."""
    bare = word.strip(_EDGE_PUNCTUATION)
    return bare.islower() and (bare in AUXILIARIES or is_manner_adverb(bare))


def _time_tail_length(bare: list[str]) -> int:
    """How many of the last words say when ("on Tuesday", "Friday", "last week", "in recent weeks", "later"), 0 if none."""
    if bare and (bare[-1] in WEEKDAYS or bare[-1] in TIME_ADVERBS):
        return 2 if len(bare) > 1 and bare[-2] == "on" else 1
    if len(bare) > 1 and bare[-1] in TIME_NOUNS and bare[-2] in ("this", "last", "next", "that", "recent", "past"):
        return 3 if len(bare) > 2 and bare[-3] in ("in", "over", "the") and bare[-2] in ("recent", "past") else 2
    if bare[-2:] == ["the", "past"] and bare[-3:-2] == ["in"]:
        return 3
    return 0


def _without_time_tail(text: str, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The mention without a trailing time phrase ("A jury on Tuesday" -> "A jury"), unless a verb or a relative
    or "by" phrase before it makes the time part of the source's description ("a poll released Monday")."""
    # Capitalised, "Today" and "Week" are names ("USA Today", "This Week"); weekdays are always capitalised.
    bare = [_bare(text[s:e]) if _bare(text[s:e]) in WEEKDAYS or text[s:e].islower() else text[s:e] for s, e in words]
    cut = _time_tail_length(bare)
    if not cut or cut >= len(words):
        return words
    head = bare[:-cut]
    if any(w in RELATIVE_PRONOUNS or w == "by" or (w.endswith("ed") and not text[s:e][:1].isupper()) for w, (s, e) in zip(head, words)):
        return words
    return words[:-cut]


def _keeps_last_mark(span: str) -> bool:
    """Whether the span's last character belongs to it: the full stop of an abbreviation ("Trump Jr.", "U.S."),
    or the bracket that closes one the span opened ("Rep. Lena Ortiz (D-Ore.)")."""
    if span.endswith(")"):
        return span.count("(") > span.count(")") - 1
    return _is_abbreviation(span)


def _is_abbreviation(span: str) -> bool:
    last = span.split()[-1] if span.split() else ""
    return last.endswith(".") and (
        last.lower() in TITLE_WORDS | NAME_ABBREVIATIONS or re.fullmatch(r"\(?(?:[A-Z]\.-?)+|\([A-Z]-[A-Z][a-z]*\.", last) is not None
    )


def decode_spans(text: str, probabilities: np.ndarray, offsets, unit_mask) -> dict[str, tuple[int, int, float] | None]:
    """Pick the most probable mention span and cue span of one unit, in whole words.

    Each word's probability of a kind is B + I of its first word piece; a span is a run
    of words whose most probable kind it is, split where a word's first token says B; the
    run with the highest mean wins. A mention is then cut to a name (no leading "But",
    "Although", "according to"; no trailing "of", "who", "the"; "Mr" takes the name after
    it) and dropped when no name is left. When no word is most likely a mention, a capitalised
    word at least :data:`WEAK_NAME_PROBABILITY` likely one is taken, with the capitalised words
    after it ("said Chris Low", which an uncased encoder half-marks).

    Args:
        text: The unit.
        probabilities: ``(tokens, len(SPAN_LABELS))`` softmax output.
        offsets: Each token's (start, end) in ``text``.
        unit_mask: 1 for the unit's tokens.

    Returns:
        ``{"mention": (start, end, score) or None, "cue": ...}``, offsets into ``text``.
    """
    words = _words(text, offsets, unit_mask)
    probabilities = np.asarray(probabilities)
    result: dict[str, tuple[int, int, float] | None] = {}
    kinds = {"O": [0], "MENTION": [1, 2], "CUE": [3, 4]}
    # A word is read from its first token that holds a letter or digit, as token classifiers
    # usually are: the later word pieces and the punctuation stuck to it ("Putin,") do not vote.
    first_tokens = [next((t for t in tokens if _ALNUM.search(text[offsets[t][0] : offsets[t][1]])), tokens[0]) for _, _, tokens in words]
    first_rows = probabilities[np.asarray(first_tokens, dtype=int)]
    per_word = np.stack([first_rows[:, columns].sum(-1) for columns in kinds.values()], axis=-1)
    tags = per_word.argmax(-1) if len(words) else []
    first_label = first_rows.argmax(-1) if len(words) else []
    cue_start = None  # the mention never grows into the cue
    for k, kind in reversed(list(enumerate(("MENTION", "CUE"), start=1))):
        b = SPAN_LABELS.index(f"B-{kind}")
        runs: list[tuple[int, int]] = []
        for w, tag in enumerate(tags):
            starts_anew = first_label[w] == b
            if tag == k and runs and runs[-1][1] == w and not starts_anew:
                runs[-1] = (runs[-1][0], w + 1)
            elif tag == k:
                runs.append((w, w + 1))
        best = None
        for first, last in sorted(runs, key=lambda run: -float(per_word[run[0] : run[1], k].mean())):
            span_words = [(s, e) for s, e, _ in words[first:last]]
            if kind == "MENTION":
                first, last = _whole_name(text, words, first, last, cue_start)
                last = _whole_clause(text, words, first, last, cue_start)
                last = _whole_description(text, words, first, last, cue_start)
                first = _whole_apposition(text, words, first, last, cue_start)
                span_words = [(s, e) for s, e, _ in words[first:last]]
                following = [(s, e, float(per_word[w, k])) for w, (s, e, _) in enumerate(words) if w >= last]
                span = _trim_mention(text, span_words, following)
            else:
                span = (span_words[0][0], span_words[-1][1])
                while span[1] > span[0] and text[span[1] - 1] in _EDGE_PUNCTUATION:
                    span = (span[0], span[1] - 1)
            if span and span[1] > span[0]:
                best = (span[0], span[1], float(per_word[first:last, k].mean()))
                break
        if kind == "MENTION" and best is None and len(words):
            best = _weak_name(text, words, per_word[:, k])
        result[kind.lower()] = best
        if kind == "CUE" and best:
            cue_start = best[0]
    return {"mention": result["mention"], "cue": result["cue"]}


def _name_word(text: str, word: tuple) -> bool:
    """A capitalised word that can be part of a name: not a clause opener, function word, weekday or month."""
    bare = _bare(text[word[0] : word[1]])
    return (
        _NAME_SHAPE.match(text[word[0] : word[1]]) is not None
        and bare not in MENTION_LEADING_NON_NAME | MENTION_TRAILING_NON_NAME | PREPOSITIONS | WEEKDAYS | MONTHS
    )


_MAX_CLAUSE_REST = 6  # words; a longer gap to the cue is more often a clause of the sentence than of the mention


def _whole_clause(text: str, words, first: int, last: int, cue_start: int | None) -> int:
    """Grow a mention that stops inside its relative clause to the clause's end, the comma or the cue after it:
    "Economists who study" -> "Economists who study sports venues" (said)."""
    bare = [_bare(text[s:e]) for s, e, _ in words[first + 1 : last - 1]]  # the clause begun: its pronoun and a word after it
    if cue_start is None or not RELATIVE_PRONOUNS & set(bare) or text[words[last - 1][1] - 1] in _EDGE_PUNCTUATION:
        return last
    end = last
    while end < len(words) and words[end][0] < cue_start and end - last < _MAX_CLAUSE_REST:
        end += 1
        if text[words[end - 1][1] - 1] in ",;:.!?\u201d\"":
            break
    return end if end < len(words) and words[end][0] == cue_start else last


# Past participles that do not end in -ed but open a description of a document or a group ("documents made public").
_IRREGULAR_PARTICIPLES = frozenset("made sent seen written given shown taken drawn known held run put".split())
_DESCRIPTION_OPENERS = frozenset("by to on in at from public last this earlier".split())
_MAX_DESCRIPTION_REST = 8  # words between the noun and the cue


def _whole_description(text: str, words, first: int, last: int, cue_start: int | None) -> int:
    """Grow a mention whose noun is followed by a participle phrase that runs to the cue, the way a source is
    described: "Police notes" -> "Police notes released Monday" (revealed), "leaked memos" -> "leaked memos
    posted by Cinderleak" (show). Only with no punctuation between the noun and the cue; "familiar with" is
    :func:`_familiar_with`'s."""
    if last >= len(words) or (cue_start is not None and words[last - 1][0] < cue_start <= words[last][0]):  # the cue follows at once
        return last
    if text[words[last - 1][1] - 1] in _EDGE_PUNCTUATION or not text[words[last - 1][0]].isalpha():
        return last
    noun = text[words[last - 1][0] : words[last - 1][1]]
    if _bare(noun) in ("familiar", "with"):
        return _familiar_with(text, words, first, last, cue_start)
    if cue_start is None or cue_start < words[last][0]:
        return last
    # A name or pronoun followed by "-ed" is a clause's subject and its verb ("Harlow aimed his criticism").
    if not noun.islower() or _bare(noun) in MENTION_TRAILING_NON_NAME | SUBJECT_PRONOUNS:
        return last
    participle = text[words[last][0] : words[last][1]]
    if not (participle.islower() and participle.isalpha() and (participle.endswith("ed") or participle in _IRREGULAR_PARTICIPLES)):
        return last
    after = _bare(text[words[last + 1][0] : words[last + 1][1]]) if last + 1 < len(words) else ""
    if not (after in _DESCRIPTION_OPENERS or after in WEEKDAYS):  # "released Monday", "posted by", "made public"
        return last
    end = last
    while end < len(words) and words[end][0] < cue_start:
        if end - last >= _MAX_DESCRIPTION_REST or text[words[end][1] - 1] in _EDGE_PUNCTUATION and words[end][1] < cue_start - 1:
            return last
        end += 1
    return end if end < len(words) and words[end][0] == cue_start else last


def _familiar_with(text: str, words, first: int, last: int, cue_start: int | None) -> int:
    """An anonymous source "familiar with" something keeps what it is familiar with, up to the comma or the cue after
    it: "a person familiar" -> "a person familiar with his views"; the cue may also come first ("according to")."""
    if _bare(text[words[last - 1][0] : words[last - 1][1]]) == "with":
        if last - 2 < first or _bare(text[words[last - 2][0] : words[last - 2][1]]) != "familiar":
            return last
        last -= 1  # the model stopped after "with"
    if _bare(text[words[last][0] : words[last][1]]) != "with":
        return last
    cue_after = cue_start if cue_start is not None and cue_start > words[last][0] else None
    end = last
    while end < len(words) and end - last < _MAX_DESCRIPTION_REST and (cue_after is None or words[end][0] < cue_after):
        end += 1
        if text[words[end - 1][1] - 1] in ",;:.!?\u201d\"":
            return end
    return end if end < len(words) and cue_after is not None and words[end][0] == cue_after else last


def _whole_apposition(text: str, words, first: int, last: int, cue_start: int | None) -> int:
    """Grow a mention that is only the description in an apposition back over the name it describes, as the data
    card's mentions include appositions: "a Liberal" -> "Senator Tomas Brenn of Ardena, a Liberal"."""
    if first < 1 or _bare(text[words[first][0] : words[first][1]]) not in ("a", "an", "the") or not text[words[first - 1][1] - 1] == ",":
        return first
    if cue_start is not None and words[first - 1][0] >= cue_start:
        return first
    start = first - 1
    if not _name_word(text, words[start]):
        return first
    while start > 0 and text[words[start - 1][1] - 1].isalnum() and (
        _name_word(text, words[start - 1]) or (_bare(text[words[start - 1][0] : words[start - 1][1]]) == "of" and start > 1 and _name_word(text, words[start - 2]))
    ):
        start -= 1
    lone = _bare(text[words[start][0] : words[start][1]]) if first - 1 == start else ""
    if lone.endswith("ly") or lone in SENTENCE_ADVERBS:
        return first  # "Nonetheless, the figures": an adverb, not a name
    # The name must open its clause: the unit's start, or after a comma, quote or "and"/"but".
    opens = start == 0 or text[words[start - 1][1] - 1] in ",;:\u201c\u201d\"" or _bare(text[words[start - 1][0] : words[start - 1][1]]) in ("and", "but")
    return start if opens else first


def _whole_name(text: str, words, first: int, last: int, cue_start: int | None) -> tuple[int, int]:
    """Grow a mention that stops inside a name to the whole name: "Donald" -> "Donald Trump", "Adelson" -> "Sheldon
    Adelson", over capitalised words with nothing between them, never into the cue ("Harrowgate Hospital Says")."""
    def joined(a: int) -> bool:  # words a and a + 1 written as one name: no punctuation between
        return text[words[a][1] - 1].isalnum() or _is_abbreviation(text[words[a][0] : words[a][1]])

    def grows_right(w: int) -> bool:
        word = text[words[w][0] : words[w][1]]
        if cue_start is not None and words[w][0] >= cue_start or classify_cue(word) != "other":
            return False
        # In a title-case headline every word is capitalised: only a word that ends a body's or a role's name.
        return not headline or _bare(word) in ORG_WORDS | TITLE_WORDS

    if not _name_word(text, words[last - 1]) or not _name_word(text, words[first]):
        return first, last
    capitals = [text[s:e][:1].isupper() for s, e, _ in words if _ALNUM.search(text[s:e])]
    headline = sum(capitals) > 0.6 * len(capitals)
    while last < len(words) and joined(last - 1) and _name_word(text, words[last]) and grows_right(last):
        last += 1
    grown = first
    while first > 0 and joined(first - 1) and _name_word(text, words[first - 1]):
        first -= 1
    if first < grown and first > 0 and text[words[first - 1][0] : words[first - 1][1]] in ("the", "The"):
        first -= 1  # "the Washington Post"
    return first, last


# A capitalised word this likely a mention is taken when no word is most likely one: an uncased
# encoder reads "said Chris Low" as "said chris low" and half-marks the name (PolNeAR test speaker
# accuracy 0.768 -> 0.773; docs/BENCHMARKS.md, session 4).
WEAK_NAME_PROBABILITY = 0.2


def _weak_name(text: str, words, probability: np.ndarray) -> tuple[int, int, float] | None:
    """No word is most likely a mention, but a capitalised one half-is ("said Chris Low"): that name, grown over the capitalised words after it."""
    w = int(np.argmax(probability))
    def capital(i):
        word = text[words[i][0] : words[i][1]].strip(_EDGE_PUNCTUATION)
        return word[:1].isupper() and _bare(word) not in MENTION_LEADING_NON_NAME | MENTION_TRAILING_NON_NAME | DETERMINERS | TITLE_WORDS
    if probability[w] < WEAK_NAME_PROBABILITY or not capital(w):
        return None
    last = w + 1
    while last < len(words) and capital(last) and text[words[last - 1][1] - 1] not in ",;:.":
        last += 1
    end = words[last - 1][1]
    while end > words[w][0] and text[end - 1] in _EDGE_PUNCTUATION:
        end -= 1
    return (words[w][0], end, float(probability[w]))


def truncated_units(encoding, texts: Sequence[str], unit_sequence: int = 0) -> list[int]:
    """Indices of inputs whose unit lost words to truncation.

    Args:
        encoding: A fast tokenizer's encoding of the inputs.
        texts: The units, in order.
        unit_sequence: Which sequence of the pair holds the unit (0 or 1).

    Returns:
        The indices of inputs that the tokenizer truncated and whose last unit token ends
        before the unit's last non-space character. An input that was not truncated is never
        listed, even when its unit ends in characters the tokenizer drops (control
        characters, zero-width spaces) or has no tokens at all.
    """
    cut = []
    for i, text in enumerate(texts):
        if not encoding.encodings[i].overflowing:
            continue
        ends = [
            span[1]
            for span, sid in zip(encoding.encodings[i].offsets, encoding.sequence_ids(i))
            if sid == unit_sequence
        ]
        if not ends or max(ends) < len(text.rstrip()):
            cut.append(i)
    return cut
