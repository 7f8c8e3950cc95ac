"""The government's home front: stability and what wears it down, on one 0–1 scale, with the
caretaker period shaded and its start and end marked."""

from __future__ import annotations

from pathlib import Path

from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from sim.plots.canvas import (
    dates,
    government_id,
    new_figure,
    padded,
    save,
    short_name,
    spans,
    time_axis,
)
from sim.results import RunResult

LINES = (
    ("stability", "stability", "black", "-", 2.2),
    ("fiscal_stress", "fiscal stress", "#d62728", "--", 1.4),
    ("power_shortfall", "power shortfall", "#ff7f0e", ":", 1.6),
    ("faction_pressure", "faction pressure", "#7b3294", "-.", 1.4),
)


def domestic_figure(result: RunResult, path: Path, dpi: int) -> Path:
    labels = dates(result)
    fig = new_figure(9.0, 4.2)
    ax = fig.add_axes((0.07, 0.12, 0.68, 0.76))
    handles: list = []
    flags = [int(v) for v in result.series("caretaker")] if "caretaker" in result.columns else []
    caretaker = spans(flags)
    for first, last in caretaker:
        ax.axvspan(first - 0.5, last + 0.5, color="#dddddd", lw=0, zorder=0)
        ax.text(
            (first + last) / 2,
            1.02,
            "caretaker",
            ha="center",
            va="bottom",
            fontsize=7,
            color="#555555",
        )
    if caretaker:
        handles.append(Patch(color="#dddddd", label="caretaker government"))
    for column, label, colour, style, width in LINES:
        if column in result.columns:
            ax.plot(result.series(column), color=colour, ls=style, lw=width)
            handles.append(Line2D([], [], color=colour, ls=style, lw=width, label=label))
    ax.set_ylim(*padded(0, 1))
    ax.set_ylabel("share (0–1)", fontsize=8)
    time_axis(ax, labels)
    name = short_name(result, government_id(result))
    ax.set_title(f"Home front of {name}", loc="left", fontsize=11, fontweight="bold", pad=14)
    fig.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(0.78, 0.88), fontsize=8, frameon=False
    )
    return save(fig, path, dpi)
