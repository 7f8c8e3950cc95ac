"""What every sweep figure shares (saving, titles that name the design and the run count) and
the figures over time: a fan chart for a quantity, a share chart for an either/or event."""

from __future__ import annotations

import csv
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from sim.errors import InputError
from sim.sweep.names import DESIGN_NAMES, Labels

_PNG = {"Software": None}  # no version stamp: the same data gives the same bytes
DPI = 100
MAX_WIDTH = 10.0  # inches: no figure wider than 1,000 px however many levels


def save(fig: Any, path: Path, footer: str = "") -> Path:
    """Write the figure with ``footer`` (the sweep it comes from) in a strip below its axes."""
    fit_titles(fig)
    if footer:  # which sweep the figure comes from (its design is in the title)
        from matplotlib.layout_engine import ConstrainedLayoutEngine

        engine = fig.get_layout_engine()
        if isinstance(engine, ConstrainedLayoutEngine):  # a strip below the axes for it
            strip = FOOTER_INCHES / fig.get_figheight()
            engine.set(rect=(0, strip, 1, 1 - strip))  # left, bottom, width, height
            label = figure_text(fig, fig.get_supxlabel())
            if label is not None or fig.legends:
                # the layout keeps room for a figure-wide x label or legend above the strip but
                # puts them at the figure's bottom, on the footer: lay out once, keep that, lift
                fig.draw_without_rendering()
                fig.set_layout_engine("none")
            if label is not None:
                x, y = label.get_position()
                label.set_position((x, y + strip))
            for legend in fig.legends:  # placed against the figure: against the rect above
                legend.set_bbox_to_anchor((0, strip, 1, 1 - strip), transform=fig.transFigure)
        fig.text(0.995, 0.003, footer, ha="right", va="bottom", fontsize=7, color="0.45")
    fig.savefig(path, dpi=DPI, metadata=_PNG)
    plt.close(fig)
    return path


FOOTER_INCHES = 0.18  # kept below the axes for the footer (7-point text and a margin)
CHAR_WIDTH = 0.55  # average width of a character, as a share of the font size


def fit_titles(fig: Any) -> None:
    """Wrap every line of the figure's and the axes' titles to the width they have, so a long
    design caption is broken at a space instead of running off the figure's edge."""

    width = fig.get_figwidth()
    suptitle = figure_text(fig, fig.get_suptitle())
    texts = [(suptitle, width)] if suptitle is not None else []
    for ax in fig.axes:  # sweep figures title their axes in the centre only
        texts.append((ax.title, width * ax.get_position().width))
    for text, inches in texts:
        if not text.get_text():
            continue
        chars = max(20, int(inches * 72 / (CHAR_WIDTH * text.get_fontsize())))
        lines = text.get_text().split("\n")
        text.set_text("\n".join(textwrap.fill(line, chars) for line in lines))


def figure_text(fig: Any, text: str) -> Any:
    """The figure's own text artist (``fig.texts``, where the suptitle and the supxlabel live)
    that shows ``text``: reached through public API, not the figure's private attributes."""
    return next((t for t in fig.texts if text and t.get_text() == text), None)


def plural(count: int, word: str) -> str:
    if count != 1 and word.endswith("y"):
        return f"{count:,} {word[:-1]}ies"
    return f"{count:,} {word}{'s' * (count != 1)}"


def design_caption(manifest: dict[str, Any], runs: int, failed: int = 0) -> str:
    """'4 x 4 grid, 5 replications: 80 runs' -- what a reader needs to weigh the figure."""
    design = manifest["design"]
    kind = DESIGN_NAMES.get(design["kind"], design["kind"])
    reps = int(design.get("replications") or 1)
    if design["kind"] == "grid" and not manifest["parameters"]:  # an ensemble: one point
        shape = "one scenario, no parameter swept"
    elif design["kind"] == "grid":
        sizes = [
            len({str(p["values"][n]) for p in manifest["points"]}) for n in manifest["parameters"]
        ]
        shape = " x ".join(str(s) for s in sizes) + f"{'-value' * (len(sizes) == 1)} {kind}"
    elif design["kind"] in ("sobol", "saltelli"):
        shape = f"{kind}, N = {design.get('base_samples')} ({plural(design['points'], 'point')})"
    elif design["kind"] == "morris":
        trajectories = plural(int(design.get("base_samples") or 0), "trajectory")
        shape = f"{kind}, {trajectories} ({plural(design['points'], 'point')})"
    else:
        shape = f"{kind} of {plural(design['points'], 'point')}"
    left_out = f" ({failed:,} failed, left out)" if failed else ""
    return f"{shape}, {plural(reps, 'replication')}: {plural(runs, 'run')}{left_out}"


def band_spans(manifest: dict[str, Any], points: int, runs: int) -> str:
    """What the spread of ``runs`` pooled from ``points`` design points comes from: the points,
    the seeds (unless every point meets the same few), the drawn parameters. Listed, not
    multiplied: '4 design points x 20 seeds' read as 80 runs where there were 20."""
    uncertainty = str(manifest.get("uncertainty", "seed"))
    reps = int(manifest["design"].get("replications") or 1)
    common = bool(manifest.get("common_seeds"))
    seeds = reps if common else runs
    parts = [plural(points, "design point")] if points > 1 else []
    if uncertainty in ("seed", "both") and seeds > 1:
        same = common and points > 1
        parts.append(f"the same {seeds:,} seeds at each" if same else plural(seeds, "seed"))
    if uncertainty in ("parameters", "both"):
        parts.append("drawn parameters")
    if not parts:
        return "bands span nothing: every run is alike"
    listed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    return f"bands span {listed}"


def read_series(
    folder: Path, run_ids: list[str], column: str, tick: Callable[[], object] | None = None
) -> tuple[list[str], np.ndarray]:
    """One column of each run's series file, stacked (runs x steps); read one file at a time
    (``tick`` is called after each, for progress)."""
    dates: list[str] = []
    stacked: np.ndarray | None = None
    for row, rid in enumerate(run_ids):
        path = folder / "series" / f"{rid}.csv"
        line_no = 1
        try:
            with path.open(newline="", encoding="utf-8") as handle:
                reader = csv.reader(handle)
                header = next(reader)
                if column not in header or "date" not in header:
                    raise ValueError(f"no column {column!r} and date in its header")
                at, date_at = header.index(column), header.index("date")
                lines = list(reader)
            if stacked is None:
                stacked = np.full((len(run_ids), len(lines)), np.nan)
                dates = [line[date_at] for line in lines]
            values = []
            for number, line in enumerate(lines[: stacked.shape[1]], start=2):
                line_no = number  # named in the error if this line is damaged
                values.append(float(line[at]))
            stacked[row, : len(values)] = values
            if tick is not None:
                tick()
        except (OSError, UnicodeDecodeError, StopIteration, ValueError, IndexError, csv.Error) as e:
            reason = "empty file" if isinstance(e, StopIteration) else " ".join(str(e).split())
            raise InputError(
                f"a damaged series file ({reason[:160]})",
                file=str(path),
                line=None if isinstance(e, OSError | StopIteration) else line_no,
            ) from None
    return dates, stacked if stacked is not None else np.empty((0, 0))


def is_either_or(values: np.ndarray) -> bool:
    """Whether something happened, not how much: a series of 0 and 1, or of event counts that
    are 0 or 1 nine times in ten (a fan of such counts is a flat line at 0 with a jagged edge)."""
    finite = values[np.isfinite(values)]
    if finite.size == 0 or (finite < 0).any() or (finite != np.round(finite)).any():
        return False
    return bool(np.mean(finite <= 1.0) >= 0.9)


def _date_axis(ax: Any, dates: list[str], steps: np.ndarray) -> None:
    """Ticks at regular calendar months (as in a run's figures), and the last month too when
    it falls far enough from the last of them, so the axis says where the data end."""
    from sim.plots.canvas import month_ticks

    rows = month_ticks(dates)
    gap = rows[1] - rows[0] if len(rows) > 1 else 1
    if rows[-1] != len(dates) - 1 and len(dates) - 1 - rows[-1] >= gap / 2:
        rows.append(len(dates) - 1)
    ax.set_xticks(steps[rows], [dates[r] for r in rows], rotation=45, ha="right", fontsize=8)
    ax.set_xlim(steps[0] - 0.5, steps[-1] + 0.5)


def grouped_ticks(ax: Any, which: str = "xy") -> None:
    """Numbers on the axes in ``which`` with thousands separators, as a run's figures write
    values in issue units (``5,200``, not ``5200``)."""
    from matplotlib.ticker import FuncFormatter

    from sim.plots.canvas import grouped

    for name in which:
        getattr(ax, f"{name}axis").set_major_formatter(FuncFormatter(grouped))


def fan_chart(
    dates: list[str], values: np.ndarray, column: str, title: str, path: Path, labels: Labels
) -> Path:
    """Median with 50% and 90% bands across runs; a band too thin to see is said to be so."""
    p5, p25, p50, p75, p95 = np.nanpercentile(values, [5, 25, 50, 75, 95], axis=0)
    steps = np.arange(values.shape[1])
    fig, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    span = float(np.nanmax(values) - np.nanmin(values)) or 1.0
    hidden = []
    for low, high, share, alpha in ((p5, p95, "90%", 0.25), (p25, p75, "50%", 0.45)):
        widest = float(np.nanmax(high - low))
        label = f"middle {share} of runs"
        if widest < 0.01 * span:
            label += " (no visible spread)"
            apart = "alike" if widest == 0 else f"at most {widest:.3g} apart"
            hidden.append(f"the middle {share} of runs are {apart}")
        ax.fill_between(steps, low, high, alpha=alpha, color="tab:blue", linewidth=0, label=label)
        ax.plot(steps, low, steps, high, color="tab:blue", linewidth=0.5, alpha=alpha + 0.2)
    ax.plot(steps, p50, color="navy", linewidth=2, label="median")
    _date_axis(ax, dates, steps)
    grouped_ticks(ax, "y")
    ax.set_ylabel(labels.series(column))
    ax.set_title(title, fontsize=10)
    # what the thin bands hide goes in the legend's title: the legend is placed off the lines,
    # a free-standing note is not
    note = "\n".join(f"At every step {h}" for h in hidden) if hidden else None
    legend = ax.legend(loc="best", fontsize=8, title=note, title_fontsize=8)
    legend.get_title().set_color("0.25")
    return save(fig, path, labels.source)


def wilson(successes: np.ndarray, trials: np.ndarray, z: float = 1.645) -> tuple[np.ndarray, ...]:
    """Wilson score interval of a share (z = 1.645: 90%); it stays inside 0..1 for any n."""
    with np.errstate(invalid="ignore", divide="ignore"):
        p = successes / trials
        centre = (p + z**2 / (2 * trials)) / (1 + z**2 / trials)
        half = z * np.sqrt(p * (1 - p) / trials + z**2 / (4 * trials**2)) / (1 + z**2 / trials)
    return p, centre - half, centre + half


def share_chart(
    dates: list[str], values: np.ndarray, column: str, title: str, path: Path, labels: Labels
) -> Path:
    """Share of runs in which the event happened (at least once) at each step, with a 90%
    Wilson interval."""
    happened = np.nansum(values >= 1.0, axis=0).astype(float)
    counted = np.sum(np.isfinite(values), axis=0).astype(float)
    share, low, high = wilson(happened, counted)
    steps = np.arange(values.shape[1])
    fig, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    ax.fill_between(
        steps, low, high, color="tab:orange", alpha=0.3, linewidth=0, label="90% interval"
    )
    ax.plot(steps, share, color="tab:red", marker="o", markersize=3, label="share of runs")
    _date_axis(ax, dates, steps)
    ax.set_ylim(-0.02, 1.02)
    ax.set_ylabel(f"share of runs (0–1) with at least one:\n{labels.series(column)}")
    ax.set_title(title, fontsize=10)
    ax.legend(loc="best", fontsize=8)
    return save(fig, path, labels.source)
