"""Articles per second of a corpus run: local worker processes (predict_corpus) and Ray Data actors.

    python benchmarks/corpus_speed.py --model models/default --articles 134 --workers 1 2 --engines local ray

Builds a JSON lines corpus of ``--articles`` articles from data/articles (repeated under new
ids when more are asked for than there are), with three targets each, and times each engine
with each number of workers from start to last article written: loading the model in every
worker is included, as it is in a real run. Prints one Markdown table row per run.
Run it on an otherwise idle machine: other busy processes change the figures.
"""

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

TARGETS = ["NATO expansion eastward", "Russia intends to invade Ukraine", "Sanctions on Russia"]


def build_corpus(path: Path, n: int) -> int:
    import stance

    articles = sorted(Path("data/articles").glob("*.txt"))
    units = 0
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            source = articles[i % len(articles)]
            text = source.read_text(encoding="utf-8")
            units += len(stance.segment(text))
            out.write(json.dumps({"id": f"{source.stem}-{i}", "text": text, "targets": TARGETS}) + "\n")
    return units


def run_local(corpus: Path, work: Path, model: str, workers: int) -> float:
    import stance

    output = work / f"local-{workers}.jsonl"
    started = time.perf_counter()
    counts = stance.predict_corpus(corpus, output, model=model, workers=workers, resume=False, progress=False)
    seconds = time.perf_counter() - started
    assert counts["failed"] == 0, counts
    return seconds


def run_ray(corpus: Path, work: Path, model: str, workers: int) -> float:
    import ray

    from stance.distributed import predict_ray

    if not ray.is_initialized():
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [os.getcwd(), os.environ.get("PYTHONPATH")]))
        ray.init(num_cpus=os.cpu_count(), include_dashboard=False, log_to_driver=False)
    output = work / f"ray-{workers}"
    cpus = max(1, (os.cpu_count() or 1) // workers)
    started = time.perf_counter()
    counts = predict_ray(corpus, output, model=model, workers=workers, cpus_per_worker=cpus)
    seconds = time.perf_counter() - started
    assert counts["failed"] == 0, counts
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="models/default")
    parser.add_argument("--articles", type=int, default=134)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--engines", nargs="+", choices=["local", "ray"], default=["local", "ray"])
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="corpus-speed-"))
    try:
        corpus = work / "corpus.jsonl"
        units = build_corpus(corpus, args.articles)
        print(f"{args.articles} articles, {units} units, {len(TARGETS)} targets each; {os.cpu_count()} CPUs; "
              f"load average before: {os.getloadavg()[0]:.2f}")
        print("| engine | workers | seconds | articles/s |\n|---|---|---|---|")
        for engine in args.engines:
            for workers in args.workers:
                seconds = (run_local if engine == "local" else run_ray)(corpus, work, args.model, workers)
                print(f"| {engine} | {workers} | {seconds:.1f} | {args.articles / seconds:.2f} |", flush=True)
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
