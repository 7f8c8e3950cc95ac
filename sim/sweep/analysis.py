"""Analyse a sweep folder: the summary table, Sobol indices, scenario discovery and the figures
that fit its design, written to disk."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.errors import InputError
from sim.sweep.condition import Condition
from sim.sweep.discovery import boxes_table, feature_scores, inputs, run_prim
from sim.sweep.names import Labels
from sim.sweep.progress import Step
from sim.sweep.store import read_manifest, read_runs_checked
from sim.sweep.summary import outcome_kinds, summarise

PREFERRED = ("tension.mean", "final_status_quo.us_troops", "violence.attacks")
SAMPLED = ("random", "latin_hypercube", "sobol", "saltelli", "morris")


@dataclass
class Analysis:
    folder: Path
    out: Path
    labels: Labels = field(default_factory=Labels)  # the sweep's issue labels and units
    quiet: bool = False  # no progress lines on stderr
    written: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


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


def _varied(manifest: dict[str, Any]) -> list[str]:
    """Swept parameters, then sampled ones: what a figure can put on its axes."""
    return [*manifest["parameters"], *manifest.get("sampled", {})]


def default_axes(manifest: dict[str, Any]) -> tuple[str | None, str | None]:
    """``--x`` and ``--y`` when not given: the first and second swept parameters. A drawn
    parameter takes an axis only when nothing is swept (an ensemble): a grid's levels are not
    split by a nuisance number drawn per run."""
    swept = list(manifest["parameters"])
    names = swept or list(manifest.get("sampled", {}))
    return (names[0] if names else None), (names[1] if len(names) > 1 else None)


def _parameter(
    manifest: dict[str, Any], name: str | None, option: str, default: str | None
) -> str | None:
    if name is None:
        return default
    if name not in _varied(manifest):
        raise InputError(f"not a swept or sampled parameter: {name}", file=option)
    return name


def _failed(table: pd.DataFrame) -> int:
    return int((table["status"] == "failed").sum())


def _title(what: str, manifest: dict[str, Any], runs: int, failed: int = 0) -> str:

    # matplotlib: only when drawing
    from sim.sweep.figures import design_caption

    caption = design_caption(manifest, runs, failed)
    # not wrapped here: the figure wraps every title line to its own width (figures.fit_titles);
    # wrapped twice, a line of the first wrap left one word alone ('Baghdad:') in the second
    return f"{what}\n{caption}; {uncertainty_note(manifest)}"


def _point(manifest: dict[str, Any], point: str | None) -> dict[str, Any] | None:
    """The design point named by --point (its index or key), or None for all points."""
    if point is None:
        return None
    keys = {p["key"]: p for p in manifest["points"]}
    by_index = {str(p["index"]): p for p in manifest["points"]}
    chosen = keys.get(point) or by_index.get(point)
    if chosen is None:
        raise InputError(f"no design point '{point}' (give its index or key)", file="--point")
    return chosen


def _fan_rows(table: pd.DataFrame, point: dict | None) -> pd.DataFrame:
    return table if point is None else table[table["point"] == point["key"]]


def _fan_data(
    analysis: Analysis, table: pd.DataFrame, column: str, point: dict | None
) -> tuple[list[str], np.ndarray]:
    """The stored series of the runs a fan chart draws, read (and checked) before anything is
    written."""
    from sim.sweep.figures import read_series

    ok = _fan_rows(table, point)
    ok = ok[ok["status"] == "ok"]
    if ok.empty:
        raise InputError("no finished runs to draw", file=str(analysis.folder))
    what = f"reading {column} from the series files"
    with Step(what, total=len(ok), unit="file", quiet=analysis.quiet) as step:
        return read_series(analysis.folder, ok["run_id"].tolist(), column, step.advance)


def _fan(
    analysis: Analysis,
    table: pd.DataFrame,
    manifest: dict,
    column: str,
    point: dict | None,
    data: tuple[list[str], np.ndarray],
) -> None:
    from sim.sweep.figures import band_spans, fan_chart, is_either_or, share_chart

    labels = analysis.labels
    rows = _fan_rows(table, point)
    where = "" if point is None else f" at design point {point['index']}"
    dates, values = data
    ok = rows[rows["status"] == "ok"]
    safe = column.replace(":", "_")
    where += f" ({band_spans(manifest, ok['point'].nunique(), len(ok))})"
    if is_either_or(values):
        title = _title(
            f"Share of runs with {labels.series_words(column)}, each month{where}",
            manifest,
            len(ok),
            _failed(rows),
        )
        path = share_chart(dates, values, column, title, analysis.out / f"share_{safe}.png", labels)
    else:
        title = _title(
            f"{labels.series_words(column)} over time{where}: median and bands",
            manifest,
            len(ok),
            _failed(rows),
        )
        path = fan_chart(dates, values, column, title, analysis.out / f"fan_{safe}.png", labels)
    analysis.written.append(path)


def _distributions(
    analysis: Analysis,
    table: pd.DataFrame,
    manifest: dict,
    chosen: str,
    x: str | None,
    y: str | None,
) -> None:
    """The figures that fit the design: levels (and a heat map) for grids, points for samples."""
    runs, failed = int((table["status"] == "ok").sum()), _failed(table)
    labels = analysis.labels
    what = labels.outcome_words(chosen)
    names = _varied(manifest)
    if not names or x is None:
        return  # an ensemble of one point with nothing drawn: the fans say it all
    if manifest["design"]["kind"] in SAMPLED or not manifest["parameters"]:
        # matplotlib: only when drawing
        from sim.sweep.sample_figures import scatter_map, scatter_panels

        title = _title(f"{what} against each parameter", manifest, runs, failed)
        path = analysis.out / f"scatter_{chosen}.png"
        analysis.written.append(scatter_panels(table, names, chosen, title, path, labels))
        if y is not None:
            title = _title(
                f"{what} over {labels.parameter_words(y)} and {labels.parameter_words(x)}",
                manifest,
                runs,
                failed,
            )
            path = analysis.out / f"map_{chosen}.png"
            analysis.written.append(scatter_map(table, x, y, chosen, title, path, labels))
        return
    # matplotlib: only when drawing
    from sim.sweep.grid_figures import heat_map, is_full_grid, level_plot

    title = _title(f"{what} at each value of {labels.parameter_words(x)}", manifest, runs, failed)
    path = analysis.out / f"levels_{chosen}.png"
    analysis.written.append(level_plot(table, x, y, chosen, title, path, labels))
    if y is not None and is_full_grid(manifest, x, y):
        pooled = " (other parameters pooled)" if len(names) > 2 else ""
        title = _title(f"{what} over the grid{pooled}", manifest, runs, failed)
        path = analysis.out / f"heatmap_{chosen}.png"
        analysis.written.append(heat_map(table, x, y, chosen, title, path, labels))


def analyze(
    folder: Path,
    *,
    outcome: str | None = None,
    x: str | None = None,
    y: str | None = None,
    series: Sequence[str] = (),
    point: str | None = None,
    discover: str | None = None,
    out: Path | None = None,
    quiet: bool = False,
) -> Analysis:
    """Write summary.csv, the design's figures, sobol.csv (Saltelli designs), discovery
    results (with ``discover``) and fan or share charts into ``out``; a step that takes over
    2 s says so on stderr unless ``quiet``."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    with Step("reading runs.csv", quiet=quiet):
        table, notes = read_runs_checked(folder, manifest)
    names = _varied(manifest)
    # every option is checked before anything is written
    condition = None
    if discover is not None:
        from sim.sweep.condition import parse_condition

        condition = parse_condition(discover, list(table.columns), names)
    finished = bool((table["status"] == "ok").any())
    numeric, _ = outcome_kinds(table, manifest["outcomes"])
    chosen = _choose_outcome(table, numeric, outcome) if finished else ""
    default_x, default_y = default_axes(manifest)
    px = _parameter(manifest, x, "--x", default_x)
    py = _parameter(manifest, y, "--y", default_y)
    py = None if py == px else py
    chosen_point = _point(manifest, point)
    for column in series:
        if column not in manifest.get("series", []):
            raise InputError(
                f"no series '{column}' was stored; run the sweep with --series {column}",
                file="--series",
            )
    analysis = Analysis(
        folder,
        Path(out) if out else folder / "analysis",
        Labels.of(manifest),
        quiet,
        messages=notes,
    )
    fans = {c: _fan_data(analysis, table, c, chosen_point) for c in series} if finished else {}
    analysis.out.mkdir(parents=True, exist_ok=True)  # every file read and checked by now
    with Step(f"summary of {len(table):,} runs", quiet=quiet):
        summary = summarise(table, manifest)
    summary.insert(0, "uncertainty", uncertainty_of(manifest))
    summary_path = analysis.out / "summary.csv"
    summary.to_csv(summary_path, index=False, float_format="%.6g")
    analysis.written.append(summary_path)
    if not finished:
        analysis.messages.append("no finished run: only summary.csv was written")
        return analysis
    with Step("figures of the design", quiet=quiet):
        _distributions(analysis, table, manifest, chosen, px, py)
    if manifest["design"]["kind"] in ("sobol", "saltelli"):
        _sobol(analysis, table, manifest, numeric, chosen)
    if manifest["design"]["kind"] == "morris":
        _morris(analysis, table, manifest, numeric, chosen)
    if condition is not None:
        _discover(analysis, table, manifest, condition)
    with Step("fan and share charts", total=len(fans), unit="chart", quiet=quiet) as step:
        for column, data in fans.items():
            _fan(analysis, table, manifest, column, chosen_point, data)
            step.advance()
    return analysis


def _sobol(
    analysis: Analysis, table: pd.DataFrame, manifest: dict, numeric: list[str], chosen: str
) -> None:
    # matplotlib: only when drawing
    from sim.sweep.sensitivity_figures import sobol_chart
    from sim.sweep.sobol import precision, sobol_indices

    ok = table[table["status"] == "ok"]
    replications = int(manifest["design"].get("replications") or 1)
    design_samples = int(manifest["design"].get("base_samples") or 0)
    frames = []
    chart = None
    with Step("Sobol indices", len(numeric), "outcome", analysis.quiet) as step:
        for name in numeric:
            values = pd.to_numeric(ok[name], errors="coerce")
            frame = sobol_indices(manifest, values.groupby(ok["point"]).mean().to_dict())
            found = precision(frame, replications, design_samples)
            frame.insert(0, "outcome", name)
            frame.insert(0, "uncertainty", uncertainty_of(manifest))
            frame["runs_needed"] = found.runs_needed if not found.resolved else ""
            frames.append(frame)
            step.advance()
            if name == chosen:
                warning = found.message(replications)
                if warning:
                    analysis.messages.append(f"sobol: {name}: {warning}")
                what = analysis.labels.outcome_words(name)
                title = _title(f"Sensitivity of {what}", manifest, len(ok), _failed(table))
                path = analysis.out / f"sobol_{name}.png"
                chart = sobol_chart(frame, name, title, warning, path, analysis.labels)
    path = analysis.out / "sobol.csv"
    pd.concat(frames).to_csv(path, index=False, float_format="%.6g")
    analysis.written += [path] + ([chart] if chart else [])


def _morris(
    analysis: Analysis, table: pd.DataFrame, manifest: dict, numeric: list[str], chosen: str
) -> None:
    from sim.sweep.morris import morris_indices

    # matplotlib: only when drawing
    from sim.sweep.sensitivity_figures import morris_chart

    ok = table[table["status"] == "ok"]
    frames = []
    chart = None
    with Step("Morris indices", len(numeric), "outcome", analysis.quiet) as step:
        for name in numeric:
            values = pd.to_numeric(ok[name], errors="coerce")
            frame = morris_indices(manifest, values.groupby(ok["point"]).mean().to_dict())
            frame.insert(0, "outcome", name)
            frames.append(frame)
            step.advance()
            if name == chosen:
                what = analysis.labels.outcome_words(name)
                title = _title(f"Morris screening of {what}", manifest, len(ok), _failed(table))
                path = analysis.out / f"morris_{name}.png"
                chart = morris_chart(frame, name, title, path, analysis.labels)
    path = analysis.out / "morris.csv"
    pd.concat(frames).to_csv(path, index=False, float_format="%.6g")
    analysis.written += [path] + ([chart] if chart else [])


def _discover(
    analysis: Analysis, table: pd.DataFrame, manifest: dict, condition: Condition
) -> None:
    """Write discovery_*.csv and figures for the runs that meet ``condition``."""
    from sim.sweep import discovery_figures as figures  # matplotlib: only when drawing

    # matplotlib: only when drawing
    from sim.sweep.figures import design_caption

    labels = analysis.labels
    ok = table[table["status"] == "ok"].reset_index(drop=True)
    x = inputs(ok, [*manifest["parameters"], *manifest.get("sampled", {})])
    met = condition.evaluate(ok).to_numpy()
    cases = int(met.sum())
    say = f"discover: {condition.text}: {cases} of {len(ok)} runs"
    if x.empty or cases == 0 or cases == len(ok):
        why = (
            "no numeric swept or drawn parameter"
            if x.empty
            else ("no run meets it" if cases == 0 else "every run meets it")
        )
        analysis.messages.append(f"{say}; nothing to discover ({why})")
        return
    with Step(f"scenario discovery over {len(ok):,} runs", quiet=analysis.quiet):
        found = run_prim(x, met, condition)
        scores = feature_scores(x, met)
    out = analysis.out
    caption = design_caption(manifest, len(ok), int((table["status"] == "failed").sum()))
    found.trajectory.to_csv(
        out / "discovery_trajectory.csv", index_label="step", float_format="%.6g"
    )
    boxes_table(found).to_csv(out / "discovery_boxes.csv", index=False, float_format="%.6g")
    scores.to_csv(out / "discovery_scores.csv", index=False, float_format="%.6g")
    analysis.written += [
        out / "discovery_trajectory.csv",
        out / "discovery_boxes.csv",
        out / "discovery_scores.csv",
    ]
    with Step("discovery figures", quiet=analysis.quiet):
        analysis.written += [
            figures.tradeoff(found, caption, out / "discovery_tradeoff.png", labels),
            figures.box_ranges(found, caption, out / "discovery_boxes.png", labels),
            figures.scores_chart(
                scores, labels.condition(condition), caption, out / "discovery_scores.png", labels
            ),
        ]
    first = found.boxes[0]
    restricted = ", ".join(first.restrictions()) or "nothing"
    caution = "; ".join(first.warnings())
    analysis.messages.append(
        f"{say}; box 1 holds {first.coverage:.0%} of them at density {first.density:.0%} "
        f"(base rate {found.base_rate:.0%}), restricting {restricted}"
        + (f" (caution: {caution})" if caution else "")
    )
