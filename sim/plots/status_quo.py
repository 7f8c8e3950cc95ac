"""Each issue's status quo on its whole scale, one panel per issue, agreements and orders marked:
a flat series reads as flat, not as noise magnified to fill the panel."""

from __future__ import annotations

from pathlib import Path

from matplotlib.lines import Line2D

from sim.plots.canvas import (
    dates,
    footer,
    grouped,
    new_figure,
    padded,
    save,
    scale_of,
    time_axis,
)
from sim.plots.marks import agreements_on, draw_orders
from sim.results import RunResult

PANEL = 1.75  # inches per issue


def status_quo_figure(result: RunResult, path: Path, dpi: int) -> Path:
    issues = list(result.resolved["issues"])
    height = 0.9 + PANEL * len(issues)
    fig = new_figure(8.0, height)
    labels = dates(result)
    marked = {"agreement": False, "order": False}
    for row, issue in enumerate(issues):
        meta = result.resolved["issues"][issue]
        top = 1 - (0.55 + row * PANEL) / height
        ax = fig.add_axes((0.08, top - (PANEL - 0.55) / height, 0.88, (PANEL - 0.55) / height))
        low, high = scale_of(result, issue)
        values = result.series(f"status_quo:{issue}")
        ax.plot(values, color="black", lw=2)
        for step, value, _ in agreements_on(result, issue):
            ax.plot(step, value, marker="*", ms=12, mfc="#f2b600", mec="black", mew=0.6)
            marked["agreement"] = True
        if draw_orders(ax, result, issue, size=8, drop=12):
            marked["order"] = True
        ax.set_ylim(*padded(low, high, 0.06))
        ax.set_yticks([low, (low + high) / 2, high])
        ax.set_yticklabels([grouped(round(v)) for v in (low, (low + high) / 2, high)])
        time_axis(ax, labels, show=row == len(issues) - 1)
        ax.set_title(str(meta["label"]), loc="left", fontsize=10, fontweight="bold", pad=3)
        change = f"{values[0]:,.0f} → {values[-1]:,.0f}  {meta['units']}"
        ax.set_title(change, loc="right", fontsize=8, color="#444444", pad=3)
    handles = []
    if marked["agreement"]:
        handles.append(_handle("*", "#f2b600", "agreement", 11))
    if marked["order"]:
        handles.append(_handle("v", "white", "order", 7))
    if handles:
        fig.legend(
            handles=handles,
            loc="upper right",
            bbox_to_anchor=(0.97, 1.0),
            ncol=2,
            fontsize=8,
            frameon=False,
            borderaxespad=0.3,
        )
    fig.suptitle("Status quo of each issue", x=0.08, ha="left", fontsize=11, y=0.995, va="top")
    footer(fig, result)
    return save(fig, path, dpi)


def _handle(marker: str, colour: str, label: str, size: float) -> Line2D:
    return Line2D([], [], marker=marker, mfc=colour, mec="black", ls="none", ms=size, label=label)
