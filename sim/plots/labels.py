"""Lines labelled at their right ends: actors whose lines coincide share one label
("Tehran, factions (4)"), and labels are spread so none sits on another."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from matplotlib.axes import Axes
from matplotlib.transforms import blended_transform_factory

K = TypeVar("K", bound=Hashable)


@dataclass
class Group(Generic[K]):
    """Actors (or pairs) whose series coincide within a tolerance, drawn as one line."""

    members: list[K]
    values: list[float]


def group_coinciding(series: Mapping[K, Sequence[float]], tolerance: float) -> list[Group[K]]:
    """Greedy grouping in the given order: a series joins the first group it stays within
    ``tolerance`` of at every step."""
    groups: list[Group[K]] = []
    for key, values in series.items():
        for group in groups:
            if all(abs(a - b) <= tolerance for a, b in zip(group.values, values, strict=True)):
                group.members.append(key)
                break
        else:
            groups.append(Group([key], list(values)))
    return groups


def layered_widths(groups: list[Group], tolerance: float, base: float, step: float) -> list[float]:
    """Line widths that keep every line visible where it runs on another: a line drawn before
    (below) ``k`` later lines that meet it somewhere is ``k`` steps wider, so it shows on both
    sides of the lines above it."""
    widths = []
    for i, group in enumerate(groups):
        below = sum(meets(group.values, later.values, tolerance) for later in groups[i + 1 :])
        widths.append(base + step * below)
    return widths


def meets(values: Sequence[float], other: Sequence[float], tolerance: float) -> bool:
    """Whether two series coincide (within ``tolerance``) at some step."""
    return any(abs(a - b) <= tolerance for a, b in zip(values, other, strict=True))


def group_label(names: list[str], kinds: list[str]) -> str:
    """``Tehran``; ``Tehran, Riyadh (2)``; three or more factions named together:
    ``Tehran, factions (4)``."""
    factions = [n for n, k in zip(names, kinds, strict=True) if k == "faction"]
    others = [n for n, k in zip(names, kinds, strict=True) if k != "faction"]
    parts = others + (["factions"] if len(factions) > 2 else factions)
    label = ", ".join(parts)
    return f"{label} ({len(names)})" if len(names) > 1 else label


def spread(targets: list[float], gap: float, low: float, high: float) -> list[float]:
    """Positions as close to ``targets`` as possible, at least ``gap`` apart, within
    ``[low, high]`` (the input order is kept)."""
    order = sorted(range(len(targets)), key=lambda i: targets[i])
    placed = [targets[i] for i in order]
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    overflow = placed[-1] - high if placed else 0.0
    if overflow > 0:
        placed = [p - overflow for p in placed]
        for i in range(len(placed) - 2, -1, -1):
            placed[i] = min(placed[i], placed[i + 1] - gap)
    placed = [max(low, p) for p in placed]
    out = [0.0] * len(targets)
    for rank, i in enumerate(order):
        out[i] = placed[rank]
    return out


def label_ends(
    ax: Axes, ends: list[tuple[float, str, str]], gap_share: float = 0.075, fontsize: float = 8
) -> None:
    """Write each (end value, label, colour) just right of the axes, spread apart, with a
    short leader to the line's end."""
    if not ends:
        return
    low, high = ax.get_ylim()
    spots = spread([e[0] for e in ends], gap_share * (high - low), low, high)
    mixed = blended_transform_factory(ax.transAxes, ax.transData)
    for (value, text, colour), spot in zip(ends, spots, strict=True):
        ax.plot([1.0, 1.02], [value, spot], transform=mixed, color=colour, lw=0.8, clip_on=False)
        ax.text(1.025, spot, text, transform=mixed, color=colour, fontsize=fontsize, va="center")
