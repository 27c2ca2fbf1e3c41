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
    assert lines[0].startswith(f"== {SEED_TEXT}: 30 claims")
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
    with pytest.raises(SystemExit, match=f"{empty}: the file is empty"):
        main(["predict", str(empty), "--model", str(tiny_model)])
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Caf\xe9 owners said no.".encode("latin-1"))
    with pytest.raises(SystemExit, match=f"{latin}: not UTF-8 text"):
        main(["predict", str(latin), "--model", str(tiny_model)])
    assert main(["predict", str(SEED_TEXT), "--model", str(tmp_path / "missing")]) == 2
    assert "no trained model at" in capsys.readouterr().err


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
    assert "1 articles, 3 units, 0 claims" in capsys.readouterr().out


def test_python_dash_m_stance_runs():
    result = subprocess.run([sys.executable, "-m", "stance", "validate", str(REPO / "data")], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    import re

    assert re.search(r"^(\d+) of \1 files valid$", result.stdout, re.M), result.stdout
