"""Agreement of two independent labellings of the same articles (Cohen's kappa), from stand-off files alone.

Every file of the second folder is compared with the file of the same name in the first; the
units must match (same article, unit numbers and offsets). Reported: claim kappa over all
units; stance kappa and accuracy over the (unit, target) pairs that both labellings mark as
claims (and over all pairs); the share of shared claims with the same speaker (compared as
`stance.speakers.normalize_speaker` compares them).

    python benchmarks/label_agreement.py data/polnear-stance/test data/polnear-stance/agreement
    python benchmarks/label_agreement.py data/polnear-stance/train data/polnear-stance/agreement-s8
"""

import argparse
import json
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

from stance.speakers import normalize_speaker


def read_units(path: Path) -> dict[int, dict]:
    return {u["unit"]: u for u in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if u}


def agreement(first: Path, second: Path) -> dict:
    """The figures for every file of ``second`` against its namesake in ``first``."""
    claims_a, claims_b, stance_a, stance_b, all_a, all_b = [], [], [], [], [], []
    shared = same_speaker = 0
    files = sorted(second.glob("*.jsonl"))
    for path in files:
        a, b = read_units(first / path.name), read_units(path)
        if a.keys() != b.keys() or any((a[k]["start"], a[k]["end"]) != (b[k]["start"], b[k]["end"]) for k in a):
            raise SystemExit(f"{path}: its units differ from {first / path.name}'s")
        for k in sorted(a):
            claims_a.append(bool(a[k]["claim"]))
            claims_b.append(bool(b[k]["claim"]))
            for target, label in a[k]["stances"].items():
                other = b[k]["stances"].get(target)
                if other is None:
                    raise SystemExit(f"{path}: unit {k} has no target {target!r}")
                all_a.append(label)
                all_b.append(other)
                if a[k]["claim"] and b[k]["claim"]:
                    stance_a.append(label)
                    stance_b.append(other)
            if a[k]["claim"] and b[k]["claim"]:
                shared += 1
                same_speaker += normalize_speaker(a[k]["speaker"]) == normalize_speaker(b[k]["speaker"])
    return {
        "articles": len(files),
        "units": len(claims_a),
        "claim_kappa": round(cohen_kappa_score(claims_a, claims_b), 3),
        "stance_pairs_both_claims": len(stance_a),
        "stance_kappa": round(cohen_kappa_score(stance_a, stance_b), 3),
        "stance_accuracy": round(sum(x == y for x, y in zip(stance_a, stance_b)) / max(len(stance_a), 1), 3),
        "stance_pairs_all": len(all_a),
        "stance_kappa_all": round(cohen_kappa_score(all_a, all_b), 3),
        "shared_claims": shared,
        "same_speaker": same_speaker,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path, help="folder of the first labelling")
    parser.add_argument("second", type=Path, help="folder of the second labelling (its files name the articles compared)")
    args = parser.parse_args()
    print(json.dumps(agreement(args.first, args.second), indent=1))


if __name__ == "__main__":
    main()
