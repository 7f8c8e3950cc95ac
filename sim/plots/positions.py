"""Each actor's position on one issue over time, with the status quo, agreements, orders and
every round of the tracks on the issue marked by its result."""

from __future__ import annotations

from pathlib import Path

from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from sim.plots.canvas import (
    actor_colours,
    dates,
    footer,
    grouped,
    new_figure,
    padded,
    save,
    scale_of,
    short_name,
    time_axis,
)
from sim.plots.labels import group_coinciding, group_label, label_ends, layered_widths, meets
from sim.plots.marks import agreements_on, draw_orders, draw_rounds, result_handles, tracks_on
from sim.results import RunResult

COINCIDE = 0.005  # lines within half a percent of the scale at every step share a label
LEGEND_COLUMNS = 6
LEGEND_ROW_POINTS = 14  # height of one legend row at 7 points, with its spacing


def positions_figure(result: RunResult, issue: str, path: Path, dpi: int) -> Path:
    meta = result.resolved["issues"][issue]
    low, high = scale_of(result, issue)
    labels = dates(result)
    tracks = tracks_on(result, issue)
    fig = new_figure(9.0, 4.8 + 0.3 * len(tracks))
    ax = fig.add_axes((0.08, 0.08, 0.62, 0.80))
    series = {
        column.split(":")[1]: result.series(column)
        for column in result.columns
        if column.startswith("position:") and column.endswith(f":{issue}")
    }
    kinds = {a: str(spec["kind"]) for a, spec in result.resolved["actors"].items()}
    colours = actor_colours(result)
    ends = []
    tolerance = COINCIDE * (high - low)
    groups = group_coinciding(series, tolerance)
    widths = layered_widths(groups, tolerance, 1.4, 1.0)
    for group, width in zip(groups, widths, strict=True):
        colour = colours[group.members[0]]
        ax.plot(group.values, color=colour, lw=width + 0.4 * (len(group.members) > 1), zorder=2)
        names = [short_name(result, a) for a in group.members]
        ends.append(
            (group.values[-1], group_label(names, [kinds[a] for a in group.members]), colour)
        )
    status_quo = result.series(f"status_quo:{issue}")
    under = [
        w for g, w in zip(groups, widths, strict=True) if meets(g.values, status_quo, tolerance)
    ]
    # below the actors, wider than any line that meets it: an actor at the status quo shows in it
    ax.plot(status_quo, color="black", lw=max([2.6, *(w + 2.2 for w in under)]), zorder=1.5)
    ends.append((status_quo[-1], "status quo", "black"))
    handles = []
    agreed = agreements_on(result, issue)
    for step, value, _ in agreed:
        ax.plot(step, value, marker="*", ms=14, mfc="#f2b600", mec="black", mew=0.7, zorder=5)
    if agreed:
        handles.append(_handle("*", "#f2b600", "agreement (value agreed)", 12))
    if draw_orders(ax, result, issue, size=9, drop=14, zorder=5):
        handles.append(_handle("v", "white", "order (value ordered, by whom)", 8))
    bottom, top = padded(low, high)
    row = 0.08 * (high - low)  # a band under the scale per track, for its rounds
    rows = [bottom - (i + 0.6) * row for i in range(len(tracks))]
    ax.set_ylim(bottom - (len(tracks) + 0.2) * row if tracks else bottom, top)
    ax.set_yticks([t for t in MaxNLocator(6).tick_values(low, high) if low <= t <= high])
    ax.yaxis.set_major_formatter(FuncFormatter(grouped))
    if tracks:
        ax.axhline(bottom, color="#999999", lw=0.6)
    ax.set_ylabel(str(meta["units"]), fontsize=8)
    time_axis(ax, labels)
    label_ends(ax, ends)
    if tracks:
        handles += result_handles(draw_rounds(ax, result, tracks, rows, row))
    columns = min(len(handles), LEGEND_COLUMNS)
    legend_rows = -(-len(handles) // columns) if handles else 0
    title_pad = 8 + LEGEND_ROW_POINTS * legend_rows  # the title clears every row of the legend
    ax.set_title(str(meta["label"]), loc="left", fontsize=11, fontweight="bold", pad=title_pad)
    if handles:
        ax.legend(
            handles=handles,
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncol=columns,
            fontsize=7,
            frameon=False,
            borderaxespad=0.1,
            handletextpad=0.3,
            columnspacing=1.0,
        )
    footer(fig, result)
    return save(fig, path, dpi)


def _handle(marker: str, colour: str, label: str, size: float) -> Line2D:
    return Line2D([], [], marker=marker, mfc=colour, mec="black", ls="none", ms=size, label=label)
