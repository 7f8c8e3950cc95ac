"""Analyse a sweep folder: the summary table, Sobol indices and the figures, written to disk."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from sim.errors import InputError
from sim.sweep.store import read_manifest, read_runs
from sim.sweep.summary import outcome_kinds, point_order, summarise

PREFERRED = ("tension.mean", "final_status_quo.us_troops", "violence.attacks")
UNCERTAINTY_NOTES = {
    "seed": "uncertainty: seed only (parameters at their values)",
    "parameters": "uncertainty: parameters only (one seed, ranges and dists drawn)",
    "both": "uncertainty: seed and parameters (ranges and dists drawn)",
}


def uncertainty_of(manifest: dict[str, Any]) -> str:
    """What varies between a sweep's runs; folders written before the option are seed-only."""
    return str(manifest.get("uncertainty", "seed"))


def uncertainty_note(manifest: dict[str, Any]) -> str:
    """The line every figure's title ends with."""
    return UNCERTAINTY_NOTES[uncertainty_of(manifest)]


@dataclass
class Analysis:
    folder: Path
    out: Path
    written: list[Path] = field(default_factory=list)


def _choose_outcome(table: pd.DataFrame, numeric: list[str], asked: str | None) -> str:
    if asked:
        if asked not in numeric:
            raise InputError(f"not a numeric outcome of this sweep: {asked}", file="--outcome")
        return asked
    varying = [n for n in numeric if pd.to_numeric(table[n], errors="coerce").nunique() > 1]
    for name in (*PREFERRED, *varying, *numeric):
        if name in numeric:
            return name
    raise InputError("the sweep has no numeric outcome to plot", file="--outcome")


def _varied(manifest: dict[str, Any]) -> list[str]:
    """Swept parameters, then sampled ones: what a heat map can put on its axes."""
    return [*manifest["parameters"], *manifest.get("sampled", {})]


def _parameter(manifest: dict[str, Any], name: str | None, option: str, default: str) -> str:
    if name is None:
        return default
    if name not in _varied(manifest):
        raise InputError(f"not a swept or sampled parameter: {name}", file=option)
    return name


def _stored(manifest: dict, column: str) -> None:
    if column not in manifest.get("series", []):
        raise InputError(
            f"no series '{column}' was stored; run the sweep with --series {column}",
            file="--series",
        )


def _point(manifest: dict, point: str) -> dict:
    keys = {p["key"]: p for p in manifest["points"]}
    by_index = {str(p["index"]): p for p in manifest["points"]}
    chosen = keys.get(point) or by_index.get(point)
    if chosen is None:
        raise InputError(f"no design point '{point}' (give its index or key)", file="--point")
    return chosen


def _fan(analysis: Analysis, table: pd.DataFrame, manifest: dict, column: str, point: str | None):
    from sim.sweep.figures import fan_chart, read_series

    _stored(manifest, column)
    ok = table[table["status"] == "ok"]
    title = f"{column} across {{n}} runs"
    if point is not None:
        chosen = _point(manifest, point)
        ok = ok[ok["point"] == chosen["key"]]
        title += f" at point {chosen['index']}"
    if ok.empty:
        raise InputError("no finished runs to draw", file=str(analysis.folder))
    dates, values = read_series(analysis.folder, ok["run_id"].tolist(), column)
    safe = column.replace(":", "_")
    path = analysis.out / f"fan_{safe}.png"
    note = uncertainty_note(manifest)
    chart = fan_chart(dates, values, column, title.format(n=len(ok)), path, note)
    analysis.written.append(chart)


def analyze(
    folder: Path,
    *,
    outcome: str | None = None,
    x: str | None = None,
    y: str | None = None,
    series: list[str] = (),
    point: str | None = None,
    out: Path | None = None,
) -> Analysis:
    """Write summary.csv, sobol.csv (Saltelli designs) and the figures into ``out``."""
    from sim.sweep.figures import box_plots, heat_map

    folder = Path(folder)
    manifest = read_manifest(folder)
    table = read_runs(folder)
    analysis = Analysis(folder, Path(out) if out else folder / "analysis")
    for column in series:  # every option checked before anything is written
        _stored(manifest, column)
    if point is not None:
        _point(manifest, point)
    if (table["status"] == "ok").any():
        _choose_outcome(table, outcome_kinds(table, manifest["outcomes"])[0], outcome)
        for name, option in ((x, "--x"), (y, "--y")):
            _parameter(manifest, name, option, "")
    analysis.out.mkdir(parents=True, exist_ok=True)
    summary = summarise(table, manifest)
    summary.insert(0, "uncertainty", uncertainty_of(manifest))
    note = uncertainty_note(manifest)
    summary_path = analysis.out / "summary.csv"
    summary.to_csv(summary_path, index=False, float_format="%.6g")
    analysis.written.append(summary_path)
    if not (table["status"] == "ok").any():
        return analysis
    numeric, _ = outcome_kinds(table, manifest["outcomes"])
    chosen = _choose_outcome(table, numeric, outcome)
    points = point_order(manifest)
    box = box_plots(table, points, chosen, analysis.out / f"box_{chosen}.png", note)
    analysis.written.append(box)
    names = _varied(manifest)
    if len(names) >= 2 or ((x or y) and names):
        px = _parameter(manifest, x, "--x", names[0])
        py = _parameter(manifest, y, "--y", names[1] if len(names) > 1 else names[0])
        path = analysis.out / f"heatmap_{chosen}.png"
        analysis.written.append(heat_map(table, px, py, chosen, path, note))
    if manifest["design"]["kind"] in ("sobol", "saltelli"):
        analysis.written += _sobol(analysis, table, manifest, numeric, chosen)
    for column in series:
        _fan(analysis, table, manifest, column, point)
    return analysis


def _sobol(
    analysis: Analysis, table: pd.DataFrame, manifest: dict, numeric: list[str], chosen: str
):
    from sim.sweep.figures import sobol_chart
    from sim.sweep.sobol import sobol_indices

    ok = table[table["status"] == "ok"]
    frames = []
    for name in numeric:
        means = pd.to_numeric(ok[name], errors="coerce").groupby(ok["point"]).mean().to_dict()
        frame = sobol_indices(manifest, means)
        frame.insert(0, "outcome", name)
        frame.insert(0, "uncertainty", uncertainty_of(manifest))
        frames.append(frame)
        if name == chosen:
            path = analysis.out / f"sobol_{name}.png"
            chart = sobol_chart(frame, name, path, uncertainty_note(manifest))
    path = analysis.out / "sobol.csv"
    pd.concat(frames).to_csv(path, index=False, float_format="%.6g")
    return [path, chart]
