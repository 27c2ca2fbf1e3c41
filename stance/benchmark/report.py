"""Benchmark results as text tables, Markdown, JSON and confusion-matrix PNGs."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

__all__ = ["METRIC_COLUMNS", "format_table", "plot_confusion", "plot_reliability", "write_reports"]

# The metrics shown per task, headline first where the dataset does not name another.
METRIC_COLUMNS = {
    "claim": ["f1", "precision", "recall", "accuracy", "ece", "ece_uncalibrated"],
    "speaker": ["speaker_accuracy", "mention_exact_f1", "mention_overlap_f1"],
    "stance": ["accuracy", "macro_f1", "f_avg", "fnc_relative_score", "ece", "ece_uncalibrated"],
    "stance via summarize": ["accuracy", "macro_f1", "fnc_relative_score"],
}
_SPEED = [("examples", "n"), ("seconds", "s"), ("per_second", "ex/s"), ("peak_rss_mb", "peak MiB"), ("rss_increase_mb", "+MiB")]


def _save(fig, ax, title: str, path) -> Path:
    import matplotlib.pyplot as plt

    ax.set_title(title, fontsize=9)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def plot_confusion(
    cm: np.ndarray,
    labels: Sequence[str],
    path: str | os.PathLike,
    title: str = "",
    row_labels: Sequence[str] | None = None,
    ylabel: str = "gold",
) -> Path:
    """Draw a confusion matrix (shaded by row share, annotated with counts) as a PNG.

    Args:
        cm: Counts, rows gold (or ``row_labels``), columns predicted.
        labels: Column labels (and row labels when ``row_labels`` is None).
        path: Where to write the PNG.
        title: The figure's title.
        row_labels: Row labels when the rows are not the columns' labels.
        ylabel: The row axis' name.

    Returns:
        The path written.

    Example:
        >>> plot_confusion(np.array([[3, 1], [0, 2]]), ["no", "yes"], "/tmp/cm.png")  # doctest: +SKIP
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cm = np.asarray(cm)
    rows = list(row_labels) if row_labels is not None else list(labels)
    totals = cm.sum(axis=1, keepdims=True)
    share = np.divide(cm, totals, out=np.zeros(cm.shape), where=totals != 0)
    fig, ax = plt.subplots(figsize=(1.2 * len(labels) + 2.5, 0.9 * len(rows) + 2))
    ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(labels)), labels=list(labels), rotation=30, ha="right")
    ax.set_yticks(range(len(rows)), labels=rows)
    ax.set_xlabel("predicted")
    ax.set_ylabel(ylabel)
    for i in range(cm.shape[0]):
        for j in range(cm.shape[1]):
            ax.text(j, i, str(int(cm[i, j])), ha="center", va="center", color="white" if share[i, j] > 0.5 else "black")
    return _save(fig, ax, title, path)


def plot_reliability(reliability: dict, path: str | os.PathLike, title: str = "") -> Path:
    """Draw a reliability diagram: accuracy against confidence per bin, calibrated and before.

    Args:
        reliability: ``{"calibrated": bins, "uncalibrated": bins}`` (the second optional), each
            as :func:`stance.metrics.functions.calibration_bins` returns.
        path: Where to write the PNG.
        title: The figure's title.

    Returns:
        The path written.

    Example:
        >>> from stance.metrics.functions import calibration_bins
        >>> plot_reliability({"calibrated": calibration_bins([0.9, 0.6], [1, 0])}, "/tmp/r.png")  # doctest: +SKIP
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4.6, 4.4))
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":", linewidth=1, label="perfect")
    for key, style in (("uncalibrated", {"color": "#d95f02", "marker": "s"}), ("calibrated", {"color": "#1b9e77", "marker": "o"})):
        bins = reliability.get(key)
        if not bins:
            continue
        count = np.asarray(bins["count"])
        confidence, accuracy = np.asarray(bins["confidence"], dtype=float), np.asarray(bins["accuracy"], dtype=float)
        used = count > 0
        # ECE again from the bins, so the legend and the table never disagree.
        ece = float((np.abs(confidence[used] - accuracy[used]) * count[used]).sum() / max(count.sum(), 1))
        ax.plot(confidence[used], accuracy[used], linewidth=1.5, label=f"{key} (ECE {ece:.3f})", **style)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("confidence of the predicted label")
    ax.set_ylabel("accuracy")
    ax.legend(loc="upper left", fontsize=8)
    return _save(fig, ax, title, path)


def _fmt(value, digits: int = 3) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


def _columns(task: str, results: dict, primary: str) -> list[str]:
    seen = [c for c in METRIC_COLUMNS[task] if any(c in r for r in results.values() if r)]
    return [primary] + [c for c in seen if c != primary]


def format_table(dataset: str, task: str, primary: str, results: dict[str, dict | None], markdown: bool = False) -> str:
    """One table: a row per model, the headline metric with its 95% CI first, then speed and memory.

    Args:
        dataset: The dataset's name.
        task: ``claim``, ``speaker`` or ``stance``.
        primary: The headline metric.
        results: Model name -> result dict (None or ``{"skipped": reason}`` for a model
            that cannot do the task).
        markdown: A Markdown table instead of aligned text.

    Returns:
        The table as text.

    Example:
        >>> print(format_table("toy", "claim", "f1", {"m": {"f1": 0.5, "ci": [0.4, 0.6]}}))  # doctest: +NORMALIZE_WHITESPACE
        == toy / claim (headline: f1, 95% CI) ==
        model  f1 [95% CI]           n  s  ex/s  peak MiB  +MiB
        m      0.500 [0.400, 0.600]  -  -  -     -         -
    """
    columns = _columns(task, {k: v for k, v in results.items() if v and "skipped" not in v}, primary)
    header = ["model", f"{primary} [95% CI]"] + columns[1:] + [short for _, short in _SPEED]
    rows = []
    for model, result in results.items():
        if not result or "skipped" in result:
            reason = (result or {}).get("skipped", "not supported")
            rows.append([model, f"n/a ({reason})"] + [""] * (len(header) - 2))
            continue
        ci = result.get("ci") or [None, None]
        head = _fmt(result.get(primary))
        if ci[0] is not None and ci[0] == ci[0]:
            head += f" [{_fmt(ci[0])}, {_fmt(ci[1])}]"
        row = [model, head] + [_fmt(result.get(c)) for c in columns[1:]]
        row += [_fmt(result.get(key), 1 if key != "seconds" else 2) for key, _ in _SPEED]
        rows.append(row)
    title = f"{dataset} / {task} (headline: {primary}, 95% CI)"
    if markdown:
        lines = [f"### {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows)]
    lines = [f"== {title} =="]
    for row in [header] + rows:
        lines.append("  ".join(str(x).ljust(w) for x, w in zip(row, widths)).rstrip())
    return "\n".join(lines)


def write_reports(report: dict, out: str | os.PathLike) -> dict[str, str]:
    """Write ``results.json`` (every number, errors left out) and ``results.md`` (the tables).

    Args:
        report: ``{"meta": {...}, "results": {dataset: {task: {"primary": ..., "models": {model: result}}}}}``.
        out: The output folder.

    Returns:
        ``{"json": path, "markdown": path}``.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    clean = json.loads(json.dumps(report, default=str))
    for tasks in clean.get("results", {}).values():
        for entry in tasks.values():
            for result in entry["models"].values():
                if isinstance(result, dict):
                    result.pop("errors", None)
    json_path = out / "results.json"
    json_path.write_text(json.dumps(clean, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    meta = report.get("meta", {})
    lines = ["# Benchmark results", ""]
    for key in ("command", "hardware", "started", "total_seconds", "notes"):
        if key in meta:
            lines.append(f"- {key}: {meta[key]}")
    lines.append("")
    for dataset, tasks in report.get("results", {}).items():
        for task, entry in tasks.items():
            lines.append(format_table(dataset, task, entry["primary"], entry["models"], markdown=True))
            lines.append("")
    md_path = out / "results.md"
    md_path.write_text("\n".join(lines), encoding="utf-8")
    return {"json": str(json_path), "markdown": str(md_path)}
