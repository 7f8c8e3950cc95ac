"""Figures of a sweep: distributions per point, a heat map over two parameters, Sobol indices
and an ensemble fan chart. They read the sweep folder's tables only, and each title ends with
the ``note`` it is given: which uncertainty the runs carry (seed, parameters or both)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

_PNG = {"Software": None}  # no version stamp: the same data gives the same bytes
MAX_BOXES = 60


def _save(fig: Any, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110, metadata=_PNG)
    plt.close(fig)
    return path


def _title(text: str, note: str) -> str:
    return f"{text}\n{note}" if note else text


def box_plots(
    table: pd.DataFrame, points: list[dict], outcome: str, path: Path, note: str = ""
) -> Path:
    """The outcome's distribution over replications at each design point (the first 60)."""
    ok = table[table["status"] == "ok"]
    groups = {
        key: pd.to_numeric(rows[outcome], errors="coerce").dropna().to_numpy()
        for key, rows in ok.groupby("point")
    }
    shown = points[:MAX_BOXES]
    data = [groups.get(p["key"], np.array([])) for p in shown]
    fig, ax = plt.subplots(figsize=(max(6, 0.35 * len(shown) + 2), 4.5))
    ax.boxplot(data, showfliers=True)
    ax.set_xticks(range(1, len(shown) + 1), [str(p["index"]) for p in shown])
    ax.set_xlabel(
        "design point"
        + (f" (first {MAX_BOXES} of {len(points)})" if len(points) > MAX_BOXES else "")
    )
    ax.set_ylabel(outcome)
    ax.set_title(_title(f"{outcome} per design point", note), fontsize=10)
    ax.tick_params(axis="x", labelsize=7)
    return _save(fig, path)


def _levels(values: pd.Series, bins: int = 10) -> tuple[pd.Series, list[str]]:
    """Codes 0..k-1 and their labels: distinct values as they are, many values binned evenly."""
    distinct = sorted(values.dropna().unique().tolist())
    if len(distinct) <= 20:
        codes = values.map({v: i for i, v in enumerate(distinct)})
        return codes, [f"{v:g}" if isinstance(v, float) else str(v) for v in distinct]
    cut = pd.cut(values.astype(float), bins=bins)
    return pd.Series(cut.cat.codes, index=values.index), [
        f"{c.mid:.3g}" for c in cut.cat.categories
    ]


def heat_map(table: pd.DataFrame, x: str, y: str, outcome: str, path: Path, note: str = "") -> Path:
    """Mean of the outcome over two swept parameters (averaged over the others)."""
    ok = table[table["status"] == "ok"]
    x_codes, x_labels = _levels(ok[x])
    y_codes, y_labels = _levels(ok[y])
    grid = np.full((len(y_labels), len(x_labels)), np.nan)
    means = pd.to_numeric(ok[outcome], errors="coerce").groupby([y_codes, x_codes]).mean()
    for (row, col), value in means.items():
        grid[int(row), int(col)] = value
    fig, ax = plt.subplots(figsize=(6.5, 5))
    image = ax.imshow(grid, origin="lower", aspect="auto", cmap="viridis")
    ax.set_xticks(range(len(x_labels)), x_labels, rotation=45, fontsize=8)
    ax.set_yticks(range(len(y_labels)), y_labels, fontsize=8)
    ax.set_xlabel(x, fontsize=9)
    ax.set_ylabel(y, fontsize=9)
    fig.colorbar(image, ax=ax, label=f"mean {outcome}")
    ax.set_title(_title(f"mean {outcome}", note), fontsize=10)
    return _save(fig, path)


def sobol_chart(indices: pd.DataFrame, outcome: str, path: Path, note: str = "") -> Path:
    """First-order and total indices with their bootstrap intervals."""
    at = np.arange(len(indices))
    fig, ax = plt.subplots(figsize=(max(5, 1.4 * len(indices) + 2), 4.5))
    for offset, name, color in ((-0.2, "S1", "tab:blue"), (0.2, "ST", "tab:orange")):
        values = indices[name].to_numpy(float)
        low = np.clip(values - indices[f"{name}_low"].to_numpy(float), 0, None)
        high = np.clip(indices[f"{name}_high"].to_numpy(float) - values, 0, None)
        ax.bar(at + offset, values, 0.4, yerr=[low, high], capsize=4, label=name, color=color)
    ax.set_xticks(
        at, [p.split(".", 1)[-1] for p in indices["parameter"]], rotation=20, ha="right", fontsize=8
    )
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_ylabel("Sobol index")
    ax.set_title(_title(f"Sensitivity of {outcome} (95% bootstrap intervals)", note), fontsize=10)
    ax.legend()
    return _save(fig, path)


def read_series(folder: Path, run_ids: list[str], column: str) -> tuple[list[str], np.ndarray]:
    """One column of each run's series file, stacked (runs x steps); read one file at a time."""
    dates: list[str] = []
    stacked: np.ndarray | None = None
    for row, rid in enumerate(run_ids):
        with (folder / "series" / f"{rid}.csv").open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            at, date_at = header.index(column), header.index("date")
            lines = list(reader)
        if stacked is None:
            stacked = np.full((len(run_ids), len(lines)), np.nan)
            dates = [line[date_at] for line in lines]
        stacked[row, : len(lines)] = [float(line[at]) for line in lines[: stacked.shape[1]]]
    return dates, stacked if stacked is not None else np.empty((0, 0))


def fan_chart(
    dates: list[str], values: np.ndarray, column: str, title: str, path: Path, note: str = ""
) -> Path:
    """Median with 50% and 90% bands across runs, step by step."""
    p5, p25, p50, p75, p95 = np.nanpercentile(values, [5, 25, 50, 75, 95], axis=0)
    steps = np.arange(values.shape[1])
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.fill_between(steps, p5, p95, alpha=0.25, color="tab:blue", label="90% of runs")
    ax.fill_between(steps, p25, p75, alpha=0.45, color="tab:blue", label="50% of runs")
    ax.plot(steps, p50, color="tab:blue", linewidth=2, label="median")
    every = max(1, len(dates) // 8)
    ax.set_xticks(steps[::every], dates[::every], rotation=45, ha="right", fontsize=8)
    ax.set_ylabel(column)
    ax.set_title(_title(title, note), fontsize=10)
    ax.legend(loc="best", fontsize=8)
    return _save(fig, path)
