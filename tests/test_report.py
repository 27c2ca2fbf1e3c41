"""The HTML report: structure (parsed), escaping, the matrix PNG, the command line, and (slow) a real browser."""

import html
import json
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

import stance
from conftest import DATA, SEED_ID, SEED_TEXT
from stance import Claim, InputError, InputTypeError, report_html, write_report
from stance.cli import main

SEED_TARGETS = ["NATO expansion eastward", "Russia intends to invade Ukraine", "Sanctions on Russia"]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def text(self, skip=lambda node: False) -> str:
        return "".join(c if isinstance(c, str) else ("" if skip(c) else c.text(skip)) for c in self.children)

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag=None, cls=None, **attrs):
        return [
            n for n in self.iter()
            if (tag is None or n.tag == tag) and (cls is None or cls in n.attrs.get("class", "").split())
            and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def find(self, *args, **kwargs):
        found = self.find_all(*args, **kwargs)
        assert found, f"no {args} {kwargs}"
        return found[0]

    def has_class(self, cls):
        return cls in self.attrs.get("class", "").split()


class TreeBuilder(HTMLParser):
    """A strict little DOM: every element but a void one must be closed, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.node = Node("#document", {})

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.node)
        self.node.children.append(node)
        if tag not in VOID:
            self.node = node

    def handle_endtag(self, tag):
        assert self.node.tag == tag, f"</{tag}> closes <{self.node.tag}>"
        self.node = self.node.parent

    def handle_data(self, data):
        self.node.children.append(data)


def parse(page: str) -> Node:
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.node is builder.root, f"<{builder.node.tag}> is never closed"
    return builder.root


def gold_claims(article_id=SEED_ID):
    """The labelled units of an article as Claims, with made-up scores (0.8 on the gold label)."""
    claims = []
    for line in (DATA / "labelled" / f"{article_id}.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        scores = {t: {lab: 0.8 if lab == gold else 0.1 for lab in stance.STANCE_LABELS} for t, gold in r["stances"].items()}
        claims.append(Claim(
            unit=r["unit"], start=r["start"], end=r["end"], text=r["text"], claim=r["claim"], claim_score=0.9 if r["claim"] else 0.1,
            speaker=r["speaker"], mention=r["mention"], cue=r["cue"], stances=r["stances"],
            stance_scores=scores if r["claim"] else {}, article_id=r["article_id"],
        ))
    return claims


def article_text(article_id=SEED_ID):
    return (DATA / "articles" / f"{article_id}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_page():
    return report_html((article_text(), gold_claims()))


def test_every_claim_unit_is_highlighted_in_the_text_and_the_text_is_whole(seed_page):
    dom = parse(seed_page)
    claims = [c for c in gold_claims() if c.claim]
    marks = dom.find_all("mark", cls="claim")
    assert [int(m.attrs["data-unit"]) for m in marks] == [c.unit for c in claims]
    for mark, claim in zip(marks, claims):
        assert mark.text() == claim.text and mark.attrs["data-speaker"] == claim.speaker
        assert mark.attrs["tabindex"] == "0"  # reachable with the keyboard
    text = dom.find("div", cls="text")
    assert text.text(skip=lambda n: n.has_class("badges")) == article_text().strip()


def test_every_speaker_is_in_the_legend_and_the_matrix_with_a_colour(seed_page):
    dom = parse(seed_page)
    speakers = {c.speaker for c in gold_claims() if c.claim}
    legend = dom.find("ul", cls="legend")
    assert {li.attrs["data-speaker"] for li in legend.find_all("li")} == speakers
    assert all(li.find("span", cls="swatch") for li in legend.find_all("li"))
    matrix = dom.find("table", cls="matrix")
    rows = [tr for tr in matrix.find_all("tr") if "data-speaker" in tr.attrs]
    assert {tr.attrs["data-speaker"] for tr in rows} == speakers
    assert all(tr.find("th").text().strip() == tr.attrs["data-speaker"] for tr in rows)
    # one colour class per speaker, the same in the legend, the matrix and the text
    colour = {li.attrs["data-speaker"]: li.find("span", cls="swatch").attrs["class"].split()[1] for li in legend.find_all("li")}
    assert len(set(colour.values())) == len(speakers)
    for mark in dom.find_all("mark", cls="claim"):
        assert colour[mark.attrs["data-speaker"]] in mark.attrs["class"].split()
    # the matrix cell holds the label, the number of claims and the mean score, as text
    putin = next(tr for tr in rows if tr.attrs["data-speaker"] == "Vladimir Putin")
    first = putin.find_all("td")[0]
    assert first.find("span", cls="badge").text() == "against" and first.find("span", cls="n").text() == "6 of 8 claims"
    assert first.find("span", cls="p").text() == "0.62"


def test_badges_say_their_stance_in_words(seed_page):
    dom = parse(seed_page)
    badges = dom.find_all("span", cls="badge")
    assert len(badges) > 30
    for badge in badges:
        label = next(lab for lab in stance.STANCE_LABELS if badge.has_class(lab))
        words = badge.text()
        assert label in words or (label == "none" and words == "no stance"), words
    # after each claim, one badge per target it takes a side on (T1 against ...), or "no stance"
    claims = [c for c in gold_claims() if c.claim]
    groups = [n for n in dom.find("div", cls="text").find_all("span", cls="badges")]
    assert len(groups) == len(claims)
    for group, claim in zip(groups, claims):
        sides = [f"T{k + 1} {claim.stances[t]}" for k, t in enumerate(SEED_TARGETS) if claim.stances[t] != "none"]
        assert [b.text() for b in group.find_all("span", cls="badge")] == (sides or ["no stance"])


def test_focus_or_hover_shows_speaker_mention_cue_and_scores(seed_page):
    dom = parse(seed_page)
    assert dom.find("div", id="tip").attrs["role"] == "tooltip"
    claims = {c.unit: c for c in gold_claims() if c.claim}
    for mark in dom.find_all("mark", cls="claim"):
        details = dom.find("div", id=mark.attrs["aria-describedby"])
        claim = claims[int(mark.attrs["data-unit"])]
        words = details.text()
        assert claim.speaker in words and (claim.mention or "-") in words and (claim.cue or "-") in words
        assert len(details.find("table").find_all("tr")) == 1 + len(SEED_TARGETS) and "0.80" in words
    assert "focusin" in seed_page and "mouseover" in seed_page  # the script shows them on both


def test_the_article_summary_is_on_the_page(seed_page):
    dom = parse(seed_page)
    summary = stance.summarize(gold_claims())
    rows = [tr for tr in dom.find("table", cls="summary").find_all("tr") if "data-target" in tr.attrs]
    assert [tr.attrs["data-target"] for tr in rows] == SEED_TARGETS
    for tr in rows:
        target = tr.attrs["data-target"]
        assert tr.find("span", cls="badge").text() == summary.article[target]
        assert f"{summary.relatedness[target]:.2f}" in [td.text() for td in tr.find_all("td")]
    assert [tr.find("span", cls="badge").text() for tr in rows] == ["against", "none", "favor"]


def test_the_page_is_self_contained(seed_page):
    dom = parse(seed_page)
    assert not dom.find_all("link") and not dom.find_all("img") and not dom.find_all("iframe")
    assert all("src" not in n.attrs for n in dom.iter())
    assert "http://" not in seed_page and "https://" not in seed_page and "@import" not in seed_page and "url(" not in seed_page
    assert len(dom.find_all("style")) == 1 and len(dom.find_all("script")) == 1
    ids = [n.attrs["id"] for n in dom.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids))


def test_everything_from_the_article_is_escaped():
    evil = '<script>alert("x")</script> & <b>bold</b> \u201cquoted\u201d said <img src=x onerror=alert(1)>'
    text = f"Headline <i>here</i>\n\n{evil}\n"
    start = text.index("<script>")
    target = '"T" & <u>target</u>'
    claim = Claim(
        unit=1, start=start, end=len(text) - 1, text=text[start:-1], claim=True, claim_score=0.9,
        speaker='Eve <b>"the" Evil</b>', mention="<b>bold</b>", cue="said", article_id='id"><script>',
        stances={target: "favor"}, stance_scores={target: {"favor": 0.7, "against": 0.2, "none": 0.1}},
    )
    page = report_html((text, [claim]), names=['name <script>"'], title="<title>")
    dom = parse(page)
    assert len(dom.find_all("script")) == 1 and not dom.find_all("b") and not dom.find_all("img") and not dom.find_all("u")
    assert not dom.find_all("i") and "alert(" not in dom.find("script").text()
    assert dom.find("mark", cls="claim").text() == claim.text
    assert dom.find("ul", cls="legend").find("li").attrs["data-speaker"] == claim.speaker
    assert claim.speaker in dom.find("table", cls="matrix").text()
    assert dom.find("title").text() == "<title>" and 'name <script>"' in dom.find("section", cls="article").find("p", cls="meta").text()
    assert target in dom.find("table", cls="summary").text()
    assert "<script>alert" not in page and "<b>" not in page


def test_several_articles_get_an_index_and_a_matrix_over_all(tmp_path):
    ids = [SEED_ID, "c-coach-sacked", "d-bike-lane-dispute"]
    page = report_html([(article_text(i), gold_claims(i)) for i in ids])
    dom = parse(page)
    sections = dom.find_all("section", cls="article")
    assert [s.attrs["id"] for s in sections] == ["article-1", "article-2", "article-3"]
    links = [a.attrs["href"] for a in dom.find("nav", id="index").find_all("a")]
    assert links == ["#article-1", "#article-2", "#article-3"]
    overview = dom.find("section", id="overview").find("table", cls="overview")
    every = {c.speaker for i in ids for c in gold_claims(i) if c.claim}
    rows = [tr for tr in overview.find_all("tr") if "data-speaker" in tr.attrs]
    assert {tr.attrs["data-speaker"] for tr in rows} == every
    n_columns = sum(len(gold_claims(i)[0].stances) for i in ids)
    for tr in rows:  # a cell per (article, target): a labelled badge, or a dash where the speaker said nothing
        cells = tr.find_all("td")
        assert len(cells) == n_columns
        assert all(c.find_all("span", cls="badge") or c.text() == "\u2013" for c in cells)
    blinken = next(tr for tr in rows if tr.attrs["data-speaker"] == "Antony Blinken")
    assert [c.find("span", cls="badge").text() if c.find_all("span", cls="badge") else "-" for c in blinken.find_all("td")] == [
        "none", "none", "favor", "-", "-", "-", "-"]


def test_claims_alone_are_shown_one_after_another():
    claims = gold_claims()
    dom = parse(report_html(claims))
    assert len(dom.find_all("mark", cls="claim")) == sum(c.claim for c in claims)
    assert dom.find("h2").text() == f"1. {SEED_ID}"
    # an article in which nothing was found is listed too, with a note instead of a matrix
    dom = parse(report_html([claims, []], targets=[["T"], ["T"]]))
    second = dom.find("section", id="article-2")
    assert not second.find_all("mark") and "No claims were found" in second.text()
    assert second.find("table", cls="summary").find("span", cls="badge").text() == "none"


def test_wrong_input_is_a_clear_error():
    with pytest.raises(InputError, match="no articles given"):
        report_html([])
    with pytest.raises(InputTypeError, match="expected an article's text"):
        report_html(42)
    with pytest.raises(InputTypeError, match=r"articles\[1\]: expected"):
        report_html([gold_claims(), 42])
    with pytest.raises(InputError, match="names: expected 1 non-empty"):
        report_html(gold_claims(), names=["a", "b"])
    with pytest.raises(InputError, match="is not the article's text at"):
        report_html(("Some other text entirely, which is long enough to hold the offsets." * 30, gold_claims()))


def test_write_report_writes_the_page_and_the_matrix_png(tmp_path):
    from matplotlib import image

    files = write_report([(article_text(i), gold_claims(i)) for i in (SEED_ID, "c-coach-sacked")], tmp_path / "out" / "report.html")
    assert files.html == tmp_path / "out" / "report.html" and files.png == tmp_path / "out" / "report.png"
    assert [s.claims for s in files.summaries] == [22, 20]
    pixels = image.imread(files.png)
    assert pixels.shape[0] > 300 and pixels.shape[1] > 600
    colours = {tuple(p) for p in (pixels[::7, ::7, :3] * 255).astype(int).reshape(-1, 3)}
    assert len(colours) > 10
    page = files.html.read_text(encoding="utf-8")
    assert parse(page).find("footer").find("a").attrs["href"] == "report.png"
    assert write_report(gold_claims(), tmp_path / "b.html", png=False).png is None and not (tmp_path / "b.png").exists()
    assert write_report(gold_claims(), tmp_path / "c.html", png=tmp_path / "img" / "m.png").png.is_file()


def test_without_matplotlib_the_page_is_written_and_the_image_is_explained(tmp_path, monkeypatch):
    import stance.report

    monkeypatch.setattr(stance.report, "_matplotlib_missing", lambda: True)
    with pytest.warns(UserWarning, match="needs matplotlib, which is not installed: pip install matplotlib"):
        files = write_report(gold_claims(), tmp_path / "r.html")
    assert files.html.is_file() and files.png is None and not (tmp_path / "r.png").exists()
    with pytest.raises(InputError, match="needs matplotlib.*png=False"):
        write_report(gold_claims(), tmp_path / "r.html", png=True)


def test_plot_matrix_from_summaries(tmp_path):
    from stance import plot_matrix

    path = plot_matrix([stance.summarize(gold_claims()), stance.summarize([])], tmp_path / "m.png", names=["seed", "empty"])
    assert path.is_file() and path.stat().st_size > 5000
    with pytest.raises(InputError, match="names: 1 for 2 summaries"):
        plot_matrix([stance.summarize([]), stance.summarize([])], tmp_path / "x.png", names=["one"])


def test_report_of_the_tiny_models_predictions(tiny_pipeline, seed_text):
    claims = stance.predict(seed_text, SEED_TARGETS, model=tiny_pipeline)
    page = report_html(seed_text, SEED_TARGETS, model=tiny_pipeline, names=["seed"])
    assert page == report_html((seed_text, claims), SEED_TARGETS, names=["seed"], model=tiny_pipeline)  # predicting is the same as passing its claims
    dom = parse(page)
    assert len(dom.find_all("mark", cls="claim")) == len(claims)
    assert [tr.attrs["data-target"] for tr in dom.find("table", cls="summary").find_all("tr") if "data-target" in tr.attrs] == SEED_TARGETS
    assert dom.find("div", cls="text").text(skip=lambda n: n.has_class("badges")) == seed_text.strip()
    assert "model " + tiny_pipeline.folder.name in dom.find("footer").text()


def test_stance_report_command(tiny_model, tmp_path, capsys):
    out = tmp_path / "r" / "report.html"
    other = tmp_path / "other.txt"
    other.write_text("Council Backs Plan\n\n\u201cIt is good,\u201d the mayor said.\n", encoding="utf-8")
    assert main(["report", str(SEED_TEXT), str(other), "--model", str(tiny_model), "-t", "NATO", "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"wrote {out} and {out.with_suffix('.png')} (2 articles, ")
    dom = parse(out.read_text(encoding="utf-8"))
    assert len(dom.find_all("section", cls="article")) == 2 and dom.find_all("nav", id="index")
    assert [p.text().split(" \u00b7 ")[0] for p in dom.find_all("p", cls="meta")[1:]] == [str(SEED_TEXT), str(other)]
    assert main(["report", str(tmp_path / "missing.txt"), str(other), "--model", str(tiny_model), "-o", str(out), "--no-png"]) == 1
    out_err = capsys.readouterr()
    assert "missing.txt: No such file" in out_err.err and "(1 article, " in out_err.out
    assert main(["report", "--targets", "NATO", str(SEED_TEXT), "-o", str(out)]) == 2
    assert "no article files given" in capsys.readouterr().err


# --- a real browser ---------------------------------------------------------------------------------------------


def _chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def _browser(*args, tmp_path):
    return subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}", *args],
        capture_output=True, text=True, timeout=120,
    )


@pytest.mark.slow
def test_the_page_renders_in_headless_chromium(tmp_path):
    if not _chromium():
        pytest.skip("no chromium: apt-get install -y chromium (Debian) to render the report in a browser")
    from matplotlib import image

    ids = [SEED_ID, "c-coach-sacked"]
    files = write_report([(article_text(i), gold_claims(i)) for i in ids], tmp_path / "report.html")
    url = files.html.resolve().as_uri()
    shot = tmp_path / "shot.png"
    run = _browser(f"--screenshot={shot}", "--window-size=1280,2000", url, tmp_path=tmp_path)
    assert shot.is_file(), run.stderr[-2000:]
    import numpy as np

    pixels = (image.imread(shot)[:, :, :3] * 255).round().astype(int)
    assert pixels.shape[:2] == (2000, 1280)
    colours = {tuple(c) for c in np.unique(pixels.reshape(-1, 3), axis=0)}
    assert len(colours) > 50, "the screenshot is (nearly) blank"
    # the badges (favor, against) and the first speaker's highlight are painted
    painted = {tuple(int(h[i : i + 2], 16) for i in (1, 3, 5)) for h in ("#0072b2", "#b8420a", "#ffe08a")}
    assert painted <= colours, painted - colours
    dom = html.unescape(_browser("--dump-dom", url, tmp_path=tmp_path).stdout)
    assert "</html>" in dom
    for i in ids:
        for speaker in {c.speaker for c in gold_claims(i) if c.claim}:
            assert f'data-speaker="{speaker}"' in dom, speaker


@pytest.mark.slow
def test_focusing_a_claim_in_chromium_shows_its_details(tmp_path):
    if not _chromium():
        pytest.skip("no chromium: apt-get install -y chromium (Debian) to render the report in a browser")
    page = report_html((article_text(), gold_claims()))
    focused = tmp_path / "focused.html"  # what Tab does: focus the claim of unit 7
    focused.write_text(page.replace("</body>", '<script>document.getElementById("a1-u7").focus();</script></body>'), encoding="utf-8")
    dom = parse(_browser("--dump-dom", focused.resolve().as_uri(), tmp_path=tmp_path).stdout)
    tip = dom.find("div", id="tip")
    assert "hidden" not in tip.attrs and "top:" in tip.attrs["style"]
    words = tip.text()
    assert "Vladimir Putin" in words and "He" in words and "charged" in words and "against" in words
