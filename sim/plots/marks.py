"""Rounds by result, spoils, agreements and orders, read from the event log and drawn alike in
every figure that shows them."""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.transforms import blended_transform_factory

from sim.plots.canvas import short_name
from sim.results import RunResult

#: marker, face colour, label for each round result and for a spoil
RESULT_STYLE: dict[str, tuple[str, str, str]] = {
    "agreed": ("*", "#f2b600", "agreed"),
    "settled": ("*", "#2ca02c", "settled"),
    "stalled": ("o", "#bdbdbd", "stalled"),
    "failed": ("X", "#d62728", "failed"),
    "rejected": ("X", "#ff9896", "rejected"),
    "refused": ("s", "#ffffff", "refused"),
    "spoiled": ("v", "#7b3294", "spoiled"),
}


@dataclass(frozen=True)
class Mark:
    step: int
    kind: str  # a round result or "spoiled"
    track: str


def round_marks(result: RunResult, track: str) -> list[Mark]:
    """Every round of the track with its result, and every spoil of it, in log order."""
    marks = []
    for event in result.events:
        if event.get("track") != track:
            continue
        if event["type"] == "round":
            marks.append(Mark(int(event["step"]), str(event["result"]), track))
        elif event["type"] == "spoil":
            marks.append(Mark(int(event["step"]), "spoiled", track))
    return marks


def tracks_on(result: RunResult, issue: str) -> list[str]:
    """Tracks that negotiate the issue, in scenario order."""
    return [t for t, spec in result.resolved.get("tracks", {}).items() if issue in spec["issues"]]


def track_label(result: RunResult, track: str) -> str:
    return str(result.resolved["tracks"][track].get("label") or track)


def draw_rounds(
    ax: Axes, result: RunResult, tracks: list[str], rows: list[float], height: float
) -> set[str]:
    """Below the scale of a panel, one row per track (at the data heights ``rows``, ``height``
    apart) with a marker per round by its result and per spoil, the track named in the right
    margin; returns the kinds shown."""
    shown: set[str] = set()
    mixed = blended_transform_factory(ax.transAxes, ax.transData)
    for y, track in zip(rows, tracks, strict=True):
        ax.axhline(y, color="#eeeeee", lw=0.8, zorder=0)
        label = f"rounds: {track_label(result, track)}"
        ax.text(1.025, y, label, transform=mixed, fontsize=7, color="#555555", va="center")
        marks = round_marks(result, track)
        for kind, (marker, colour, _) in RESULT_STYLE.items():
            steps = [m.step for m in marks if m.kind == kind]
            if not steps:
                continue
            lift = 0.25 * height if kind == "spoiled" else 0.0
            ax.plot(
                steps,
                [y + lift] * len(steps),
                marker=marker,
                ms=11 if marker == "*" else 7,
                mfc=colour,
                mec="black",
                mew=0.6,
                ls="none",
                clip_on=False,
            )
            shown.add(kind)
    return shown


def result_handles(kinds: set[str]) -> list[Line2D]:
    """Legend entries for the round results shown, in a fixed order."""
    return [
        Line2D(
            [],
            [],
            marker=marker,
            mfc=colour,
            mec="black",
            mew=0.6,
            ls="none",
            ms=10 if marker == "*" else 6,
            label=label,
        )
        for kind, (marker, colour, label) in RESULT_STYLE.items()
        if kind in kinds
    ]


@dataclass(frozen=True)
class Order:
    step: int
    issue: str
    by: str
    value: float


def orders(result: RunResult, issue: str) -> list[Order]:
    """Unilateral orders on the issue: when, by whom, toward which value (issue units)."""
    found = []
    for event in result.events:
        is_order = event["type"] == "commitment" and event.get("kind") == "order"
        if is_order and event.get("issue") == issue and event.get("milestones"):
            value = float(event["milestones"][-1]["value"])
            found.append(Order(int(event["step"]), issue, str(event["by"]), value))
    return found


def draw_orders(
    ax: Axes, result: RunResult, issue: str, size: float, drop: float, zorder: float | None = None
) -> list[Order]:
    """Each order on the issue as an open triangle at the ordered level, named ``drop`` points
    below by who gave it; returns the orders drawn."""
    ordered = orders(result, issue)
    for order in ordered:
        ax.plot(
            order.step, order.value, marker="v", ms=size, mfc="white", mec="black", zorder=zorder
        )
        ax.annotate(
            short_name(result, order.by),
            (order.step, order.value),
            textcoords="offset points",
            xytext=(0, -drop),
            ha="center",
            fontsize=7,
        )
    return ordered


def agreements_on(result: RunResult, issue: str) -> list[tuple[int, float, str]]:
    """(step, agreed value in issue units, status) of every agreement touching the issue."""
    return [
        (int(a["step"]), float(a["deal"][issue]), str(a.get("status", {}).get(issue, "")))
        for a in result.outcomes["agreements"]
        if issue in a["deal"]
    ]
