"""``run.py ensemble SCENARIO -n N``: many runs of one scenario, then its fan charts.

An ensemble is a sweep with no swept parameter: one point, N replications. It uses the sweep's
machinery whole (backends, streaming ``runs.csv``, ``--resume``, ``analyze``), so what varies
between runs is chosen the same way: ``--uncertainty seed|parameters|both``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.commands import add_backend_options, add_overrides, check_backend, run_with_backend
from sim.paths import RESULTS

TYPE_CHECKING = False  # typing costs every command's start-up; annotations are strings anyway
if TYPE_CHECKING:
    from typing import Any

    from sim.scenario.schema import Scenario


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "ensemble",
        help="run a scenario many times and draw fan charts",
        description="Run a scenario N times into results/ensembles/<scenario>/ (manifest.json, "
        "runs.csv with each run's seed and sampled values, series/ per run) and write fan "
        "charts of the stored series into its analysis/ folder. --uncertainty chooses what "
        "varies: the seed, the parameters with a range or dist, or both (the default when the "
        "scenario has such parameters). Same scenario and seed, same files on any backend.",
    )
    parser.add_argument("file", help="scenario YAML, or a shipped scenario's id (run.py list)")
    parser.add_argument("-n", "--runs", type=int, required=True, help="number of runs")
    parser.add_argument(
        "--uncertainty",
        choices=["seed", "parameters", "both"],
        help="what varies between runs (default: both if the scenario has ranges, else seed)",
    )
    parser.add_argument("--seed", type=int, help="master seed (default: the scenario's seed)")
    parser.add_argument("--steps", type=int, help="run only this many steps")
    parser.add_argument(
        "--series",
        help="series columns to keep per run, comma separated, or 'all' (default: the status "
        "quo of each issue, tension and attacks)",
    )
    add_overrides(parser, "override a scenario value for every run (fixes an uncertain one)")
    parser.add_argument("--out", help="ensemble folder (default: results/ensembles/<scenario>)")
    add_backend_options(parser, "continue an ensemble in its folder")
    parser.add_argument("--no-figures", action="store_true", help="skip the fan charts")
    parser.set_defaults(handler=handle)


def default_series(columns: list[str]) -> list[str]:
    """The status quo of every issue, tension and attacks: what a fan chart is most asked for."""
    return [c for c in columns if c.startswith("status_quo:")] + [
        c for c in ("tension", "attacks") if c in columns
    ]


def ensemble_data(args: argparse.Namespace, scenario: Scenario, path: Path) -> dict[str, Any]:
    """The sweep an ensemble is, as a sweep file would write it."""
    # lazy: the model and the scenario schema load when the command runs
    from sim.runner import scenario_id
    from sim.scenario.uncertainty import uncertain_parameters

    mode = args.uncertainty or ("both" if uncertain_parameters(scenario) else "seed")
    data: dict[str, Any] = {
        "base": str(path.resolve()),
        "name": scenario_id(path),
        "design": "grid",
        "replications": args.runs,
        "seed": scenario.seed if args.seed is None else args.seed,
        "uncertainty": mode,
        "fixed": dict(_assignments(args.overrides)),
    }
    if args.steps is not None:
        data["steps"] = args.steps
    if args.series is not None:
        data["series"] = [c.strip() for c in args.series.split(",") if c.strip()]
    return data


def _assignments(texts: list[str]) -> list[tuple[str, Any]]:
    # lazy: the scenario package loads pydantic and YAML, not needed for --help
    from sim.scenario.overrides import parse_assignment

    return [(".".join(parts), value) for parts, value in map(parse_assignment, texts)]


def handle(args: argparse.Namespace) -> int:
    # lazy: the scenario schema and the sweep machinery load when the command runs
    from sim.file_kinds import expect_kind
    from sim.out_folder import check_writable
    from sim.scenario import load_scenario
    from sim.scenario.origins import Origin, Origins
    from sim.scenario_ids import resolve
    from sim.sweep.plan import Where, make_plan
    from sim.sweep.spec import validate_sweep

    check_backend(args)
    path = resolve(args.file)  # a shipped scenario's id works like its path
    expect_kind(path, "scenario", "ensemble")
    scenario = load_scenario(path, args.overrides)
    data = ensemble_data(args, scenario, path)
    origins = Origins({(key,): Origin(f"--{key}", None) for key in data})
    origins[("replications",)] = Origin("-n", None)
    origins[("fixed",)] = Origin("--set", None)
    spec = validate_sweep(data, origins, "ensemble")
    out = Path(args.out) if args.out else RESULTS / "ensembles" / str(spec.name)
    check_writable(out, "--out")  # before the probe run, as sweep does: a file is refused at once
    if args.series is None:
        # lazy: Mesa, only for the probe run that picks the default series
        from sim.runner import run_scenario

        probe = run_scenario(scenario, seed=spec.seed, steps=1)
        spec.series = default_series(probe.columns)
    plan = make_plan(spec, path.resolve(), Where(str(path), origins))
    summary = run_with_backend(args, plan, out)
    sampled = f", {len(plan.sampled)} parameters sampled" if plan.sampled else ""
    print(
        f"{out}: {summary.total} runs (uncertainty: {spec.uncertainty}{sampled}); "
        f"ran {summary.ran}, {summary.failed} failed, {summary.skipped} already done"
    )
    if not args.no_figures and summary.total > summary.failed:
        # lazy: pandas and matplotlib, only when figures are drawn
        from sim.sweep.analysis import analyze

        for written in analyze(out, series=list(plan.spec.series), quiet=args.quiet).written:
            print(written)
    sys.stdout.flush()
    return 0
