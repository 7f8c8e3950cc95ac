"""Debrief figures: fan charts of the ensemble with the classes on top, each seat's choices
beside the model's, the session's timeline, and the turning points."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from sim.classroom.answers import Answer

_PNG = {"Software": None}


@dataclass(frozen=True)
class Point:
    """A documented value drawn on a fan chart: at row ``x``, cited by ``label``."""

    x: int
    value: float
    label: str
    outside: bool


COLOURS = ["#c0392b", "#2471a3", "#1e8449", "#7d3c98", "#b9770e", "#17202a"]


def _save(fig, path: Path) -> None:
    fig.tight_layout()
    fig.savefig(path, dpi=90, metadata=_PNG)
    plt.close(fig)


def _ticks(ax, dates: list[str]) -> None:
    """Row 0 is the state before the first step, dated with the first month too: say "start"."""
    labels = list(dates)
    if len(labels) > 1 and labels[0] == labels[1]:
        labels[0] = "start"
    step = max(1, len(labels) // 8)
    ax.set_xticks(range(0, len(labels), step))
    ax.set_xticklabels(labels[::step], rotation=45, ha="right", fontsize=8)


def fan_chart(
    path: Path,
    title: str,
    unit: str,
    dates: list[str],
    ensemble: np.ndarray,
    classes: dict[str, np.ndarray],
    percentiles: dict[str, float],
    documented: Sequence[Point] = (),
) -> None:
    """Median, 50 % and 90 % bands of the model's runs; each class as a line, its final
    percentile in the legend; the documented values as diamonds, hollow (and said so in the
    legend) when they come from outside the source documents."""
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    x = np.arange(ensemble.shape[1])
    bands = np.percentile(ensemble, [5, 25, 50, 75, 95], axis=0)
    ax.fill_between(x, bands[0], bands[4], color="#aab7b8", alpha=0.45, label="model: 90% of runs")
    ax.fill_between(x, bands[1], bands[3], color="#7f8c8d", alpha=0.55, label="model: 50% of runs")
    ax.plot(x, bands[2], color="#424949", lw=1, ls="--", label="model: median")
    for (name, series), colour in zip(classes.items(), COLOURS * 10, strict=False):
        label = f"{name} (percentile {percentiles[name]:.0f})"
        ax.plot(x[: len(series)], series, color=colour, lw=2.2, label=label)
    for outside in (False, True):
        shown = [p for p in documented if p.outside == outside]
        if not shown:
            continue
        where = "outside the source documents" if outside else "the source documents"
        ax.scatter(
            [p.x for p in shown],
            [p.value for p in shown],
            marker="D",
            s=42,
            zorder=4,
            facecolors="white" if outside else "black",
            edgecolors="black",
            label=f"documented ({where})",
        )
        for p in shown:
            ax.annotate(
                f"{p.value:,.0f} ({p.label})",
                (p.x, p.value),
                textcoords="offset points",
                xytext=(5, 6),
                fontsize=7,
            )
    ax.set_title(title, fontsize=10)
    ax.set_ylabel(unit, fontsize=9)
    _ticks(ax, dates)
    ax.legend(fontsize=7, loc="best")
    _save(fig, path)


def choices_figure(path: Path, seat: str, answers: list[Answer], dates: list[str]) -> None:
    """Each of the seat's answers by month and kind: filled where it matched the model's
    choice on the same numbers, a red cross where it did not."""
    kinds = sorted({a.kind for a in answers})
    fig, ax = plt.subplots(figsize=(7.5, 0.6 + 0.45 * max(1, len(kinds))))
    points: dict[bool, tuple[list[int], list[int]]] = {True: ([], []), False: ([], [])}
    for answer in answers:
        xs, ys = points[same_choice(answer)]
        xs.append(answer.step)  # row k of the series is the state after step k
        ys.append(kinds.index(answer.kind))
    ax.scatter(*points[True], marker="o", s=50, color="#1e8449", zorder=3)
    ax.scatter(*points[False], marker="x", s=50, color="#c0392b", zorder=3)
    ax.set_yticks(range(len(kinds)))
    ax.set_yticklabels(kinds, fontsize=8)
    ax.set_ylim(-0.7, len(kinds) - 0.3)
    ax.set_title(f"{seat}: o = as the model would have chosen, x = differently", fontsize=9)
    _ticks(ax, dates)
    ax.grid(axis="x", alpha=0.3)
    _save(fig, path)


def same_choice(answer: Answer) -> bool:
    a, b = answer.value, answer.model_value
    if isinstance(a, dict) and isinstance(b, dict):
        return all(abs(float(a[k]) - float(b.get(k, -9))) < 0.02 for k in a)
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) == bool(b)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(float(a) - float(b)) < 0.02 * max(1.0, abs(float(b)))
    return a == b


def timeline_figure(path: Path, name: str, events: list[dict], dates: list[str]) -> None:
    """Attacks per month as bars; rounds by result, agreements, strikes and injects marked."""
    fig, ax = plt.subplots(figsize=(7.5, 2.8))
    attacks = np.zeros(len(dates))
    marks: dict[str, list[int]] = {}
    for record in events:
        step = record["step"]
        kind = record["type"]
        if kind == "attack":
            attacks[step] += record.get("count", 1)
        elif kind == "round":
            marks.setdefault(f"round {record['result']}", []).append(step)
        elif kind in ("agreement", "strike", "inject", "spoil", "arrest"):
            marks.setdefault(kind, []).append(step)
    ax.bar(range(len(dates)), attacks, color="#d5d8dc", label="attacks")
    top = max(attacks.max(), 1.0)
    styles = {
        "agreement": ("*", "#1e8449"),
        "strike": ("v", "#c0392b"),
        "inject": ("D", "#7d3c98"),
        "spoil": ("X", "#b9770e"),
        "arrest": ("s", "#2471a3"),
    }
    for row, (kind, steps) in enumerate(sorted(marks.items())):
        marker, colour = styles.get(kind, ("o", COLOURS[row % len(COLOURS)]))
        ax.scatter(
            steps,
            [top * (1.1 + 0.12 * row)] * len(steps),
            marker=marker,
            color=colour,
            s=45,
            label=kind,
            zorder=3,
        )
    ax.set_ylim(0, top * (1.3 + 0.12 * len(marks)))
    ax.set_ylabel("attacks", fontsize=9)
    ax.set_title(f"{name}: timeline", fontsize=10)
    _ticks(ax, dates)
    # beside the axes, so the legend hides none of the marks' rows
    ax.legend(fontsize=6, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    _save(fig, path)


def turning_points_figure(path: Path, labels: list[str], effects: list[float], unit: str) -> None:
    fig, ax = plt.subplots(figsize=(7.5, 0.8 + 0.35 * max(1, len(labels))))
    y = np.arange(len(labels))
    ax.barh(y, effects, color="#2471a3")
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel(unit, fontsize=9)
    ax.set_title("Turning points: change in the outcome if this one choice is flipped", fontsize=9)
    _save(fig, path)
