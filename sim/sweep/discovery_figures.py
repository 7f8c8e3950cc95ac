"""Figures of scenario discovery: PRIM's coverage/density trade-off, the boxes' ranges against
each parameter's full range, and the feature scores."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sim.sweep.discovery import Box, Discovery
from sim.sweep.figures import MAX_WIDTH, plt, save
from sim.sweep.names import Labels

COLOURS = ("tab:red", "tab:purple", "tab:green")


def tradeoff(found: Discovery, caption: str, path: Path, labels: Labels) -> Path:
    """Each peeling step of the first box: coverage against density, coloured by how many
    parameters it restricts; the chosen box starred, the base rate as a line."""
    steps = found.trajectory
    fig, ax = plt.subplots(figsize=(7, 5.2), layout="constrained")
    dims = steps["res_dim"].astype(int)
    cmap = plt.get_cmap("viridis", max(1, dims.max()) + 1)
    dots = ax.scatter(
        steps["coverage"],
        steps["density"],
        c=dims,
        cmap=cmap,
        vmin=-0.5,
        vmax=dims.max() + 0.5,
        s=22,
        zorder=3,
    )
    ax.plot(steps["coverage"], steps["density"], color="0.7", linewidth=0.8, zorder=2)
    chosen = steps[steps["chosen"]].iloc[0]
    ax.scatter(
        [chosen["coverage"]],
        [chosen["density"]],
        marker="*",
        s=260,
        color="tab:red",
        edgecolors="black",
        zorder=4,
        label="chosen box",
    )
    ax.annotate(
        f"coverage {chosen['coverage']:.0%}\ndensity {chosen['density']:.0%}",
        (chosen["coverage"], chosen["density"]),
        xytext=(12, -28),
        textcoords="offset points",
        fontsize=8,
    )
    ax.axhline(
        found.base_rate,
        color="0.4",
        linestyle="--",
        linewidth=1,
        label=f"base rate {found.base_rate:.0%} (no box)",
    )
    bar = fig.colorbar(dots, ax=ax, ticks=range(int(dims.max()) + 1))
    bar.set_label("parameters restricted")
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("coverage: share of the cases inside the box")
    ax.set_ylabel("density: share of the box's runs that are cases")
    ax.legend(loc="lower left", fontsize=8)
    ax.set_title(
        f"PRIM peeling trajectory for runs where {labels.condition(found.condition)}\n"
        f"{found.cases} of {found.runs} runs are cases; {caption}",
        fontsize=9,
    )
    return save(fig, path, labels.source)


def number(value: float) -> str:
    """A range's end as a reader writes it: ``1,098`` troops (not ``1.1e+03``), ``0.0226``."""
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def box_entry(box: Box) -> str:
    """The legend's line for a box: its statistics, and why it may not be a finding."""
    text = f"box {box.number}: coverage {box.coverage:.0%}, density {box.density:.0%}, "
    text += f"{box.runs} runs ({box.cases} cases)"
    caution = "; ".join(box.warnings())
    return text + (f"\ncaution: {caution}" if caution else "")


def label_spot(low: float, high: float, chars: int) -> tuple[float, str, bool]:
    """Where a box's range label goes on the 0-1 bar: centred inside a bar wide enough for it,
    else beside the bar on the side with more room, so no label runs off the axes.
    Returns (x, horizontal alignment, inside)."""
    needed = 0.014 * chars + 0.02  # a character at 8 points on an axis about 7 inches wide
    if high - low >= needed:
        return (low + high) / 2, "center", True
    if 1.0 - high >= low:
        return high + 0.01, "left", False
    return low - 0.01, "right", False


def box_ranges(found: Discovery, caption: str, path: Path, labels: Labels) -> Path:
    """Per parameter, each box's range as a bar over the full range (grey), with its numbers."""
    names = list(found.boxes[0].limits.index)
    count = len(found.boxes)
    fig, ax = plt.subplots(
        figsize=(min(MAX_WIDTH, 8.0), 1.9 + 0.3 * count + 0.5 * len(names) * count),
        layout="constrained",
    )
    height = 0.8 / count
    for row, name in enumerate(names):
        full = found.boxes[0].limits.loc[name]
        ax.barh(row, 1.0, height=0.9, color="0.93", edgecolor="0.8")
        for k, box in enumerate(found.boxes):
            lim = box.limits.loc[name]
            span = lim["full_high"] - lim["full_low"] or 1.0
            low = (lim["low"] - lim["full_low"]) / span
            high = (lim["high"] - lim["full_low"]) / span
            at = row - 0.4 + height * (k + 0.5)
            ax.barh(
                at,
                high - low,
                left=low,
                height=height * 0.7,
                color=COLOURS[k % 3],
                alpha=0.85 if lim["restricted"] else 0.2,
            )
            text = (
                f"{number(lim['low'])} to {number(lim['high'])}"
                if lim["restricted"]
                else "any value"
            )
            x, align, inside = label_spot(low, high, len(text))
            ax.text(
                x,
                at,
                text,
                va="center",
                ha=align,
                fontsize=8,
                color="white" if inside and lim["restricted"] else "black",
            )
        ax.text(
            0.0,
            row + 0.45,
            number(full["full_low"]),
            fontsize=7,
            ha="left",
            va="top",
            color="0.35",
        )
        ax.text(
            1.0,
            row + 0.45,
            number(full["full_high"]),
            fontsize=7,
            ha="right",
            va="top",
            color="0.35",
        )
    ax.set_yticks(range(len(names)), [labels.tick(n, 28) for n in names], fontsize=8)
    ax.set_ylim(len(names) - 0.35, -0.5)  # room below the last row for its range's ends
    ax.set_xlim(-0.01, 1.01)
    ax.set_xticks([])
    ax.set_xlabel(
        "each parameter's range over the runs, lowest value left (grey: the full range)",
        fontsize=8,
    )
    handles = [plt.Rectangle((0, 0), 1, 1, color=COLOURS[k % 3]) for k in range(count)]
    entries = [box_entry(b) for b in found.boxes]
    fig.legend(handles, entries, loc="outside lower center", fontsize=8, frameon=False)
    ax.set_title(f"PRIM boxes: where {labels.condition(found.condition)}\n{caption}", fontsize=9)
    return save(fig, path, labels.source)


def scores_chart(
    scores: pd.DataFrame, condition: str, caption: str, path: Path, labels: Labels
) -> Path:
    """Extra-trees feature scores, largest first, with their spread over the trees."""
    fig, ax = plt.subplots(figsize=(7, 1.6 + 0.45 * len(scores)), layout="constrained")
    at = np.arange(len(scores))
    ax.barh(at, scores["score"], xerr=scores["spread"], color="tab:blue", capsize=3)
    ax.set_yticks(at, [labels.tick(p, 28) for p in scores["parameter"]], fontsize=8)
    ax.invert_yaxis()
    ax.axvline(
        1 / len(scores),
        color="0.4",
        linestyle="--",
        linewidth=1,
        label=f"equal share (1/{len(scores)})",
    )
    ax.set_xlabel(
        "feature score (extra trees, summing to 1); whisker: spread over the trees", fontsize=9
    )
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(f"Which parameters tell apart the runs where {condition}\n{caption}", fontsize=9)
    return save(fig, path, labels.source)
