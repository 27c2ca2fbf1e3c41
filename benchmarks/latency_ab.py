"""Seed article latency, session 8's prediction against session 9's, interleaved in one run (docs/BENCHMARKS.md, session 9).

    python benchmarks/latency_ab.py   # about 1 minute; run it on an otherwise idle machine

Four variants of one model folder (`models/default`): session 8's batching (a batch ends before an
input under 0.7 of its longest) with plain linear layers, each of this session's two changes alone
(weights laid out once for oneDNN, `stance.packing`; batches cut at the least cost,
`token_budget_batches`), and both. Prints whether each gives session 8's labels, then the median,
p90 and speed-up over 30 interleaved rounds.
"""

import json
import statistics
import time

import torch

import stance.pipeline as P
from stance import StancePipeline
from stance.packing import PackedLinear

SEED = "data/articles/putin-nato-guarantees.txt"
SEED_LABELS = "data/labelled/putin-nato-guarantees.jsonl"
ROUNDS = 30


def min_fill_batches(lengths, max_tokens=P.MAX_BATCH_TOKENS, max_inputs=None, call_tokens=None, min_fill=0.7):
    """Session 8's batching: sorted by length, a batch ends before an input under ``min_fill`` of its longest."""
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    batches: list[list[int]] = []
    for i in order:
        if batches and (len(batches[-1]) + 1) * (longest := lengths[batches[-1][0]]) <= max_tokens and (
            max_inputs is None or len(batches[-1]) < max_inputs
        ) and lengths[i] >= min_fill * longest:
            batches[-1].append(i)
        else:
            batches.append([i])
    return batches


def main() -> None:
    text = open(SEED, encoding="utf-8").read()
    targets = list(json.loads(open(SEED_LABELS, encoding="utf-8").readline())["stances"])
    packed, plain = StancePipeline("models/default"), StancePipeline("models/default")
    for model in plain.models.values():
        for layer in model.modules():
            if type(layer) is PackedLinear:
                layer.__class__ = torch.nn.Linear
    least_cost = P.token_budget_batches
    variants = {
        "session 8 (min_fill 0.7, plain linear)": (plain, min_fill_batches),
        "packed linear only": (packed, min_fill_batches),
        "cost batching only": (plain, least_cost),
        "session 9 (packed + cost batching)": (packed, least_cost),
    }
    reference = None
    for name, (pipeline, batching) in variants.items():
        P.token_budget_batches = batching
        labels = [(c.speaker, c.stances, c.claim) for c in pipeline.predict(text, targets)]
        reference = reference or labels
        print(name, "same labels as session 8:", labels == reference)
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(ROUNDS):
        for name, (pipeline, batching) in variants.items():
            P.token_budget_batches = batching
            started = time.perf_counter()
            pipeline.predict(text, targets)
            times[name].append(time.perf_counter() - started)
    P.token_budget_batches = least_cost
    base = statistics.median(times["session 8 (min_fill 0.7, plain linear)"])
    print("| variant | median | p90 | x session 8 |\n|---|---|---|---|")
    for name, values in times.items():
        values.sort()
        print(f"| {name} | {statistics.median(values):.3f} s | {values[int(0.9 * (len(values) - 1))]:.3f} s | {base / statistics.median(values):.2f} |")


if __name__ == "__main__":
    main()
