"""An HTML report of articles' claims: who said what, and where each speaker stands.

:func:`report_html` returns one self-contained page (inline CSS and script; no network, no
external fonts) and :func:`write_report` writes it, with the speaker x target matrix as a
PNG beside it for slides and papers. ``stance report FILE... -o report.html`` does the same
from the command line.

The page shows, per article: the article-level summary of :func:`stance.summarize`, the
speaker x target matrix (label, number of claims, mean score), a legend of speakers and the
text with its claim units highlighted, one colour per speaker, each followed by its stance
badges (text, never colour alone). Hovering over a claim, or focusing it with the keyboard
(Tab), shows its speaker, mention, cue and scores. With several articles an index and a
matrix over all of them come first. Everything taken from an article (its text, speakers,
mentions, cues, targets, names) goes through :func:`html.escape`.
"""

from __future__ import annotations

import html
import os
import textwrap
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, InputTypeError
from .schema import STANCE_LABELS
from .speakers import UNKNOWN_SPEAKER
from .summary import COMMITMENT_THRESHOLD, MIN_CLAIMS, MIN_SHARE, RELATEDNESS_THRESHOLD, Summary, summarize

__all__ = ["ReportFiles", "add_report_parser", "plot_matrix", "report_html", "write_report"]

# Light backgrounds that black text reads well on, for speakers' claim units.
SPEAKER_COLOURS = (
    "#ffe08a", "#a8dcf0", "#c5e8a5", "#f5b8d8", "#d4c4f5", "#ffc9a3",
    "#a9e6d8", "#e6e0a0", "#c2cff5", "#f2b5b5", "#d5e8b8", "#e8c9b0",
)
# After the palette runs out, speakers are told apart by the underline's style as well.
_UNDERLINES = ("solid", "dashed", "dotted")
# Stance badges: white text on favor / against (contrast above 5:1), dark text on none.
STANCE_COLOURS = {"favor": "#0072b2", "against": "#b8420a", "none": "#e4e4e4"}
_PNG_COLOURS = {"favor": "#8fc3e6", "against": "#f0a57e", "none": "#e4e4e4", None: "#ffffff"}


def _e(value) -> str:
    return html.escape(str(value), quote=True)


@dataclass
class _Article:
    name: str
    text: str | None
    claims: list
    summary: Summary | None = None
    speakers: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        if self.text:
            for line in self.text.splitlines():
                if line.strip():
                    line = " ".join(line.split())
                    return line if len(line) <= 140 else line[:139] + "\u2026"
        return self.name


def _is_claims(value, empty_ok: bool = False) -> bool:
    from .pipeline import Claim

    return isinstance(value, list) and (empty_ok or bool(value)) and all(isinstance(c, Claim) for c in value)


def _is_pair(value) -> bool:
    from .pipeline import Claim

    return (
        isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str)
        and isinstance(value[1], list) and all(isinstance(c, Claim) for c in value[1])
    )


def _items(articles) -> list:
    """The inputs as a list of items: str, list of Claim, or (str, list of Claim)."""
    if isinstance(articles, str) or _is_claims(articles) or _is_pair(articles):
        return [articles]
    if isinstance(articles, (list, tuple)) and articles:
        for i, item in enumerate(articles):
            if not (isinstance(item, str) or _is_claims(item, empty_ok=True) or _is_pair(item)):  # [] : no claims
                raise InputTypeError(
                    f"articles[{i}]: expected an article's text (str), its claims (a list of stance.Claim) "
                    f"or a (text, claims) pair, got {type(item).__name__}"
                )
        return list(articles)
    if isinstance(articles, (list, tuple)):
        raise InputError("no articles given: pass an article's text, its claims, or a list of them")
    raise InputTypeError(
        "articles: expected an article's text (str), its claims (a list of stance.Claim), a (text, claims) pair, "
        f"or a list of them, got {type(articles).__name__}"
    )


def _prepare(articles, targets, model, names, batch_size, rules: dict) -> list[_Article]:
    items = _items(articles)
    if names is not None:
        names = [names] if isinstance(names, str) else list(names)
        if len(names) != len(items) or not all(isinstance(n, str) and n for n in names):
            raise InputError(f"names: expected {len(items)} non-empty string(s), one per article, got {names!r}")
    per_article = targets is not None and not isinstance(targets, str) and len(targets) > 0 and all(
        isinstance(t, (list, tuple)) for t in targets
    )
    if per_article and len(targets) != len(items):
        raise InputError(f"targets: {len(targets)} lists for {len(items)} articles; give one list per article, or one list for all")
    if isinstance(targets, str):
        targets = [targets]

    def targets_of(i):
        return None if targets is None else list(targets[i]) if per_article else list(targets)

    out: list[_Article] = []
    to_predict = []
    for i, item in enumerate(items):
        if isinstance(item, str):
            name = names[i] if names else f"article {i + 1}"
            out.append(_Article(name, item, []))
            to_predict.append(i)
        else:
            text, claims = item if isinstance(item, tuple) else (None, item)
            default = claims[0].article_id if claims else f"article {i + 1}"
            out.append(_Article(names[i] if names else default, text, list(claims)))
            if text is not None:
                for claim in claims:
                    if text[claim.start : claim.end] != claim.text:
                        raise InputError(
                            f"{out[-1].name}: claim unit {claim.unit} is not the article's text at {claim.start}:{claim.end}; "
                            "pass the text the claims were predicted from"
                        )
    if to_predict:
        from .pipeline import StancePipeline, load_pipeline, predict

        pipeline = model if isinstance(model, StancePipeline) else load_pipeline(model)
        predicted = predict(
            [items[i] for i in to_predict],
            [targets_of(i) for i in to_predict] if per_article else targets_of(0),
            model=pipeline, batch_size=batch_size, article_ids=[out[i].name for i in to_predict], keep_non_claims=True,
            relatedness=pipeline.has_relatedness,
        )
        for i, claims in zip(to_predict, predicted):
            out[i].claims = claims
    for i, article in enumerate(out):
        every = article.claims
        article.claims = sorted((c for c in every if c.claim), key=lambda c: c.start)
        # The targets asked for; else the units' own (all of them, so an article without claims keeps its targets).
        article.summary = summarize(every, targets_of(i), **rules)
        article.speakers = list(article.summary.speakers)
    return out


def _speaker_order(articles: list[_Article]) -> list[str]:
    """Every speaker of the report: most claims first, ties in order of appearance."""
    totals: dict[str, int] = {}
    for article in articles:
        for claim in article.claims:
            speaker = claim.speaker or UNKNOWN_SPEAKER
            totals[speaker] = totals.get(speaker, 0) + 1
    return sorted(totals, key=lambda s: -totals[s])


_CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  margin: 0 auto; max-width: 62rem; padding: 1rem 1.5rem 3rem; color: #1a1a1a; background: #fff; line-height: 1.45; }
h1 { font-size: 1.6rem; margin: .6rem 0 .2rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .3rem; border-top: 2px solid #ddd; padding-top: 1rem; }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
.meta, .note { color: #555; font-size: .85rem; margin: .2rem 0; }
table { border-collapse: collapse; font-size: .85rem; margin: .3rem 0 .6rem; }
th, td { border: 1px solid #d0d0d0; padding: .25rem .45rem; text-align: left; vertical-align: top; }
thead th { background: #f4f4f4; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; border-radius: .7rem; padding: 0 .45rem; font-size: .75rem; font-weight: 600;
  line-height: 1.35rem; white-space: nowrap; border: 1px solid transparent; }
.badge.favor { background: #0072b2; color: #fff; }
.badge.against { background: #b8420a; color: #fff; }
.badge.none { background: #e4e4e4; color: #333; border-color: #c8c8c8; }
.badges { margin: 0 .25rem 0 .15rem; }
.badges .badge { font-size: .68rem; line-height: 1.1rem; vertical-align: .1em; margin-right: .15rem; }
.tname { display: block; font-weight: normal; color: #444; font-size: .75rem; }
.n, .p { color: #444; font-size: .78rem; margin-left: .3rem; white-space: nowrap; }
.swatch { display: inline-block; width: .9rem; height: .9rem; border: 1px solid rgba(0,0,0,.35);
  vertical-align: -.1rem; margin-right: .35rem; border-radius: .2rem; }
ul.legend { list-style: none; padding: 0; margin: .3rem 0 .8rem; display: flex; flex-wrap: wrap; gap: .3rem 1rem; font-size: .85rem; }
ul.targets { padding-left: 1.2rem; margin: .3rem 0; font-size: .9rem; }
.text { white-space: pre-wrap; line-height: 1.9; font-size: 1rem; border: 1px solid #e2e2e2; padding: .8rem 1rem; border-radius: .4rem; }
mark.claim { color: inherit; padding: .1rem 0; border-bottom: 2px solid rgba(0,0,0,.45); cursor: help; }
mark.claim:focus { outline: 3px solid #1a1a1a; outline-offset: 1px; }
mark.claim:hover { filter: brightness(.93); }
#tip { position: absolute; z-index: 10; max-width: 26rem; background: #fff; border: 1px solid #888; border-radius: .4rem;
  box-shadow: 0 4px 14px rgba(0,0,0,.2); padding: .5rem .7rem; font-size: .82rem; line-height: 1.4; }
#tip table { margin: .3rem 0 0; font-size: .78rem; }
#tip dl { display: grid; grid-template-columns: auto 1fr; gap: .1rem .6rem; margin: .3rem 0; }
#tip dt { color: #555; } #tip dd { margin: 0; }
.details { display: none; }
nav ol { padding-left: 1.4rem; }
footer { margin-top: 2.5rem; color: #666; font-size: .8rem; border-top: 1px solid #ddd; padding-top: .6rem; }
"""

_SCRIPT = """
(function () {
  var tip = document.getElementById('tip');
  function claimOf(node) { return node && node.closest ? node.closest('mark.claim') : null; }
  function show(event) {
    var mark = claimOf(event.target);
    if (!mark) return;
    var details = document.getElementById(mark.getAttribute('aria-describedby'));
    if (!details) return;
    tip.innerHTML = details.innerHTML;
    tip.hidden = false;
    var box = mark.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    var left = Math.max(8, Math.min(box.left, width - tip.offsetWidth - 8));
    tip.style.left = (window.scrollX + left) + 'px';
    tip.style.top = (window.scrollY + box.bottom + 6) + 'px';
  }
  function hide(event) {
    var mark = claimOf(event.target);
    if (mark && !(event.relatedTarget && mark.contains(event.relatedTarget))) tip.hidden = true;
  }
  document.addEventListener('mouseover', show);
  document.addEventListener('focusin', show);
  document.addEventListener('mouseout', hide);
  document.addEventListener('focusout', hide);
  document.addEventListener('keydown', function (event) { if (event.key === 'Escape') tip.hidden = true; });
})();
"""


def _speaker_css(n: int) -> str:
    rules = []
    for k in range(n):
        colour = SPEAKER_COLOURS[k % len(SPEAKER_COLOURS)]
        underline = _UNDERLINES[(k // len(SPEAKER_COLOURS)) % len(_UNDERLINES)]
        rules.append(f".s{k} {{ background: {colour}; }} mark.claim.s{k} {{ border-bottom-style: {underline}; }}")
    return "\n".join(rules)


def _badge(label: str, text: str | None = None, title: str | None = None) -> str:
    title_attr = f' title="{_e(title)}"' if title else ""
    return f'<span class="badge {label}"{title_attr}>{_e(text or label)}</span>'


def _scores_title(scores: dict[str, float]) -> str:
    return " \u00b7 ".join(f"{label} {scores.get(label, 0.0):.2f}" for label in STANCE_LABELS)


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _target_header(k: int, target: str) -> str:
    return f'<th scope="col" title="{_e(target)}">T{k + 1}<span class="tname">{_e(_shorten(target, 40))}</span></th>'


def _speaker_cell(stance) -> str:
    claims = f"{stance.counts[stance.label]} of {stance.claims} {'claim' if stance.claims == 1 else 'claims'}"
    votes = ", ".join(f"{n} {label}" for label, n in stance.counts.items() if n)
    return (
        f'<td class="cell" data-label="{stance.label}" title="claims: {_e(votes or "none")}; mean: {_e(_scores_title(stance.scores))}">'
        f'{_badge(stance.label)}<span class="n">{claims}</span><span class="p">{stance.score:.2f}</span></td>'
    )


def _speaker_name(speaker: str, colour_of: dict[str, int]) -> str:
    return f'<span class="swatch s{colour_of[speaker]}" aria-hidden="true"></span>{_e(speaker)}'


def _relatedness_note(summary) -> str:
    if summary.relatedness_source == "encoder":
        return f"the probability that the article is about the target (its most related unit); about it from {summary.relatedness_threshold:g}"
    return f"how strongly its claims take a side (no relatedness encoder in the model); about it from {summary.commitment_threshold:g}"


def _summary_table(article: _Article) -> str:
    summary = article.summary
    rows = []
    for k, target in enumerate(summary.targets):
        scores = summary.article_scores[target]
        rows.append(
            f'<tr data-target="{_e(target)}"><th scope="row">T{k + 1}</th><td>{_e(target)}</td>'
            f"<td>{_badge(summary.article[target])}</td><td class=\"num\">{summary.relatedness[target]:.2f}</td>"
            + "".join(f'<td class="num">{scores[label]:.2f}</td>' for label in STANCE_LABELS)
            + "</tr>"
        )
    return (
        '<table class="summary"><thead><tr><th scope="col">key</th><th scope="col">target</th><th scope="col">stance</th>'
        '<th scope="col">related</th><th scope="col">favor</th><th scope="col">against</th><th scope="col">none</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f'<p class="note">related: {_relatedness_note(summary)}. stance: once related and at least {summary.min_claims} '
        f"{'claim takes' if summary.min_claims == 1 else 'claims take'} a side (the {_ordinal(summary.min_claims)}largest "
        f"1 &minus; p(none) &ge; {summary.commitment_threshold:g}), the side that more claims take, if it has more than "
        f"{summary.min_share:g} of the claims that take a side; else none. "
        f"favor / against / none: mean probabilities over the {summary.claims} "
        f"{'claim' if summary.claims == 1 else 'claims'}.</p>"
    )


def _ordinal(n: int) -> str:
    """'' for 1, 'second ' for 2, ...: the word before 'largest'."""
    return "" if n == 1 else {2: "second ", 3: "third "}.get(n, f"{n}th ")


def _matrix_table(article: _Article, colour_of: dict[str, int]) -> str:
    summary = article.summary
    if not summary.speakers:
        return '<p class="note">No claims were found, so there are no speakers.</p>'
    head = "".join(_target_header(k, t) for k, t in enumerate(summary.targets))
    rows = []
    for speaker, by_target in summary.speakers.items():
        cells = "".join(_speaker_cell(by_target[t]) for t in summary.targets)
        rows.append(f'<tr data-speaker="{_e(speaker)}"><th scope="row">{_speaker_name(speaker, colour_of)}</th>{cells}</tr>')
    return (
        f'<table class="matrix"><thead><tr><th scope="col">speaker</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
        '<p class="note">Each cell: the speaker\'s stance (the side most of their claims take, once one of them clearly '
        "takes a side), how many of their claims take it and the mean probability of that stance; hover for all the votes.</p>"
    )


def _claim_badges(claim, targets: list[str]) -> str:
    badges = []
    for k, target in enumerate(targets):
        label = claim.stances.get(target, "none")
        if label != "none":
            score = claim.stance_scores.get(target, {}).get(label)
            title = f"{target}: {label}" + (f" ({score:.2f})" if score is not None else "")
            badges.append(_badge(label, f"T{k + 1} {label}", title))
    if not badges:
        badges.append(_badge("none", "no stance", "no stance towards any target"))
    return f'<span class="badges">{"".join(badges)}</span>'


def _claim_details(claim, targets: list[str], anchor: str) -> str:
    speaker = claim.speaker or UNKNOWN_SPEAKER
    rows = []
    for k, target in enumerate(targets):
        scores = claim.stance_scores.get(target, {})
        label = claim.stances.get(target, "none")
        rows.append(
            f"<tr><th scope=\"row\" title=\"{_e(target)}\">T{k + 1}</th><td>{_badge(label)}</td>"
            + "".join(f'<td class="num">{scores[lab]:.2f}</td>' if lab in scores else "<td>-</td>" for lab in STANCE_LABELS)
            + "</tr>"
        )
    table = (
        '<table><thead><tr><th scope="col">target</th><th scope="col">stance</th><th scope="col">favor</th>'
        f'<th scope="col">against</th><th scope="col">none</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
        if targets else ""
    )
    return (
        f'<div class="details" id="{anchor}-d"><strong>{_e(speaker)}</strong> (unit {claim.unit})'
        f"<dl><dt>speaker</dt><dd>{_e(speaker)}</dd><dt>mention</dt><dd>{_e(claim.mention or '-')}</dd>"
        f"<dt>cue</dt><dd>{_e(claim.cue or '-')}</dd><dt>claim score</dt><dd>{claim.claim_score:.2f}</dd></dl>{table}</div>"
    )


def _mark(claim, number: int, colour_of: dict[str, int]) -> str:
    speaker = claim.speaker or UNKNOWN_SPEAKER
    anchor = f"a{number}-u{claim.unit}"
    return (
        f'<mark class="claim s{colour_of[speaker]}" id="{anchor}" tabindex="0" data-unit="{claim.unit}" '
        f'data-speaker="{_e(speaker)}" aria-describedby="{anchor}-d">{_e(claim.text)}</mark>'
    )


def _text(article: _Article, number: int, colour_of: dict[str, int]) -> str:
    targets = article.summary.targets
    parts, position = [], 0
    if article.text is None:  # claims alone: their units, one after another
        for i, claim in enumerate(article.claims):
            parts.append(("\n\n" if i else "") + _mark(claim, number, colour_of) + _claim_badges(claim, targets))
    else:
        for claim in article.claims:
            if claim.start < position:
                continue  # overlapping units (not from predict): keep the first
            parts.append(_e(article.text[position : claim.start]))
            parts.append(_mark(claim, number, colour_of) + _claim_badges(claim, targets))
            position = claim.end
        parts.append(_e(article.text[position:]))
    details = "".join(_claim_details(c, targets, f"a{number}-u{c.unit}") for c in article.claims)
    return f'<div class="text">{"".join(parts).strip()}</div><div class="claim-details" hidden>{details}</div>'


def _legend(article: _Article, colour_of: dict[str, int]) -> str:
    items = []
    for speaker in article.speakers:
        n = sum((c.speaker or UNKNOWN_SPEAKER) == speaker for c in article.claims)
        items.append(
            f'<li data-speaker="{_e(speaker)}">{_speaker_name(speaker, colour_of)}'
            f'<span class="n">{n} {"claim" if n == 1 else "claims"}</span></li>'
        )
    return f'<ul class="legend" aria-label="speakers">{"".join(items)}</ul>' if items else ""


def _article_section(article: _Article, number: int, colour_of: dict[str, int]) -> str:
    summary = article.summary
    n_speakers = len(summary.speakers)
    targets = "".join(f"<li>T{k + 1} = {_e(t)}</li>" for k, t in enumerate(summary.targets))
    return (
        f'<section class="article" id="article-{number}" aria-labelledby="article-{number}-title">'
        f'<h2 id="article-{number}-title">{number}. {_e(article.title)}</h2>'
        f'<p class="meta">{_e(article.name)} &middot; {summary.claims} {"claim" if summary.claims == 1 else "claims"} '
        f'&middot; {n_speakers} {"speaker" if n_speakers == 1 else "speakers"}</p>'
        f'<ul class="targets" aria-label="targets">{targets}</ul>'
        f"<h3>Where the article stands</h3>{_summary_table(article)}"
        f"<h3>Speakers &times; targets</h3>{_matrix_table(article, colour_of)}"
        f"<h3>Text</h3>{_legend(article, colour_of)}"
        f'<p class="note">Highlighted: claims, coloured by speaker. Hover over one, or Tab to it, for its speaker, mention, cue and scores.</p>'
        f"{_text(article, number, colour_of)}</section>"
    )


def _index(articles: list[_Article]) -> str:
    rows = []
    for number, article in enumerate(articles, 1):
        summary = article.summary
        badges = " ".join(
            _badge(summary.article[t], f"T{k + 1} {summary.article[t]}", f"{t}: {summary.article[t]}, related {summary.relatedness[t]:.2f}")
            for k, t in enumerate(summary.targets)
        )
        rows.append(
            f'<tr><td class="num">{number}</td><td><a href="#article-{number}">{_e(article.title)}</a>'
            f'<div class="meta">{_e(article.name)}</div></td><td class="num">{summary.claims}</td>'
            f'<td class="num">{len(summary.speakers)}</td><td>{badges}</td></tr>'
        )
    return (
        '<nav id="index" aria-labelledby="index-title"><h2 id="index-title">Articles</h2>'
        '<table class="index"><thead><tr><th scope="col">#</th><th scope="col">article</th><th scope="col">claims</th>'
        f'<th scope="col">speakers</th><th scope="col">article stance</th></tr></thead><tbody>{"".join(rows)}</tbody></table></nav>'
    )


def _overview(articles: list[_Article], order: list[str], colour_of: dict[str, int]) -> str:
    top = "".join(
        f'<th scope="colgroup" colspan="{max(1, len(a.summary.targets))}"><a href="#article-{n}" title="{_e(a.title)}">'
        f'{n}. {_e(_shorten(a.title, 18 * max(1, len(a.summary.targets))))}</a></th>'
        for n, a in enumerate(articles, 1)
    )
    second = "".join(
        "".join(_target_header(k, t) for k, t in enumerate(a.summary.targets)) or "<th></th>"
        for a in articles
    )
    rows = []
    for speaker in order:
        cells = []
        for article in articles:
            by_target = article.summary.speakers.get(speaker)
            if not article.summary.targets:
                cells.append("<td></td>")
            for target in article.summary.targets:
                cells.append(_speaker_cell(by_target[target]) if by_target else '<td class="absent">&ndash;</td>')
        rows.append(f'<tr data-speaker="{_e(speaker)}"><th scope="row">{_speaker_name(speaker, colour_of)}</th>{"".join(cells)}</tr>')
    return (
        '<section id="overview" aria-labelledby="overview-title"><h2 id="overview-title">Who took which side, where</h2>'
        '<table class="overview"><thead>'
        f'<tr><th scope="col" rowspan="2">speaker</th>{top}</tr><tr>{second}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
        '<p class="note">Columns: article number, then its targets (T1, T2, ... as listed in each article). '
        "&ndash;: the speaker has no claim in that article.</p></section>"
    )


def _model_name(model) -> str | None:
    from .pipeline import StancePipeline

    if isinstance(model, StancePipeline):
        return model.folder.name
    if model is not None:
        return Path(model).name
    return None


def _render(articles: list[_Article], title: str, model_name: str | None, png_name: str | None) -> str:
    from . import __version__

    order = _speaker_order(articles)
    colour_of = {speaker: k for k, speaker in enumerate(order)}
    colour_of.setdefault(UNKNOWN_SPEAKER, len(colour_of))
    n_claims = sum(a.summary.claims for a in articles)
    body = [
        f"<header><h1>{_e(title)}</h1><p class=\"meta\">{len(articles)} {'article' if len(articles) == 1 else 'articles'}, "
        f"{n_claims} {'claim' if n_claims == 1 else 'claims'}, {len(order)} {'speaker' if len(order) == 1 else 'speakers'}</p></header>"
    ]
    if len(articles) > 1:
        body.append(_index(articles))
        body.append(_overview(articles, order, colour_of))
    body.extend(_article_section(article, number, colour_of) for number, article in enumerate(articles, 1))
    made = f"stance {_e(__version__)}" + (f", model {_e(model_name)}" if model_name else "")
    png = f' The speaker matrix as an image: <a href="{_e(png_name)}">{_e(png_name)}</a>.' if png_name else ""
    body.append(f"<footer>Made by {made}. Labels are a model's predictions, not facts.{png}</footer>")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}{_speaker_css(len(colour_of))}\n</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + f'\n<div id="tip" role="tooltip" hidden></div>\n<script>{_SCRIPT}</script>\n</body>\n</html>\n'
    )


def report_html(
    articles,
    targets: Sequence[str] | Sequence[Sequence[str]] | None = None,
    *,
    model=None,
    names: Sequence[str] | None = None,
    title: str = "Stance report",
    batch_size: int = 32,
    relatedness_threshold: float = RELATEDNESS_THRESHOLD,
    commitment_threshold: float = COMMITMENT_THRESHOLD,
    min_share: float = MIN_SHARE,
    min_claims: int = MIN_CLAIMS,
    png_name: str | None = None,
) -> str:
    """One self-contained HTML page showing who said what in articles, and where they stand.

    Args:
        articles: An article's text, its claims (a list of :class:`stance.Claim`), a
            ``(text, claims)`` pair, or a list of these. Texts are predicted with ``model``;
            claims are shown as given (with the text, highlighted in it; alone, one after
            another). Units with ``claim=False`` are not highlighted.
        targets: Stance targets, as for :func:`stance.predict` (one list for all, or one
            list per article; None: each article's headline). For claims given, they choose
            and order the targets shown (None: the claims' own).
        model: A model folder or :class:`stance.StancePipeline`, for texts (default
            ``$STANCE_MODEL`` or ``models/default``).
        names: A name per article, shown under its headline (default: the claims'
            ``article_id``, or ``article <n>``).
        title: The page's title.
        batch_size: Inputs per forward pass when predicting.
        relatedness_threshold, commitment_threshold, min_share, min_claims: The summary's rule
            (see :func:`stance.summarize`).
        png_name: A link to the matrix image to put in the footer (what :func:`write_report`
            writes beside the page), or None.

    Returns:
        The page, as a string (UTF-8 when written).

    Raises:
        InputTypeError: for an input that is none of the above.
        InputError: for an empty list, names or targets that do not match the articles, or
            claims whose offsets do not fit the text given with them.

    Example:
        >>> import stance
        >>> page = stance.report_html(open("data/articles/putin-nato-guarantees.txt").read(),  # doctest: +SKIP
        ...                           targets=["NATO expansion eastward"])
        >>> open("report.html", "w", encoding="utf-8").write(page)  # doctest: +SKIP
    """
    rules = {"relatedness_threshold": relatedness_threshold, "commitment_threshold": commitment_threshold,
             "min_share": min_share, "min_claims": min_claims}
    prepared = _prepare(articles, targets, model, names, batch_size, rules)
    return _render(prepared, title, _model_name(model), png_name)


@dataclass
class ReportFiles:
    """What :func:`write_report` wrote.

    Attributes:
        html: The page.
        png: The matrix image, or None when it was not written.
        summaries: The :class:`stance.Summary` of each article, in order.
    """

    html: Path
    png: Path | None
    summaries: list[Summary]


def _matplotlib_missing() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return True
    return False


_NO_MATPLOTLIB = (
    "the matrix image needs matplotlib, which is not installed: pip install matplotlib "
    "(or pip install 'stance[report]')"
)


def write_report(
    articles,
    path: str | os.PathLike = "report.html",
    targets: Sequence[str] | Sequence[Sequence[str]] | None = None,
    *,
    png: bool | str | os.PathLike | None = None,
    model=None,
    names: Sequence[str] | None = None,
    title: str = "Stance report",
    batch_size: int = 32,
    relatedness_threshold: float = RELATEDNESS_THRESHOLD,
    commitment_threshold: float = COMMITMENT_THRESHOLD,
    min_share: float = MIN_SHARE,
    min_claims: int = MIN_CLAIMS,
) -> ReportFiles:
    """Write :func:`report_html`'s page, and the speaker matrix as a PNG beside it.

    Args:
        articles, targets, model, names, title, batch_size, relatedness_threshold, commitment_threshold,
            min_share, min_claims: As for :func:`report_html`.
        path: Where to write the page (its folder is created).
        png: None: the matrix image at ``path`` with ``.png`` if matplotlib is installed,
            else a warning and no image; True: the same, and an error without matplotlib;
            False: no image; a path: the image there.

    Returns:
        A :class:`ReportFiles` naming what was written.

    Raises:
        InputError: with ``png=True`` or a path when matplotlib is not installed; see also
            :func:`report_html`.

    Example:
        >>> import stance
        >>> files = stance.write_report(["a.txt text", "b.txt text"], "out/report.html",  # doctest: +SKIP
        ...                             targets=["Sanctions on Russia"])
        >>> files.html, files.png  # doctest: +SKIP
        (PosixPath('out/report.html'), PosixPath('out/report.png'))
    """
    path = Path(path)
    png_path = None
    if png is not False:
        png_path = path.with_suffix(".png") if png is None or png is True else Path(png)
        if _matplotlib_missing():
            if png is not None:
                raise InputError(_NO_MATPLOTLIB + "; or pass png=False (--no-png)")
            warnings.warn(_NO_MATPLOTLIB + "; the page was written without it", stacklevel=2)
            png_path = None
    rules = {"relatedness_threshold": relatedness_threshold, "commitment_threshold": commitment_threshold,
             "min_share": min_share, "min_claims": min_claims}
    prepared = _prepare(articles, targets, model, names, batch_size, rules)
    path.parent.mkdir(parents=True, exist_ok=True)
    png_link = None
    if png_path is not None:
        png_link = os.path.relpath(png_path.resolve(), path.parent.resolve())
        png_link = Path(png_link).as_posix()
    path.write_text(_render(prepared, title, _model_name(model), png_link), encoding="utf-8")
    if png_path is not None:
        _plot(prepared, png_path, title)
    return ReportFiles(html=path, png=png_path, summaries=[a.summary for a in prepared])


def plot_matrix(
    summaries: Summary | Sequence[Summary],
    path: str | os.PathLike,
    names: Sequence[str] | None = None,
    title: str = "Who took which side",
) -> Path:
    """Draw speakers x (article, target) stances as a PNG (matplotlib, Agg).

    Each cell is coloured by the stance and says it in words, with how many of the speaker's
    claims take it (``against 3/5``); a speaker absent from an article leaves the cell blank.

    Args:
        summaries: One :class:`stance.Summary` or a list of them (one per article).
        path: Where to write the PNG (its folder is created).
        names: A short name per article for the column labels (default: article ids).
        title: The figure's title.

    Returns:
        The path written.

    Raises:
        InputError: when matplotlib is not installed.

    Example:
        >>> import stance
        >>> claims = [stance.Claim(0, 0, 9, "He said.", True, 0.9, speaker="Ann",
        ...                        stances={"T": "against"},
        ...                        stance_scores={"T": {"favor": 0.1, "against": 0.8, "none": 0.1}})]
        >>> plot_matrix(stance.summarize(claims), "/tmp/matrix.png")  # doctest: +SKIP
        PosixPath('/tmp/matrix.png')
    """
    if isinstance(summaries, Summary):
        summaries = [summaries]
    summaries = list(summaries)
    names = list(names) if names is not None else [s.article_id for s in summaries]
    if len(names) != len(summaries):
        raise InputError(f"names: {len(names)} for {len(summaries)} summaries")
    articles = [_Article(name, None, [], summary, list(summary.speakers)) for name, summary in zip(names, summaries)]
    return _plot(articles, Path(path), title)


def _plot(articles: list[_Article], path: Path, title: str) -> Path:
    if _matplotlib_missing():
        raise InputError(_NO_MATPLOTLIB)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    totals: dict[str, int] = {}
    for article in articles:
        for speaker, by_target in article.summary.speakers.items():
            n = max((s.claims for s in by_target.values()), default=0)
            totals[speaker] = totals.get(speaker, 0) + n
    speakers = sorted(totals, key=lambda s: -totals[s])
    columns = [(n, a, t) for n, a in enumerate(articles, 1) for t in a.summary.targets]
    several = len(articles) > 1
    fig_w = min(60.0, 2.8 + 1.35 * max(1, len(columns)))
    fig_h = min(60.0, 1.9 + 0.42 * max(1, len(speakers)))
    fig, ax = plt.subplots(figsize=(fig_w, fig_h))
    ax.set_xlim(-0.5, max(1, len(columns)) - 0.5)
    ax.set_ylim(max(1, len(speakers)) - 0.5, -0.5)
    for i, speaker in enumerate(speakers):
        for j, (_, article, target) in enumerate(columns):
            stance = article.summary.speakers.get(speaker, {}).get(target)
            label = stance.label if stance else None
            ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=_PNG_COLOURS[label], edgecolor="#ffffff", linewidth=1.5))
            if stance:
                text = f"{label} {stance.counts[label]}/{stance.claims}"
                ax.text(j, i, text, ha="center", va="center", fontsize=8, color="#111111")
    labels = [_wrap((f"{n}. " if several else "") + target, 16, 3) for n, _, target in columns]
    ax.set_xticks(range(len(columns)), labels=labels, fontsize=7)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(speakers)), labels=[s if len(s) <= 32 else s[:31] + "\u2026" for s in speakers], fontsize=8)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    handles = [Patch(facecolor=_PNG_COLOURS[lab], edgecolor="#999999", label=lab) for lab in STANCE_LABELS]
    handles.append(Patch(facecolor="#ffffff", edgecolor="#999999", label="no claim"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=4, fontsize=7, frameon=False)
    if several:
        key = "; ".join(f"{n}. {a.name}" for n, a in enumerate(articles, 1))
        fig.text(0.01, 0.005, "\n".join(textwrap.wrap(key, int(fig_w * 14))[:4]), fontsize=6, color="#444444", va="bottom")
    fig.suptitle(f"{title}: speaker stance (label, claims that take it / all the speaker's claims)", fontsize=10)
    if not speakers:
        ax.text(0, 0, "no claims", ha="center", va="center", fontsize=9, color="#555555")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def _wrap(text: str, width: int, lines: int) -> str:
    """``text`` on at most ``lines`` lines of ``width``, the last ending in an ellipsis when cut."""
    wrapped = textwrap.wrap(text, width)
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1] + "\u2026"
    return "\n".join(wrapped)


def _run_report(args) -> int:
    import sys

    import transformers

    from .cli import read_article_files

    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    targets = (args.target or []) + (args.targets or []) or None
    names, ids, texts, failed = read_article_files(args, "report")
    if not texts:
        print("no article could be read; no report written", file=sys.stderr)
        return 1
    from .pipeline import load_pipeline

    pipeline = load_pipeline(args.model)
    png = False if args.no_png else (args.png or None)
    files = write_report(
        texts, args.output, targets, png=png, model=pipeline, names=names, title=args.title,
        batch_size=args.batch_size, relatedness_threshold=args.relatedness_threshold,
        commitment_threshold=args.commitment_threshold, min_share=args.min_share, min_claims=args.min_claims,
    )
    n_claims = sum(s.claims for s in files.summaries)
    also = f" and {files.png}" if files.png else ""
    print(f"wrote {files.html}{also} ({len(texts)} {'article' if len(texts) == 1 else 'articles'}, {n_claims} claims)")
    if failed:
        print(f"{failed} of {len(args.files)} file(s) could not be read (see above); the others are in the report", file=sys.stderr)
    return 1 if failed else 0


def add_report_parser(subparsers):
    """Add ``stance report FILE... [-t T | --targets T...] [--model DIR] -o report.html``.

    Args:
        subparsers: What ``argparse.ArgumentParser.add_subparsers()`` returned.

    Returns:
        The ``report`` parser.

    Example:
        >>> import argparse
        >>> parser = argparse.ArgumentParser(); commands = parser.add_subparsers()
        >>> _ = add_report_parser(commands)
        >>> parser.parse_args(["report", "a.txt", "-o", "out.html"]).output
        'out.html'
    """
    report = subparsers.add_parser(
        "report", help="write an HTML page of articles' claims, speakers and stances (and the speaker matrix as a PNG)",
        epilog="exit status: 0 done; 1 some files could not be read (the others are in the report); 2 nothing could be done",
    )
    report.add_argument("files", nargs="*", metavar="FILE", help="article text files (UTF-8, headline first); - reads standard input")
    report.add_argument("-t", "--target", action="append", metavar="TARGET", help="a stance target (repeat for more)")
    report.add_argument("--targets", nargs="+", metavar="TARGET", help="stance targets, after the files (default: each article's headline)")
    report.add_argument("--model", help="model folder (default: $STANCE_MODEL or models/default)")
    report.add_argument("-o", "--output", default="report.html", help="the HTML file to write (default report.html)")
    report.add_argument("--png", metavar="PATH", help="where the matrix image goes (default: beside the page, .png)")
    report.add_argument("--no-png", action="store_true", help="write no matrix image")
    report.add_argument("--title", default="Stance report", help="the page's title")
    report.add_argument("--relatedness-threshold", type=float, default=RELATEDNESS_THRESHOLD,
                        help=f"probability of being about a target an article needs to be related to it (default {RELATEDNESS_THRESHOLD})")
    report.add_argument("--commitment-threshold", type=float, default=COMMITMENT_THRESHOLD,
                        help=f"how strongly claims must take a side before an article or speaker is given one (default {COMMITMENT_THRESHOLD})")
    report.add_argument("--min-share", type=float, default=MIN_SHARE,
                        help=f"share of the favor+against mass the winning side needs (default {MIN_SHARE}; 0.5: any majority)")
    report.add_argument("--min-claims", type=int, default=MIN_CLAIMS,
                        help=f"claims that must take a side for the article to commit (default {MIN_CLAIMS}; 1: the most committed claim alone)")
    report.add_argument("--batch-size", type=int, default=32)
    report.set_defaults(run=_run_report)
    return report
