"""Linear weights pre-packed for oneDNN: the same outputs, a plain model to everything else."""

import pytest
import torch
from transformers import BertConfig, BertModel

from stance import StancePipeline
from stance.packing import PackedLinear, can_pack, pack_linear_weights

needs_onednn = pytest.mark.skipif(not can_pack("cpu"), reason="this PyTorch build has no oneDNN pre-packed linear kernels")


def _tiny_bert(dtype=torch.float32) -> BertModel:
    torch.manual_seed(0)
    config = BertConfig(vocab_size=120, hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64)
    return BertModel(config).eval().to(dtype)


def _inputs():
    torch.manual_seed(1)
    ids = torch.randint(5, 120, (3, 11))
    mask = torch.ones_like(ids)
    mask[2, 7:] = 0
    return {"input_ids": ids, "attention_mask": mask}


def _linear_count(model) -> int:
    return sum(isinstance(m, torch.nn.Linear) for m in model.modules())


@needs_onednn
@pytest.mark.parametrize("dtype", [torch.float32, torch.bfloat16])
def test_packed_model_gives_the_plain_model_outputs(dtype):
    if not can_pack("cpu", dtype):
        pytest.skip(f"{dtype} is not native on this CPU")
    plain, packed = _tiny_bert(dtype), _tiny_bert(dtype)
    assert pack_linear_weights(packed) == _linear_count(plain) > 0
    assert all(type(m) is PackedLinear for m in packed.modules() if isinstance(m, torch.nn.Linear))
    with torch.inference_mode():
        expected = plain(**_inputs()).last_hidden_state.float()
        got = packed(**_inputs()).last_hidden_state.float()
    tolerance = 1e-4 if dtype == torch.float32 else 0.0  # bfloat16 runs the same oneDNN kernel either way
    assert torch.allclose(got, expected, atol=tolerance, rtol=0)


@needs_onednn
def test_packed_model_keeps_a_plain_state_dict_and_trains():
    plain, packed = _tiny_bert(), _tiny_bert()
    pack_linear_weights(packed)
    assert packed.state_dict().keys() == plain.state_dict().keys()
    packed.train()
    packed(**_inputs()).last_hidden_state.sum().backward()  # with gradients wanted, the plain product runs
    assert packed.encoder.layer[0].output.dense.weight.grad.abs().sum() > 0


@needs_onednn
def test_packed_model_falls_back_when_cast_and_packs_again_when_cast_back():
    if not can_pack("cpu", torch.bfloat16):
        pytest.skip("bfloat16 is not native on this CPU")
    plain, packed = _tiny_bert(torch.bfloat16), _tiny_bert(torch.bfloat16)
    pack_linear_weights(packed)
    with torch.inference_mode():
        as_float = packed.to(torch.float32)(**_inputs()).last_hidden_state
        assert as_float.dtype == torch.float32
        assert torch.allclose(as_float, plain.to(torch.float32)(**_inputs()).last_hidden_state, atol=1e-5)
        back = packed.to(torch.bfloat16)(**_inputs()).last_hidden_state
        assert torch.equal(back, plain.to(torch.bfloat16)(**_inputs()).last_hidden_state)


def test_nothing_is_packed_off_the_cpu_or_without_kernels(monkeypatch):
    assert not can_pack("cuda") and not can_pack("meta")
    monkeypatch.setattr(torch.backends.mkldnn, "is_available", lambda: False)
    model = _tiny_bert()
    assert pack_linear_weights(model) == 0
    assert not any(type(m) is PackedLinear for m in model.modules())


@needs_onednn
def test_the_pipeline_packs_its_cpu_models(tiny_model):
    pipeline = StancePipeline(tiny_model, device="cpu", precision="float32")
    for model in pipeline.models.values():
        layers = [m for m in model.modules() if isinstance(m, torch.nn.Linear)]
        assert layers and all(type(m) is PackedLinear for m in layers)
