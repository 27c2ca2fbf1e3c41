"""The README's and the data card's examples and figures, checked against what the code does now."""

import contextlib
import io
import re
import subprocess
import sys

import pytest

from conftest import DATA, REPO


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


README = (REPO / "README.md").read_text(encoding="utf-8")
CARD = (DATA / "README.md").read_text(encoding="utf-8")


def _run_python_example(model, monkeypatch) -> str:
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("STANCE_MODEL", str(model))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(_blocks(README, "python")[0], "README.md", "exec"), {})
    return out.getvalue()


def test_the_readme_python_example_runs(tiny_model, monkeypatch):
    import numpy as np

    from stance import StancePipeline

    # The random tiny model may find no claims; the example indexes the eighth, so every unit
    # is made a claim here: this test checks the example's calls, not the model.
    monkeypatch.setattr(StancePipeline, "score_claims", lambda self, texts, *a, **k: np.ones(len(texts)))
    lines = _run_python_example(tiny_model, monkeypatch).splitlines()
    assert len(lines) == 5 and lines[0].startswith("0 ") and lines[3].startswith("7 ")


@pytest.mark.slow
@pytest.mark.skipif(not (REPO / "models" / "default" / "stance_model.json").is_file(), reason="no trained models/default (run make demo)")
def test_the_readme_shows_the_real_output_of_the_default_model(monkeypatch):
    shown = README.split("Real output of the default model", 1)[1]
    expected = re.search(r"```\n(.*?)```", shown, flags=re.S).group(1)
    assert _run_python_example(REPO / "models" / "default", monkeypatch) == expected


def test_the_data_card_counts_every_article_as_stats_does():
    result = subprocess.run([sys.executable, "-m", "stance", "stats", "data"], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    stats_rows = {r.split(" | ")[0].strip("| "): r.split(" | ")[1:3] for r in result.stdout.splitlines() if r.startswith("| ") and not r.startswith("| article_id")}
    card_rows = {}
    for row in re.findall(r"^\| ([a-z0-9-]+) \| [^|]+ \| (\d+) \| (\d+) \|", CARD, flags=re.M):
        card_rows[row[0]] = [row[1], row[2]]
    assert card_rows == stats_rows
    totals = re.search(r"(\d+) articles, (\d+) units, (\d+) claims \((\d+) continuing.*favor (\d+), against (\d+), none (\d+)", result.stdout)
    card_totals = re.search(r"Totals .*?: (\d+) articles, ([\d,]+) units, ([\d,]+) claims \((\d+) continuing.*?favor ([\d,]+), against ([\d,]+), none ([\d,]+)", CARD)
    assert [g.replace(",", "") for g in card_totals.groups()] == list(totals.groups())
