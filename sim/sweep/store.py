"""The sweep folder: ``manifest.json``, ``runs.csv`` (one row per finished run) and ``series/``.

Only the parent process writes here. Each row is written with one ``write``, then flushed and
fsynced, so a kill loses at most the row being written; on resume a torn last line (no final
newline) is cut off and its run is done again.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

from sim.errors import InputError
from sim.sweep.worker import Record

FIXED_COLUMNS = ("run_id", "point", "replication", "seed", "status", "error")
LEGACY = {"uncertainty": "seed", "sampled": {}}  # what manifests written before these keys meant
DONE = ("ok", "failed")
MANIFEST, RUNS, SERIES = "manifest.json", "runs.csv", "series"


def _cell(value: Any) -> Any:
    return "" if value is None else value


def csv_line(cells: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([_cell(c) for c in cells])
    return buffer.getvalue()


def write_atomic(path: Path, text: str) -> None:
    """Write a whole file or nothing: a temporary file renamed into place."""
    staging = path.with_name(f".{path.name}.partial")
    staging.write_text(text, encoding="utf-8")
    os.replace(staging, path)


def repair_torn_tail(path: Path) -> bool:
    """Cut a last line that lacks its newline (a write killed half-way); True if one was cut."""
    size = path.stat().st_size
    if size == 0:
        return False
    with path.open("rb+") as handle:
        handle.seek(-1, os.SEEK_END)
        if handle.read(1) == b"\n":
            return False
        block = min(size, 1 << 16)
        while True:
            handle.seek(size - block)
            data = handle.read(block)
            cut = data.rfind(b"\n")
            if cut >= 0 or block == size:
                handle.truncate(size - block + cut + 1 if cut >= 0 else 0)
                return True
            block = min(size, block * 2)


class SweepFolder:
    """Appends finished runs to ``runs.csv``; knows which runs are already done."""

    def __init__(self, path: Path, header: list[str], series_header: list[str] = ()) -> None:
        self.path = Path(path)
        self.header = header
        self.series_header = list(series_header)
        self.runs_path = self.path / RUNS
        self.series_path = self.path / SERIES
        self._handle: io.TextIOWrapper | None = None

    # --- opening ------------------------------------------------------------------------------
    @staticmethod
    def check_new(path: Path) -> None:
        """Refuse a folder that already holds something (a sweep would be mixed with another)."""
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            raise InputError(
                "exists and is not empty; pass --resume to continue that sweep, "
                "or choose another --out",
                file=str(path),
            )

    def create(self, manifest: dict[str, Any]) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path / MANIFEST, json.dumps(manifest, indent=1) + "\n")
        self._open(write_header=True)

    def resume(self, manifest: dict[str, Any], identity_keys: tuple[str, ...]) -> dict[str, str]:
        """Check the folder holds the same sweep, repair the tail; return done run id -> status."""
        old_path = self.path / MANIFEST
        if not old_path.exists():
            self.check_new(self.path)
            self.create(manifest)
            return {}
        old = json.loads(old_path.read_text(encoding="utf-8"))
        for key in identity_keys:
            if old.get(key, LEGACY.get(key)) != manifest.get(key):
                raise InputError(
                    f"the sweep in this folder differs in '{key}'; it cannot be resumed with "
                    "these settings (choose another --out)",
                    file=str(self.path),
                )
        done = self.done_runs() if self.runs_path.exists() else {}
        write_atomic(old_path, json.dumps({**manifest, "created": old.get("created")}, indent=1))
        self._open(write_header=not self.runs_path.exists() or not self.runs_path.stat().st_size)
        return done

    def done_runs(self) -> dict[str, str]:
        """Run ids already recorded as ok or failed (after cutting a torn last line)."""
        repair_torn_tail(self.runs_path)
        done: dict[str, str] = {}
        with self.runs_path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                return done
            if header != self.header:
                raise InputError(
                    "runs.csv has other columns than this sweep produces; choose another --out",
                    file=str(self.runs_path),
                )
            status_at = header.index("status")
            for line, row in enumerate(reader, start=2):
                if len(row) != len(header):
                    raise InputError(
                        f"row has {len(row)} fields, expected {len(header)}",
                        file=str(self.runs_path),
                        line=line,
                    )
                if row[status_at] in DONE:
                    done[row[0]] = row[status_at]
        return done

    def _open(self, write_header: bool) -> None:
        if write_header:
            with self.runs_path.open("w", encoding="utf-8", newline="") as handle:
                handle.write(csv_line(self.header))
                handle.flush()
                os.fsync(handle.fileno())
        self._handle = self.runs_path.open("a", encoding="utf-8", newline="")

    # --- writing ------------------------------------------------------------------------------
    def append(
        self,
        record: Record,
        parameters: list[str],
        outcomes: list[str],
        sampled: list[str] = (),
    ) -> None:
        """Write the run's series file (if any), then its row, flushed and fsynced."""
        if record.series is not None:
            self.write_series(record)
        task = record.task
        cells = [task.run_id, task.point, task.replication, task.seed, record.status, record.error]
        cells += [task.values.get(name) for name in parameters]
        cells += [record.sampled.get(name) for name in sampled]
        cells += [record.outcomes.get(name) for name in outcomes]
        assert self._handle is not None
        self._handle.write(csv_line(cells))
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def write_series(self, record: Record) -> None:
        self.series_path.mkdir(exist_ok=True)
        rows = record.series or []
        text = csv_line(self.series_header) + "".join(csv_line(row) for row in rows)
        write_atomic(self.series_path / f"{record.task.run_id}.csv", text)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def read_manifest(folder: Path) -> dict[str, Any]:
    path = Path(folder) / MANIFEST
    if not path.exists():
        raise InputError("not a sweep folder (no manifest.json)", file=str(folder))
    return json.loads(path.read_text(encoding="utf-8"))


def read_runs(folder: Path):
    """runs.csv as a pandas DataFrame sorted by run id, so any backend gives the same table."""
    import pandas as pd

    path = Path(folder) / RUNS
    if not path.exists():
        raise InputError("no runs.csv yet", file=str(folder))
    text = path.read_text(encoding="utf-8")
    text = text[: text.rfind("\n") + 1]  # a row still being written is not a row yet
    table = pd.read_csv(io.StringIO(text), dtype={"run_id": str, "point": str, "error": str})
    table["error"] = table["error"].fillna("")
    return table.sort_values("run_id", kind="stable").reset_index(drop=True)
