"""Baselines that need no training beyond what they are given: majority class, TF-IDF, rules.

Every benchmark table sets the fine-tuned models beside these. They follow the interface of
:mod:`stance.benchmark.models`; ``fit_claims`` and ``fit_stance`` train them on the
training part of a dataset (a fold's training articles in cross-validation).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
from ..errors import InputError
from ..lexicon import CUE_PHRASES

__all__ = [
    "BASELINES",
    "CUE_VERBS",
    "MajorityBaseline",
    "RulesBaseline",
    "TfidfBaseline",
    "find_cue",
    "find_mention_span",
    "make_baseline",
    "rule_is_claim",
]

_CUE = re.compile(r"(?<![\w\u2019'])(" + "|".join(re.escape(c) for c in sorted(CUE_PHRASES, key=len, reverse=True)) + r")(?![\w\u2019'])", re.I)
_QUOTES = re.compile("[\u201c\u201d\"\u00ab\u00bb]")
# Words that may stand between a speaker and the cue ("Putin has repeatedly said").
_SKIP = set("has have had also previously later again would will repeatedly then quickly firmly publicly was were is are had been once often has already".split())
# Lower-case words that end a speaker phrase read backwards from the cue.
_STOP = set(
    "and that but which who whom after before when while as because if though although since in on at with by for to from so than a an or nor not this these those it".split()
)
_PRONOUNS = {"he", "she", "they", "we", "it", "i"}
_ABBREVIATION = re.compile(r"^(?:[A-Z]\.)+$|^(?:Sen|Rep|Gov|Dr|Mr|Mrs|Ms|Gen|Col|Lt|Sgt|Capt|Prof|St)\.$")
_TOKEN = re.compile(r"\S+")


def rule_is_claim(text: str) -> bool:
    """The rule-based claim detector: a quote mark or an attribution cue makes a claim.

    Args:
        text: A unit.

    Returns:
        True when the unit has a quote mark or a word of :data:`CUE_VERBS`.

    Example:
        >>> rule_is_claim("The minister said the plan was dead."), rule_is_claim("It rained.")
        (True, False)
    """
    return bool(_QUOTES.search(text) or _CUE.search(text))


def find_cue(text: str) -> tuple[int, int] | None:
    """The first attribution cue of a unit, as a character span, or None.

    Example:
        >>> find_cue("Putin said no.")
        (6, 10)
    """
    match = _CUE.search(text)
    return match.span() if match else None


def _ends_phrase(token: str) -> bool:
    return bool(re.search(r"[,;:.!?\u201c\u201d\"()\u2014\u2013]$", token)) and not _ABBREVIATION.match(token)


def _backwards(text: str, cue_start: int) -> tuple[int, int] | None:
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, 0, cue_start)]
    while tokens and (tokens[-1][2].lower() in _SKIP or (tokens[-1][2].islower() and tokens[-1][2].endswith("ly"))):
        tokens.pop()
    picked: list[tuple[int, int, str]] = []
    commas = 0
    for start, end, token in reversed(tokens):
        word = token.strip("\u201c\u201d\"'()")
        if token.endswith(",") and not token.endswith(("\u201d", '"')) and commas < 1 and len(token) > 1:
            # an apposition: "The union's regional secretary, Colm Ardagh, said"
            commas += 1 if picked else 0
            word, end = token[:-1], end - 1
            token = word
        elif len(picked) >= 8 or _ends_phrase(token) or not word:
            break
        if word.lower() in _STOP and not (word.lower() == "it" and not picked):
            break
        if word.lower() in _PRONOUNS:
            if not picked:
                picked.append((start, end, token))
            break
        picked.append((start, end, token))
    if not picked:
        return None
    picked.reverse()
    while picked and picked[0][2].lower() in ("of", "and"):
        picked.pop(0)
    if not picked:
        return None
    if len(picked) > 2 and not any(t[2][:1].isupper() for t in picked):
        return None  # a run of lower-case words is narration, not a source
    return picked[0][0], picked[-1][1]


def _forwards(text: str, cue_end: int) -> tuple[int, int] | None:
    picked: list[tuple[int, int, str]] = []
    for match in _TOKEN.finditer(text, cue_end):
        token = match.group()
        word = token.strip("\u201c\u201d\"'().,;:")
        if not word or len(picked) >= 6:
            break
        capital = word[:1].isupper() or word.lower() in ("the", "of") and picked or word.lower() == "the"
        if not capital and not (picked and word.islower() and len(picked) < 3 and word.lower() not in _STOP):
            break
        picked.append((match.start(), match.start() + len(token.rstrip(".,;:\u201d\"")), token))
        if _ends_phrase(token):
            break
    while picked and picked[-1][2].lower().strip(".,;:") in ("the", "of"):
        picked.pop()
    return (picked[0][0], picked[-1][1]) if picked else None


def find_mention_span(text: str) -> tuple[int, int] | None:
    """The rule-based speaker finder: the subject of the cue, or the name after an inverted cue.

    Reads back from the first cue over the words that can name a source (capitalised
    words, titles, "the", a head noun such as "officials"), skipping auxiliaries ("has
    repeatedly said"); a pronoun right before the cue is the mention. When nothing stands
    before the cue (``"..." said Putin``, ``according to the ministry``) it reads forward.
    Pronouns are resolved later, by :func:`stance.speakers.resolve_speakers`.

    Args:
        text: A claim unit.

    Returns:
        ``(start, end)`` of the mention in ``text``, or None (no cue, or a continuing quote).

    Example:
        >>> text = "\u201cNo,\u201d club president Henrik Vale said."
        >>> start, end = find_mention_span(text); text[start:end]
        'club president Henrik Vale'
    """
    cue = find_cue(text)
    if cue is None:
        return None
    span = _backwards(text, cue[0])
    if span is None:
        span = _forwards(text, cue[1])
    return span


class MajorityBaseline:
    """Predict the most frequent training label: claim or not for every unit, one stance for every pair.

    Example:
        >>> MajorityBaseline().fit_stance(["t", "t"], ["a", "b"], ["none", "none"]).predict_stance(["t"], ["c"], ["favor", "against", "none"])
        ['none']
    """

    name = "baseline:majority"

    def __init__(self):
        self.claim_probability: float | None = None
        self.stance_label: str | None = None

    def fit_claims(self, texts: Sequence[str], contexts: Sequence[str], labels: Sequence[int]) -> MajorityBaseline:
        """Remember whether most training units are claims. Returns self."""
        if not len(labels):
            raise InputError("baseline:majority: no training units to fit")
        self.claim_probability = 1.0 if 2 * sum(int(x) for x in labels) >= len(labels) else 0.0
        return self

    def predict_claims(self, texts: Sequence[str], contexts: Sequence[str]) -> np.ndarray:
        """The majority decision for every unit, as a probability of 0 or 1."""
        if self.claim_probability is None:
            raise InputError("baseline:majority: call fit_claims first")
        return np.full(len(texts), self.claim_probability)

    def fit_stance(self, targets, texts, labels: Sequence[str]) -> MajorityBaseline:
        """Remember the most frequent stance label (ties: the first in sorted order). Returns self."""
        if not len(labels):
            raise InputError("baseline:majority: no training pairs to fit")
        counts = Counter(labels)
        self.stance_label = max(sorted(counts), key=lambda label: counts[label])
        return self

    def predict_stance(self, targets, texts, labels, label_map=None) -> list[str]:
        """The majority label for every pair."""
        if self.stance_label is None:
            raise InputError("baseline:majority: call fit_stance first")
        return [self.stance_label] * len(texts)


class TfidfBaseline:
    """TF-IDF of word uni- and bigrams with logistic regression (class-balanced), per task.

    Claims are read from the unit alone; stance from ``target + " [SEP] " + text``.

    Args:
        max_features: Vocabulary size.
        C: Inverse regularisation strength of the logistic regression.
        seed: Seed of the solver.

    Example:
        >>> model = TfidfBaseline().fit_claims(["He said no.", "It rained."], ["", ""], [1, 0])
        >>> model.predict_claims(["She said yes."], [""]).shape
        (1,)
    """

    name = "baseline:tfidf"

    def __init__(self, max_features: int = 100_000, C: float = 1.0, seed: int = 0):
        self.max_features, self.C, self.seed = max_features, C, seed
        self.claim_model = None
        self.stance_model = None

    def _pipeline(self):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        return make_pipeline(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, max_features=self.max_features),
            LogisticRegression(C=self.C, max_iter=2000, class_weight="balanced", random_state=self.seed),
        )

    def fit_claims(self, texts, contexts, labels) -> TfidfBaseline:
        """Fit the claim classifier on units and 0/1 labels. Returns self."""
        labels = [int(x) for x in labels]
        if len(set(labels)) < 2:
            raise InputError("baseline:tfidf: the training units must include claims and non-claims")
        self.claim_model = self._pipeline().fit(list(texts), labels)
        return self

    def predict_claims(self, texts, contexts) -> np.ndarray:
        """Claim probability of each unit."""
        if self.claim_model is None:
            raise InputError("baseline:tfidf: call fit_claims first")
        if not len(texts):
            return np.zeros(0)
        classes = list(self.claim_model.classes_)
        return self.claim_model.predict_proba(list(texts))[:, classes.index(1)]

    @staticmethod
    def _pairs(targets, texts) -> list[str]:
        return [f"{t} [SEP] {x}" for t, x in zip(targets, texts)]

    def fit_stance(self, targets, texts, labels) -> TfidfBaseline:
        """Fit the stance classifier on pairs and their (corpus) labels. Returns self."""
        if len(set(labels)) < 2:
            raise InputError("baseline:tfidf: the training pairs must have at least two stance labels")
        self.stance_model = self._pipeline().fit(self._pairs(targets, texts), list(labels))
        return self

    def predict_stance(self, targets, texts, labels, label_map=None) -> list[str]:
        """A label for each pair (from the labels it was fit on)."""
        if self.stance_model is None:
            raise InputError("baseline:tfidf: call fit_stance first")
        if not len(texts):
            return []
        return [str(x) for x in self.stance_model.predict(self._pairs(targets, texts))]


class RulesBaseline:
    """Rule-based claim detection (:func:`rule_is_claim`) and speaker finding (:func:`find_mention_span`).

    Nothing to fit; it has no stance rules.

    Example:
        >>> RulesBaseline().predict_claims(["Putin said no.", "It rained."], ["", ""]).tolist()
        [1.0, 0.0]
    """

    name = "baseline:rules"

    def fit_claims(self, texts, contexts, labels) -> RulesBaseline:
        """Nothing to learn. Returns self."""
        return self

    def predict_claims(self, texts, contexts) -> np.ndarray:
        """1.0 for units with a quote mark or a cue, else 0.0."""
        return np.array([1.0 if rule_is_claim(t) else 0.0 for t in texts])

    def predict_mentions(self, texts, contexts) -> list[tuple[int, int] | None]:
        """The mention span found by :func:`find_mention_span` for each unit."""
        return [find_mention_span(t) for t in texts]


BASELINES = {"majority": MajorityBaseline, "tfidf": TfidfBaseline, "rules": RulesBaseline}


def make_baseline(name: str):
    """A fresh, unfitted baseline by name.

    Args:
        name: ``majority``, ``tfidf`` or ``rules``.

    Returns:
        The baseline object.

    Raises:
        ValueError: for an unknown name, listing the known ones.

    Example:
        >>> make_baseline("rules").name
        'baseline:rules'
    """
    if name not in BASELINES:
        raise InputError(f"unknown baseline {name!r}; known: {', '.join(BASELINES)}")
    return BASELINES[name]()
