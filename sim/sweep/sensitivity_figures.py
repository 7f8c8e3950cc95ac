"""Sensitivity figures: Sobol indices with their intervals, and a warning on the figure itself
when the sample is too small for the intervals to tell the indices apart."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pandas as pd

from sim.plots.labels import spread
from sim.sweep.figures import MAX_WIDTH, grouped_ticks, plt, save
from sim.sweep.names import Labels

MARGIN = 0.04  # of the largest value: room below and left of 0 on the Morris chart


def sobol_chart(
    indices: pd.DataFrame, outcome: str, title: str, warning: str, path: Path, labels: Labels
) -> Path:
    """S1 and ST bars with 95% intervals; unresolved parameters hatched, the warning on top."""
    at = np.arange(len(indices))
    fig, ax = plt.subplots(
        figsize=(min(MAX_WIDTH, max(6.0, 1.5 * len(indices) + 2.5)), 5.0), layout="constrained"
    )
    unresolved = (
        indices["note"].fillna("").ne("").to_numpy()
        & ~indices["note"].eq("constant outcome").to_numpy()
    )
    for offset, name, color in ((-0.2, "S1", "tab:blue"), (0.2, "ST", "tab:orange")):
        values = indices[name].to_numpy(float)
        low = values - indices[f"{name}_low"].to_numpy(float)
        high = indices[f"{name}_high"].to_numpy(float) - values
        bars = ax.bar(
            at + offset, values, 0.4, yerr=[low, high], capsize=4, label=name, color=color
        )
        for bar, bad in zip(bars, unresolved, strict=True):
            if bad:
                bar.set_hatch("//")
                bar.set_alpha(0.5)
    ticks = [
        labels.tick(p) + ("\n(unresolved)" if bad else "")
        for p, bad in zip(indices["parameter"], unresolved, strict=True)
    ]
    ax.set_xticks(at, ticks, fontsize=8)
    ax.axhline(0, color="black", linewidth=0.6)
    ax.set_ylabel(f"Sobol index: share of the variance of\n{labels.outcome(outcome)}", fontsize=9)
    ax.legend(loc="upper left", fontsize=8)
    bounds = indices[["S1_low", "ST_low", "S1_high", "ST_high"]].to_numpy(float)
    outside = bool(np.nanmax(bounds, initial=0) > 1 or np.nanmin(bounds, initial=0) < 0)
    note = (
        "\nan index lies in 0..1: whiskers beyond are sampling error (more samples narrow them)"
        if outside
        else ""
    )
    ax.set_title(f"{title}\nbars: estimate; whiskers: 95% bootstrap interval{note}", fontsize=9)
    if outside:  # shade where no index can be, so a whisker there reads as noise
        ax.axhspan(1, 100, color="0.92", zorder=0)
        ax.axhspan(-100, 0, color="0.92", zorder=0)
    if warning:
        ax.text(
            0.99,
            0.98,
            "\n".join(textwrap.wrap("Warning: " + warning, 48)),
            transform=ax.transAxes,
            ha="right",
            va="top",
            fontsize=8,
            color="darkred",
            bbox={"boxstyle": "round", "facecolor": "mistyrose", "edgecolor": "darkred"},
        )
    top = np.nanmax(indices[["S1_high", "ST_high"]].to_numpy(float), initial=1.0)
    ax.set_ylim(
        min(-0.1, np.nanmin(indices[["S1_low", "ST_low"]].to_numpy(float), initial=0.0) - 0.05),
        max(1.05, top + 0.05) * (1.35 if warning else 1.0),
    )
    return save(fig, path, labels.source)


def morris_chart(
    indices: pd.DataFrame, outcome: str, title: str, path: Path, labels: Labels
) -> Path:
    """mu* against sigma, one labelled dot per parameter, mu* with its 95% interval.

    Right means a larger effect; up means the effect varies from place to place (interactions
    or a non-linear response); near the axes' origin a parameter can be fixed.
    """
    fig, ax = plt.subplots(figsize=(8.5, 5.2), layout="constrained")
    mu_star, sigma = indices["mu_star"].to_numpy(float), indices["sigma"].to_numpy(float)
    error = [
        mu_star - indices["mu_star_low"].to_numpy(float),
        indices["mu_star_high"].to_numpy(float) - mu_star,
    ]
    unresolved = indices["note"].fillna("").ne("").to_numpy()
    ax.errorbar(mu_star, sigma, xerr=error, fmt="none", ecolor="0.5", capsize=3)
    ax.scatter(mu_star, sigma, c=np.where(unresolved, "tab:gray", "tab:blue"), s=40, zorder=3)
    top = np.nanmax(np.concatenate([mu_star + error[1], sigma]), initial=1e-9)
    ax.plot([0, top], [0, top], color="0.6", linestyle=":", linewidth=1, label="sigma = mu*")
    # a margin below and left of 0, so a parameter without effect shows as a whole dot at the
    # corner, not a quarter of one under the spines
    low = -MARGIN * top
    ax.set_xlim(low, top * 1.15)
    ax.set_ylim(low, top * 1.05)
    # labels in a column right of the axes, spread so none sits on another, each with a
    # leader to its dot
    names = [
        labels.parameter(n) + (" (unresolved)" if bad else "")
        for n, bad in zip(indices["parameter"], unresolved, strict=True)
    ]
    finite = [float(y) if np.isfinite(y) else 0.0 for y in sigma]
    spots = spread(finite, 0.07 * top * 1.05, low, top * 1.05)
    for name, x, y, spot in zip(names, mu_star, finite, spots, strict=True):
        ax.annotate(
            name,
            (x, y),
            xytext=(top * 1.19, spot),
            textcoords="data",
            fontsize=8,
            va="center",
            annotation_clip=False,
            arrowprops={"arrowstyle": "-", "color": "0.6", "linewidth": 0.6},
        )
    ax.set_xlabel(f"mu*: mean absolute effect of a 2/3-range step on\n{labels.outcome(outcome)}")
    ax.set_ylabel("sigma: spread of the effects")
    grouped_ticks(ax)
    ax.legend(loc="upper left", fontsize=8)
    ax.set_title(f"{title}\nwhiskers: 95% bootstrap interval of mu*", fontsize=9)
    return save(fig, path, labels.source)
