"""Subcommands of ``run.py``: each module offers ``register(subparsers)`` and a handler."""

from __future__ import annotations

import argparse
from pathlib import Path

TYPE_CHECKING = False  # typing costs every command's start-up; annotations are strings anyway
if TYPE_CHECKING:
    from sim.sweep.execute import SweepSummary
    from sim.sweep.plan import Plan


def add_overrides(parser: argparse.ArgumentParser, help_text: str) -> None:
    """The ``--set KEY=VALUE`` option, shared so every command reads overrides the same way."""
    parser.add_argument(
        "--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE", help=help_text
    )


MAX_WORKERS = 256


def add_backend_options(parser: argparse.ArgumentParser, resume_help: str) -> None:
    """Where the runs of a sweep, an ensemble or a calibration go, and how it reports: one set
    of options, so the three commands read and check them the same way (see ``check_backend``)."""
    parser.add_argument("--workers", type=int, help="worker processes (default: all cores)")
    parser.add_argument(
        "--backend", choices=["serial", "process", "dask"], default="process", help="where runs go"
    )
    parser.add_argument(
        "--scheduler", metavar="ADDRESS", help="Dask scheduler (with --backend dask)"
    )
    parser.add_argument("--resume", action="store_true", help=resume_help)
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def check_backend(args: argparse.Namespace) -> None:
    """Refuse bad backend options before any file is read: workers out of range, a scheduler
    without the Dask backend, or one that cannot be reached."""
    # lazy: sim.errors loads dataclasses and inspect, which --help does not need
    from sim.errors import InputError

    if args.workers is not None and not 1 <= args.workers <= MAX_WORKERS:
        raise InputError(
            f"must be between 1 and {MAX_WORKERS}, got {args.workers}", file="--workers"
        )
    if args.scheduler is not None and args.backend != "dask":
        raise InputError("needs --backend dask", file=f"--scheduler {args.scheduler}")
    if args.scheduler is not None:
        # lazy: Dask, only with --scheduler
        from sim.evaluators.dask_cluster import check_reachable

        check_reachable(args.scheduler)


def run_with_backend(args: argparse.Namespace, plan: Plan, out: Path) -> SweepSummary:
    """Run a planned sweep or ensemble into ``out`` with the backend options of the command
    line (``add_backend_options``)."""
    from sim.sweep.execute import run_sweep  # Mesa and the sweep machinery: only when run

    return run_sweep(
        plan,
        out,
        backend=args.backend,
        workers=args.workers,
        scheduler=args.scheduler,
        resume=args.resume,
        quiet=args.quiet,
    )
