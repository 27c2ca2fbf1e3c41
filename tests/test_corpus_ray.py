"""The Ray Data path (stance.distributed) on a local Ray instance: skipped when Ray is not installed."""

import json
import os

import pytest

from conftest import DATA, REPO

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'stance[ray]')")


@pytest.fixture(scope="module")
def local_ray():
    # The actors import stance from this checkout: Ray's workers inherit the driver's environment.
    before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), before]))
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()
    if before is None:
        os.environ.pop("PYTHONPATH")
    else:
        os.environ["PYTHONPATH"] = before


@pytest.mark.slow
def test_ray_predicts_every_article_once_and_reports_bad_ones(tiny_model, local_ray, tmp_path):
    import pyarrow.dataset

    from stance.distributed import main, predict_ray

    paths = sorted((DATA / "articles").glob("*.txt"))[:5]
    articles = [{"id": p.stem, "text": p.read_text(encoding="utf-8")[:1000]} for p in paths]
    corpus = tmp_path / "corpus.jsonl"
    with open(corpus, "w", encoding="utf-8") as out:
        for record in articles + [{"id": "empty", "text": " "}]:
            out.write(json.dumps(record) + "\n")

    counts = predict_ray(corpus, tmp_path / "claims", targets=["Sanctions on Russia"], model=tiny_model, workers=2,
                         articles_per_batch=2, keep_non_claims=True)
    assert counts == {"articles": 6, "failed": 1, "claims": counts["claims"]}
    rows = pyarrow.dataset.dataset(tmp_path / "claims", format="parquet").to_table().to_pylist()
    assert sorted(r["id"] for r in rows) == sorted([a["id"] for a in articles] + ["empty"])
    by_id = {r["id"]: r for r in rows}
    assert by_id["empty"]["error"] == "the text is empty" and json.loads(by_id["empty"]["claims"]) == []
    claims = json.loads(by_id[articles[0]["id"]]["claims"])
    assert claims and claims[0]["article_id"] == articles[0]["id"] and list(claims[0]["stances"]) == ["Sanctions on Russia"]

    # The command line, on a folder of .txt files; the output folder must be new.
    folder = tmp_path / "texts"
    folder.mkdir()
    for article in articles[:3]:
        (folder / f"{article['id']}.txt").write_text(article["text"], encoding="utf-8")
    assert main([str(folder), str(tmp_path / "from-texts"), "--model", str(tiny_model), "--workers", "1"]) == 0
    ids = pyarrow.dataset.dataset(tmp_path / "from-texts", format="parquet").to_table(columns=["id"]).column("id").to_pylist()
    assert sorted(ids) == sorted(a["id"] for a in articles[:3])
    assert main([str(folder), str(tmp_path / "from-texts"), "--model", str(tiny_model)]) == 2
