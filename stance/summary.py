"""Where an article stands, and each of its speakers, from its claims' stance scores.

:func:`summarize` turns the claims :func:`stance.predict` found into one stance per target
for the article, and one per speaker and target. The rule is deliberately simple, so that a
reader can redo it by hand from the claims' ``stance_scores``. For a group of claims (the
article's, or one speaker's) and one target, with ``p_i`` the stance probabilities of claim
``i``:

- ``scores`` (``article_scores``) is the mean of the ``p_i``: the chance that a claim of the
  group, picked at random, is ``favor`` / ``against`` / ``none``.
- ``commitment`` is how strongly the group's claims take a side on the target, whichever
  side: for the article, the ``min_claims``-th largest ``1 - p_i(none)`` (the second largest
  by default; the smallest when there are fewer claims), so that one stray claim does not
  commit an article; for a speaker, the largest (one clear claim is a speaker's position).
  A neutral article about the target, whose claims take both sides, commits high and is
  still ``none``. A long article of neutral claims does not commit by adding them up.
- ``relatedness`` is the probability that the article is about the target at all, so that
  an unrelated article is told apart from a neutral one: the largest ``relatedness`` of its
  units, claims or not (:mod:`stance.relatedness`: a sentence encoder's cosine, calibrated;
  ``predict(..., relatedness=True)`` fills it in). Units without it (a model folder without a
  relatedness encoder, hand-made claims) fall back on the commitment, the one signal there is.
  ``related`` is ``relatedness >= relatedness_threshold`` (``commitment >=
  commitment_threshold`` on the fallback).
- ``label`` is ``none`` unless the article is related and ``commitment >=
  commitment_threshold``; then each claim votes with its own label (the argmax of ``p_i``, as
  in ``claim.stances``), and the label is the side (``favor`` or ``against``) with more votes,
  provided its share of the votes for either side is above ``min_share`` (a tie, or no vote
  for a side, is ``none``).

The side-taking defaults (``min_claims=2``, ``commitment_threshold=0.7``, ``min_share=0.6``)
were chosen on the 24 labelled articles with the default model, each scored against its own
2-3 targets and 4 targets of articles on other subjects: the largest ``1 - p(none)`` alone
(``min_claims=1``) called 48 of 100 unrelated pairs related at 0.5, because one stray claim
is enough; the second largest at 0.7 called 10 of 100 unrelated and 47 of 52 own targets
related. Votes, not mean probabilities, pick the side: that model spreads a committed
claim's probability over both sides (0.43 favor, 0.50 against), so the mean favor and
against masses were within 0.58:0.42 of each other on every own target, while its votes
agree with the badges a reader sees on each claim. ``min_share=0.6`` calls an article
whose claims split 3:2 or closer ``none`` (related and balanced). ``relatedness_threshold=0.5``
is the calibrated probability's own midpoint.

A target on which a claim's side lost to another of its targets (a folder's
``stance_secondary_none_offset``) counts with the claim's ``stance_scores_alone``, its scores as
the pair scored alone, since the thresholds above were chosen on pairs scored alone.

Units that are not claims (``claim=False``, from ``keep_non_claims=True``) count for
``relatedness`` only. A claim without ``stance_scores`` for a target (a hand-made or gold-labelled one) counts with
probability 1 on its ``stances`` label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .errors import InputError, InputTypeError
from .schema import STANCE_LABELS
from .speakers import UNKNOWN_SPEAKER

__all__ = ["SpeakerStance", "Summary", "format_summary", "summarize"]

SIDES = ("favor", "against")
# The defaults of summarize() and the report; see the module's docstring for how they were chosen.
COMMITMENT_THRESHOLD = 0.7
RELATEDNESS_THRESHOLD = 0.5
MIN_SHARE = 0.6
MIN_CLAIMS = 2


@dataclass
class SpeakerStance:
    """One speaker's stance towards one target.

    Attributes:
        label: ``favor`` / ``against`` / ``none``, by the rule of :mod:`stance.summary`.
        claims: The number of the speaker's claims (``counts[label]`` of them take ``label``).
        score: The mean probability of ``label`` over those claims.
        scores: The mean stance probabilities (label -> probability) over those claims.
        commitment: The largest ``1 - p(none)`` over those claims.
        counts: How many of those claims were labelled each way on their own (label -> n):
            the votes that decide ``label``.
    """

    label: str
    claims: int
    score: float
    scores: dict[str, float]
    commitment: float
    counts: dict[str, int]

    def to_dict(self) -> dict:
        """Every attribute as plain data (for JSON)."""
        return {
            "label": self.label, "claims": self.claims, "score": self.score, "scores": dict(self.scores),
            "commitment": self.commitment, "counts": dict(self.counts),
        }


@dataclass
class Summary:
    """Where one article's claims stand towards each target, overall and per speaker.

    Attributes:
        article_id: The units' ``article_id`` ("article" when there are no units).
        targets: The targets summarised, in order.
        claims: The number of claims summarised (units with ``claim=False`` are not counted).
        article: Target -> ``favor`` / ``against`` / ``none``.
        article_scores: Target -> label -> mean probability over the article's claims.
        relatedness: Target -> probability that the article is about the target at all (the
            commitment when its units carry no relatedness; see :mod:`stance.summary`).
        related: Target -> whether the article is about the target (False: unrelated).
        relatedness_source: ``"encoder"`` when the units carried the relatedness encoder's
            probabilities, ``"commitment"`` when the commitment stood in for them.
        commitment: Target -> how strongly the article's claims take a side, either side.
        speakers: Speaker -> target -> :class:`SpeakerStance`; speakers with the most claims
            first (ties in order of appearance); a claim without a speaker counts as ``unknown``.
        relatedness_threshold, commitment_threshold, min_share, min_claims: The settings the
            labels were decided with.
    """

    article_id: str
    targets: list[str]
    claims: int
    article: dict[str, str] = field(default_factory=dict)
    article_scores: dict[str, dict[str, float]] = field(default_factory=dict)
    relatedness: dict[str, float] = field(default_factory=dict)
    related: dict[str, bool] = field(default_factory=dict)
    commitment: dict[str, float] = field(default_factory=dict)
    relatedness_source: str = "commitment"
    speakers: dict[str, dict[str, SpeakerStance]] = field(default_factory=dict)
    relatedness_threshold: float = RELATEDNESS_THRESHOLD
    commitment_threshold: float = COMMITMENT_THRESHOLD
    min_share: float = MIN_SHARE
    min_claims: int = MIN_CLAIMS

    def to_dict(self) -> dict:
        """The summary as plain data (for JSON).

        Returns:
            ``{"article_id", "targets", "claims", "article", "article_scores", "relatedness",
            "related", "commitment", "relatedness_source", "speakers": {speaker: {target: {label, claims, score, scores,
            commitment, counts}}}, "thresholds": {"relatedness_threshold", "commitment_threshold",
            "min_share", "min_claims"}}``.

        Example:
            >>> summarize([]).to_dict()["claims"]
            0
        """
        return {
            "article_id": self.article_id,
            "targets": list(self.targets),
            "claims": self.claims,
            "article": dict(self.article),
            "article_scores": {t: dict(s) for t, s in self.article_scores.items()},
            "relatedness": dict(self.relatedness),
            "related": dict(self.related),
            "commitment": dict(self.commitment),
            "relatedness_source": self.relatedness_source,
            "speakers": {s: {t: st.to_dict() for t, st in by_target.items()} for s, by_target in self.speakers.items()},
            "thresholds": {
                "relatedness_threshold": self.relatedness_threshold, "commitment_threshold": self.commitment_threshold,
                "min_share": self.min_share, "min_claims": self.min_claims,
            },
        }


def _probabilities(claim, target: str) -> dict[str, float] | None:
    # A target whose side lost to another of the claim's targets counts as scored alone: the
    # thresholds below were chosen on pairs scored alone (session 29: summaries read from the
    # competed scores lost speaker macro-F1 on PolNeAR stance, 0.466 -> 0.456 dev, 0.475 -> 0.445 test).
    scores = (claim.stance_scores_alone or {}).get(target) or (claim.stance_scores or {}).get(target)
    if scores:
        return {label: float(scores.get(label, 0.0)) for label in STANCE_LABELS}
    label = claim.stances.get(target) if claim.stances else None
    if label in STANCE_LABELS:
        return {lab: 1.0 if lab == label else 0.0 for lab in STANCE_LABELS}
    return None


def _own_label(p: dict[str, float]) -> str:
    return max(STANCE_LABELS, key=lambda label: p[label])  # the first of equals, as np.argmax


def _decide(probabilities: list[dict[str, float]], commitment_threshold: float, min_share: float, min_claims: int):
    """(label, mean scores, commitment, votes) of a group of claims' probabilities."""
    votes = {label: 0 for label in STANCE_LABELS}
    if not probabilities:
        return "none", {label: 0.0 for label in STANCE_LABELS}, 0.0, votes
    mean = {label: sum(p[label] for p in probabilities) / len(probabilities) for label in STANCE_LABELS}
    committed = sorted((1.0 - p["none"] for p in probabilities), reverse=True)
    commitment = committed[min(min_claims, len(committed)) - 1]
    for p in probabilities:
        votes[_own_label(p)] += 1
    sides = votes["favor"] + votes["against"]
    side = "favor" if votes["favor"] > votes["against"] else "against"
    label = "none"
    if commitment >= commitment_threshold and sides and votes[side] / sides > min_share:
        label = side
    return label, mean, commitment, votes


def _round(scores: dict[str, float]) -> dict[str, float]:
    return {label: round(p, 4) for label, p in scores.items()}


def _summarize_one(claims, targets, thresholds: dict, min_share, min_claims) -> Summary:
    from .pipeline import Claim

    for i, claim in enumerate(claims):
        if not isinstance(claim, Claim):
            raise InputTypeError(f"claims[{i}]: expected a stance.Claim, got {type(claim).__name__}")
    if targets is None:  # every unit of an article has the same targets, claim or not
        targets = list(dict.fromkeys(t for c in claims for t in (*c.stances, *c.stance_scores)))
    article_id = claims[0].article_id if claims else "article"
    units, claims = claims, [c for c in claims if c.claim]
    summary = Summary(article_id=article_id, targets=list(targets), claims=len(claims), min_share=min_share, min_claims=min_claims, **thresholds)
    by_speaker: dict[str, list] = {}
    for claim in claims:
        by_speaker.setdefault(claim.speaker or UNKNOWN_SPEAKER, []).append(claim)
    order = sorted(by_speaker, key=lambda s: -len(by_speaker[s]))  # stable: ties keep their first appearance
    for target in summary.targets:
        probabilities = [p for p in (_probabilities(c, target) for c in claims) if p is not None]
        label, mean, commitment, _ = _decide(probabilities, summary.commitment_threshold, min_share, min_claims)
        about = [u.relatedness[target] for u in units if target in u.relatedness]
        if about:
            relatedness, related = max(about), max(about) >= summary.relatedness_threshold
            summary.relatedness_source = "encoder"
        else:  # no relatedness encoder's figures: the claims' commitment is the one signal
            relatedness, related = commitment, commitment >= summary.commitment_threshold
        summary.article[target] = label if related else "none"
        summary.article_scores[target] = _round(mean)
        summary.relatedness[target] = round(relatedness, 4)
        summary.related[target] = bool(related)
        summary.commitment[target] = round(commitment, 4)
    for speaker in order:
        summary.speakers[speaker] = {}
        for target in summary.targets:
            probabilities = [p for p in (_probabilities(c, target) for c in by_speaker[speaker]) if p is not None]
            # a speaker's one clear claim is their position: commitment over their claims is the largest
            label, mean, commitment, counts = _decide(probabilities, summary.commitment_threshold, min_share, 1)
            if summary.relatedness_source == "encoder" and not summary.related[target]:
                label = "none"  # no one in an article about something else takes a side on the target
            summary.speakers[speaker][target] = SpeakerStance(
                label=label, claims=len(probabilities), score=round(mean[label], 4), scores=_round(mean),
                commitment=round(commitment, 4), counts=counts,
            )
    return summary


def _is_claim_list(value) -> bool:
    from .pipeline import Claim

    return isinstance(value, (list, tuple)) and all(isinstance(c, Claim) for c in value)


def summarize(
    claims,
    targets: Sequence[str] | None = None,
    *,
    relatedness_threshold: float = RELATEDNESS_THRESHOLD,
    commitment_threshold: float = COMMITMENT_THRESHOLD,
    min_share: float = MIN_SHARE,
    min_claims: int = MIN_CLAIMS,
) -> Summary | list[Summary]:
    """Where an article's claims stand towards each target, overall and per speaker.

    The rule (see :mod:`stance.summary`): ``relatedness`` is the largest probability, over
    the article's units, that a unit is about the target (filled in by
    ``predict(..., relatedness=True)``; without it, the commitment stands in); ``commitment``
    is the ``min_claims``-th largest ``1 - p(none)`` over the article's claims (the largest
    over a speaker's). An article that is related and committed (``commitment >=
    commitment_threshold``) takes the side that more claims take on their own (their
    argmax), if its share of the claims that take a side is above ``min_share``; else
    ``none``. ``article_scores`` are the mean probabilities.

    Args:
        claims: One article's claims (what :func:`stance.predict` returns for a string), or a
            list of such lists (what it returns for a list of articles). Units with
            ``claim=False`` (``keep_non_claims=True``) count for relatedness only.
        targets: The targets to summarise; None takes every target the claims have, in order.
        relatedness_threshold: The relatedness an article needs to be about a target (below
            it the article is unrelated and takes no side); in [0, 1].
        commitment_threshold: The commitment an article (or speaker) needs before it is
            given a side; in [0, 1].
        min_share: The share of the side-taking votes the winning side needs, above which
            it is the label; in [0.5, 1). 0.5 lets any majority decide.
        min_claims: How many claims must take a side for the article to commit: its
            commitment is the ``min_claims``-th largest ``1 - p(none)``; 1 takes the largest.

    Returns:
        A :class:`Summary` for one article's claims; a list of them for a list of lists.

    Raises:
        InputTypeError: when ``claims`` is not a list of :class:`stance.Claim` (or of lists).
        InputError: when a threshold is out of range, or a target is not a non-empty string.

    Example:
        >>> import stance
        >>> claims = [stance.Claim(0, 0, 9, "He said.", True, 0.9, speaker="Ann",
        ...                        stances={"T": "against"},
        ...                        stance_scores={"T": {"favor": 0.1, "against": 0.8, "none": 0.1}})]
        >>> summary = stance.summarize(claims)
        >>> summary.article["T"], summary.commitment["T"], summary.speakers["Ann"]["T"].label
        ('against', 0.9, 'against')
    """
    for name, value in (("relatedness_threshold", relatedness_threshold), ("commitment_threshold", commitment_threshold)):
        if not 0.0 <= value <= 1.0:
            raise InputError(f"{name} must be in [0, 1], got {value!r}")
    if not 0.5 <= min_share < 1.0:
        raise InputError(f"min_share must be in [0.5, 1), got {min_share!r}")
    if not isinstance(min_claims, int) or isinstance(min_claims, bool) or min_claims < 1:
        raise InputError(f"min_claims must be a whole number >= 1, got {min_claims!r}")
    if targets is not None:
        if isinstance(targets, str):
            targets = [targets]
        targets = list(targets)
        for target in targets:
            if not isinstance(target, str) or not target.strip():
                raise InputError(f"targets must be non-empty strings, got {target!r}")
    thresholds = {"relatedness_threshold": relatedness_threshold, "commitment_threshold": commitment_threshold}
    if _is_claim_list(claims):
        return _summarize_one(list(claims), targets, thresholds, min_share, min_claims)
    if isinstance(claims, (list, tuple)) and all(_is_claim_list(c) for c in claims):
        return [_summarize_one(list(c), targets, thresholds, min_share, min_claims) for c in claims]
    raise InputTypeError(
        f"claims: expected a list of stance.Claim (one article) or a list of such lists, got {_describe(claims)}"
    )


def _describe(value) -> str:
    if isinstance(value, (list, tuple)):
        kinds = sorted({type(v).__name__ for v in value})
        return f"a {type(value).__name__} of {', '.join(kinds)}"
    return type(value).__name__


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(1, width - 1)] + "\u2026"


def format_summary(summary: Summary, width: int = 100) -> str:
    """A summary as plain text: one line per target, then a speaker x target table.

    Targets are numbered T1, T2, ... as in ``stance predict``'s table. A speaker cell reads
    ``against 3/5 0.71``: the label, how many of the speaker's claims take it (their own
    labels) out of how many, and the mean probability of the label.

    Args:
        summary: What :func:`summarize` returned for one article.
        width: Line width; the speaker column shrinks to fit (cells are 17 characters).

    Returns:
        The text, without a trailing newline.

    Example:
        >>> print(format_summary(summarize([], targets=["T"])))
        -- summary: 0 claims, 0 speakers
        target  stance   related  favor  against  none  text
        T1      none     0.00     0.00   0.00     0.00  T
    """
    n_speakers = len(summary.speakers)
    lines = [
        f"-- summary: {summary.claims} {'claim' if summary.claims == 1 else 'claims'}, "
        f"{n_speakers} {'speaker' if n_speakers == 1 else 'speakers'}",
        f"{'target':<6}  {'stance':<7}  related  favor  against  none  text",
    ]
    for i, target in enumerate(summary.targets):
        s = summary.article_scores[target]
        lines.append(
            f"{'T' + str(i + 1):<6}  {summary.article[target]:<7}  {summary.relatedness[target]:<7.2f}  "
            f"{s['favor']:<5.2f}  {s['against']:<7.2f}  {s['none']:<4.2f}  {_shorten(target, max(12, width - 52))}"
        )
    if summary.speakers:
        cell = 17
        speaker_width = max(8, min(30, width - 2 - len(summary.targets) * (cell + 2), max(len(s) for s in summary.speakers)))
        lines.append(f"{'speaker':<{speaker_width}}  " + "  ".join(f"{'T' + str(i + 1):<{cell}}" for i in range(len(summary.targets))))
        for speaker, by_target in summary.speakers.items():
            cells = [f"{st.label} {st.counts[st.label]}/{st.claims} {st.score:.2f}" for st in (by_target[t] for t in summary.targets)]
            lines.append(f"{_shorten(speaker, speaker_width):<{speaker_width}}  " + "  ".join(f"{c:<{cell}}" for c in cells))
    return "\n".join(line.rstrip() for line in lines)


def print_summary(claims, args) -> None:
    """``stance predict --summary``: the summary of one article's claims after its output.

    Table format prints :func:`format_summary`; jsonl prints one extra line
    ``{"summary": {...}}`` (:meth:`Summary.to_dict`).
    """
    import json

    targets = (getattr(args, "target", None) or []) + (getattr(args, "targets", None) or [])
    if not targets and claims:  # the headline, when no targets were given
        targets = list(claims[0].stances)
    summary = summarize(list(claims), targets or None)
    if getattr(args, "format", "table") == "jsonl":
        print(json.dumps({"summary": summary.to_dict()}, ensure_ascii=False))
    else:
        print(format_summary(summary, getattr(args, "width", 100)))
