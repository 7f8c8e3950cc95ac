"""Run a planned sweep: stream each finished run to the folder as it completes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sim.cores import usable_cores
from sim.errors import ArgumentError
from sim.out_folder import write_error
from sim.sweep.backends import make_evaluator
from sim.sweep.plan import IDENTITY, Plan
from sim.sweep.progress import Progress
from sim.sweep.store import Existing, SweepFolder


@dataclass(frozen=True)
class SweepSummary:
    folder: Path
    total: int
    skipped: int
    ran: int
    failed: int


def _unwritable(error: OSError, out: Path) -> ArgumentError:
    """A write to the sweep folder failed: about the argument ``out``."""
    worded = write_error(error, out, "out")
    return ArgumentError(worded.message, argument="out", value=str(out))


def run_sweep(
    plan: Plan,
    out: Path,
    *,
    backend: str = "process",
    workers: int | None = None,
    scheduler: str | None = None,
    resume: bool = False,
    quiet: bool = False,
) -> SweepSummary:
    """Run every run not yet in ``out/runs.csv``; rows are written by this process only.

    The folder is inspected (read only) and the workers are brought up before anything is
    written, so a folder that cannot be resumed or a scheduler that cannot be reached leaves
    the disk as it was.
    """
    out = Path(out)
    folder = SweepFolder(out, plan.header, plan.series_header)
    manifest = plan.manifest()
    if resume:
        existing = folder.inspect(manifest, IDENTITY)
    else:
        folder.check_new(out)
        existing = Existing(None, {}, None, {})
    evaluator = make_evaluator(backend, plan.context, workers or usable_cores(), scheduler)
    done = existing.done
    planned = {task.run_id for task in plan.tasks()} if done else set()
    skipped = len(planned & done.keys())
    prior_failed = sum(1 for rid in planned if done.get(rid) == "failed")
    ran = failed = 0
    with evaluator:
        try:
            folder.reopen(existing, manifest)
        except OSError as error:
            raise _unwritable(error, out) from None
        progress = Progress(plan.total_runs, skipped, prior_failed, quiet)
        try:
            for record in evaluator.evaluate(plan.tasks(done)):
                try:
                    folder.append(record, plan.parameters, plan.outcomes, plan.sampled)
                except OSError as error:  # a full disk: the rows so far stay, --resume goes on
                    raise _unwritable(error, out) from None
                ran += 1
                failed += record.status != "ok"
                progress.update(record.status)
        finally:
            progress.close()
            folder.close()
    return SweepSummary(out, plan.total_runs, skipped, ran, failed)
