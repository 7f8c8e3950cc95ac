"""``run.py debrief SESSION [SESSION ...] --out DIR``: the debrief of one or more sessions."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.cores import usable_cores

TYPE_CHECKING = False  # not typing's: run.py --help imports every command
if TYPE_CHECKING:
    from sim.sweep.progress import Progress


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "debrief",
        help="write the debrief of classroom sessions (HTML with figures)",
        description="Set a class's run against the model's ensemble of the same scenario, show "
        "each seat's choices beside the model's, the timeline and the turning points; several "
        "session files (sections of the same exercise) are compared side by side.",
    )
    parser.add_argument("sessions", nargs="+", help="session files (.sqlite)")
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument("--force", action="store_true", help="replace an earlier debrief folder")
    parser.add_argument("--runs", type=int, help="ensemble size (default: the exercise's)")
    parser.add_argument("--workers", type=int, help="worker processes (default: all cores)")
    parser.add_argument(
        "--flips", type=int, default=40, help="students' choices rerun flipped per section (40)"
    )
    parser.add_argument(
        "--cache",
        help="folder of the model's ensembles computed earlier, reused and kept "
        "(default: 'ensembles' beside the first session file)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:

    # lazy: the debrief loads Mesa and matplotlib when the command runs
    from sim.classroom.debrief import write_debrief
    from sim.errors import InputError
    from sim.out_folder import check_output_folder

    if args.runs is not None and not 10 <= args.runs <= 5000:
        raise InputError(f"must be between 10 and 5000, got {args.runs}", file="--runs")

    if args.workers is not None and args.workers < 1:
        raise InputError(f"must be at least 1, got {args.workers}", file="--workers")
    if args.flips < 0:
        raise InputError(f"must be 0 or more, got {args.flips}", file="--flips")
    workers = args.workers or usable_cores()
    check_output_folder(Path(args.out), "--out", args.force, ("index.html",))
    sessions = [Path(s) for s in args.sessions]
    cache = Path(args.cache) if args.cache else sessions[0].parent / "ensembles"
    folder = write_debrief(
        sessions, Path(args.out), args.runs, workers, args.flips, cache, progress=_progress
    )
    print(f"debrief written to {folder}/index.html")
    return 0


def _progress(total: int) -> Progress:
    """The ensemble's progress as ``run.py ensemble`` shows it: a bar on a terminal, a line
    every few seconds otherwise (a log, a pipe)."""
    # lazy: tqdm, only once runs start
    from sim.sweep.progress import Progress

    return Progress(total, done=0, failed=0, quiet=False)
