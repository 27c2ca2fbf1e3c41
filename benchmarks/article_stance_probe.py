"""Probe: where a real news article stands on each of its targets, as `stance.summarize` says, against our labels.

    python benchmarks/article_stance_probe.py models/default models/full-pairs --split test --out runs/s15/article-stance-test.json
    python benchmarks/article_stance_probe.py models/default --split train --thresholds 0.6,0.5,1 0.7,0.5,1 --out runs/s15/article-stance-train.json

For each article of our PolNeAR stance labels (``--split``) and each of its targets, the gold
label is what :func:`stance.summarize` makes of the gold claims alone: the side most of the
article's gold-sided claims take (more than ``min_share`` of them), else ``none``; one sided claim
is enough to commit (``--gold-min-claims 2`` asks for two, as ``summarize``'s default does). The prediction is what a user gets: the model reads the
whole article (its own units, claims and stances), then ``summarize`` with its defaults; an
article it finds not about the target counts as ``none``. Printed: accuracy, macro-F1 over
favor / against / none, the confusion, and direction where both take a side. The same for each
speaker's stance (``Summary.speakers``), against what ``summarize`` makes of that speaker's gold
claims: a gold speaker matched by name (case aside) among the model's speakers, else ``none``.

Session 15 (docs/BENCHMARKS.md), PolNeAR stance test (30 articles, 87 article-target pairs):
``models/default`` accuracy 0.414, macro-F1 0.367, direction when both take a side 0.585;
``models/full-pairs`` 0.448, 0.452, 0.857 (it calls 38 of the 73 sided articles none). Per speaker
(653 speaker-target pairs): macro-F1 0.476 and 0.500, direction 0.588 and 0.727.
"""

from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

from stance.benchmark.datasets import parse_dataset_spec
from stance.metrics.functions import classification_scores
from stance.benchmark.models import PipelineModel
from stance.pipeline import Claim
from stance.speakers import UNKNOWN_SPEAKER
from stance.summary import summarize

LABELS = ("favor", "against", "none")
GOLD_MIN_CLAIMS = 1  # one gold-sided claim commits the article (--gold-min-claims 2: two must)


def summary_settings(specs: list[str]) -> dict[str, dict]:
    """``--thresholds`` values (``commitment_threshold,min_share,min_claims``) -> summarize's keyword arguments, the defaults first."""
    return {"defaults": {}} | {
        spec: dict(zip(("commitment_threshold", "min_share", "min_claims"), (float(c), float(s), int(n))))
        for spec in specs for c, s, n in [spec.split(",")]
    }


def gold_summary(article, min_claims: int = GOLD_MIN_CLAIMS):
    """``summarize`` of the article's gold claims alone (one sided claim commits by default)."""
    claims = [
        Claim(unit=u["unit"], start=u["start"], end=u["end"], text=u["text"], claim=bool(u.get("claim")), claim_score=float(bool(u.get("claim"))),
              speaker=u.get("speaker"), stances=dict(u.get("stances") or {}))
        for u in article.units if u.get("claim")
    ]
    return summarize(claims, list(article.targets), min_claims=min_claims)


def gold_article_labels(article, min_claims: int = GOLD_MIN_CLAIMS) -> dict[str, str]:
    """Target -> the article's gold label, from its gold claims through ``summarize``."""
    summary = gold_summary(article, min_claims)
    return {t: summary.article[t] if summary.related[t] else "none" for t in article.targets}


def speaker_labels(summary) -> dict[tuple[str, str], str]:
    """(speaker, lower-cased, target) -> the speaker's label in a summary (``unknown`` speakers left out)."""
    return {(speaker.strip().lower(), target): stance.label for speaker, by_target in summary.speakers.items()
            if speaker != UNKNOWN_SPEAKER for target, stance in by_target.items()}


def article_figures(gold: list[str], predicted: list[str]) -> dict:
    """Accuracy, macro-F1, confusion and direction over (article, target) labels."""
    ids = {label: i for i, label in enumerate(LABELS)}
    scores = classification_scores([ids[g] for g in gold], [ids[p] for p in predicted], labels=list(range(3)), label_names=list(LABELS))
    both = [(g, p) for g, p in zip(gold, predicted) if g != "none" and p != "none"]
    return {
        "pairs": len(gold),
        "accuracy": round(float(scores["accuracy"]), 4),
        "macro_f1": round(float(scores["f1"]), 4),
        "confusion (gold -> predicted)": {f"{g} -> {p}": n for (g, p), n in sorted(collections.Counter(zip(gold, predicted)).items())},
        "direction_when_both_sided": round(sum(g == p for g, p in both) / len(both), 4) if both else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+")
    parser.add_argument("--split", default="test", choices=("train", "dev", "test"))
    parser.add_argument("--gold-min-claims", type=int, default=GOLD_MIN_CLAIMS, choices=(1, 2))
    parser.add_argument("--thresholds", nargs="+", default=[], metavar="C,S,N",
                        help="summarize settings to score beside its defaults: commitment_threshold,min_share,min_claims")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    settings = summary_settings(args.thresholds)
    articles = parse_dataset_spec(f"polnear_stance::{args.split}").load_articles()
    golds = [gold_article_labels(article, args.gold_min_claims) for article in articles]
    gold_speakers = [speaker_labels(gold_summary(article, args.gold_min_claims)) for article in articles]
    speaker_gold = [label for labels in gold_speakers for label in labels.values()]
    gold = [label for labels in golds for label in labels.values()]
    result = {"split": args.split, "articles": len(articles), "gold_min_claims": args.gold_min_claims, "gold": dict(collections.Counter(gold)), "models": {}}
    print(f"{len(articles)} articles, {len(gold)} (article, target) pairs, gold {result['gold']}", flush=True)
    targets = [t for article in articles for t in article.targets]
    texts = [article.text for article in articles for _ in article.targets]
    for folder in args.models:
        by_setting = PipelineModel(folder).article_summaries(targets, texts, list(settings.values()))
        for name, summaries in zip(settings, by_setting):
            predicted, speaker_predicted, found_speakers = [], [], 0
            for article, wanted in zip(articles, gold_speakers):
                summary = summaries[article.text]
                predicted += [summary.article[t] if summary.related[t] else "none" for t in article.targets]
                mine = speaker_labels(summary)
                found_speakers += sum(key in mine for key in wanted)
                speaker_predicted += [mine.get(key, "none") for key in wanted]  # a speaker the model never names takes no side
            result["models"][f"{folder} {name}"] = {
                **article_figures(gold, predicted),
                "speakers": {**article_figures(speaker_gold, speaker_predicted), "speaker_named": round(found_speakers / max(len(speaker_gold), 1), 4)},
            }
            print(folder, name, json.dumps(result["models"][f"{folder} {name}"]), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
