"""Violence month by month: attacks stacked by faction with tension beside them, strikes,
arrests, protests and spoils, and each faction's pauses and campaign (suspended, escalated).
The legend sits outside the panels so it hides no bar."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from sim.plots.canvas import (
    actor_colours,
    dates,
    footer,
    new_figure,
    save,
    short_name,
    spans,
    time_axis,
)
from sim.results import RunResult

#: row of the event strip, marker, colour, legend label
ACTS = (
    ("strike", None, "v", "#1f4e99", "strike"),
    ("arrest", None, "s", "#2ca02c", "arrest"),
    ("protest", None, "D", "#9467bd", "protest"),
    ("spoil", None, "X", "#ff7f0e", "spoiled round"),
)
PAUSE_ALPHA = 0.5
ESCALATED = "#d62728"
SUSPENDED = "#555555"  # hatched, the same on every faction's row: the row names the faction
ROWS = ("strike", "arrest", "protest", "spoil")
ROW_LABEL = {"strike": "strikes", "arrest": "arrests", "protest": "protests", "spoil": "spoils"}


def attacks_by_faction(result: RunResult) -> dict[str, list[int]]:
    """Attacks per step of each faction that ever attacked (scenario order)."""
    steps = len(result.rows)
    counts: dict[str, list[int]] = {}
    for event in result.events:
        if event["type"] == "attack":
            row = counts.setdefault(str(event["actor"]), [0] * steps)
            row[int(event["step"])] += int(event.get("count", 1))
    order = list(result.resolved["actors"])
    return {a: counts[a] for a in sorted(counts, key=lambda a: order.index(a) if a in order else 0)}


def acts(result: RunResult) -> Counter[tuple[str, str | None, int]]:
    """(kind, outcome, step) -> how many strikes, arrests, protests and spoils."""
    found: Counter[tuple[str, str | None, int]] = Counter()
    for event in result.events:
        if event["type"] in ROWS:
            found[(event["type"], None, int(event["step"]))] += 1
    return found


def campaign_levels(result: RunResult, faction: str) -> list[str]:
    """The faction's campaign level in each step ("go on" until it decides otherwise)."""
    changes = {
        int(e["step"]): str(e["level"])
        for e in result.events
        if e["type"] == "campaign" and e["actor"] == faction
    }
    level, levels = "go on", []
    for step in range(len(result.rows)):
        level = changes.get(step, level)
        levels.append(level)
    return levels


def bars(steps: list[int], bottom: list[int], counts: list[int], colour: str) -> PolyCollection:
    """Stacked bars as one collection (one artist instead of one per month)."""
    boxes = [
        [(x - 0.4, b), (x + 0.4, b), (x + 0.4, b + n), (x - 0.4, b + n)]
        for x, b, n in zip(steps, bottom, counts, strict=True)
        if n
    ]
    return PolyCollection(boxes, facecolors=colour, linewidths=0)


def violence_figure(result: RunResult, path: Path, dpi: int) -> Path:
    labels = dates(result)
    steps = list(range(len(labels)))
    factions = [a for a, s in result.resolved["actors"].items() if s["kind"] == "faction"]
    height = 3.5 + 0.26 * (len(ROWS) + len(factions)) + 0.5
    fig = new_figure(9.0, height)

    def box(top_in: float, tall_in: float) -> tuple[float, float, float, float]:
        return (0.19, 1 - (top_in + tall_in) / height, 0.54, tall_in / height)

    ax = fig.add_axes(box(0.45, 2.9))
    colours = actor_colours(result)
    handles: list = []
    bottom = [0] * len(steps)
    for actor, counts in attacks_by_faction(result).items():
        ax.add_collection(bars(steps, bottom, counts, colours[actor]))
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
        handles.append(Patch(color=colours[actor], label=f"attacks: {short_name(result, actor)}"))
    ax.set_ylabel("attacks per month", fontsize=8)
    # five equal steps on both axes, so the grid of one is the grid of the other
    top = 5 * math.ceil(max(max(bottom) * 1.1, 1) / 5)
    ax.set_ylim(0, top)
    ax.set_yticks([top * i / 5 for i in range(6)])
    ax.set_yticklabels([f"{top * i / 5:g}" for i in range(6)])
    twin = ax.twinx()
    twin.plot(steps, result.series("tension"), color="black", lw=1.4)
    twin.set_ylim(0, 1)
    twin.set_yticks([i / 5 for i in range(6)])
    twin.set_ylabel("tension (0–1)", fontsize=8)
    twin.tick_params(labelsize=8)
    for side in ("top", "left", "bottom"):  # one spine per side: the twin draws only its own
        twin.spines[side].set_visible(False)
    handles.append(Line2D([], [], color="black", lw=1.4, label="tension (right axis)"))
    time_axis(ax, labels, show=False)
    ax.set_title("Violence and escalation", loc="left", fontsize=11, fontweight="bold")

    rows = len(ROWS) + len(factions)  # acts, then one row of pauses per faction
    strip = fig.add_axes(box(3.5, 0.26 * rows))
    found = acts(result)
    for kind, outcome, marker, colour, label in ACTS:
        y = rows - 1 - ROWS.index(kind)
        hits = [(s, n) for (k, o, s), n in found.items() if k == kind and o == outcome]
        if hits:
            xs = [step for step, _ in hits]
            strip.plot(
                xs, [y] * len(xs), marker=marker, ms=7, mfc=colour, mec="black", mew=0.5, ls="none"
            )
            handles.append(
                Line2D([], [], marker=marker, mfc=colour, mec="black", ls="none", ms=6, label=label)
            )
        for step, n in hits:
            if n > 1:
                strip.annotate(
                    f"{n}", (step, y), xytext=(5, 3), textcoords="offset points", fontsize=6
                )
    paused: list[str] = []
    campaigns: list[str] = []
    for row, faction in enumerate(factions):
        y = len(factions) - 1 - row
        column = f"paused:{faction}"
        flags = result.series(column) if column in result.columns else []
        for first, last in spans([int(f) for f in flags]):
            strip.fill_between(
                [first - 0.5, last + 0.5],
                y - 0.35,
                y + 0.35,
                color=colours[faction],
                alpha=PAUSE_ALPHA,
                lw=0,
            )
            if faction not in paused:
                paused.append(faction)
        levels = campaign_levels(result, faction)
        for level, style in (("suspend", "suspended"), ("escalate", "escalated")):
            for first, last in spans([int(v == level) for v in levels]):
                strip.fill_between(
                    [first - 0.5, last + 0.5],
                    y - 0.2,
                    y + 0.2,
                    facecolor="none",
                    edgecolor=SUSPENDED if level == "suspend" else ESCALATED,
                    hatch="////" if level == "suspend" else None,
                    lw=0.8,
                )
                if style not in campaigns:
                    campaigns.append(style)
    strip.axhline(len(factions) - 0.5, color="#999999", lw=0.6)
    strip.set_ylim(-0.6, rows - 0.4)
    strip.set_yticks(range(rows))
    names = [f"{short_name(result, f)}" for f in reversed(factions)]
    strip.set_yticklabels([*names, *(ROW_LABEL[r] for r in reversed(ROWS))], fontsize=7.5)
    time_axis(strip, labels)
    strip.grid(axis="y", color="#eeeeee")
    if not paused and not campaigns and factions:
        strip.text(
            0.5,
            (len(factions) - 1) / 2,
            "no faction paused or changed its campaign in this run",
            fontsize=7,
            color="#777777",
            va="center",
        )
    for faction in paused:  # drawn in the faction's colour, so listed in it
        label = f"paused: {short_name(result, faction)}"
        handles.append(Patch(color=colours[faction], alpha=PAUSE_ALPHA, lw=0, label=label))
    if "suspended" in campaigns:
        handles.append(
            Patch(facecolor="none", edgecolor=SUSPENDED, hatch="////", label="campaign suspended")
        )
    if "escalated" in campaigns:
        handles.append(Patch(facecolor="none", edgecolor=ESCALATED, label="campaign escalated"))
    fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.80, 1 - 0.45 / height),
        fontsize=7,
        frameon=False,
    )
    footer(fig, result)
    return save(fig, path, dpi)
