"""The government's home front: stability and what wears it down, on one 0–1 scale, with the
caretaker period shaded and its start and end marked."""

from __future__ import annotations

import textwrap
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

from sim.plots.canvas import (
    dates,
    footer,
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
    handles += _mark_injects(ax, result)
    time_axis(ax, labels)
    name = short_name(result, government_id(result))
    ax.set_title(f"Home front of {name}", loc="left", fontsize=11, fontweight="bold", pad=14)
    fig.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(0.78, 0.88), fontsize=8, frameon=False
    )
    footer(fig, result)
    return save(fig, path, dpi)


def home_injects(result: RunResult) -> list[tuple[int, str]]:
    """(step, label) of each inject that changed the government's home front, in log order."""
    gov = government_id(result)
    found: list[tuple[int, str]] = []
    for event in result.events:
        home = event["type"] == "effect" and event.get("kind") == "domestic"
        mark = (int(event["step"]), str(event.get("cause")))
        if home and event.get("actor") == gov and mark not in found:
            found.append(mark)
    return found


def _mark_injects(ax: Axes, result: RunResult) -> list[Line2D]:
    """A dotted line and a number at the top for each inject on the home front (a step in a
    line has its cause); their legend entries."""
    handles = []
    top = blended_transform_factory(ax.transData, ax.transAxes)
    for number, (step, label) in enumerate(home_injects(result), start=1):
        ax.axvline(step, color="#555555", lw=0.8, ls=(0, (1, 2)), zorder=0.5)
        ax.text(step, 1.0, str(number), transform=top, ha="center", va="bottom", fontsize=7)
        text = textwrap.fill(label, 24, max_lines=2, placeholder="…")
        handles.append(
            Line2D([], [], color="#555555", lw=0.8, ls=(0, (1, 2)), label=f"{number}: {text}")
        )
    return handles
