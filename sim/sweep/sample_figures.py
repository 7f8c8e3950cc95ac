"""Figures of a sampled design (random, Latin hypercube, Saltelli): the outcome against each
parameter with a binned median, and two parameters coloured by the outcome. A sample fills a
grid's cells only here and there, so it is drawn as points, not as a heat map."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pandas as pd

from sim.sweep.figures import MAX_WIDTH, grouped_ticks, plt, save
from sim.sweep.names import Labels

BINS = 8


def binned(x: np.ndarray, y: np.ndarray, bins: int = BINS) -> tuple[np.ndarray, ...]:
    """Edges (one more than the bins), medians, 25th and 75th percentiles of y in equal-count
    bins of x. An edge lies halfway between the last x of a bin and the first of the next."""
    order = np.argsort(x, kind="stable")
    parts = [part for part in np.array_split(order, min(bins, x.size)) if part.size]
    inner = [(x[a[-1]] + x[b[0]]) / 2 for a, b in itertools.pairwise(parts)]
    edges = np.array([x[parts[0][0]], *inner, x[parts[-1][-1]]])
    quartiles = np.array([np.percentile(y[p], [50, 25, 75]) for p in parts])
    return edges, quartiles[:, 0], quartiles[:, 1], quartiles[:, 2]


def scatter_panels(
    table: pd.DataFrame,
    parameters: list[str],
    outcome: str,
    title: str,
    path: Path,
    labels: Labels,
) -> Path:
    """One panel per parameter: every run as a point, the median and quartiles in 8 bins."""
    ok = table[table["status"] == "ok"]
    y = pd.to_numeric(ok[outcome], errors="coerce")
    columns = min(3, len(parameters))
    rows = math.ceil(len(parameters) / columns)
    fig, axes = plt.subplots(
        rows,
        columns,
        figsize=(min(MAX_WIDTH, 3.3 * columns + 0.6), 0.9 + 2.9 * rows),
        sharey=True,
        squeeze=False,
        layout="constrained",
    )
    for index, ax in enumerate(axes.flat):
        if index >= len(parameters):
            ax.set_visible(False)
            continue
        name = parameters[index]
        x = pd.to_numeric(ok[name], errors="coerce")
        keep = x.notna() & y.notna()
        xs, ys = x[keep].to_numpy(float), y[keep].to_numpy(float)
        ax.plot(xs, ys, "o", color="tab:blue", alpha=0.3, markersize=2.5, label="a run")
        if xs.size >= 2 * BINS:
            # steps, one per bin: a line between bins would invent values no run had (an
            # either/or outcome would show a ramp from one level to the other)
            edges, median, low, high = binned(xs, ys)
            ax.stairs(
                high,
                edges,
                baseline=low,
                fill=True,
                color="tab:orange",
                alpha=0.3,
                linewidth=0,
                label="middle 50% (per bin)",
            )
            ax.stairs(
                median, edges, baseline=None, color="tab:red", linewidth=2, label="median (per bin)"
            )
        ax.set_xlabel(labels.tick(name, 36), fontsize=9)  # a panel is about 36 characters wide
        ax.tick_params(labelsize=8)
        grouped_ticks(ax)
        if index % columns == 0:
            ax.set_ylabel(labels.outcome(outcome), fontsize=9)
        if index == 0:
            ax.legend(fontsize=7, loc="best")
    finite = y[np.isfinite(y)]
    if finite.size:  # the steps stick to their ends; keep every run clear of the frame
        bottom, top = float(finite.min()), float(finite.max())
        margin = (top - bottom) * 0.05 or 1.0
        axes.flat[0].set_ylim(bottom - margin, top + margin)
    fig.suptitle(title, fontsize=10)
    return save(fig, path, labels.source)


def map_dots(table: pd.DataFrame, x: str, y: str, outcome: str) -> tuple[pd.DataFrame, bool]:
    """The dots of a map: one per design point at its values with its median outcome, or, when
    the values vary within a point (drawn per run), one per distinct (point, x, y); and whether
    it is the latter."""
    ok = table[table["status"] == "ok"]
    value = pd.to_numeric(ok[outcome], errors="coerce")
    frame = pd.DataFrame({"point": ok["point"], "x": ok[x], "y": ok[y], "v": value})
    dots = frame.groupby(["point", "x", "y"], sort=True)["v"].median().reset_index().dropna()
    return dots, len(dots) > frame["point"].nunique()


def scatter_map(
    table: pd.DataFrame, x: str, y: str, outcome: str, title: str, path: Path, labels: Labels
) -> Path:
    """Each design point where it lies in two parameters, coloured by its median outcome; a
    parameter drawn per run (an ensemble's, or with ``uncertainty: both``) puts each run where
    its own drawn values lie, not at its point's first run.

    The colour scale spans the 2nd to 98th percentile, so one extreme point does not wash out
    the rest; points beyond it take the end colours (the bar's arrows).
    """
    per_point, per_run = map_dots(table, x, y, outcome)
    dot = "one dot per run (its drawn values)" if per_run else "one dot per design point"
    low, high = np.percentile(per_point["v"], [2, 98]) if len(per_point) else (0.0, 1.0)
    if high <= low:
        low, high = low - 0.5, high + 0.5
    fig, ax = plt.subplots(figsize=(6.8, 5.2), layout="constrained")
    dots = ax.scatter(
        per_point["x"],
        per_point["y"],
        c=per_point["v"],
        cmap="viridis",
        vmin=low,
        vmax=high,
        s=28,
        edgecolors="0.3",
        linewidths=0.3,
    )
    what = "the run's value" if per_run else "median at the point"
    fig.colorbar(dots, ax=ax, extend="both", label=f"{what}:\n{labels.outcome(outcome)}")
    ax.set_xlabel(labels.parameter(x), fontsize=9)
    ax.set_ylabel(labels.parameter(y), fontsize=9)
    ax.tick_params(labelsize=8)
    grouped_ticks(ax)
    ax.set_title(f"{title}\n{dot}; colours clipped to the 2nd–98th percentile", fontsize=9)
    return save(fig, path, labels.source)
