"""Batches: every KTAB file of a list with every model, one table row per file and model.

A file that cannot be read, or a model that refuses it, becomes a row with its error; the
batch goes on. Actors with salience 0 on every dimension are dropped or kept as the task says
(``sim.bargaining.zero_salience``), and their names go in the row. Rows are plain dicts of
strings and numbers, in file order then model order, whatever order the work finished in, so
a table does not depend on the backend.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.bargaining.ktab_csv import FILE_SCALE, read_ktab_csv
from sim.bargaining.result import BargainResult
from sim.bargaining.zero_salience import Treatment, apply_treatment
from sim.errors import InputError

Row = dict[str, str | int | float]

FIXED_COLUMNS = (
    "file",
    "model",
    "status",
    "error",
    "actors",
    "dimensions",
    "states",
    "termination",
    "cycle_length",
    "forecast_from",
    "cycle_spread",
    "zero_salience",
    "seconds",
)
SAME_FORECAST = 1e-9  # 0–1 scale: a cycle state whose forecast is this close "holds" the mean


@dataclass(frozen=True)
class FileTask:
    """One file to run with every model; ``index`` keeps the table in input order.

    ``smp_options`` are ``SMPOptions`` fields by name; ``seed`` seeds a fresh Generator for
    every stochastic SMP run, so a file's result does not depend on the backend or the order.
    """

    index: int
    path: str
    models: tuple[str, ...]
    zero_salience: Treatment = "keep"
    smp_options: tuple[tuple[str, str], ...] = ()
    seed: int | None = None


def collect_files(inputs: Iterable[Path]) -> list[Path]:
    """The CSV files named, and those found (recursively, sorted) in the folders named; a file
    reached twice is run once."""
    files: list[Path] = []
    seen: set[str] = set()
    for item in inputs:
        if item.is_dir():
            found = sorted(p for p in item.rglob("*.csv") if p.is_file())
            if not found:
                raise InputError("folder holds no .csv file", file=str(item))
        elif item.is_file():
            found = [item]
        else:
            raise InputError("no such file or folder", file=str(item))
        for path in found:
            if os.path.abspath(path) not in seen:
                seen.add(os.path.abspath(path))
                files.append(path)
    return files


def batch_root(inputs: Iterable[Path]) -> Path:
    """The folder every input lies in: a folder named, or the folder of a file named; the
    common one of several."""
    folders = [os.path.abspath(item if item.is_dir() else item.parent) for item in inputs]
    return Path(os.path.commonpath(folders))


def relative_names(files: Sequence[Path], root: Path) -> dict[str, str]:
    """Each file (as the table names it) by its path relative to ``root``, with ``/``: unique,
    unlike the bare file name."""
    return {
        str(path): Path(os.path.relpath(os.path.abspath(path), root)).as_posix() for path in files
    }


def run_file(task: FileTask) -> list[Row]:
    """Run every model on one file; errors become rows, never exceptions."""
    from sim.bargaining import SMPOptions, solve

    rows: list[Row] = []
    try:
        scenario, indifferent = apply_treatment(
            read_ktab_csv(task.path), task.zero_salience, task.path
        )
    except InputError as error:
        return [_error_row(task.path, model, str(error)) for model in task.models]
    n, d = scenario.positions.shape
    for model in task.models:
        start = time.perf_counter()
        try:
            smp = model == "smp"
            result = solve(
                model,
                scenario.capabilities,
                scenario.positions,
                scenario.saliences,
                options=SMPOptions.from_mapping(dict(task.smp_options)) if smp else None,
                rng=np.random.default_rng(task.seed) if smp and task.seed is not None else None,
            )
        except (ValueError, FloatingPointError, RuntimeError) as error:
            rows.append(_error_row(task.path, model, f"{task.path}: {error}"))
            continue
        seconds = time.perf_counter() - start
        row: Row = {
            "file": task.path,
            "model": model,
            "status": "ok",
            "error": "",
            "actors": n,
            "dimensions": d,
            "states": result.states,
            "termination": result.termination,
            "cycle_length": result.cycle_length or "",
            "forecast_from": forecast_source(result),
            "cycle_spread": cycle_spread(result),
            "zero_salience": "; ".join(indifferent),
            "seconds": round(seconds, 4),
        }
        for k in range(d):
            row[f"forecast_{k + 1}"] = round(float(result.outcome.forecast[k]) * FILE_SCALE, 6)
        for k in range(d):
            most = float(result.outcome.most_probable[k]) * FILE_SCALE
            row[f"most_probable_{k + 1}"] = round(most, 6)
        rows.append(row)
    return rows


def forecast_source(result: BargainResult) -> str:
    """Where the forecast comes from: the final state, the mean over a cycle's states that one
    of them gives too, or a mean that no state of the cycle gives."""
    if result.cycle_forecasts is None:
        return "final state"
    gaps = np.abs(result.cycle_forecasts - result.outcome.forecast).max(axis=1)
    return "cycle mean" if np.any(gaps <= SAME_FORECAST) else "cycle mean, held by no state"


def cycle_spread(result: BargainResult) -> float | str:
    """Largest range, over dimensions, of the cycle's per-state forecasts (0–100)."""
    if result.cycle_forecasts is None:
        return ""
    spread = np.ptp(result.cycle_forecasts, axis=0).max()
    return round(float(spread) * FILE_SCALE, 6)


def _error_row(path: str, model: str, message: str) -> Row:
    return {"file": path, "model": model, "status": "error", "error": " ".join(message.split())}


def table_columns(rows: Sequence[Row]) -> list[str]:
    """Fixed columns, then forecast and most probable position for as many dimensions as the
    widest file has."""
    widest = max((int(r.get("dimensions", 0) or 0) for r in rows), default=0)
    return [
        *FIXED_COLUMNS,
        *(f"forecast_{k + 1}" for k in range(widest)),
        *(f"most_probable_{k + 1}" for k in range(widest)),
    ]


def table_csv(rows: Sequence[Row]) -> str:
    """The table as CSV text (missing cells empty)."""
    import csv
    import io

    columns = table_columns(rows)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
