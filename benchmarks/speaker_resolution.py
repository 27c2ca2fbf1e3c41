"""Speaker resolution alone: gold mentions in, resolved speakers out, against the gold speakers.

This isolates `stance.speakers.resolve_speakers` from the mention tagger: every error here
is the resolver's (a pronoun given to the wrong person, a role noun not tied to the name, a
surname to the wrong family member). Prints accuracy on data/ and on the PolNeAR stance
labels (real news, our corrected speakers), and with --errors the misses of one of them.

    python benchmarks/speaker_resolution.py [--errors data|polnear_stance] [--split train|dev|test] [--limit 40]

--split picks the PolNeAR stance split (default test); study the misses on train only, so
that the test figure stays a fair measure of the rules.
"""

import argparse
import os

from stance import load_articles, read_standoff
from stance.corpora import STANDOFF_LABELS, datasets_root
from stance.speakers import normalize_speaker, resolve_speakers


def score(articles):
    """(right, claims, misses) of resolving the gold mentions of labelled articles."""
    right, total, misses = 0, 0, []
    for article in articles:
        units = [{"claim": u["claim"], "mention": u["mention"] if u["claim"] else None, "text": u["text"]} for u in article.units]
        for unit, speaker in zip(article.units, resolve_speakers(units, article.text)):
            if not unit["claim"]:
                continue
            total += 1
            if normalize_speaker(speaker) == normalize_speaker(unit["speaker"]):
                right += 1
            else:
                misses.append((article.article_id, unit["unit"], unit["mention"], unit["speaker"], speaker))
    return right, total, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", choices=["data", "polnear_stance"], help="list the misses of one set")
    parser.add_argument("--split", choices=["train", "dev", "test"], default="test", help="the polnear_stance split to score")
    parser.add_argument("--limit", type=int, default=40)
    args = parser.parse_args()
    sets = {"data": lambda: load_articles("data")}
    polnear = datasets_root() / "polnear"
    if polnear.is_dir():
        sets["polnear_stance"] = lambda: read_standoff(STANDOFF_LABELS / args.split, polnear)
    for name, load in sets.items():
        right, total, misses = score(load())
        label = f"{name} ({args.split})" if name == "polnear_stance" and args.split != "test" else name
        print(f"{label}: {right} of {total} speakers right with gold mentions = {right / total:.3f}")
        if args.errors == name:
            for miss in misses[: args.limit]:
                print("   ", miss)


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    main()
