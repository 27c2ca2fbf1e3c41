"""Shared fixtures: a tiny random BERT (no weights to download) and models trained from it."""

import importlib.util
import json
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
SEED_ID = "putin-nato-guarantees"
SEED_TEXT = DATA / "articles" / f"{SEED_ID}.txt"
SEED_LABELS = DATA / "labelled" / f"{SEED_ID}.jsonl"
SHARED_DATASETS = REPO.parent / "shared" / "datasets"


def minilm_path() -> str:
    from stance.model_folder import resolve_base_model

    return resolve_base_model("sentence-transformers/all-MiniLM-L6-v2")


@pytest.fixture(scope="session")
def tiny_base_model(tmp_path_factory) -> Path:
    """A 2-layer, 32-wide BERT with random weights and MiniLM's tokenizer, saved as a local folder."""
    from transformers import AutoTokenizer, BertConfig, BertModel

    folder = tmp_path_factory.mktemp("tiny-bert")
    config = BertConfig(
        vocab_size=30522, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=37, max_position_embeddings=512,
    )
    BertModel(config).save_pretrained(folder)
    AutoTokenizer.from_pretrained(minilm_path()).save_pretrained(folder)
    return folder


def make_data_folder(root: Path, copies: int = 1) -> Path:
    """A data folder holding the seed article, plus renamed copies of it for a dev split."""
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "labelled").mkdir(parents=True, exist_ok=True)
    for i in range(copies):
        article_id = SEED_ID if i == 0 else f"{SEED_ID}-copy{i}"
        shutil.copy(SEED_TEXT, root / "articles" / f"{article_id}.txt")
        lines = [json.loads(line) for line in SEED_LABELS.read_text(encoding="utf-8").splitlines()]
        with open(root / "labelled" / f"{article_id}.jsonl", "w", encoding="utf-8") as out:
            for record in lines:
                out.write(json.dumps({**record, "article_id": article_id}, ensure_ascii=False) + "\n")
    return root


def tiny_config(base: Path, data: Path, output: Path, **extra):
    from stance.config import load_config

    overrides = [
        f"base_model={base}", f"data=[{data}]", f"output_dir={output}", "max_length=64", f"relatedness_model={base}",
        "training.num_train_epochs=1", "training.per_device_train_batch_size=32", "training.learning_rate=1.0e-3",
    ] + [f"{k}={v}" for k, v in extra.items()]
    return load_config(None, overrides)


def train_tiny(base: Path, root: Path, **extra) -> Path:
    """A model folder trained in seconds from ``base`` on two copies of the seed article (half of them dev), config keys ``extra``."""
    from stance.training import train

    data = make_data_folder(root / "data", copies=2)
    return train(tiny_config(base, data, root / "model", dev_fraction=0.5, **extra))


HAVE_ONNX = all(importlib.util.find_spec(name) for name in ("onnxruntime", "onnx", "onnxscript"))


def onnx_exported_copy(folder: Path, root: Path) -> Path:
    """A copy of a model folder under ``root``, exported to ONNX (skips the test without the onnx extra)."""
    if not HAVE_ONNX:
        pytest.skip("the onnx extra is not installed (pip install 'stance[onnx]')")
    from stance.onnx_backend import export_onnx

    copy = shutil.copytree(folder, root / "model")
    export_onnx(copy)
    return copy


@pytest.fixture(scope="session")
def tiny_model(tiny_base_model, tmp_path_factory) -> Path:
    """A model folder trained in seconds from the tiny BERT on two copies of the seed article."""
    return train_tiny(tiny_base_model, tmp_path_factory.mktemp("tiny-run"))


@pytest.fixture(scope="session")
def tiny_pipeline(tiny_model):
    from stance import load_pipeline

    return load_pipeline(tiny_model)


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


@pytest.fixture
def pysbd_chunks(monkeypatch) -> list[int]:
    """The length of every text the segmenter hands to pysbd during the test, in order.

    pysbd's time grows with the square of its input, so bounded chunks, each character given
    once, are what keep segmenting linear; tests count them instead of timing them.
    """
    import importlib

    segment_module = importlib.import_module("stance.segment")  # stance.segment is also the function
    real, chunks = segment_module._segmenter(), []

    class Counting:
        def segment(self, text):
            chunks.append(len(text))
            return real.segment(text)

    monkeypatch.setattr(segment_module, "_segmenter", Counting)
    return chunks
