"""Trust over time for the pairs that matter (series columns ``trust:<a>:<b>``): one panel per
track (its parties toward each other and toward the host or mediator, with the track's rounds
marked by result), and one for the states' trust in the government."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from sim.plots.canvas import (
    dates,
    footer,
    government_id,
    new_figure,
    pair_styles,
    save,
    short_name,
    time_axis,
)
from sim.plots.labels import Group, group_coinciding, label_ends, layered_widths
from sim.plots.marks import RESULT_STYLE, result_handles, round_marks, track_label
from sim.results import RunResult

PANEL = 2.1  # inches per panel
ROUNDS_Y = -0.2  # the rounds of a track, in a strip below the 0-1 scale (never on a line at 0)
COINCIDE = 0.005  # pairs within this at every step share one line and one label
LINE, WIDER = 1.6, 1.4  # points: a line's width, and how much wider per line drawn on it


def panel_lines(
    series: Mapping[tuple[str, str], Sequence[float]],
) -> list[tuple[Group[tuple[str, str]], float]]:
    """The lines of a panel in drawing order with their widths: pairs that coincide all along
    share one line; a line that a later one meets somewhere (Tehran's trust in Baghdad rising
    to Riyadh's) is drawn wider beneath it, so it still shows on both sides."""
    groups = group_coinciding(series, COINCIDE)
    return list(zip(groups, layered_widths(groups, COINCIDE, LINE, WIDER), strict=True))


def panels(result: RunResult) -> list[tuple[str, str | None, list[tuple[str, str]]]]:
    """(title, track or None, pairs) for each panel, pairs taken from the series columns."""
    recorded = [
        (c.split(":")[1], c.split(":")[2]) for c in result.columns if c.startswith("trust:")
    ]
    out: list[tuple[str, str | None, list[tuple[str, str]]]] = []
    used: set[tuple[str, str]] = set()
    for track, spec in result.resolved.get("tracks", {}).items():
        members = set(spec["parties"]) | {spec.get("host"), spec.get("mediator")} - {None}
        pairs = [p for p in recorded if p[0] in spec["parties"] and p[1] in members]
        if pairs:
            out.append((f"{track_label(result, track)}: trust between the parties", track, pairs))
            used.update(pairs)
    gov = government_id(result)
    rest = [p for p in recorded if p[1] == gov and p not in used]
    if rest:
        out.append((f"States' trust in {short_name(result, gov)}", None, rest))
    return out


def trust_figure(result: RunResult, path: Path, dpi: int) -> Path:
    labels = dates(result)
    shown = panels(result)
    height = PANEL * max(len(shown), 1) + 0.45
    fig = new_figure(9.0, height)
    kinds: set[str] = set()
    for row, (title, track, pairs) in enumerate(shown):
        tall = PANEL - 0.5
        top = 0.5 + row * PANEL
        ax = fig.add_axes((0.07, 1 - (top + tall) / height, 0.64, tall / height))
        styles = pair_styles(result)
        series = {(a, b): result.series(f"trust:{a}:{b}") for a, b in pairs}
        ends = []
        for group, width in panel_lines(series):
            colour, style = styles[group.members[0]]
            ax.plot(group.values, color=colour, ls=style, lw=width)
            names = [f"{short_name(result, a)} → {short_name(result, b)}" for a, b in group.members]
            ends.append((group.values[-1], ", ".join(names), colour))
        ax.set_ylim(-0.3 if track is not None else -0.06, 1.06)
        ax.set_yticks([0, 0.25, 0.5, 0.75, 1])
        if track is not None:
            ax.axhline(-0.09, color="#999999", lw=0.6)
            for mark in round_marks(result, track):
                marker, colour, _ = RESULT_STYLE[mark.kind]
                ax.plot(
                    mark.step,
                    ROUNDS_Y if mark.kind != "spoiled" else ROUNDS_Y + 0.07,
                    marker=marker,
                    ms=9 if marker == "*" else 6,
                    mfc=colour,
                    mec="black",
                    mew=0.5,
                    ls="none",
                    clip_on=False,
                    zorder=4,
                )
                kinds.add(mark.kind)
        time_axis(ax, labels, show=row == len(shown) - 1)
        label_ends(ax, ends, gap_share=0.09)
        ax.set_title(title, loc="left", fontsize=9.5, fontweight="bold", pad=3)
    fig.suptitle(
        "Trust over time (0 none, 1 full)", x=0.07, ha="left", y=0.995, va="top", fontsize=11
    )
    if kinds:
        fig.legend(
            handles=result_handles(kinds),
            loc="upper right",
            ncol=len(kinds),
            fontsize=7.5,
            frameon=False,
            title="rounds (strip under each track's panel)",
            title_fontsize=7.5,
        )
    footer(fig, result)
    return save(fig, path, dpi)
