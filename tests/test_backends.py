"""Backends, precisions and batching: the fast ways of predicting give the answers of float32.

Speed and accuracy targets are measured by benchmarks/predict_speed.py, not here: these
tests use the tiny random BERT of conftest.py.
"""

import importlib.util
import json
import shutil

import pytest
from conftest import HAVE_ONNX, onnx_exported_copy

from stance import InputError, MissingExtraError, StanceError, StancePipeline
from stance.pipeline import BACKENDS, token_budget_batches

TARGETS = ["NATO expansion eastward", "Sanctions on Russia"]
needs_onnx = pytest.mark.skipif(not HAVE_ONNX, reason="the onnx extra is not installed (pip install 'stance[onnx]')")


def _labels(claims):
    return [(c.claim, c.mention, c.cue, tuple(sorted(c.stances.items()))) for c in claims]


def _assert_clear_labels_agree(claims, reference, margin=0.05):
    """Claim and stance labels equal wherever float32 is not within ``margin`` of a tie.

    The tiny random model is unsure of everything (stance probabilities near 1/3 each), so a
    low-precision backend may flip its near-ties; a trained model's decisions are far from
    them (benchmarks/predict_speed.py counts the labels that differ on the real model).
    """
    compared = 0
    for got, expected in zip(claims, reference, strict=True):
        if abs(expected.claim_score - 0.5) > margin:
            assert got.claim == expected.claim, got.unit
            compared += 1
        for target, scores in expected.stance_scores.items():
            top, second = sorted(scores.values(), reverse=True)[:2]
            if got.claim and top - second > margin:
                assert got.stances[target] == expected.stances[target], (got.unit, target)
                compared += 1
    assert compared >= 40


@pytest.fixture(scope="module")
def sure_model(tiny_model, tmp_path_factory):
    """The tiny model with its matrices drawn again at a larger scale: random, but not unsure.

    Trained for one epoch, the tiny model answers near 1/2 (claims) and 1/3 (stances) for
    every input, so any change of arithmetic flips near-ties; with weights of standard
    deviation 0.2 its answers differ from input to input, with margins between labels.
    """
    import torch

    from stance.model_folder import load_task_model

    folder = shutil.copytree(tiny_model, tmp_path_factory.mktemp("sure") / "model")
    generator = torch.Generator().manual_seed(0)
    for task in ("claim", "speaker", "stance"):
        model, _ = load_task_model(folder, task)
        with torch.no_grad():
            for name, weights in model.named_parameters():
                if weights.dim() > 1 and "LayerNorm" not in name:
                    weights.copy_(torch.randn(weights.shape, generator=generator) * 0.2)
        model.save_pretrained(folder / task)
    # The temperatures fitted for the trained weights say nothing of these; a sharpening one
    # would blow bfloat16's rounding up into label flips that the margin check cannot see.
    manifest = json.loads((folder / "stance_model.json").read_text())
    manifest["temperatures"] = {task: 1.0 for task in manifest["temperatures"]}
    (folder / "stance_model.json").write_text(json.dumps(manifest))
    return folder


@pytest.fixture(scope="module")
def float32_claims(sure_model, seed_text):
    return StancePipeline(sure_model, device="cpu", precision="float32").predict(seed_text, TARGETS, keep_non_claims=True)


@pytest.fixture(scope="module")
def onnx_model(sure_model, tmp_path_factory):
    """A copy of the sure model's folder, exported to ONNX."""
    return onnx_exported_copy(sure_model, tmp_path_factory.mktemp("onnx"))


def test_a_bad_backend_name_is_a_stance_error_naming_the_choices(tiny_model):
    with pytest.raises(StanceError, match="backend must be one of 'torch', 'onnx', 'onnx-int8', got 'tensorrt'"):
        StancePipeline(tiny_model, backend="tensorrt")
    with pytest.raises(InputError, match="precision 'bfloat16' is for backend 'torch'"):
        StancePipeline(tiny_model, backend="onnx", precision="bfloat16")
    with pytest.raises(InputError, match="runs on the CPU"):
        StancePipeline(tiny_model, backend="onnx-int8", device="cuda")


def test_a_missing_onnx_extra_says_what_to_install(tiny_model, monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "onnxruntime" else real(name, *a))
    with pytest.raises(MissingExtraError, match=r"onnxruntime is not installed: pip install 'stance\[onnx\]'") as caught:
        StancePipeline(tiny_model, backend="onnx")
    assert isinstance(caught.value, StanceError) and isinstance(caught.value, ImportError)


def test_token_budget_batches_hold_every_input_once_within_the_budget():
    lengths = [5, 30, 12, 30, 7, 64, 3, 12, 200]
    batches = token_budget_batches(lengths, max_tokens=64, max_inputs=4)
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    for batch in batches:
        longest = max(lengths[i] for i in batch)
        assert lengths[batch[0]] == longest and len(batch) <= 4
        assert len(batch) * longest <= 64 or len(batch) == 1  # 200 tokens: alone, over the budget
    order = [i for batch in batches for i in batch]
    assert [lengths[i] for i in order] == sorted(lengths, reverse=True)


def _batching_cost(batches, lengths, call_tokens):
    return sum(call_tokens + len(b) * max(lengths[i] for i in b) for b in batches)


def test_call_tokens_trade_padding_against_forward_passes():
    lengths = [96, 90, 80, 70, 50, 48, 30, 29, 10]
    assert token_budget_batches(lengths, max_tokens=4096, call_tokens=10_000) == [list(range(9))]
    alone = token_budget_batches(lengths, max_tokens=4096, call_tokens=0)
    assert alone == [[i] for i in range(9)]  # no padding at all when a pass costs nothing
    batches = token_budget_batches(lengths, max_tokens=4096, call_tokens=48)
    assert 1 < len(batches) < 9
    assert _batching_cost(batches, lengths, 48) < min(_batching_cost([list(range(9))], lengths, 48), _batching_cost(alone, lengths, 48))


@pytest.mark.parametrize("seed", range(20))
def test_token_budget_batches_cost_no_more_than_any_other_cut(seed):
    import itertools
    import random

    rng = random.Random(seed)
    lengths = [rng.randint(1, 60) for _ in range(rng.randint(1, 9))]
    max_tokens, max_inputs, call_tokens = rng.choice([64, 128, 4096]), rng.choice([None, 2, 3]), rng.choice([0, 16, 48, 200])
    batches = token_budget_batches(lengths, max_tokens=max_tokens, max_inputs=max_inputs, call_tokens=call_tokens)
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    assert [i for b in batches for i in b] == order

    def allowed(batch):
        return len(batch) == 1 or (len(batch) * lengths[batch[0]] <= max_tokens and (max_inputs is None or len(batch) <= max_inputs))

    best = min(
        _batching_cost(cut, lengths, call_tokens)
        for bounds in itertools.product([False, True], repeat=len(order) - 1)
        for cut in [[order[a:b] for a, b in zip([0] + [k + 1 for k, c in enumerate(bounds) if c], [k + 1 for k, c in enumerate(bounds) if c] + [len(order)])]]
        if all(allowed(b) for b in cut)
    )
    assert all(allowed(b) for b in batches)
    assert _batching_cost(batches, lengths, call_tokens) == best


def test_token_budget_batching_gives_the_outputs_of_fixed_batches(tiny_model, seed_text):
    pipeline = StancePipeline(tiny_model, device="cpu", precision="float32")
    budget = pipeline.predict(seed_text, TARGETS, keep_non_claims=True, max_batch_tokens=512)
    one_at_a_time = pipeline.predict(seed_text, TARGETS, keep_non_claims=True, batch_size=1)
    fixed = pipeline.predict(seed_text, TARGETS, keep_non_claims=True, batch_size=8, max_batch_tokens=10**9)
    for other in (one_at_a_time, fixed):
        assert _labels(other) == _labels(budget)
        assert [c.claim_score for c in other] == pytest.approx([c.claim_score for c in budget], abs=2e-4)
        for a, b in zip(other, budget):
            for target in a.stance_scores:
                assert a.stance_scores[target] == pytest.approx(b.stance_scores[target], abs=2e-4)


def test_bfloat16_weights_are_cast_once_and_agree_with_float32(sure_model, seed_text, float32_claims):
    import torch

    fast = StancePipeline(sure_model, device="cpu", precision="bfloat16")
    assert all(p.dtype == torch.bfloat16 for model in fast.models.values() for p in model.parameters())
    claims = fast.predict(seed_text, TARGETS, keep_non_claims=True)
    _assert_clear_labels_agree(claims, float32_claims)
    assert [c.claim_score for c in claims] == pytest.approx([c.claim_score for c in float32_claims], abs=0.05)


@needs_onnx
@pytest.mark.parametrize("backend", ["onnx", "onnx-int8"])
def test_onnx_backends_agree_with_float32(onnx_model, seed_text, float32_claims, backend):
    pipeline = StancePipeline(onnx_model, backend=backend)
    assert pipeline.backend == backend and pipeline.precision == ("float32" if backend == "onnx" else "int8")
    claims = pipeline.predict(seed_text, TARGETS, keep_non_claims=True)
    if backend == "onnx":  # the same float32 arithmetic, up to the order of additions
        assert _labels(claims) == _labels(float32_claims)
        assert [c.claim_score for c in claims] == pytest.approx([c.claim_score for c in float32_claims], abs=1e-4)
    else:
        _assert_clear_labels_agree(claims, float32_claims)
        assert [c.claim_score for c in claims] == pytest.approx([c.claim_score for c in float32_claims], abs=0.05)


@needs_onnx
def test_the_export_is_cached_beside_the_model_and_reused(onnx_model, tmp_path, monkeypatch):
    import stance.onnx_backend as onnx_backend

    files = sorted(p.relative_to(onnx_model) for p in (onnx_model / "onnx").rglob("*") if p.is_file())
    assert [str(p) for p in files] == [
        f"onnx/{task}/{name}" for task in ("claim", "speaker", "stance") for name in ("export.json", "model.onnx", "model_int8.onnx")
    ]
    info = json.loads((onnx_model / "onnx" / "stance" / "export.json").read_text())
    assert info["task"] == "stance" and len(info["source"]["model.safetensors"]) == 64

    def no_export(*args):
        raise AssertionError("exported again")

    monkeypatch.setattr(onnx_backend, "_export_task", no_export)
    onnx_backend.export_onnx(onnx_model)
    StancePipeline(onnx_model, backend="onnx-int8")
    copy = shutil.copytree(onnx_model, tmp_path / "copy")  # a copy (new mtimes are fine: the hashes match)
    for weights in copy.glob("*/model.safetensors"):
        weights.touch()
    StancePipeline(copy, backend="onnx")
    monkeypatch.undo()

    # New weights in one task folder: only that task is exported again.
    from transformers import AutoModelForSequenceClassification

    import torch

    model = AutoModelForSequenceClassification.from_pretrained(copy / "stance")
    with torch.no_grad():
        model.classifier.bias += 1.0
    model.save_pretrained(copy / "stance")
    exported = []
    real = onnx_backend._export_task
    monkeypatch.setattr(onnx_backend, "_export_task", lambda folder, task: exported.append(task) or real(folder, task))
    onnx_backend.export_onnx(copy)
    assert exported == ["stance"]


@needs_onnx
@pytest.mark.parametrize("task", ["claim", "speaker", "stance"])
def test_a_folder_with_an_onnx_export_still_loads_with_plain_transformers(onnx_model, task):
    from transformers import AutoTokenizer

    from stance.tasks import TASKS

    assert not list((onnx_model / task).glob("*.onnx"))
    model = TASKS[task].auto_model().from_pretrained(onnx_model / task)
    assert tuple(model.config.id2label.values()) == TASKS[task].labels
    assert AutoTokenizer.from_pretrained(onnx_model / task).is_fast
    assert StancePipeline(onnx_model, device="cpu").tasks == ["claim", "speaker", "stance"]


@needs_onnx
def test_command_line_exports_and_predicts_with_a_backend(onnx_model, seed_text, tmp_path, capsys):
    from stance import cli

    assert cli.main(["export-onnx", str(onnx_model)]) == 0
    assert "stance: already current" in capsys.readouterr().out
    article = tmp_path / "article.txt"
    article.write_text(seed_text, encoding="utf-8")
    assert cli.main(["predict", str(article), "--model", str(onnx_model), "--backend", "onnx-int8", "--format", "jsonl", "-t", "NATO"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 30 and all(set(line["stances"]) == {"NATO"} for line in lines)


def test_every_backend_is_documented():
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert all(f'"{backend}"' in readme or f"`{backend}`" in readme for backend in BACKENDS)
