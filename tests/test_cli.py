import json
import subprocess
import sys

import pytest

from conftest import REPO, SEED_TEXT
from stance.cli import main
from stance.schema import validate_records


def test_predict_table_fits_100_columns(tiny_model, capsys):
    assert main(["predict", str(SEED_TEXT), "--model", str(tiny_model), "--all", "--targets", "NATO expansion eastward", "Sanctions on Russia"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith(f"== {SEED_TEXT}: 30 units, ") and lines[0].endswith(" claims")
    assert lines[1] == "T1 = NATO expansion eastward" and lines[2] == "T2 = Sanctions on Russia"
    assert lines[3].split() == ["unit", "speaker", "T1", "T2", "claim"]
    assert len(lines) == 4 + 30
    assert max(len(line) for line in lines[3:]) <= 100


def test_predict_jsonl_writes_the_labelled_format(tiny_model, capsys, seed_text):
    assert main(["predict", str(SEED_TEXT), "--model", str(tiny_model), "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["unit"] for r in records] == list(range(30))
    assert {r["article_id"] for r in records} == {"putin-nato-guarantees"}
    assert validate_records(list(enumerate(records, 1)), "putin-nato-guarantees.jsonl", seed_text) == []


def test_predict_errors_are_one_line_not_tracebacks(tiny_model, tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    assert main(["predict", str(empty), "--model", str(tiny_model)]) == 1
    assert f"error: {empty}: the file is empty" in capsys.readouterr().err
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Caf\xe9 owners said no.".encode("latin-1"))
    assert main(["predict", str(latin), "--model", str(tiny_model)]) == 1
    assert f"error: {latin}: not UTF-8 text" in capsys.readouterr().err
    assert main(["predict", str(SEED_TEXT), "--model", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert "no trained model at" in err and "--model DIR" in err and "STANCE_MODEL" in err


def test_one_bad_file_among_several_is_reported_and_the_rest_are_done(tiny_model, tmp_path, capsys):
    missing = tmp_path / "gone.txt"
    assert main(["predict", str(missing), str(SEED_TEXT), "--model", str(tiny_model)]) == 1
    out, err = capsys.readouterr()
    assert f"error: {missing}: No such file" in err and "1 of 2 file(s) could not be read" in err
    assert f"== {SEED_TEXT}:" in out


def test_targets_flag_does_not_swallow_the_file(tiny_model, capsys):
    assert main(["predict", "--targets", "NATO expansion", str(SEED_TEXT), "--model", str(tiny_model)]) == 2
    err = capsys.readouterr().err
    assert "no article files given" in err and f"{SEED_TEXT} was read as a target" in err and "-t T1" in err
    assert main(["predict", "-t", "NATO expansion", "-t", "Sanctions", str(SEED_TEXT), "--model", str(tiny_model), "--all"]) == 0
    out = capsys.readouterr().out
    assert "T1 = NATO expansion" in out and "T2 = Sanctions" in out


def test_a_dash_reads_standard_input(tiny_model, monkeypatch, capsys):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(SEED_TEXT.read_text(encoding="utf-8")))
    assert main(["predict", "-", "--model", str(tiny_model), "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 30 and {r["article_id"] for r in records} == {"stdin"}


def test_jsonl_with_scores_still_validates(tiny_model, tmp_path, capsys):
    from stance.schema import validate_records

    assert main(["predict", str(SEED_TEXT), "--model", str(tiny_model), "--format", "jsonl", "--scores"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert all(0 <= r["claim_score"] <= 1 and isinstance(r["stance_scores"], dict) for r in records)
    assert all(set(r["stance_scores"]) == set(r["stances"]) for r in records if r["claim"])
    assert validate_records(list(enumerate(records, 1)), "putin-nato-guarantees.jsonl", SEED_TEXT.read_text(encoding="utf-8")) == []


def test_all_counts_units_and_claims_and_width_is_honoured(tiny_model, capsys):
    assert main(["predict", str(SEED_TEXT), "--model", str(tiny_model), "--all", "--width", "60", "-t", "NATO"]) == 0
    out = capsys.readouterr().out
    header = out.splitlines()[0]
    assert header.startswith(f"== {SEED_TEXT}: 30 units, ") and header.endswith((" claims", " claim"))
    assert max(len(line) for line in out.splitlines()[2:]) <= 60
    assert main(["predict", str(SEED_TEXT), "--model", str(tiny_model), "--width", "20", "-t", "NATO"]) == 2
    assert "--width 20 is too narrow" in capsys.readouterr().err


def test_version_and_a_closed_pipe(tiny_model, tmp_path):
    import subprocess
    import sys

    from stance import __version__

    run = subprocess.run([sys.executable, "-m", "stance", "--version"], capture_output=True, text=True, cwd=REPO)
    assert run.stdout.strip() == f"stance {__version__}"
    command = f"{sys.executable} -m stance predict {SEED_TEXT} --model {tiny_model} --all | head -n 2"
    piped = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, cwd=REPO)
    assert piped.stdout.count("\n") == 2 and "Traceback" not in piped.stderr and "BrokenPipe" not in piped.stderr


def test_train_rejects_unknown_keys_before_training(capsys):
    assert main(["train", "--config", str(REPO / "configs" / "default.yaml"), "--set", "trainig.seed=1"]) == 2
    assert "unknown config key(s) trainig" in capsys.readouterr().err


def test_skeleton_and_stats(tmp_path, capsys):
    article = tmp_path / "articles" / "x-test.txt"
    article.parent.mkdir()
    article.write_text("Mayor Quits\n\n“I am done,” the mayor said. Residents cheered.\n", encoding="utf-8")
    assert main(["skeleton", str(article), "--targets", "The mayor should quit"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["text"] for r in records] == ["Mayor Quits", "“I am done,” the mayor said.", "Residents cheered."]
    (tmp_path / "labelled").mkdir()
    (tmp_path / "labelled" / "x-test.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    assert main(["stats", str(tmp_path)]) == 0
    assert "1 article, 3 units, 0 claims" in capsys.readouterr().out


def test_skeleton_prefill_writes_the_model_predictions_ready_to_correct(tiny_model, tmp_path, capsys):
    from stance.schema import read_labelled_file

    (tmp_path / "articles").mkdir()
    (tmp_path / "labelled").mkdir()
    article = tmp_path / "articles" / "putin-nato-guarantees.txt"
    article.write_text(SEED_TEXT.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["skeleton", str(article), "--targets", "NATO expansion", "--prefill", "--model", str(tiny_model)]) == 0
    (tmp_path / "labelled" / "putin-nato-guarantees.jsonl").write_text(capsys.readouterr().out, encoding="utf-8")
    labelled = read_labelled_file(tmp_path / "labelled" / "putin-nato-guarantees.jsonl")
    assert len(labelled.units) == 30 and labelled.targets == ["NATO expansion"]


def test_training_can_start_from_a_trained_model_folder(tiny_model, tmp_path):
    from conftest import make_data_folder, tiny_config
    from stance.model_folder import resolve_base_model
    from stance.training import train

    assert resolve_base_model(str(tiny_model), "speaker") == str(tiny_model / "speaker")
    data = make_data_folder(tmp_path / "data")
    folder = train(tiny_config(tiny_model, data, tmp_path / "adapted", dev_fraction=0, tasks="[claim]", **{"training.max_steps": 1}))
    assert (folder / "claim" / "model.safetensors").is_file()


def test_python_dash_m_stance_runs():
    result = subprocess.run([sys.executable, "-m", "stance", "validate", str(REPO / "data")], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    import re

    assert re.search(r"^(\d+) of \1 files valid$", result.stdout, re.M), result.stdout
