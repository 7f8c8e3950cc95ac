"""What every run figure shares: a figure without pyplot, the time axis, names and colours.

Figures are drawn on :class:`matplotlib.figure.Figure` with the Agg canvas and fixed margins:
no pyplot state machine and no layout solver, which keeps drawing fast and the bytes stable.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from sim.results import RunResult

PNG_METADATA = {"Software": None}  # no version stamp, so the same data gives the same bytes
PALETTE = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
)


def new_figure(width: float, height: float) -> Figure:
    """A figure on the Agg canvas, with the house font sizes."""
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    return fig


def save(fig: Figure, path: Path, dpi: int) -> Path:
    """PNG with light compression: a little larger, noticeably faster to write."""
    fig.savefig(path, dpi=dpi, metadata=PNG_METADATA, pil_kwargs={"compress_level": 2})
    return path


def spans(flags: list[int]) -> list[tuple[int, int]]:
    """(first, last) rows of each run of true flags: caretaker months, pauses."""
    found: list[tuple[int, int]] = []
    start = None
    for row, flag in enumerate([*flags, 0]):
        if flag and start is None:
            start = row
        elif not flag and start is not None:
            found.append((start, row - 1))
            start = None
    return found


def dates(result: RunResult) -> list[str]:
    return [str(d) for d in result.series("date")]


def month_ticks(labels: list[str]) -> list[int]:
    """Rows to tick: the first row of every 1st, 3rd, 6th or 12th calendar month (January,
    April, July, October...), so ticks fall at regular calendar steps whatever month the run
    starts in; every ``n // 6``-th row when the labels are not ``YYYY-MM`` dates."""
    months: list[int] = []
    for label in labels:
        year, _, month = label[:7].partition("-")
        if not (year.isdigit() and month.isdigit()):
            every = max(1, len(labels) // 6)
            return list(range(0, len(labels), every))
        months.append(int(year) * 12 + int(month) - 1)
    span = months[-1] - months[0] + 1 if months else 0
    every = 1 if span <= 8 else 3 if span <= 20 else 6 if span <= 48 else 12
    rows: list[int] = []
    for row, index in enumerate(months):
        if index % every == 0 and (not rows or months[rows[-1]] != index):
            rows.append(row)
    return rows or [0]


def time_axis(ax: Axes, labels: list[str], show: bool = True) -> None:
    """Steps on x, ticks at regular calendar months labelled with the month, no rotation.
    Panels stacked on the same months set their own limits instead of sharing an axis."""
    n = len(labels)
    ax.set_xlim(-0.5, n - 0.5)
    if show:
        rows = month_ticks(labels)
        ax.set_xticks(rows)
        ax.set_xticklabels([labels[r] for r in rows], fontsize=8)
    else:  # a panel above another on the same months: no ticks (less clutter, faster to draw)
        ax.set_xticks([])
    ax.tick_params(axis="y", labelsize=8)
    ax.grid(axis="y", color="#e5e5e5", lw=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def footer(fig: Figure, result: RunResult) -> None:
    """The run a figure comes from, bottom right: scenario id and seed."""
    fig.text(
        0.995,
        0.005,
        f"{result.scenario_id}, seed {result.seed}",
        ha="right",
        va="bottom",
        fontsize=7,
        color="#777777",
    )


def short_name(result: RunResult, actor_id: str) -> str:
    """An actor's name without its parenthesis: ``Baghdad (Kadhimi government)`` -> ``Baghdad``."""
    actor = result.resolved["actors"].get(actor_id)
    if actor is None:
        return actor_id
    return str(actor.get("name", actor_id)).split(" (")[0]


def actor_colours(result: RunResult) -> dict[str, str]:
    """One colour per actor, by scenario order, the same in every figure of a run."""
    return {a: PALETTE[i % len(PALETTE)] for i, a in enumerate(result.resolved["actors"])}


#: colours of directed pairs (trust), none of them an actor's colour in ``PALETTE``, so a pair
#: never reads as one of its actors (Colorbrewer Dark2 without its yellow, which the "agreed"
#: star uses, and a few darker hues)
PAIR_PALETTE = (
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#a6761d",
    "#01665e",
    "#6a3d9a",
    "#8e0152",
    "#2166ac",
    "#4d4d4d",
)
PAIR_STYLES = ("-", "--", ":", "-.")


def pair_colour(pair: tuple[str, str]) -> str:
    """A directed pair's colour from its two actor ids alone (a fixed digest, not Python's
    salted ``hash``): Tehran -> Baghdad has the same colour in every scenario, run and figure,
    whatever the order of the actors or of the series columns."""
    digest = hashlib.blake2b(f"{pair[0]}>{pair[1]}".encode(), digest_size=8).digest()
    return PAIR_PALETTE[int.from_bytes(digest, "big") % len(PAIR_PALETTE)]


def pair_looks(pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str]]:
    """(colour, line style) for each pair: its own colour always; pairs that share a colour
    are told apart by the line, solid, dashed, dotted, dash-dot in sorted order (so the
    order the pairs come in does not matter); pairs alike beyond that repeat the styles."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    seen: dict[str, int] = {}
    for pair in sorted(set(pairs)):
        colour = pair_colour(pair)
        count = seen.get(colour, 0)
        seen[colour] = count + 1
        out[pair] = (colour, PAIR_STYLES[count % len(PAIR_STYLES)])
    return out


def pair_styles(result: RunResult) -> dict[tuple[str, str], tuple[str, str]]:
    """(colour, line style) of each recorded trust pair, from the pair itself: the same pair
    looks the same in every panel and figure of a run, and in other scenarios' runs."""
    pairs = [(c.split(":")[1], c.split(":")[2]) for c in result.columns if c.startswith("trust:")]
    return pair_looks(pairs)


def grouped(value: float, _position: object = None) -> str:
    """A tick or value in issue units with thousands separators: ``5,200``, ``0.25``, ``-3``
    (a tick formatter: matplotlib passes the tick's position too)."""
    return f"{value + 0.0:,.10g}"  # + 0.0: no "-0"


def scale_of(result: RunResult, issue: str) -> tuple[float, float]:
    meta = result.resolved["issues"][issue]

    def number(value: float | dict[str, float]) -> float:
        return float(value["value"] if isinstance(value, dict) else value)

    return number(meta["min"]), number(meta["max"])


def padded(low: float, high: float, share: float = 0.04) -> tuple[float, float]:
    """Limits a little beyond ``[low, high]`` so lines on the edges stay visible."""
    pad = (high - low) * share or 1.0
    return low - pad, high + pad


def government_id(result: RunResult) -> str:
    """The government whose home front is simulated: the ``government`` key, else the first
    actor with a ``domestic`` section."""
    actors = result.resolved["actors"]
    named = result.resolved.get("government")
    if named:
        return str(named)
    return next((a for a, spec in actors.items() if spec.get("domestic")), "government")
