"""The project's metrics as local `evaluate` modules (the hub's scripts are not reachable offline)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import evaluate
from ..errors import InputError

__all__ = ["METRICS_DIR", "load_metric"]

METRICS_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def load_metric(name: str) -> evaluate.EvaluationModule:
    """Load one of the project's metrics: ``classification`` or ``span_f1``.

    Args:
        name: The folder name under ``stance/metrics/``.

    Returns:
        The `evaluate` module, loaded from this package without the network.

    Example:
        >>> load_metric("classification").compute(predictions=[0, 1], references=[0, 1])["accuracy"]
        1.0
    """
    folder = METRICS_DIR / name
    if not (folder / f"{name}.py").is_file():
        available = sorted(p.name for p in METRICS_DIR.iterdir() if (p / f"{p.name}.py").is_file())
        raise InputError(f"no metric {name!r}; available: {', '.join(available)}")
    return evaluate.load(str(folder))
