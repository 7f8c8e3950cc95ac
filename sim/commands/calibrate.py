"""``run.py calibrate FILE``: fit scenario parameters to documented targets, write an overlay."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.commands import add_backend_options, check_backend
from sim.cores import usable_cores
from sim.paths import RESULTS


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "calibrate",
        help="fit scenario parameters to documented targets",
        description="Run a calibration file (scenarios/calibration/*.yaml): an optuna study whose "
        "trials each run an ensemble on a sweep backend, into results/calibrations/<name>/ "
        "(study journal, trials.csv, report.md, report.json, trials.png, overlay.yaml), and "
        "write the overlay file the calibration names. See docs/calibration.md.",
    )
    parser.add_argument("file", help="calibration YAML, or a shipped calibration's id")
    parser.add_argument("--trials", type=int, help="finished trials to reach (default: the file's)")
    parser.add_argument("--out", help="calibration folder (default: results/calibrations/<name>)")
    parser.add_argument(
        "--overlay", help="where to write the overlay (default: the file's overlay:)"
    )
    add_backend_options(parser, "continue the study in its folder")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    # lazy: optuna and the model load when the command runs, not for --help
    from sim.calibrate.prepare import prepare
    from sim.calibrate.report import best_trial, write_results
    from sim.calibrate.spec import load_calibration
    from sim.calibrate.study import run_study
    from sim.errors import InputError
    from sim.file_kinds import expect_kind
    from sim.out_folder import check_new_file, check_writable
    from sim.scenario_ids import resolve

    check_backend(args)
    if args.trials is not None and args.trials < 1:
        raise InputError(f"must be at least 1, got {args.trials}", file="--trials")
    path = resolve(args.file)  # a shipped calibration's id works like its path
    expect_kind(path, "calibration", "calibrate")
    calibration = load_calibration(path, args.trials)
    prepared = prepare(calibration)
    out = Path(args.out) if args.out else RESULTS / "calibrations" / str(calibration.spec.name)
    overlay = Path(args.overlay) if args.overlay else calibration.overlay
    if overlay.is_dir():
        raise InputError(f"{overlay} is a folder; name the overlay file to write", file="--overlay")
    check_new_file(overlay, "--overlay")  # before any trial runs
    check_writable(out, "--out")
    summary = run_study(
        prepared,
        out,
        backend=args.backend,
        workers=args.workers or usable_cores(),
        scheduler=args.scheduler,
        resume=args.resume,
        quiet=args.quiet,
    )
    write_results(prepared, summary.trials, out, overlay)
    best = best_trial(summary.trials)
    print(
        f"{out}: {len(summary.trials)} trials of {len(prepared.seeds)} runs "
        f"(ran {summary.ran}, {summary.recovered} cut off and retried); "
        f"best trial {best.index}, loss {best.loss:.6g}; overlay: {overlay}"
    )
    sys.stdout.flush()
    return 0
