"""Corpora on one machine: stance predict --input/--output and stance.predict_corpus / predict_dataset."""

import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest

import stance
from conftest import DATA, REPO
from stance import corpus
from stance.cli import main

TARGETS = ["Sanctions on Russia"]


def _articles(n: int = 6, chars: int = 1200) -> list[dict]:
    """The first ``n`` articles of data/, cut short to keep the tiny model quick."""
    paths = sorted((DATA / "articles").glob("*.txt"))[:n]
    return [{"id": p.stem, "text": p.read_text(encoding="utf-8")[:chars]} for p in paths]


def _write_jsonl(path, records) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for record in records:
            out.write((record if isinstance(record, str) else json.dumps(record)) + "\n")


def _lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _ids(path) -> list[str]:
    return [record["id"] for record in _lines(path)]


@pytest.fixture
def corpus_file(tmp_path):
    path = tmp_path / "corpus.jsonl"
    _write_jsonl(path, _articles())
    return path


def test_a_corpus_run_writes_every_article_exactly_once(tiny_model, corpus_file, tmp_path):
    out = tmp_path / "out.jsonl"
    counts = stance.predict_corpus(corpus_file, out, targets=TARGETS, model=tiny_model, keep_non_claims=True, progress=False)
    assert counts == {"done": 6, "already_done": 0, "failed": 0, "claims": counts["claims"], "repaired_bytes": 0}
    records = _lines(out)
    assert sorted(r["id"] for r in records) == sorted(a["id"] for a in _articles())
    has_summary = hasattr(stance, "summarize")
    assert all(set(r) == ({"id", "claims", "summary"} if has_summary else {"id", "claims"}) for r in records)
    claim = records[0]["claims"][0]
    assert set(claim) == set(stance.Claim(0, 0, 1, "x", False, 0.0).as_dict())
    assert claim["article_id"] == records[0]["id"] and list(claim["stances"]) == TARGETS
    assert counts["claims"] == sum(c["claim"] for r in records for c in r["claims"])
    assert not (tmp_path / "out.jsonl.errors.jsonl").exists()


def test_an_interrupted_run_resumes_without_redoing_or_losing_an_article(tiny_model, corpus_file, tmp_path, monkeypatch):
    monkeypatch.setattr(corpus, "CHUNK_ARTICLES", 4)
    out = tmp_path / "out.jsonl"
    seen = []

    def interrupt_after_three(record):
        seen.append(record["id"])
        if len(seen) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        stance.predict_corpus(corpus_file, out, TARGETS, tiny_model, progress=False, on_article=interrupt_after_three)
    first = out.read_bytes()
    assert _ids(out) == seen  # the three lines written before the interruption, and only they

    redone = []
    counts = stance.predict_corpus(corpus_file, out, TARGETS, tiny_model, progress=False, on_article=lambda r: redone.append(r["id"]))
    assert counts["done"] == 3 and counts["already_done"] == 3 and counts["failed"] == 0
    assert not set(redone) & set(seen)
    assert out.read_bytes().startswith(first)
    assert sorted(_ids(out)) == sorted(a["id"] for a in _articles())

    again = stance.predict_corpus(corpus_file, out, TARGETS, tiny_model, progress=False)
    assert again["done"] == 0 and again["already_done"] == 6 and len(_ids(out)) == 6


def test_limit_predicts_a_few_articles_and_the_next_run_the_rest(tiny_model, corpus_file, tmp_path):
    out = tmp_path / "out.jsonl"
    assert main(["predict", "--input", str(corpus_file), "--output", str(out), "--model", str(tiny_model), "--limit", "2"]) == 0
    assert len(_ids(out)) == 2
    assert main(["predict", "--input", str(corpus_file), "--output", str(out), "--model", str(tiny_model)]) == 0
    assert sorted(_ids(out)) == sorted(a["id"] for a in _articles())


def test_a_half_written_last_line_is_repaired(tiny_model, corpus_file, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    stance.predict_corpus(corpus_file, out, TARGETS, tiny_model, limit=2, progress=False)
    complete = out.read_bytes()
    with open(out, "ab") as torn:  # a kill in the middle of writing the third line
        torn.write(b'{"id": "' + _articles()[2]["id"].encode() + b'", "claims": [{"unit": 0, "sta')
    counts = stance.predict_corpus(corpus_file, out, TARGETS, tiny_model, progress=False)
    assert counts["repaired_bytes"] > 0 and counts["already_done"] == 2 and counts["done"] == 4
    assert "removed a half-written last line" in capsys.readouterr().err
    assert out.read_bytes().startswith(complete)
    assert sorted(_ids(out)) == sorted(a["id"] for a in _articles())  # every line parses, each id once


def test_a_line_that_stance_did_not_write_stops_the_resume(tiny_model, corpus_file, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "a"}\nnot json\n{"id": "b"}\n')
    with pytest.raises(stance.InputError, match=r"out.jsonl, line 2: not a line that stance predict wrote"):
        stance.predict_corpus(corpus_file, out, TARGETS, tiny_model, progress=False)
    assert out.read_text() == '{"id": "a"}\nnot json\n{"id": "b"}\n'  # left as it was
    stance.predict_corpus(corpus_file, out, TARGETS, tiny_model, resume=False, progress=False)
    assert len(_ids(out)) == 6  # --no-resume starts afresh


def test_bad_articles_are_reported_with_their_id_and_skipped(tiny_model, tmp_path, capsys):
    good = _articles(3)
    path = tmp_path / "corpus.jsonl"
    _write_jsonl(path, [
        good[0],
        {"id": "empty", "text": "   \n"},
        {"id": "number", "text": 42},
        {"text": "An article without an id."},
        '{"id": "broken", "text": ',
        good[1],
        {"id": good[0]["id"], "text": "The same id again."},
        {"id": "bad-targets", "text": "Headline\n\nBody.", "targets": [""]},
        {"id": "surrogate", "text": "Headline\n\nIt said \udce9."},
        good[2],
    ])
    with open(path, "ab") as out:
        out.write(b'{"id": "latin1", "text": "caf\xe9"}\n')
    out = tmp_path / "out.jsonl"
    status = main(["predict", "--input", str(path), "--output", str(out), "--model", str(tiny_model), "-t", TARGETS[0]])
    err = capsys.readouterr().err
    assert status == 1
    assert sorted(_ids(out)) == sorted(a["id"] for a in good)
    errors = _lines(tmp_path / "out.jsonl.errors.jsonl")
    assert [e["id"] for e in errors] == ["empty", "number", None, None, good[0]["id"], "bad-targets", None, "surrogate"]
    assert [e["where"].rsplit(" ", 1)[1] for e in errors] == ["2", "3", "4", "5", "7", "8", "11", "9"]
    assert "line 2 (id 'empty'): the text is empty; skipped" in err
    assert "(id 'number'): 'text' must be a string, got int" in err
    assert "line 4: no 'id'" in err and "line 5: not valid JSON" in err and "line 11: not UTF-8 text" in err
    assert f"the id '{good[0]['id']}' appears again" in err and "(id 'surrogate')" in err and "lone surrogate" in err
    assert "8 article(s) skipped as bad" in err

    # The next run does nothing new, reports the same bad articles again, and still says 1.
    assert main(["predict", "--input", str(path), "--output", str(out), "--model", str(tiny_model), "-t", TARGETS[0]]) == 1
    assert len(_lines(tmp_path / "out.jsonl.errors.jsonl")) == 8 and len(_ids(out)) == 3


def test_the_errors_file_of_an_earlier_run_goes_when_nothing_is_bad(tiny_model, corpus_file, tmp_path):
    out = tmp_path / "out.jsonl"
    (tmp_path / "out.jsonl.errors.jsonl").write_text('{"id": "old"}\n')
    assert main(["predict", "--input", str(corpus_file), "--output", str(out), "--model", str(tiny_model)]) == 0
    assert not (tmp_path / "out.jsonl.errors.jsonl").exists()


def test_each_article_may_bring_its_own_targets(tiny_model, tmp_path):
    a, b, c = _articles(3)
    path = tmp_path / "corpus.jsonl"
    _write_jsonl(path, [{**a, "targets": ["Own target", "Another"]}, b, {**c, "targets": "One string"}])
    out = tmp_path / "out.jsonl"
    stance.predict_corpus(path, out, model=tiny_model, keep_non_claims=True, progress=False)
    stances = {r["id"]: list(r["claims"][0]["stances"]) for r in _lines(out)}
    headline = b["text"].splitlines()[0].strip()
    assert stances == {a["id"]: ["Own target", "Another"], b["id"]: [headline], c["id"]: ["One string"]}
    out.unlink()
    stance.predict_corpus(path, out, targets=TARGETS, model=tiny_model, keep_non_claims=True, progress=False)
    assert {r["id"]: list(r["claims"][0]["stances"]) for r in _lines(out)}[b["id"]] == TARGETS


def test_parquet_input(tiny_model, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    articles = _articles(4)
    table = pa.table({"id": [1, 2, 3, 4], "text": [a["text"] for a in articles[:3]] + [None]})
    pq.write_table(table, tmp_path / "corpus.parquet", row_group_size=2)
    out = tmp_path / "out.jsonl"
    counts = stance.predict_corpus(tmp_path / "corpus.parquet", out, TARGETS, tiny_model, progress=False)
    assert counts["done"] == 3 and counts["failed"] == 1
    assert sorted(_ids(out)) == ["1", "2", "3"]
    where = f"{tmp_path / 'corpus.parquet'}, row 3"
    assert _lines(tmp_path / "out.jsonl.errors.jsonl") == [{"id": "4", "where": where, "error": "no 'text' (missing or null)"}]

    pq.write_table(pa.table({"id": ["a"], "body": ["text"]}), tmp_path / "other.parquet")
    with pytest.raises(stance.InputError, match=r"other.parquet: no 'text' column \(the file has id, body\)"):
        stance.predict_corpus(tmp_path / "other.parquet", tmp_path / "other.jsonl", TARGETS, tiny_model, progress=False)


def test_a_folder_of_text_files(tiny_model, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for article in _articles(3):
        (folder / f"{article['id']}.txt").write_text(article["text"], encoding="utf-8")
    (folder / "blank.txt").write_text("\n\n")
    (folder / "notes.md").write_text("not an article")
    out = tmp_path / "out.jsonl"
    assert main(["predict", "--input", str(folder), "--output", str(out), "--model", str(tiny_model), "--no-progress"]) == 1
    assert sorted(_ids(out)) == sorted(a["id"] for a in _articles(3))
    assert _lines(tmp_path / "out.jsonl.errors.jsonl")[0]["id"] == "blank"


def test_standard_input_as_json_lines(tiny_model, tmp_path, monkeypatch):
    lines = "".join(json.dumps(a) + "\n" for a in _articles(2))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines.encode("utf-8")), encoding="utf-8"))
    out = tmp_path / "out.jsonl"
    assert main(["predict", "--input", "-", "--output", str(out), "--model", str(tiny_model), "-t", "T"]) == 0
    assert sorted(_ids(out)) == sorted(a["id"] for a in _articles(2))


def test_the_summary_is_written_when_stance_has_summarize(tiny_model, corpus_file, tmp_path, monkeypatch):
    summarized = []

    def summarize(claims):
        summarized.append(claims)
        return {"claims": len(claims), "ids": {c.article_id for c in claims}}

    monkeypatch.setattr(stance, "summarize", summarize, raising=False)
    out = tmp_path / "out.jsonl"
    stance.predict_corpus(corpus_file, out, TARGETS, tiny_model, keep_non_claims=True, progress=False)
    assert all(isinstance(c, stance.Claim) and c.claim for claims in summarized for c in claims)  # claims only
    for record in _lines(out):
        n = sum(c["claim"] for c in record["claims"])
        assert record["summary"] == {"claims": n, "ids": [record["id"]] if n else []}


def test_unusable_inputs_stop_before_anything_is_written(tiny_model, tmp_path, capsys):
    with pytest.raises(stance.MissingFileError, match="no such file or folder"):
        stance.predict_corpus(tmp_path / "missing.jsonl", tmp_path / "out.jsonl", model=tiny_model)
    (tmp_path / "corpus.csv").write_text("id,text\n")
    with pytest.raises(stance.InputError, match="cannot tell the corpus format"):
        stance.predict_corpus(tmp_path / "corpus.csv", tmp_path / "out.jsonl", model=tiny_model)
    (tmp_path / "empty").mkdir()
    with pytest.raises(stance.InputError, match=r"no \.txt files in the folder"):
        stance.predict_corpus(tmp_path / "empty", tmp_path / "out.jsonl", model=tiny_model)
    with pytest.raises(stance.InputError, match="workers must be at least 1"):
        stance.predict_corpus(tmp_path / "corpus.csv", tmp_path / "out.jsonl", model=tiny_model, workers=0)
    _write_jsonl(tmp_path / "corpus.jsonl", _articles(1))
    for workers in (1, 2):
        with pytest.raises(stance.ModelFolderError, match="no trained model at"):
            stance.predict_corpus(tmp_path / "corpus.jsonl", tmp_path / "out.jsonl", model=tmp_path / "no-model", workers=workers)
    assert not (tmp_path / "out.jsonl").exists()
    assert main(["predict", "--input", str(tmp_path / "corpus.csv")]) == 2
    assert "--input and --output go together" in capsys.readouterr().err
    assert main(["predict", "file.txt", "--input", "x.jsonl", "--output", "y.jsonl"]) == 2
    assert "either article files or --input" in capsys.readouterr().err


def test_the_progress_bar_shows_the_rate_and_the_time_left(tiny_model, corpus_file, tmp_path, capsys):
    stance.predict_corpus(corpus_file, tmp_path / "out.jsonl", TARGETS, tiny_model, limit=3, progress=True)
    err = capsys.readouterr().err
    assert "3/6" in err and "article/s" in err and "<" in err  # done/total [elapsed<left, rate]
    stance.predict_corpus(corpus_file, tmp_path / "out.jsonl", TARGETS, tiny_model, progress=False)
    assert capsys.readouterr().err == ""


@pytest.mark.slow  # two spawned processes each import torch and load the model: about 20 s on 2 cores
def test_two_workers_write_the_same_articles_as_one(tiny_model, corpus_file, tmp_path, monkeypatch):
    monkeypatch.setattr(corpus, "CHUNK_ARTICLES", 2)  # three tasks, so that both workers get some
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    stance.predict_corpus(corpus_file, one, TARGETS, tiny_model, workers=1, keep_non_claims=True, progress=False)
    counts = stance.predict_corpus(corpus_file, two, TARGETS, tiny_model, workers=2, keep_non_claims=True, progress=False)
    assert counts["done"] == 6 and counts["failed"] == 0
    assert sorted(_ids(two)) == sorted(_ids(one))
    by_id = {r["id"]: r for r in _lines(one)}
    for record in _lines(two):  # the same claims, whichever process predicted them
        assert [c["text"] for c in record["claims"]] == [c["text"] for c in by_id[record["id"]]["claims"]]


def test_predict_dataset_adds_claims_and_reports_bad_rows(tiny_model):
    from datasets import Dataset

    articles = _articles(2)
    ds = Dataset.from_dict({
        "id": [articles[0]["id"], "empty", articles[1]["id"]],
        "text": [articles[0]["text"], " ", articles[1]["text"]],
        "targets": [["Own target"], None, None],
    })
    out = stance.predict_dataset(ds, targets=TARGETS, model=tiny_model, keep_non_claims=True, articles_per_batch=2)
    assert out.column_names[:6] == ["id", "text", "targets", "claims", "n_claims", "error"]
    assert out.column_names[6:] == (["summary"] if hasattr(stance, "summarize") else [])
    assert out["error"] == [None, "the text is empty", None]
    claims = [json.loads(c) for c in out["claims"]]
    assert claims[1] == [] and list(claims[0][0]["stances"]) == ["Own target"] and list(claims[2][0]["stances"]) == TARGETS
    assert claims[0][0]["article_id"] == articles[0]["id"]
    assert out["n_claims"] == [sum(c["claim"] for c in unit_list) for unit_list in claims]


def test_predict_dataset_writes_the_summary_when_stance_has_summarize(tiny_model, monkeypatch):
    from datasets import Dataset

    monkeypatch.setattr(stance, "summarize", lambda claims: {"n": len(claims)}, raising=False)
    ds = Dataset.from_dict({"text": [_articles(1)[0]["text"]]})
    out = stance.predict_dataset(ds, model=tiny_model, keep_non_claims=True)
    assert json.loads(out[0]["summary"]) == {"n": sum(c["claim"] for c in json.loads(out[0]["claims"]))}
    assert json.loads(out[0]["claims"])[0]["article_id"] == "row-0"
    with pytest.raises(stance.InputError, match="the dataset has no column 'body'"):
        stance.predict_dataset(ds, text_column="body", model=tiny_model)


@pytest.mark.slow
def test_a_killed_command_is_resumed_and_every_article_ends_up_once(tiny_model, tmp_path):
    articles = [{**a, "id": f"{a['id']}-{i}"} for i in range(4) for a in _articles(10, chars=600)]
    path = tmp_path / "corpus.jsonl"
    _write_jsonl(path, articles)
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "stance", "predict", "--input", str(path), "--output", str(out), "--model", str(tiny_model), "-t", "T"]
    env = {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1"}
    process = subprocess.Popen(command, cwd=REPO, env=env, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    while time.time() < deadline and (not out.exists() or out.stat().st_size == 0):
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    written = len(out.read_text().splitlines())
    assert 0 < written < len(articles), "the kill came too late to interrupt the run"
    result = subprocess.run(command + ["--no-progress"], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert sorted(_ids(out)) == sorted(a["id"] for a in articles)
    assert f"{len(articles) - written} article(s) written" in result.stderr and f"{written} already in" in result.stderr


def test_the_ray_path_without_ray_says_how_to_install_it(tiny_model, corpus_file, tmp_path, monkeypatch):
    from stance.distributed import main, predict_ray

    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now fails, as when it is not installed
    with pytest.raises(stance.InputError, match=r"the Ray path needs Ray Data: pip install 'stance\[ray\]'"):
        predict_ray(corpus_file, tmp_path / "claims", model=tiny_model)
    assert main([str(corpus_file), str(tmp_path / "claims"), "--model", str(tiny_model)]) == 2
