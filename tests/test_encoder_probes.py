"""benchmarks/weight_interpolation_probe.py and benchmarks/target_attention_probe.py on the tiny BERT."""

import importlib.util

import pytest
import torch
from safetensors.torch import load_file

from tests.conftest import REPO


def _module(name: str, monkeypatch):
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))  # the interpolation probe imports its sibling none_offset_probe
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_interpolation_mixes_only_the_stance_encoder_and_keeps_the_rest_of_the_folder(tiny_model, tiny_base_model, tmp_path, monkeypatch):
    from transformers import AutoModel

    probe = _module("weight_interpolation_probe", monkeypatch)
    tuned = load_file(str(tiny_model / "stance" / "model.safetensors"))
    pretrained = AutoModel.from_pretrained(tiny_base_model).state_dict()
    folders = {alpha: probe.interpolated_folder(tiny_model, str(tiny_base_model), alpha, tmp_path) for alpha in (0.0, 0.5, 1.0)}
    mixed = {alpha: load_file(str(folder / "stance" / "model.safetensors")) for alpha, folder in folders.items()}
    key = next(k for k in tuned if k.endswith("encoder.layer.0.attention.self.query.weight"))  # "bert." before it: a cross-encoder
    start = pretrained[key.split(".", 1)[1]]
    assert not torch.equal(tuned[key], start)  # training moved it, so the test can tell the ends apart
    torch.testing.assert_close(mixed[0.0][key], start)
    torch.testing.assert_close(mixed[1.0][key], tuned[key])
    torch.testing.assert_close(mixed[0.5][key], (tuned[key] + start) / 2)
    head = next(k for k in tuned if k.startswith("classifier"))  # no pretrained counterpart: kept as trained
    torch.testing.assert_close(mixed[0.0][head], tuned[head])
    folder = folders[0.5]
    assert (folder / "claim").is_symlink() and (folder / "claim").resolve() == (tiny_model / "claim").resolve()
    assert (folder / "stance_model.json").read_text() == (tiny_model / "stance_model.json").read_text()
    assert not (tiny_model / "stance").is_symlink()  # the original's stance folder was copied, never written


def test_interpolation_refuses_a_base_that_is_not_the_encoders_start(tiny_model, tmp_path, monkeypatch):
    from transformers import BertConfig, BertModel

    probe = _module("weight_interpolation_probe", monkeypatch)
    other = tmp_path / "other-bert"
    BertModel(BertConfig(vocab_size=100, hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=20)).save_pretrained(other)
    with pytest.raises(SystemExit, match="--base"):
        probe.interpolated_folder(tiny_model, str(other), 0.5, tmp_path / "out")
    assert not (tmp_path / "out").exists()  # nothing half written


def test_target_attention_reads_which_tokens_a_unit_has_where_mean_pooling_cannot(monkeypatch):
    probe = _module("target_attention_probe", monkeypatch)
    torch.manual_seed(0)
    a, b, target = torch.randn(8), torch.randn(8), torch.randn(1, 3, 8)
    # Two units with the same mean embedding: tokens [a, b] and [(a+b)/2, (a+b)/2], plus a padding token.
    units = torch.stack([torch.stack([a, b, torch.zeros(8)]), torch.stack([(a + b) / 2, (a + b) / 2, torch.zeros(8)])])
    unit_mask = torch.tensor([[True, True, False], [True, True, False]])
    targets, target_mask = target.expand(2, 3, 8), torch.ones(2, 3, dtype=torch.bool)
    for kind in ("linear", "mlp", "attn"):
        head = probe.ProbeHead(8, kind).eval()
        logits = head(units, unit_mask, targets, target_mask)
        padded = units.clone()
        padded[:, 2] = torch.randn(2, 8) * 10
        torch.testing.assert_close(head(padded, unit_mask, targets, target_mask), logits)  # padding is never read
        if kind == "attn":
            assert not torch.allclose(logits[0], logits[1], atol=1e-4)
        else:
            torch.testing.assert_close(logits[0], logits[1])
