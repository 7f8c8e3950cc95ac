"""The search: an optuna study (TPE) whose trials each run one ensemble on a sweep backend.

The study lives in an optuna journal file in the calibration folder, so a killed calibration
resumes where it stopped: finished trials are read back, a trial cut off mid-ensemble is marked
failed and its parameters are tried again first. The sampler is re-seeded before each trial from
the search seed and the number of finished trials, so a trial's parameters depend only on the
seed and on the trials before it: an interrupted and resumed study proposes what an
uninterrupted one would have, on every backend.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from sim.calibrate.folder import StudyFolder, manifest
from sim.calibrate.journal import check_journal
from sim.calibrate.loss import TargetScore, combine, score
from sim.calibrate.prepare import Prepared
from sim.calibrate.trials import TrialResult, trials_table
from sim.evaluators.base import Evaluator
from sim.sweep.backends import make_evaluator
from sim.sweep.progress import EVERY_SECONDS, CountProgress
from sim.sweep.worker import Record, Task

if TYPE_CHECKING:
    import optuna
    from optuna.distributions import BaseDistribution
    from optuna.trial import FrozenTrial

STUDY_NAME = "calibration"


def _quiet_optuna() -> None:
    # optuna takes about a second to import: only for calibrations
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)


def open_study(journal: Path) -> optuna.Study:
    """The study in this journal file, created on first use."""
    _quiet_optuna()
    # optuna takes about a second to import: only for calibrations
    import optuna
    from optuna.storages import JournalStorage
    from optuna.storages.journal import JournalFileBackend

    storage = JournalStorage(JournalFileBackend(str(journal)))
    return optuna.create_study(
        storage=storage, study_name=STUDY_NAME, direction="minimize", load_if_exists=True
    )


def tidy_after_kill(journal: Path) -> None:
    """What a kill can leave: a torn last journal line, and optuna's lock file.

    Only the calibration's own process writes its journal, so a lock found on resume is stale
    (left it, optuna would wait out its 30 s grace period).
    """
    from sim.sweep.store import repair_torn_tail

    if journal.is_file():
        repair_torn_tail(journal)
    lock = journal.with_name(journal.name + ".lock")
    if lock.is_symlink() or lock.exists():
        lock.unlink()


def _distributions(prepared: Prepared) -> dict[str, BaseDistribution]:
    # optuna takes about a second to import: only for calibrations
    from optuna.distributions import FloatDistribution, IntDistribution

    found: dict[str, BaseDistribution] = {}
    for path, param in prepared.calibration.spec.parameters.items():
        low, high = param.search_bounds()
        if param.integer:
            found[path] = IntDistribution(int(low), int(high), log=param.log)
        else:
            found[path] = FloatDistribution(low, high, log=param.log)
    return found


def _sampler(seed: int, finished: int, startup: int) -> optuna.samplers.TPESampler:
    """A TPE sampler seeded for the next trial from the search seed and the trials so far."""
    # optuna takes about a second to import: only for calibrations
    import optuna

    state = np.random.SeedSequence(seed, spawn_key=(finished,)).generate_state(1)[0]
    return optuna.samplers.TPESampler(seed=int(state), n_startup_trials=startup)


def _finished(study: optuna.Study) -> list[FrozenTrial]:
    # optuna takes about a second to import: only for calibrations
    from optuna.trial import TrialState

    return sorted(study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)), key=_number)


def _number(trial: FrozenTrial) -> int:
    return trial.number


def recover(study: optuna.Study) -> int:
    """Fail the trials a kill cut off, and queue their parameters to be tried again first."""
    # optuna takes about a second to import: only for calibrations
    from optuna.trial import TrialState

    cut = sorted(study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)), key=_number)
    for trial in cut:
        study.tell(trial.number, state=TrialState.FAIL)
        if trial.params:
            study.enqueue_trial(dict(trial.params), user_attrs={"retry_of": trial.number})
    return len(cut)


def _value(trial: optuna.trial.FrozenTrial) -> float:
    """A finished trial's loss (finished trials always have one)."""
    if trial.value is None:
        raise ValueError(f"trial {trial.number} finished without a loss")
    return trial.value


def trial_results(study: optuna.Study) -> list[TrialResult]:
    """The finished trials, read back from the study's storage."""
    return [
        TrialResult(
            index,
            dict(trial.params),
            float(_value(trial)),
            int(trial.user_attrs["failed_runs"]),
            [TargetScore(**s) for s in trial.user_attrs["scores"]],
        )
        for index, trial in enumerate(_finished(study))
    ]


def evaluate_trial(
    evaluator: Evaluator[Task, Record],
    prepared: Prepared,
    index: int,
    params: dict[str, float | int],
) -> tuple[list[TargetScore], int]:
    """Run the ensemble at ``params`` and score every target (fit and held back)."""
    tasks = [
        Task(f"{index:05d}-{r:05d}", f"trial-{index:05d}", r, seed, dict(params))
        for r, seed in enumerate(prepared.seeds)
    ]
    records: list[Record] = sorted(evaluator.evaluate(tasks), key=lambda rec: rec.task.replication)
    cap = prepared.calibration.spec.loss.distance_cap
    scores = []
    for target in prepared.calibration.targets:
        measures = [
            rec.outcomes.get(target.name) if rec.status == "ok" else None for rec in records
        ]
        scores.append(score(target, measures, cap))
    return scores, sum(1 for rec in records if rec.status != "ok")


class TrialProgress(CountProgress):
    """Trials done and the best loss so far (:class:`~sim.sweep.progress.CountProgress`)."""

    def __init__(
        self,
        total: int,
        done: int,
        best: float | None,
        quiet: bool,
        every: float = EVERY_SECONDS,
    ) -> None:
        self.best = best
        postfix = None if best is None else {"best": f"{best:.4g}"}
        super().__init__(total, done, quiet, "trial", every, postfix)

    def update(self, best: float) -> None:
        self.best = best
        self.advance({"best": f"{best:.4g}"})

    def line(self) -> str:
        """'calibrate: 12 of 64 trials (19%), best loss 2.084, about 95 s left'."""
        share = self.done / self.total if self.total else 1.0
        text = f"calibrate: {self.done:,} of {self.total:,} trials ({share:.0%})"
        if self.best is not None:
            text += f", best loss {self.best:.4g}"
        ran = self.done - self.at_start
        elapsed = time.monotonic() - self.started
        if ran > 0 and elapsed > 0 and self.done < self.total:
            text += f", about {(self.total - self.done) * elapsed / ran:.0f} s left"
        return text


@dataclass(frozen=True)
class StudySummary:
    trials: list[TrialResult]
    ran: int
    recovered: int


def _best(trials: Iterable[TrialResult]) -> float | None:
    losses = [t.loss for t in trials]
    return min(losses) if losses else None


def run_study(
    prepared: Prepared,
    out: Path,
    *,
    backend: str = "process",
    workers: int = 1,
    scheduler: str | None = None,
    resume: bool = False,
    quiet: bool = False,
) -> StudySummary:
    """Run trials until ``search.trials`` have finished; rewrite trials.csv after each one."""

    spec = prepared.calibration.spec
    evaluator = make_evaluator(backend, prepared.context, workers, scheduler)  # may refuse
    folder = StudyFolder(out)
    content = manifest(prepared)
    if resume:
        check_journal(folder.journal)  # before calibration.json is rewritten
        folder.resume(content)
        tidy_after_kill(folder.journal)
    else:
        folder.create(content)
    study = open_study(folder.journal)
    recovered = recover(study)
    distributions = _distributions(prepared)
    weights = prepared.calibration.fit_weights
    finished = trial_results(study)
    progress = TrialProgress(spec.search.trials, len(finished), _best(finished), quiet)
    ran = 0
    try:
        with evaluator:
            while len(finished) < spec.search.trials:
                index = len(finished)
                study.sampler = _sampler(spec.search.seed, index, spec.search.startup_trials)
                trial = study.ask(distributions)
                params = {path: trial.params[path] for path in distributions}
                scores, failed = evaluate_trial(evaluator, prepared, index, params)
                loss = combine(scores, weights, spec.loss.median_weight, spec.loss.band_weight)
                trial.set_user_attr("failed_runs", failed)
                trial.set_user_attr("scores", [s.as_dict() for s in scores])
                study.tell(trial, loss)
                finished.append(TrialResult(index, params, loss, failed, scores))
                ran += 1
                folder.write_trials(*trials_table(prepared, finished))
                progress.update(_best(finished) or loss)
    finally:
        progress.close()
    if not ran:
        folder.write_trials(*trials_table(prepared, finished))
    return StudySummary(finished, ran, recovered)
