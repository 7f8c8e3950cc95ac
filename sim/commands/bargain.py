"""``bargain`` subcommand: run bargaining models on KTAB CSV files and report the forecasts.

One file and one model print every actor's final position and the forecast (``--json`` and
``--events`` write the full history). Several files or folders, several ``--models``, or a
``--table`` make a batch: every file with every model in one process (or on a process pool or
Dask), one table row per file and model, and with ``--outcomes`` each model's errors.

Only argparse is imported to register the command; numpy and the models load when it runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sim.cores import usable_cores

TYPE_CHECKING = False  # typing itself costs start-up time; annotations are strings anyway
if TYPE_CHECKING:
    from typing import Any

    from sim.bargaining import BargainResult, KTABScenario
    from sim.bargaining.batch import FileTask, Row

# the names of sim.bargaining.MODELS, spelled out so --help needs no numpy (a test holds them equal)
MODEL_NAMES = ("smp", "compromise", "weighted_median", "expected_utility")
BACKENDS = ("serial", "process", "dask")
HELD_BY_NONE = "cycle mean, held by no state"  # sim.bargaining.batch.forecast_source
ZERO_SALIENCE = ("drop", "keep")  # sim.bargaining.zero_salience.TREATMENTS
# SMPOptions fields and their KTAB names (sim.bargaining.options; a test holds them equal)
SMP_SETTINGS: dict[str, tuple[str, ...]] = {
    "victory_prob": ("Linear", "Square", "Quartic", "Octic", "Binary"),
    "voting_rule": ("Binary", "PropBin", "Prop", "PropCbc", "Cubic", "ASymProsp"),
    "pce": ("Conditional", "MarkovIncentive", "MarkovUniform"),
    "state_transition": ("Deterministic", "Stochastic"),
    "big_r_range": ("Min", "Mid", "Max"),
    "big_r_adjust": ("None", "OneThird", "Half", "TwoThirds", "Full"),
    "third_party_commit": ("NoCommit", "SemiCommit", "FullCommit"),
    "inter_vec_brgn": ("S1P1", "S2P2", "S2PMax"),
    "bargain_model": ("InitOnlyInterp", "InitRcvrInterp", "PWCompInterp"),
}
SMP_DEFAULTS = {
    "victory_prob": "Linear",
    "voting_rule": "Prop",
    "pce": "Conditional",
    "state_transition": "Deterministic",
    "big_r_range": "Mid",
    "big_r_adjust": "OneThird",
    "third_party_commit": "SemiCommit",
    "inter_vec_brgn": "S2P2",
    "bargain_model": "InitOnlyInterp",
}


def register(subparsers: Any) -> None:
    """Add the ``bargain`` parser to the main CLI's subparsers."""
    parser = subparsers.add_parser(
        "bargain",
        help="run spatial bargaining models on KTAB CSV files",
        description="Run KTAB's Spatial Model of Politics (or a baseline) on KTAB CSV files. "
        "One file: print every actor's final position and the forecast on the 0–100 scale. "
        "Several files or folders, several --models, or --table: a batch with one row per file "
        "and model.",
    )
    parser.add_argument(
        "inputs", metavar="FILE_OR_FOLDER", nargs="+", type=Path, help="KTAB CSV files or folders"
    )
    parser.add_argument(
        "--model", default="smp", choices=MODEL_NAMES, help="bargaining model (default: smp)"
    )
    parser.add_argument(
        "--models",
        metavar="M1,M2",
        help=f"comma-separated models for a batch (any of: {', '.join(MODEL_NAMES)})",
    )
    parser.add_argument(
        "--json",
        dest="json_out",
        metavar="OUT.json",
        type=Path,
        help="one file: write the history, distinct final positions and forecast as JSON",
    )
    parser.add_argument(
        "--events",
        dest="events_out",
        metavar="OUT.jsonl",
        type=Path,
        help="one file: write one JSON line per turn explaining challenges, bargains and moves",
    )
    parser.add_argument(
        "--table",
        dest="table_out",
        metavar="OUT.csv",
        type=Path,
        help="batch: write one row per file and model (forecast per dimension, states, "
        "termination, whether the forecast is a cycle's mean, actors without salience, "
        "seconds, or the file's error); a batch where a file failed exits with status 2",
    )
    parser.add_argument(
        "--outcomes",
        dest="outcomes",
        metavar="OUTCOMES.csv",
        type=Path,
        help="batch: observed outcomes (file path relative to the batch root, .csv optional; "
        "value per dimension on 0–100); prints each model's mean and median absolute error "
        "with bootstrap 95%% intervals",
    )
    parser.add_argument(
        "--backend", choices=BACKENDS, default="serial", help="batch backend (default: serial)"
    )
    parser.add_argument("--workers", type=int, help="process/dask workers (default: all cores)")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="dask scheduler address")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument(
        "--zero-salience",
        choices=ZERO_SALIENCE,
        default="drop",
        help="actors with salience 0 on every dimension have no stake: drop them (default) or "
        "keep them in the run; either way a warning names them",
    )
    smp = parser.add_argument_group("SMP settings (KTAB's names; defaults are KTAB's)")
    for setting, names in SMP_SETTINGS.items():
        smp.add_argument(
            "--" + setting.replace("_", "-"),
            dest=f"smp_{setting}",
            choices=names,
            metavar="NAME",
            help=f"{', '.join(names)} (default {SMP_DEFAULTS[setting]})",
        )
    smp.add_argument(
        "--seed",
        type=int,
        metavar="N",
        help="seed (0 or more) for --state-transition Stochastic, which needs one; every file "
        "starts from it, so a file gives the same run alone or in any batch",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Check every argument and output path, then run one file or a batch."""
    # lazy: sim.errors loads dataclasses and inspect, which --help does not need
    from sim.errors import InputError

    models = parse_models(args)
    outputs = [
        ("--json", args.json_out),
        ("--events", args.events_out),
        ("--table", args.table_out),
    ]
    for option, path in outputs:
        if path is not None:
            check_output_path(path, option)
    if args.workers is not None and args.workers < 1:
        raise InputError(f"expected at least 1 worker, got {args.workers}", file="--workers")
    smp_settings(args, models)

    args.workers = args.workers or usable_cores()  # the default of every command with workers
    batch = (
        args.models is not None
        or args.table_out is not None
        or args.outcomes is not None
        or len(args.inputs) > 1
        or args.inputs[0].is_dir()
    )
    if batch:
        for option, path in outputs[:2]:
            if path is not None:
                raise InputError(
                    f"{path}: writes one run; a batch writes --table instead", file=option
                )
        return run_batch(args, models)
    return run_one(args, models[0])


def parse_models(args: argparse.Namespace) -> list[str]:
    # lazy: sim.errors loads dataclasses and inspect, which --help does not need
    from sim.errors import InputError

    if args.models is None:
        return [args.model]
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    unknown = [m for m in models if m not in MODEL_NAMES]
    if unknown or not models:
        raise InputError(
            f"unknown model(s) {', '.join(unknown) or '(none given)'}; expected some of: "
            f"{', '.join(MODEL_NAMES)}",
            file=f"--models {args.models}",
        )
    return list(dict.fromkeys(models))


def smp_settings(args: argparse.Namespace, models: list[str]) -> tuple[tuple[str, str], ...]:
    """The SMP settings given on the command line, checked: they need the smp model, and a
    stochastic run needs a seed (and only it takes one)."""
    # lazy: sim.errors loads dataclasses and inspect, which --help does not need
    from sim.errors import InputError

    given = tuple(
        (setting, value)
        for setting in SMP_SETTINGS
        if (value := getattr(args, f"smp_{setting}")) is not None
    )
    if (given or args.seed is not None) and "smp" not in models:
        option = "--seed" if not given else "--" + given[0][0].replace("_", "-")
        raise InputError("is a setting of the smp model, which is not run here", file=option)
    stochastic = dict(given).get("state_transition") == "Stochastic"
    if stochastic and args.seed is None:
        raise InputError(
            "Stochastic runs need --seed N, so that a rerun gives the same result",
            file="--state-transition",
        )
    if args.seed is not None and not stochastic:
        raise InputError(
            "only --state-transition Stochastic draws at random; a deterministic run takes no seed",
            file=f"--seed {args.seed}",
        )
    if args.seed is not None and not 0 <= args.seed < 2**63:
        raise InputError("expected a seed from 0 to 2**63 - 1", file=f"--seed {args.seed}")
    return given


def run_one(args: argparse.Namespace, model: str) -> int:
    """Read the file, run the model, print the table and write the requested outputs."""

    # lazy: numpy and the models load when the command runs, not for --help
    import numpy as np

    from sim.bargaining import SMPOptions, read_ktab_csv, solve
    from sim.bargaining.zero_salience import apply_treatment, warning_line
    from sim.errors import InputError

    source = str(args.inputs[0])
    scenario, indifferent = apply_treatment(read_ktab_csv(source), args.zero_salience, source)
    smp = model == "smp"
    try:
        result = solve(
            model,
            scenario.capabilities,
            scenario.positions,
            scenario.saliences,
            options=SMPOptions.from_mapping(dict(smp_settings(args, [model]))) if smp else None,
            rng=np.random.default_rng(args.seed) if args.seed is not None else None,
            record_events=args.events_out is not None,
        )
    except ValueError as error:
        raise InputError(str(error), file=source) from None
    if indifferent:
        print(warning_line(source, indifferent, args.zero_salience), file=sys.stderr)
    print(format_table(scenario, result))
    if args.json_out is not None or args.events_out is not None:
        import json  # only when writing it: start-up time
    if args.json_out is not None:
        document = json.dumps(history_json(scenario, result, indifferent), indent=1)
        write_atomically(args.json_out, document, "--json")
    if args.events_out is not None:
        lines = "".join(json.dumps(event) + "\n" for event in result.events)
        write_atomically(args.events_out, lines, "--events")
    return 0


def run_batch(args: argparse.Namespace, models: list[str]) -> int:
    """Every file with every model; a table of rows, and scores against observed outcomes.

    Exit status 2 when any file failed (every error printed on stderr), else 0.
    """

    # lazy: the batch machinery, only for a batch
    from sim.bargaining.batch import (
        FileTask,
        batch_root,
        collect_files,
        relative_names,
        table_csv,
    )
    from sim.bargaining.zero_salience import warning_line

    files = collect_files(args.inputs)
    observed = None
    if args.outcomes is not None:
        # lazy: the outcome file's reader, only with --outcomes
        from sim.bargaining.evaluation import check_dimensions, match_outcomes, read_outcomes

        root = batch_root(args.inputs)
        observed = match_outcomes(
            relative_names(files, root), read_outcomes(args.outcomes), args.outcomes, root
        )
        check_dimensions(files, observed, args.outcomes)
    settings = smp_settings(args, models)
    tasks = [
        FileTask(i, str(path), tuple(models), args.zero_salience, settings, args.seed)
        for i, path in enumerate(files)
    ]
    results = execute(tasks, args)
    rows = [row for task in tasks for row in results[task.index]]
    if args.table_out is not None:
        write_atomically(args.table_out, table_csv(rows), "--table")
    for task in tasks:
        first = results[task.index][0]
        if first.get("zero_salience"):
            names = str(first["zero_salience"]).split("; ")
            print(warning_line(task.path, names, args.zero_salience), file=sys.stderr)
    errors = list(dict.fromkeys(str(row["error"]) for row in rows if row["status"] != "ok"))
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    print(batch_summary(rows, models, args.table_out))
    if observed is not None:
        # lazy: the scoring, only with --outcomes
        from sim.bargaining.evaluation import format_scores, score_models

        print()
        print(format_scores(score_models(rows, observed, models)))
    return 2 if errors else 0


def execute(tasks: list[FileTask], args: argparse.Namespace) -> dict[int, list[Row]]:
    """Run the tasks on the chosen backend with a progress bar; results keyed by task index."""
    # lazy: the batch machinery, only for a batch
    from sim.bargaining.batch import run_file
    from sim.errors import InputError
    from sim.sweep.progress import Progress

    progress = Progress(len(tasks), 0, 0, args.quiet, unit="file")
    results: dict[int, list[Row]] = {}
    try:
        if args.backend == "serial":
            for task in tasks:
                results[task.index] = run_file(task)
                progress.update(_status(results[task.index]))
            return results
        # lazy: the process pool or Dask, only when the batch is not serial
        from sim.bargaining.batch_backends import batch_evaluator

        evaluator = batch_evaluator(args.backend, args.workers, args.scheduler)
        try:
            with evaluator:
                for task, rows in evaluator.evaluate(tasks):
                    results[task.index] = rows
                    progress.update(_status(rows))
        except OSError as error:  # includes an unreachable Dask scheduler (after 5 s)
            where = f"--scheduler {args.scheduler}" if args.scheduler else "--backend"
            raise InputError(f"cannot reach the workers: {error}", file=where) from None
        return results
    finally:
        progress.close()


def _status(rows: list[Row]) -> str:
    return "ok" if all(row["status"] == "ok" for row in rows) else "error"


def batch_summary(rows: list[Row], models: list[str], table: Path | None) -> str:
    """One line per model: files run, how they ended, errors."""
    lines = []
    for model in models:
        mine = [r for r in rows if r["model"] == model]
        ended = [str(r["termination"]) for r in mine if r["status"] == "ok"]
        errors = len(mine) - len(ended)
        lines.append(
            f"{model}: {len(mine)} file(s): {ended.count('converged')} converged, "
            f"{ended.count('cycle')} cycled, {ended.count('max_turns')} at the turn cap, "
            f"{errors} error(s)"
        )
        held_by_none = sum(1 for r in mine if r.get("forecast_from") == HELD_BY_NONE)
        if held_by_none:
            lines.append(
                f"  {held_by_none} forecast(s) are a cycle's mean that no state of the cycle"
                " gives (column forecast_from)"
            )
    if table is not None:
        lines.append(f"table: {table}")
    return "\n".join(lines)


def history_json(
    scenario: KTABScenario, result: BargainResult, dropped: list[str] | None = None
) -> dict[str, Any]:
    """The JSON document on 0–100: history, the distinct final positions, the forecast, where
    the forecast comes from (a cycle's states and each one's forecast) and dropped actors."""
    # lazy: the batch module loads numpy, only for --json
    from sim.bargaining.batch import forecast_source
    from sim.bargaining.ktab_csv import FILE_SCALE

    distribution = result.outcome.distribution
    cycle = None
    if result.cycle_forecasts is not None:
        cycle = {
            "states": result.cycle_states,
            "forecasts": (result.cycle_forecasts * FILE_SCALE).tolist(),
        }
    return {
        "model": result.model,
        "actors": scenario.actors,
        "dimensions": scenario.dimensions,
        "states": int(result.states),
        "termination": result.termination,
        "cycle_length": result.cycle_length,
        "forecast": (result.outcome.forecast * FILE_SCALE).tolist(),
        "forecast_from": forecast_source(result),
        "cycle": cycle,
        "zero_salience_actors": list(dropped or []),
        "most_probable": (result.outcome.most_probable * FILE_SCALE).tolist(),
        "outcomes": [
            {
                "position": (position * FILE_SCALE).tolist(),
                "probability": float(probability),
                "actors": [scenario.actors[a] for a in holders],
            }
            for position, probability, holders in zip(
                distribution.positions,
                distribution.probabilities,
                distribution.holders,
                strict=True,
            )
        ],
        "positions": (result.positions * FILE_SCALE).tolist(),
        "probabilities": result.probabilities.tolist(),
    }


def format_table(scenario: KTABScenario, result: BargainResult) -> str:
    """Final positions per actor and dimension (0–100), the forecast and how the run ended."""
    # lazy: the KTAB reader's module loads numpy, not needed for --help
    from sim.bargaining.ktab_csv import FILE_SCALE

    name_width = max(len("most probable"), *(len(a) for a in scenario.actors))
    widths = [max(8, len(d)) for d in scenario.dimensions]

    def line(label: str, values: Any) -> str:
        cells = [f"{value:.1f}".rjust(w) for value, w in zip(values, widths, strict=True)]
        return "  ".join([label.ljust(name_width), *cells])

    header = "  ".join(
        [
            "actor".ljust(name_width),
            *(d.rjust(w) for d, w in zip(scenario.dimensions, widths, strict=True)),
        ]
    )
    lines = [f"{scenario.name} — model {result.model}", header]
    for actor, row in zip(scenario.actors, result.final_positions * FILE_SCALE, strict=True):
        lines.append(line(actor, row))
    lines.append(line("forecast", result.outcome.forecast * FILE_SCALE))
    lines.append(line("most probable", result.outcome.most_probable * FILE_SCALE))
    distinct = result.outcome.distribution.probabilities
    shares = ", ".join(f"{p:.3f}" for p in distinct[:8]) + (", …" if distinct.size > 8 else "")
    lines.append(f"distinct final positions: {distinct.size} (probabilities {shares})")
    ended: str = result.termination
    if ended == "cycle":
        ended = f"cycle of {result.cycle_length} states"
    lines.append(f"ended: {ended}")
    if result.cycle_forecasts is not None:
        # lazy: the batch module loads numpy, not needed for --help
        from sim.bargaining.batch import forecast_source

        each = "; ".join(
            ", ".join(f"{v:.1f}" for v in forecast)
            for forecast in result.cycle_forecasts * FILE_SCALE
        )
        states = result.cycle_states
        held = forecast_source(result) != HELD_BY_NONE
        lines.append(
            f"forecast: the mean over states {states[0]}–{states[-1]}, which forecast {each}"
            + ("" if held else "; no state of the cycle gives it")
        )
    lines.append(f"states: {result.states}")
    return "\n".join(lines)


def check_output_path(path: Path, option: str) -> None:
    """Refuse, before anything runs, an output path that is a folder, lies under a file, or
    cannot be written: one line ``OPTION PATH: why``."""
    # lazy: tempfile loads random and hashing, only when an output path is checked
    import tempfile

    from sim.errors import InputError

    label = f"{option} {path}"
    try:
        if path.is_dir():
            raise InputError("is a folder; expected a file name", file=label)
        folder = path.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not folder.is_dir():
            raise InputError(f"{folder} is a file, not a folder", file=label)
        handle, probe = tempfile.mkstemp(dir=folder, prefix=".crossroads-probe-")
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError(f"cannot write here: {reason}", file=label) from None


def write_atomically(path: Path, text: str, option: str = "--out") -> None:
    """Write ``path`` whole or not at all; a failure is one line naming ``option``."""
    # lazy: only when an output is written (sim.atomic loads tempfile)
    from sim.atomic import write_text_atomic
    from sim.errors import InputError

    try:
        write_text_atomic(Path(path), text)
    except OSError as error:
        raise InputError(
            f"cannot write: {error.strerror or error}", file=f"{option} {path}"
        ) from None
