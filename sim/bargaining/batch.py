"""Batches: every KTAB file of a list with every model, one table row per file and model.

A file that cannot be read, or a model that refuses it, becomes a row with its error; the
batch goes on. Rows are plain dicts of strings and numbers, in file order then model order,
whatever order the work finished in, so a table does not depend on the backend.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sim.bargaining.ktab_csv import FILE_SCALE, read_ktab_csv
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
    "seconds",
)


@dataclass(frozen=True)
class FileTask:
    """One file to run with every model; ``index`` keeps the table in input order."""

    index: int
    path: str
    models: tuple[str, ...]


def collect_files(inputs: Iterable[Path]) -> list[Path]:
    """The CSV files named, and those found (recursively, sorted) in the folders named."""
    files: list[Path] = []
    for item in inputs:
        if item.is_dir():
            found = sorted(p for p in item.rglob("*.csv") if p.is_file())
            if not found:
                raise InputError("folder holds no .csv file", file=str(item))
            files.extend(found)
        elif item.is_file():
            files.append(item)
        else:
            raise InputError("no such file or folder", file=str(item))
    return files


def run_file(task: FileTask) -> list[Row]:
    """Run every model on one file; errors become rows, never exceptions."""
    from sim.bargaining import solve

    rows: list[Row] = []
    try:
        scenario = read_ktab_csv(task.path)
    except InputError as error:
        return [_error_row(task.path, model, str(error)) for model in task.models]
    n, d = scenario.positions.shape
    for model in task.models:
        start = time.perf_counter()
        try:
            result = solve(model, scenario.capabilities, scenario.positions, scenario.saliences)
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
            "seconds": round(seconds, 4),
        }
        for k in range(d):
            row[f"forecast_{k + 1}"] = round(float(result.outcome.forecast[k]) * FILE_SCALE, 6)
        for k in range(d):
            most = float(result.outcome.most_probable[k]) * FILE_SCALE
            row[f"most_probable_{k + 1}"] = round(most, 6)
        rows.append(row)
    return rows


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
