"""``run.py run FILE``: run one scenario and write its folder of data and figures."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.commands import add_overrides
from sim.paths import DEFAULT_SCENARIO, RESULTS


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "run",
        help="run a scenario (the default command)",
        description="Run a scenario file and write results/<scenario>/<run-id>/ with the resolved "
        "scenario, seed, time series (CSV), outcomes (JSON), event log (JSON Lines) and figures.",
    )
    parser.add_argument(
        "file",
        nargs="?",
        help="scenario YAML or id from 'run.py list' (default: scenarios/baseline_2020.yaml)",
    )
    parser.add_argument("--seed", type=int, help="random seed (default: the scenario's)")
    parser.add_argument("--steps", type=int, help="number of steps (default: the scenario's)")
    parser.add_argument("--out", help="output folder (default: results/<scenario>/<run-id>)")
    add_overrides(parser, "override a value by its dotted path, e.g. actors.baghdad.capability=0.6")
    parser.add_argument("--no-figures", action="store_true", help="skip the PNG figures")
    parser.add_argument("--force", action="store_true", help="replace an existing --out folder")
    parser.set_defaults(handler=handle)


def _run_id(resolved: dict, seed: int) -> str:
    # lazy: only when a run is named; --help needs neither
    import hashlib
    import json

    digest = hashlib.sha256(json.dumps(resolved, sort_keys=True).encode()).hexdigest()[:8]
    return f"seed{seed}-{digest}"


def _check_numbers(args: argparse.Namespace) -> None:
    # lazy: sim.errors loads dataclasses and inspect, which --help does not need
    from sim.errors import InputError

    if args.seed is not None and not 0 <= args.seed < 2**63:
        raise InputError(f"must be between 0 and 2**63 - 1, got {args.seed}", file="--seed")
    if args.steps is not None and not 1 <= args.steps <= 600:
        raise InputError(f"must be between 1 and 600, got {args.steps}", file="--steps")


def handle(args: argparse.Namespace) -> int:
    # lazy: sim.out_folder loads tempfile and shutil, not needed for --help
    from sim.out_folder import check_run_folder, check_writable
    from sim.scenario_ids import resolve

    _check_numbers(args)  # the cheap checks first: a bad argument is refused at once
    if args.out:
        check_run_folder(Path(args.out), "--out", args.force)
    else:
        check_writable(RESULTS, "results folder")
    path = resolve(args.file) if args.file else DEFAULT_SCENARIO
    if args.file:  # a sweep or calibration file is named as such, not by its unknown keys
        from sim.file_kinds import expect_kind  # lazy: reads YAML, only for a named file

        expect_kind(path, "scenario", "run")

    # lazy: after the cheap checks, so a bad argument is refused before Mesa loads
    from sim.out_folder import write_error
    from sim.output import write_run
    from sim.runner import run_scenario
    from sim.scenario import load_scenario
    from sim.scenario_ids import scenario_id
    from sim.summary import summary_text

    scenario = load_scenario(path, args.overrides)
    name = scenario_id(path)
    result = run_scenario(scenario, seed=args.seed, steps=args.steps, name=name)
    out = Path(args.out) if args.out else RESULTS / name / _run_id(result.resolved, result.seed)
    if not args.out:
        from sim.out_folder import check_same_run_folder  # lazy: only for the default folder

        check_same_run_folder(out)
    try:
        write_run(result, out, figures=not args.no_figures)
    except OSError as error:
        raise write_error(error, out, "--out" if args.out else "results folder") from None
    print(summary_text(result, out))
    sys.stdout.flush()
    return 0
