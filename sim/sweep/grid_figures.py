"""Figures of a grid: the outcome's runs at each level of a parameter (strip and box plots,
labelled with the values, wrapped into panels) and a heat map over a full 2-D grid."""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.sweep.figures import MAX_WIDTH, grouped_ticks, plt, save
from sim.sweep.names import Labels

MAX_LEVELS = 15  # more distinct values than this are binned
BINS = 10
MAX_PANELS = 12
BOX_FROM = 5  # a box summarises five runs or more; fewer are only shown as points


def _label(value: Any) -> str:
    return f"{value:.3g}" if isinstance(value, float) else str(value)


def levels(values: pd.Series) -> tuple[pd.Series, list[str]]:
    """Codes 0..k-1 and labels: distinct values as they are, more than 15 binned in 10 ranges."""
    distinct = sorted(values.dropna().unique().tolist())
    if len(distinct) <= MAX_LEVELS:
        return values.map({v: i for i, v in enumerate(distinct)}), [_label(v) for v in distinct]
    low, high = float(distinct[0]), float(distinct[-1])
    edges = np.linspace(low, high, BINS + 1)
    codes = np.clip(np.searchsorted(edges, values.astype(float), side="right") - 1, 0, BINS - 1)
    labels = [f"{a:.3g}–{b:.3g}" for a, b in itertools.pairwise(edges)]
    return pd.Series(codes, index=values.index), labels


def _strip(ax: Any, groups: list[np.ndarray], rng: np.random.Generator) -> None:
    for at, values in enumerate(groups):
        if values.size == 0:
            continue
        jitter = rng.uniform(-0.18, 0.18, values.size) if values.size > 1 else np.zeros(1)
        ax.plot(at + jitter, values, "o", color="tab:blue", alpha=0.55, markersize=3.5)
        if values.size >= BOX_FROM:
            ax.boxplot(values, positions=[at], widths=0.55, showfliers=False, manage_ticks=False)
        else:
            median = float(np.median(values))
            ax.plot([at - 0.25, at + 0.25], [median, median], color="tab:orange", linewidth=2)


def level_plot(
    table: pd.DataFrame,
    x: str,
    panel: str | None,
    outcome: str,
    title: str,
    path: Path,
    labels: Labels,
) -> Path:
    """Every run as a point at its level of ``x``, a box where a level has 5 runs or more;
    one panel per level of ``panel`` (wrapped, at most 12), other parameters pooled."""
    ok = table[table["status"] == "ok"]
    y = pd.to_numeric(ok[outcome], errors="coerce")
    x_codes, x_labels = levels(ok[x])
    if panel is None:
        p_codes, p_labels = pd.Series(0, index=ok.index), [""]
    else:
        p_codes, p_labels = levels(ok[panel])
    p_labels = p_labels[:MAX_PANELS]
    columns = min(4, len(p_labels))
    rows = math.ceil(len(p_labels) / columns)
    width = min(MAX_WIDTH, max(6.5, columns * (0.42 * len(x_labels) + 1.3)))
    fig, axes = plt.subplots(
        rows,
        columns,
        figsize=(width, 1.0 + 2.8 * rows),
        sharey=True,
        squeeze=False,
        layout="constrained",
    )
    rng = np.random.default_rng(0)  # the jitter is the same every time: same bytes out
    for index, ax in enumerate(axes.flat):
        if index >= len(p_labels):
            ax.set_visible(False)
            continue
        here = p_codes == index
        groups = [y[here & (x_codes == k)].dropna().to_numpy(float) for k in range(len(x_labels))]
        _strip(ax, groups, rng)
        ax.set_xticks(
            range(len(x_labels)),
            x_labels,
            fontsize=8,
            rotation=45 if len(x_labels) > 6 else 0,
            ha="right" if len(x_labels) > 6 else "center",
        )
        ax.set_xlim(-0.6, len(x_labels) - 0.4)
        grouped_ticks(ax, "y")
        if panel is not None:
            ax.set_title(f"= {p_labels[index]}", fontsize=9)
        if index % columns == 0:
            ax.set_ylabel(labels.outcome(outcome), fontsize=9)
    fig.supxlabel(labels.parameter(x, wrap=False), fontsize=9)  # the figure's whole width
    if panel is not None:
        title += f"\none panel per value of {labels.parameter(panel)}"
    fig.suptitle(title, fontsize=10)
    return save(fig, path, labels.source)


def is_full_grid(manifest: dict[str, Any], x: str, y: str) -> bool:
    """Every pair of the two parameters' levels is a design point (a grid, not a sample)."""
    if manifest["design"]["kind"] != "grid" or x == y:
        return False
    if not {x, y} <= set(manifest["parameters"]):
        return False  # a drawn parameter has no level at the design points
    pairs = {(str(p["values"][x]), str(p["values"][y])) for p in manifest["points"]}
    xs = {a for a, _ in pairs}
    ys = {b for _, b in pairs}
    return len(pairs) == len(xs) * len(ys) and len(xs) > 1 and len(ys) > 1


def cell_medians(
    table: pd.DataFrame, x: str, y: str, outcome: str
) -> tuple[np.ndarray, list[str], list[str]]:
    """Rows: levels of y; columns: levels of x; NaN where no run finished."""
    ok = table[table["status"] == "ok"]
    x_codes, x_labels = levels(table[x])
    y_codes, y_labels = levels(table[y])
    grid = np.full((len(y_labels), len(x_labels)), np.nan)
    value = pd.to_numeric(ok[outcome], errors="coerce")
    medians = value.groupby([y_codes[ok.index], x_codes[ok.index]]).median()
    for (row, col), cell in medians.items():
        grid[int(row), int(col)] = cell
    return grid, x_labels, y_labels


def heat_map(
    table: pd.DataFrame, x: str, y: str, outcome: str, title: str, path: Path, labels: Labels
) -> Path:
    """Median of the outcome in each cell of a full 2-D grid (other parameters pooled).

    The median, not the mean, so one outlier run cannot colour its cell; cells without a
    finished run are hatched and said to be so.
    """
    grid, x_labels, y_labels = cell_medians(table, x, y, outcome)
    fig, ax = plt.subplots(figsize=(7, 5.2), layout="constrained")
    ax.set_facecolor("0.85")
    image = ax.imshow(grid, origin="lower", aspect="auto", cmap="viridis")
    empty = np.argwhere(~np.isfinite(grid))
    for row, col in empty:
        ax.add_patch(
            plt.Rectangle((col - 0.5, row - 0.5), 1, 1, fill=False, hatch="//", color="0.5")
        )
    if grid.size <= 144:
        low, high = np.nanmin(grid), np.nanmax(grid)
        for (row, col), cell in np.ndenumerate(grid):
            if np.isfinite(cell):
                dark = high > low and (cell - low) / (high - low) < 0.5
                ax.text(
                    col,
                    row,
                    f"{cell:.3g}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if dark else "black",
                )
    ax.set_xticks(range(len(x_labels)), x_labels, fontsize=8)
    ax.set_yticks(range(len(y_labels)), y_labels, fontsize=8)
    ax.set_xlabel(labels.parameter(x), fontsize=9)
    ax.set_ylabel(labels.parameter(y), fontsize=9)
    fig.colorbar(image, ax=ax, label=f"median of the cell's runs:\n{labels.outcome(outcome)}")
    note = f"; hatched: no finished run ({len(empty)} cells)" if len(empty) else ""
    ax.set_title(f"{title}\nmedian per cell{note}", fontsize=9)
    return save(fig, path, labels.source)
