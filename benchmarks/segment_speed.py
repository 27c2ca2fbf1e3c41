"""Seconds the segmenter takes on megabyte inputs, and how they grow with the input.

    python benchmarks/segment_speed.py            # about a minute on an idle 2-core machine
    python benchmarks/segment_speed.py --repeat 3

Each input is timed whole (about 1 MB, or as built) and at a tenth of its length, in one run; the
ratio of the two is about 10 where the time is linear in the input and about 100 where it grows
with its square (pysbd's own time does, which is why the segmenter cuts long paragraphs first).
The tests count pysbd's chunks instead of timing them (tests/conftest.py, ``pysbd_chunks``), so a
loaded machine cannot fail them; the seconds are read here. Prints one Markdown table row per input.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))


def inputs() -> dict[str, str]:
    from test_segment_real_input import wrap_paragraphs

    seed = (REPO / "data/articles/putin-nato-guarantees.txt").read_text(encoding="utf-8").strip()
    article = (seed + "\n\n") * (1_000_000 // len(seed) + 1)
    wrapped = wrap_paragraphs("The council voted on Tuesday to postpone the vote on the budget again. " * 12)
    return {
        "the seed article repeated": article,
        "one paragraph": article.replace("\n\n", " "),
        "one sentence per line": "Yes.\n" * 200_000,
        "no sentence end": "x" * 1_000_000,
        "abbreviations only": "U.S. " * 200_000,
        "hard-wrapped lines": "Budget Row\n\n" + "\n\n".join([wrapped] * (1_000_000 // len(wrapped))),
    }


def seconds(function, text: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function(text)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per input; the median is printed")
    args = parser.parse_args()
    from stance.segment import is_page_furniture, segment

    print("| input | characters | units | seconds | seconds at a tenth | ratio (linear ~10) |")
    print("|---|---|---|---|---|---|")
    for name, text in inputs().items():
        units = len(segment(text))
        whole, tenth = seconds(segment, text, args.repeat), seconds(segment, text[: len(text) // 10], args.repeat)
        print(f"| {name} | {len(text):,} | {units:,} | {whole:.2f} | {tenth:.2f} | {whole / max(tenth, 1e-9):.1f} |")
    furniture = ["By " + "Aaaa Bbbb, " * 40_000 + "x", "Reporting by " + "Aa Bb in Cc " * 40_000, "A" * 500_000 + "a"]
    started = time.perf_counter()
    for text in furniture:
        is_page_furniture(text)
    print(f"\n`is_page_furniture` on three 0.5 MB units: {time.perf_counter() - started:.3f} s")


if __name__ == "__main__":
    main()
