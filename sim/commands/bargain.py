"""``bargain`` subcommand: run bargaining models on KTAB CSV files and report the forecasts.

One file and one model print every actor's final position and the forecast (``--json`` and
``--events`` write the full history). Several files or folders, several ``--models``, or a
``--table`` make a batch: every file with every model in one process (or on a process pool or
Dask), one table row per file and model, and with ``--outcomes`` each model's errors.

Only argparse is imported to register the command; numpy and the models load when it runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path

TYPE_CHECKING = False  # typing itself costs start-up time; annotations are strings anyway
if TYPE_CHECKING:
    from typing import Any

    from sim.bargaining import BargainResult, KTABScenario
    from sim.bargaining.batch import FileTask, Row

# the names of sim.bargaining.MODELS, spelled out so --help needs no numpy (a test holds them equal)
MODEL_NAMES = ("smp", "compromise", "weighted_median", "expected_utility")
BACKENDS = ("serial", "process", "dask")


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
        "termination, seconds, or the file's error)",
    )
    parser.add_argument(
        "--outcomes",
        dest="outcomes",
        metavar="OUTCOMES.csv",
        type=Path,
        help="batch: observed outcomes (file name, value per dimension on 0–100); prints each "
        "model's mean and median absolute error with bootstrap 95%% intervals",
    )
    parser.add_argument(
        "--backend", choices=BACKENDS, default="serial", help="batch backend (default: serial)"
    )
    parser.add_argument("--workers", type=int, help="process/dask workers (default: all cores)")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="dask scheduler address")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Check every argument and output path, then run one file or a batch."""
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
    from sim.cores import usable_cores

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


def run_one(args: argparse.Namespace, model: str) -> int:
    """Read the file, run the model, print the table and write the requested outputs."""
    from sim.bargaining import read_ktab_csv, solve
    from sim.errors import InputError

    scenario = read_ktab_csv(args.inputs[0])
    try:
        result = solve(
            model,
            scenario.capabilities,
            scenario.positions,
            scenario.saliences,
            record_events=args.events_out is not None,
        )
    except ValueError as error:
        raise InputError(str(error), file=str(args.inputs[0])) from None
    print(format_table(scenario, result))
    if args.json_out is not None or args.events_out is not None:
        import json  # only when writing it: start-up time
    if args.json_out is not None:
        document = json.dumps(history_json(scenario, result), indent=1)
        write_atomically(args.json_out, document, "--json")
    if args.events_out is not None:
        lines = "".join(json.dumps(event) + "\n" for event in result.events)
        write_atomically(args.events_out, lines, "--events")
    return 0


def run_batch(args: argparse.Namespace, models: list[str]) -> int:
    """Every file with every model; a table of rows, and scores against observed outcomes."""
    from sim.bargaining.batch import FileTask, collect_files, table_csv

    files = collect_files(args.inputs)
    observed = None
    if args.outcomes is not None:
        from sim.bargaining.evaluation import check_dimensions, read_outcomes

        observed = read_outcomes(args.outcomes)
        check_dimensions(files, observed, args.outcomes)
    tasks = [FileTask(i, str(path), tuple(models)) for i, path in enumerate(files)]
    results = execute(tasks, args)
    rows = [row for task in tasks for row in results[task.index]]
    if args.table_out is not None:
        write_atomically(args.table_out, table_csv(rows), "--table")
    print(batch_summary(rows, models, args.table_out))
    if observed is not None:
        from sim.bargaining.evaluation import format_scores, score_models

        print()
        print(format_scores(score_models(rows, observed, models)))
    return 0


def execute(tasks: list[FileTask], args: argparse.Namespace) -> dict[int, list[Row]]:
    """Run the tasks on the chosen backend with a progress bar; results keyed by task index."""
    from sim.bargaining.batch import run_file
    from sim.errors import InputError
    from sim.sweep.progress import Progress

    progress = Progress(len(tasks), 0, 0, args.quiet)
    results: dict[int, list[Row]] = {}
    try:
        if args.backend == "serial":
            for task in tasks:
                results[task.index] = run_file(task)
                progress.update(_status(results[task.index]))
            return results
        from sim.bargaining.batch_backends import BatchDaskEvaluator, BatchProcessEvaluator

        evaluator = (
            BatchProcessEvaluator(args.workers)
            if args.backend == "process"
            else BatchDaskEvaluator(args.workers, args.scheduler)
        )
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
    if table is not None:
        lines.append(f"table: {table}")
    return "\n".join(lines)


def history_json(scenario: KTABScenario, result: BargainResult) -> dict[str, Any]:
    """The JSON document on 0–100: history, the distinct final positions, the forecast."""
    from sim.bargaining.ktab_csv import FILE_SCALE

    distribution = result.outcome.distribution
    return {
        "model": result.model,
        "actors": scenario.actors,
        "dimensions": scenario.dimensions,
        "states": int(result.states),
        "termination": result.termination,
        "cycle_length": result.cycle_length,
        "forecast": (result.outcome.forecast * FILE_SCALE).tolist(),
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
    ended = result.termination
    if ended == "cycle":
        ended = f"cycle of {result.cycle_length} states"
    lines.append(f"ended: {ended}")
    lines.append(f"states: {result.states}")
    return "\n".join(lines)


def check_output_path(path: Path, option: str) -> None:
    """Refuse, before anything runs, an output path that is a folder, lies under a file, or
    cannot be written: one line ``OPTION PATH: why``."""
    import os
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
    """Write to a temporary file in the same folder, then rename it over ``path``."""
    import os
    import tempfile

    from sim.errors import InputError

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise InputError(
            f"cannot write: {error.strerror or error}", file=f"{option} {path}"
        ) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(
            f"cannot write: {error.strerror or error}", file=f"{option} {path}"
        ) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
