"""Time stance.predict on one article with a loaded model (issue 3: under a second on 2 CPU cores).

    python benchmarks/predict_latency.py --model models/default --repeats 20 [--backend onnx-int8]

benchmarks/predict_speed.py compares every backend side by side (docs/BENCHMARKS.md).

Prints the load time and the median / p90 / min prediction time over the repeats, after one
warm-up call. Run it on an otherwise idle machine: another busy process doubles the figure.
"""

import argparse
import statistics
import time

import torch

import stance

SEED = "data/articles/putin-nato-guarantees.txt"
TARGETS = ["NATO expansion eastward", "Russia intends to invade Ukraine", "Sanctions on Russia"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="models/default")
    parser.add_argument("--article", default=SEED)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--precision", default="auto", choices=["auto", "float32", "bfloat16"])
    parser.add_argument("--backend", default="torch", choices=list(stance.BACKENDS))
    args = parser.parse_args()

    text = open(args.article, encoding="utf-8").read()
    started = time.perf_counter()
    device = "cpu" if args.backend == "torch" else None
    pipeline = stance.load_pipeline(args.model, device=device, precision=args.precision, backend=args.backend)
    load_seconds = time.perf_counter() - started
    claims = pipeline.predict(text, TARGETS)  # warm-up
    times = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        pipeline.predict(text, TARGETS)
        times.append(time.perf_counter() - started)
    times.sort()
    print(f"torch threads {torch.get_num_threads()}, backend {pipeline.backend}, precision {pipeline.precision}, "
          f"{len(claims)} claims, {len(TARGETS)} targets")
    print(f"load {load_seconds:.2f} s; predict median {statistics.median(times):.3f} s, "
          f"p90 {times[int(0.9 * (len(times) - 1))]:.3f} s, min {times[0]:.3f} s over {args.repeats} runs")


if __name__ == "__main__":
    main()
