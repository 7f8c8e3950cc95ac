"""Figures drawn from a run's plain data only, so sweeps and debriefs can reuse them."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from sim.results import RunResult

_PNG = {"Software": None}  # no version stamp, so the same data gives the same bytes


def _save(fig, path: Path, dpi: int) -> None:
    fig.tight_layout()
    fig.savefig(path, dpi=dpi, metadata=_PNG)
    plt.close(fig)


def _dates(result: RunResult) -> list[str]:
    return result.series("date")


def _ticks(ax, dates: list[str]) -> None:
    step = max(1, len(dates) // 8)
    ax.set_xticks(range(0, len(dates), step))
    ax.set_xticklabels(dates[::step], rotation=45, ha="right", fontsize=8)


def _issues(result: RunResult) -> dict[str, dict]:
    return result.resolved["issues"]


def positions_figure(result: RunResult, issue: str, path: Path, dpi: int) -> None:
    """Each actor's position on one issue over time, the status quo in black, agreements marked."""
    meta = _issues(result)[issue]
    dates = _dates(result)
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for column in result.columns:
        if column.startswith("position:") and column.endswith(f":{issue}"):
            actor = column.split(":")[1]
            ax.plot(result.series(column), label=result.resolved["actors"][actor]["name"], lw=1.2)
    ax.plot(result.series(f"status_quo:{issue}"), color="black", lw=2.5, label="status quo")
    for agreement in result.outcomes["agreements"]:
        if issue in agreement["deal"]:
            ax.axvline(agreement["step"], color="grey", ls=":", lw=1)
            ax.plot(
                agreement["step"],
                agreement["deal"][issue],
                marker="*",
                color="gold",
                ms=12,
                markeredgecolor="black",
            )
    ax.set_title(f"{meta['label']}: positions and agreements (stars)")
    ax.set_ylabel(meta["units"])
    ax.set_ylim(
        meta["min"] if not isinstance(meta["min"], dict) else meta["min"]["value"],
        meta["max"] if not isinstance(meta["max"], dict) else meta["max"]["value"],
    )
    _ticks(ax, dates)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5))
    _save(fig, path, dpi)


def status_quo_figure(result: RunResult, path: Path, dpi: int) -> None:
    """Each issue's status quo (the troop level among them), one panel per issue."""
    issues = list(_issues(result))
    fig, axes = plt.subplots(len(issues), 1, figsize=(8, 2.4 * len(issues)), squeeze=False)
    for ax, issue in zip(axes[:, 0], issues, strict=True):
        meta = _issues(result)[issue]
        ax.plot(result.series(f"status_quo:{issue}"), color="black", lw=2)
        ax.set_title(meta["label"], fontsize=10)
        ax.set_ylabel(meta["units"], fontsize=8)
        _ticks(ax, _dates(result))
    _save(fig, path, dpi)


def violence_figure(result: RunResult, path: Path, dpi: int) -> None:
    """Attacks, strikes, arrests per step as bars; tension as a line."""
    fig, ax = plt.subplots(figsize=(8, 4))
    steps = result.series("step")
    bottom = [0] * len(steps)
    for name, colour in (
        ("attacks", "firebrick"),
        ("strikes", "navy"),
        ("arrests", "seagreen"),
        ("spoils", "darkorange"),
        ("protests", "purple"),
    ):
        values = result.series(name)
        if any(values):
            ax.bar(steps, values, bottom=bottom, color=colour, label=name, width=0.8)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylabel("events per step")
    twin = ax.twinx()
    twin.plot(steps, result.series("tension"), color="black", lw=1.5, label="tension")
    twin.set_ylim(0, 1)
    twin.set_ylabel("tension (0-1)")
    ax.set_title("Violence and escalation")
    _ticks(ax, _dates(result))
    handles = ax.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
    ax.legend(handles=handles, fontsize=8, loc="upper right")
    _save(fig, path, dpi)


def domestic_figure(result: RunResult, path: Path, dpi: int) -> None:
    """The government's stability and what wears it down."""
    fig, ax = plt.subplots(figsize=(8, 4))
    for name, style in (
        ("stability", "-"),
        ("fiscal_stress", "--"),
        ("power_shortfall", ":"),
        ("faction_pressure", "-."),
    ):
        ax.plot(result.series(name), ls=style, lw=1.8, label=name.replace("_", " "))
    ax.set_ylim(0, 1)
    ax.set_title("Home front of the government")
    _ticks(ax, _dates(result))
    ax.legend(fontsize=8)
    _save(fig, path, dpi)


def trust_figure(result: RunResult, path: Path, dpi: int) -> None:
    """Trust of each actor (rows) toward each other (columns) at the end of the run."""
    trust = result.outcomes["trust"]
    actors = list(trust)
    matrix = [[trust[a].get(b, float("nan")) for b in actors] for a in actors]
    fig, ax = plt.subplots(figsize=(1.0 + 0.7 * len(actors), 0.8 + 0.6 * len(actors)))
    image = ax.imshow(matrix, vmin=0, vmax=1, cmap="RdYlGn")
    ax.set_xticks(range(len(actors)))
    ax.set_xticklabels(actors, rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(len(actors)))
    ax.set_yticklabels(actors, fontsize=8)
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            if value == value:
                ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=6)
    ax.set_title("Trust at the end (row toward column)")
    fig.colorbar(image, ax=ax, fraction=0.046)
    _save(fig, path, dpi)


def save_figures(result: RunResult, folder: Path) -> list[Path]:
    """Every figure the scenario's ``outputs.figures`` asks for, as PNG files in ``folder``."""
    outputs = result.resolved.get("outputs", {})
    wanted = outputs.get("figures", ["positions", "status_quo", "violence", "domestic", "trust"])
    dpi = outputs.get("dpi", 100)
    written: list[Path] = []
    if "positions" in wanted:
        for issue in _issues(result):
            path = folder / f"positions_{issue}.png"
            positions_figure(result, issue, path, dpi)
            written.append(path)
    simple = {
        "status_quo": status_quo_figure,
        "violence": violence_figure,
        "trust": trust_figure,
    }
    if "stability" in result.columns:
        simple["domestic"] = domestic_figure
    for name, draw in simple.items():
        if name in wanted:
            path = folder / f"{name}.png"
            draw(result, path, dpi)
            written.append(path)
    return written
