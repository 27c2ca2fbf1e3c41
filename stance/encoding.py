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

import numpy as np

__all__ = [
    "SPAN_LABELS",
    "decode_spans",
    "encode_claim",
    "encode_speaker",
    "encode_stance",
    "token_span",
    "truncated_units",
]

SPAN_LABELS = ("O", "B-MENTION", "I-MENTION", "B-CUE", "I-CUE")
_IGNORE = -100
_WORD_CHAR = re.compile(r"[\w\u2019'.\-]")


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


def encode_stance(tokenizer, targets: Sequence[str], texts: Sequence[str], max_length: int):
    """Tokenize (target, unit) pairs for the stance cross-encoder.

    Args:
        tokenizer: A Hugging Face tokenizer.
        targets: The target of each pair.
        texts: The unit of each pair.
        max_length: Longest input in tokens.

    Returns:
        The tokenizer's encoding, unpadded.
    """
    return tokenizer(list(targets), list(texts), truncation="longest_first", max_length=max_length)


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


def _widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and _WORD_CHAR.match(text[start - 1]) and _WORD_CHAR.match(text[start]):
        start -= 1
    while end < len(text) and _WORD_CHAR.match(text[end]) and _WORD_CHAR.match(text[end - 1]):
        end += 1
    # Trailing punctuation is not part of a name ("Putin," / "said.").
    while end > start and text[end - 1] in ".,;:":
        end -= 1
    return start, end


def decode_spans(text: str, probabilities: np.ndarray, offsets, unit_mask) -> dict[str, tuple[int, int, float] | None]:
    """Pick the most probable mention span and cue span of one unit.

    Args:
        text: The unit.
        probabilities: ``(tokens, len(SPAN_LABELS))`` softmax output.
        offsets: Each token's (start, end) in ``text``.
        unit_mask: 1 for the unit's tokens.

    Returns:
        ``{"mention": (start, end, score) or None, "cue": ...}``: a span starts at a token
        tagged B (or I after a non-span token), runs over the following I tokens and is
        widened to whole words; the highest-scoring start wins.
    """
    tags = probabilities.argmax(-1)
    result: dict[str, tuple[int, int, float] | None] = {}
    for kind in ("MENTION", "CUE"):
        b, i_ = SPAN_LABELS.index(f"B-{kind}"), SPAN_LABELS.index(f"I-{kind}")
        best = None
        t, n = 0, len(tags)
        while t < n:
            if unit_mask[t] and tags[t] in (b, i_):
                score = float(probabilities[t, b] + probabilities[t, i_])
                start, end = offsets[t][0], offsets[t][1]
                t += 1
                while t < n and unit_mask[t] and tags[t] == i_:
                    end = offsets[t][1]
                    t += 1
                if best is None or score > best[2]:
                    best = (start, end, score)
            else:
                t += 1
        if best is not None:
            start, end = _widen_to_words(text, best[0], best[1])
            best = (start, end, best[2]) if end > start else None
        result[kind.lower()] = best
    return result


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
