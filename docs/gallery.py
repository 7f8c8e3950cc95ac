"""Regenerate docs/gallery/: every kind of sweep figure, from small sweeps of shipped files;
then the run figure gallery (docs/run_gallery.py), so one command redraws every figure the docs
show after a change to the model:

    .venv/bin/python docs/gallery.py            # a few minutes on 2 idle cores (1,900 runs)

Runs seven sweeps into a temporary folder, analyses them and copies one figure of each kind into
docs/gallery/ with docs/gallery.md listing them, so a reviewer sees every figure kind at once.
Seeds are fixed and PNGs carry no version stamp: the same code gives the same files.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sim.cli import main  # noqa: E402
from sim.sweep.analysis import analyze  # noqa: E402

GALLERY = ROOT / "docs" / "gallery"
SWEEPS = ROOT / "scenarios" / "sweeps"
MEDIATION = ROOT / "scenarios" / "regional_mediation" / "iran_saudi_baghdad.yaml"


@dataclass(frozen=True)
class Shown:
    name: str  # file name in docs/gallery/
    source: str  # file name in the sweep's analysis folder
    kind: str
    sweep: str
    what: str


def _sweep(folder: Path, *argv: str) -> Path:
    code = main(["sweep", *argv, "--out", str(folder), "--quiet"])
    if code:
        raise SystemExit(f"sweep failed: {argv}")
    return folder


def build(work: Path) -> list[tuple[Shown, Path]]:
    """Run the sweeps, analyse them, return (entry, figure path) for every figure kind."""
    series = "tension,fiscal_stress,strikes"
    grid = _sweep(work / "grid", str(SWEEPS / "withdrawal_resolve.yaml"), "--series", series)
    analyze(grid, series=series.split(","), discover="tension.mean > 0.215")
    levels = _sweep(
        work / "levels",
        str(MEDIATION),
        "-p",
        "tracks.iran_saudi_talks.mediation_bonus=0:0.3:60",
        "--replications",
        "2",
        "--seed",
        "1",
    )
    analyze(levels, outcome="final_status_quo.iran_saudi_ties")
    sample = _sweep(
        work / "lhs",
        str(SWEEPS / "mediation_standing.yaml"),
        "--design",
        "latin_hypercube",
        "--samples",
        "120",
        "--replications",
        "1",
    )
    analyze(sample, outcome="final_status_quo.iran_saudi_ties", series=[])
    small = _sweep(
        work / "saltelli16",
        str(SWEEPS / "mediation_standing.yaml"),
        "--samples",
        "16",
        "--replications",
        "2",
    )
    analyze(small, outcome="tension.mean", series=[])
    failing = _sweep(
        work / "failing",
        str(ROOT / "scenarios" / "baseline_2020.yaml"),
        "-p",
        "issues.iran_saudi_ties.min=0:6:4",
        "-p",
        "issues.iran_saudi_ties.status_quo=1,4,7,10",
        "--replications",
        "2",
        "--seed",
        "3",
    )  # each value is valid alone; where the scale's minimum is above the status quo, runs fail
    analyze(failing, outcome="tension.mean", series=[])
    morris = _sweep(
        work / "morris",
        str(SWEEPS / "mediation_standing.yaml"),
        "--design",
        "morris",
        "--samples",
        "20",
    )
    analyze(morris, outcome="tension.mean", series=[])
    shipped = _sweep(work / "saltelli", str(SWEEPS / "mediation_standing.yaml"))
    analyze(shipped, outcome="final_status_quo.iran_saudi_ties", series=[])

    grid_name = "withdrawal_resolve.yaml (4 x 4 grid, 5 replications)"
    entries = [
        (
            grid,
            Shown(
                "grid_levels.png",
                "levels_tension.mean.png",
                "runs per level (grid)",
                grid_name,
                "every run as a point at its parameter value, a box where a "
                "level has 5 runs or more; one panel per value of the second parameter",
            ),
        ),
        (
            grid,
            Shown(
                "grid_heatmap.png",
                "heatmap_tension.mean.png",
                "heat map (full 2-D grid)",
                grid_name,
                "median of each cell's runs, the value written in the cell; "
                "cells without a finished run would be hatched",
            ),
        ),
        (
            failing,
            Shown(
                "grid_heatmap_failed.png",
                "heatmap_tension.mean.png",
                "heat map with failed runs",
                "baseline_2020.yaml with -p, 4 x 4 grid "
                "of the Iran-Saudi scale's minimum and status quo: runs whose status quo "
                "lies below the minimum fail",
                "cells without a finished run are hatched and counted in the title",
            ),
        ),
        (
            levels,
            Shown(
                "many_levels.png",
                "levels_final_status_quo.iran_saudi_ties.png",
                "runs per level, binned",
                "iran_saudi_baghdad.yaml with -p mediation_bonus=0:0.3:60, 2 replications",
                "60 levels are binned into 10 ranges instead of 60 unreadable boxes",
            ),
        ),
        (
            sample,
            Shown(
                "sample_scatter.png",
                "scatter_final_status_quo.iran_saudi_ties.png",
                "scatter per parameter (sampled design)",
                "mediation_standing.yaml as a Latin hypercube of 120 points",
                "every run against each parameter, with the median and middle half in 8 bins",
            ),
        ),
        (
            sample,
            Shown(
                "sample_map.png",
                "map_final_status_quo.iran_saudi_ties.png",
                "2-D scatter (sampled design)",
                "mediation_standing.yaml as a Latin hypercube of 120 points",
                "each point where it lies in two parameters, coloured by its outcome; "
                "no empty heat-map cells",
            ),
        ),
        (
            small,
            Shown(
                "sobol_unresolved.png",
                "sobol_tension.mean.png",
                "Sobol indices, too few runs",
                "mediation_standing.yaml with N = 16",
                "the warning a too-small sample gets: hatched bars, the runs needed",
            ),
        ),
        (
            shipped,
            Shown(
                "sobol.png",
                "sobol_final_status_quo.iran_saudi_ties.png",
                "Sobol indices",
                "mediation_standing.yaml as shipped",
                "first-order and total indices with 95% intervals; whiskers beyond 0..1 shaded "
                "and explained as sampling error",
            ),
        ),
        (
            morris,
            Shown(
                "morris.png",
                "morris_tension.mean.png",
                "Morris screening",
                "mediation_standing.yaml as a Morris design of 20 trajectories",
                "mu* (effect) against sigma (interactions) per parameter, labels in a column "
                "with leaders so none covers another",
            ),
        ),
        (
            grid,
            Shown(
                "fan.png",
                "fan_tension.png",
                "fan chart (a quantity)",
                grid_name,
                "median, middle 50% and 90% of runs month by month; the title says what the "
                "bands span (design points, seeds, drawn parameters)",
            ),
        ),
        (
            grid,
            Shown(
                "fan_no_spread.png",
                "fan_fiscal_stress.png",
                "fan chart without spread",
                grid_name,
                "fiscal stress follows Baghdad's dated income inject alike in every run: bands too "
                "thin to see are named so in the legend, with how far apart the runs are",
            ),
        ),
        (
            grid,
            Shown(
                "share.png",
                "share_strikes.png",
                "share chart (an either/or series)",
                grid_name,
                "share of runs with a US strike each month, 90% interval",
            ),
        ),
        (
            grid,
            Shown(
                "discovery_tradeoff.png",
                "discovery_tradeoff.png",
                "PRIM coverage/density trade-off",
                grid_name + ", --discover 'tension.mean > 0.215'",
                "each peeling step; the chosen box starred",
            ),
        ),
        (
            grid,
            Shown(
                "discovery_boxes.png",
                "discovery_boxes.png",
                "PRIM boxes",
                grid_name,
                "the ranges of each parameter that the boxes keep, its ends in grey; a label "
                "too long for its bar would sit beside it; the legend gives each box's cases "
                "and its caution (here: not significant)",
            ),
        ),
        (
            grid,
            Shown(
                "discovery_scores.png",
                "discovery_scores.png",
                "feature scores",
                grid_name,
                "which parameters tell the cases apart (extra trees)",
            ),
        ),
    ]
    return [(shown, folder / "analysis" / shown.source) for folder, shown in entries]


def page(entries: list[Shown]) -> str:
    lines = [
        "# Sweep figure gallery",
        "",
        "Every kind of figure `run.py analyze` draws, from small sweeps of the shipped files.",
        "Regenerate with `.venv/bin/python docs/gallery.py` (see [sweeps.md](sweeps.md#analyze)).",
        "",
        "| figure | kind | sweep | what it shows |",
        "|---|---|---|---|",
    ]
    for shown in entries:
        lines.append(
            f"| [{shown.name}](gallery/{shown.name}) | {shown.kind} | {shown.sweep} | "
            f"{shown.what} |"
        )
    lines.append("")
    for shown in entries:
        lines += [f"## {shown.kind}", "", f"![{shown.kind}](gallery/{shown.name})", ""]
    return "\n".join(lines)


def run() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        found = build(Path(temporary))
        if GALLERY.exists():
            shutil.rmtree(GALLERY)
        GALLERY.mkdir(parents=True)
        for shown, path in found:
            shutil.copyfile(path, GALLERY / shown.name)
    (ROOT / "docs" / "gallery.md").write_text(page([s for s, _ in found]), encoding="utf-8")
    print(f"{len(found)} figures in {GALLERY}")
    import run_gallery  # docs/ is this script's folder, first on sys.path

    run_gallery.main()


if __name__ == "__main__":
    run()
