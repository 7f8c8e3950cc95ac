"""``run.py sweep FILE``: run a parameter sweep or ensemble into one resumable folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.commands import add_backend_options, check_backend, run_with_backend
from sim.paths import RESULTS


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "sweep",
        help="run a parameter sweep or ensemble",
        description="Run a sweep file (scenarios/sweeps/*.yaml), or a scenario file with -p "
        "parameters, into results/sweeps/<name>/: manifest.json, runs.csv (one row per run, "
        "written as runs finish) and series/. Same sweep and seed, same results on any backend.",
    )
    parser.add_argument(
        "file", help="sweep YAML, or a scenario YAML when -p is given (or a shipped file's id)"
    )
    parser.add_argument(
        "-p",
        "--param",
        dest="params",
        action="append",
        default=[],
        metavar="PATH=SPEC",
        help="sweep a scenario value: path=MIN:MAX:STEPS, path=MIN:MAX or path=A,B,C",
    )
    parser.add_argument(
        "--design",
        choices=["grid", "random", "latin_hypercube", "sobol", "saltelli", "morris"],
        help="how points are chosen: every combination (grid), a random or Latin hypercube or "
        "Sobol sample, a Saltelli design for Sobol indices, Morris trajectories for screening "
        "(default: the file's, else grid)",
    )
    parser.add_argument(
        "--samples",
        type=int,
        help="design points (N base samples for saltelli, trajectories for morris; default: the "
        "file's; not for grid)",
    )
    parser.add_argument(
        "--replications", type=int, help="runs per design point (default: the file's, else 1)"
    )
    parser.add_argument(
        "--seed", type=int, help="master seed of the sweep (default: the file's, else 0)"
    )
    parser.add_argument(
        "--steps",
        type=int,
        help="run only this many steps (default: the file's, else the scenario's)",
    )
    parser.add_argument(
        "--series",
        help="time series columns to keep per run in DIR/series/, comma separated, or 'all' "
        "(default: the file's, else none)",
    )
    parser.add_argument(
        "--uncertainty",
        choices=["seed", "parameters", "both"],
        help="what varies between runs: the seed, the numbers with a range or dist, or both "
        "(default: the file's, else seed)",
    )
    parser.add_argument("--out", help="sweep folder (default: results/sweeps/<name>)")
    add_backend_options(parser, "continue a sweep in its folder")
    parser.set_defaults(handler=handle)


def _options(args: argparse.Namespace) -> dict:
    series = [c.strip() for c in args.series.split(",") if c.strip()] if args.series else None
    return {
        "design": args.design,
        "samples": args.samples,
        "replications": args.replications,
        "seed": args.seed,
        "steps": args.steps,
        "series": series,
        "uncertainty": args.uncertainty,
    }


def _drawn(plan) -> str:
    """What the summary line adds when runs draw their uncertain parameters."""
    if not plan.sampled:
        return ""
    return f", uncertainty: {plan.spec.uncertainty}, {len(plan.sampled)} parameters sampled"


def handle(args: argparse.Namespace) -> int:
    # lazy: the scenario schema and the sweep machinery load when the command runs
    from sim.file_kinds import expect_kind
    from sim.out_folder import check_writable
    from sim.scenario_ids import resolve
    from sim.summary import plural
    from sim.sweep.cli_spec import sweep_from_options
    from sim.sweep.plan import Where, make_plan
    from sim.sweep.spec import load_sweep
    from sim.sweep.store import SweepFolder

    check_backend(args)
    args.file = str(resolve(args.file))  # a shipped file's id works like its path
    if args.params:  # -p sweeps a scenario; without it the file is a sweep file
        expect_kind(Path(args.file), "scenario", "-p", "run a sweep file without -p")
    else:
        hint = "give -p PATH=SPEC to sweep it, or use 'run.py ensemble' for repeated runs"
        expect_kind(Path(args.file), "sweep", "sweep without -p", hint)
    if args.params:
        spec, base, origins = sweep_from_options(Path(args.file), args.params, _options(args))
        where = Where("-p", origins)
    else:
        spec, base, origins = load_sweep(args.file, _options(args))
        where = Where(args.file, origins)
    out = Path(args.out) if args.out else RESULTS / "sweeps" / str(spec.name)
    check_writable(out, "--out")  # before the probe run: a bad folder is refused at once
    if not args.resume:
        SweepFolder.check_new(out)
    plan = make_plan(spec, base, where)
    summary = run_with_backend(args, plan, out)
    print(
        f"{out}: {plural(summary.total, 'run')} ({plural(len(plan.keys), 'point')} x "
        f"{spec.replications}{_drawn(plan)}); ran {summary.ran:,}, {summary.failed:,} failed, "
        f"{summary.skipped:,} already done"
    )
    sys.stdout.flush()
    return 0
