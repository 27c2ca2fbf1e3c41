"""Make docs/report.png: the report of the seed article as headless Chromium shows it.

    python docs/report_screenshot.py [--model models/default] [--out docs/report.png] [--focus 7]

Writes the report (``stance.write_report``) into a temporary folder, focuses one claim (as
Tab would) so that its details show, and takes a 1280x2000 screenshot with Debian's
``chromium`` (``apt-get install -y chromium``).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SEED = REPO / "data" / "articles" / "putin-nato-guarantees.txt"
TARGETS = ["NATO expansion eastward", "Russia intends to invade Ukraine", "Sanctions on Russia"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="models/default", help="model folder (default models/default)")
    parser.add_argument("--out", default=str(REPO / "docs" / "report.png"))
    parser.add_argument("--focus", type=int, default=7, help="the unit whose claim is focused (its details show)")
    parser.add_argument("--size", default="1280,2000", help="window size, width,height")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("error: no chromium; apt-get install -y chromium", file=sys.stderr)
        return 2
    import transformers

    import stance

    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        files = stance.write_report(
            SEED.read_text(encoding="utf-8"), work / "report.html", TARGETS, model=args.model, names=[SEED.stem], png=False,
        )
        page = files.html.read_text(encoding="utf-8")
        focus = f'<script>var m = document.getElementById("a1-u{args.focus}"); if (m) m.focus();</script></body>'
        files.html.write_text(page.replace("</body>", focus), encoding="utf-8")
        run = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
             f"--user-data-dir={work / 'profile'}", f"--screenshot={Path(args.out).resolve()}",
             f"--window-size={args.size}", files.html.resolve().as_uri()],
            capture_output=True, text=True, timeout=120,
        )
    if run.returncode or not Path(args.out).is_file():
        print(run.stderr[-2000:], file=sys.stderr)
        return 1
    print(f"wrote {args.out} ({files.summaries[0].claims} claims, model {args.model})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
