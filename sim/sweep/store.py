"""The sweep folder: ``manifest.json``, ``runs.csv`` (one row per finished run) and ``series/``.

Only the parent process writes here. Each row is written with one ``write`` and flushed to the
operating system, so a killed sweep loses at most the row being written; rows reach the disk
(fsync) at least once a second and when the sweep ends, so a machine that crashes loses at most
the last second's rows. On resume a torn last line (no final newline) is cut off, and runs
without a row are done again.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.atomic import write_text_atomic
from sim.errors import InputError
from sim.sweep.worker import Record

FIXED_COLUMNS = ("run_id", "point", "replication", "seed", "status", "error")
LEGACY = {"uncertainty": "seed", "sampled": {}}  # what manifests written before these keys meant
DONE = ("ok", "failed")
MANIFEST, RUNS, SERIES = "manifest.json", "runs.csv", "series"
SYNC_SECONDS = 1.0  # rows flushed one by one reach the disk at least this often


def _cell(value: Any) -> Any:
    return "" if value is None else value


def csv_line(cells: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([_cell(c) for c in cells])
    return buffer.getvalue()


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


@dataclass(frozen=True)
class Existing:
    """What a folder to resume holds: its manifest (None for a new folder), the finished runs,
    and, when rows had to be dropped, the lines to write back and how many of each kind."""

    manifest: dict[str, Any] | None
    done: dict[str, str]
    rows: list[bytes] | None
    dropped: dict[str, int]


def _row(line: bytes) -> list[str] | None:
    """One CSV line as cells, or None if it is not UTF-8 or not one whole row."""
    try:
        rows = list(csv.reader([line.decode("utf-8")]))
    except (UnicodeDecodeError, csv.Error):
        return None
    return rows[0] if len(rows) == 1 else None


def _load_manifest(path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        problem = str(error)
    except (OSError, UnicodeDecodeError) as error:
        problem = str(getattr(error, "strerror", None) or error.__class__.__name__)
    else:
        if isinstance(manifest, dict) and isinstance(manifest.get("parameters"), list):
            return manifest
        problem = "not a sweep manifest"
    raise InputError(
        f"is damaged ({problem}), so the sweep this folder holds cannot be told; nothing was "
        "changed: restore it from a backup or start again with another --out",
        file=str(path),
    )


class SweepFolder:
    """Appends finished runs to ``runs.csv``; knows which runs are already done."""

    def __init__(self, path: Path, header: list[str], series_header: Sequence[str] = ()) -> None:
        self.path = Path(path)
        self.header = header
        self.series_header = list(series_header)
        self.runs_path = self.path / RUNS
        self.series_path = self.path / SERIES
        self._handle: io.TextIOWrapper | None = None
        self._synced = 0.0

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
        write_text_atomic(self.path / MANIFEST, json.dumps(manifest, indent=1) + "\n")
        self._open(write_header=True)

    def inspect(self, manifest: dict[str, Any], identity_keys: tuple[str, ...]) -> Existing:
        """Read what a folder to resume holds, changing nothing: refuse another sweep or a
        damaged manifest; find the finished runs and the rows that need repair."""
        old_path = self.path / MANIFEST
        if not old_path.exists():
            if self.path.exists() and (not self.path.is_dir() or any(self.path.iterdir())):
                raise InputError(
                    "has no manifest.json, so it holds no sweep to resume; choose another --out",
                    file=str(self.path),
                )
            return Existing(None, {}, None, {})
        for part in (self.runs_path, self.series_path):
            if part.exists() and part.is_dir() == (part == self.runs_path):
                kind = "a folder" if part.is_dir() else "a file"
                raise InputError(f"is {kind}, which a sweep folder does not hold", file=str(part))
        old = _load_manifest(old_path)
        for key in identity_keys:
            if old.get(key, LEGACY.get(key)) != manifest.get(key):
                raise InputError(
                    f"the sweep in this folder differs in '{key}'; it cannot be resumed with "
                    "these settings (choose another --out)",
                    file=str(self.path),
                )
        if not self.runs_path.exists():
            return Existing(old, {}, None, {})
        return self._read_rows(old)

    def _read_rows(self, old: dict[str, Any]) -> Existing:
        try:
            data = self.runs_path.read_bytes()
        except OSError as error:
            raise InputError(f"cannot read: {error.strerror}", file=str(self.runs_path)) from None
        lines = data.split(b"\n")
        dropped = {"torn": 1} if lines[-1] else {}
        lines = lines[:-1]
        if not lines:
            return Existing(old, {}, [], dropped) if dropped else Existing(old, {}, None, {})
        header = _row(lines[0])
        if header != self.header:
            raise InputError(
                "runs.csv has other columns than this sweep produces; choose another --out",
                file=str(self.runs_path),
                line=1,
            )
        status_at = header.index("status")
        kept: dict[str, tuple[str, bytes]] = {}
        for line in lines[1:]:
            row = _row(line)
            if row is None or len(row) != len(header) or row[status_at] not in DONE:
                dropped["damaged"] = dropped.get("damaged", 0) + 1
            elif row[0] in kept:
                dropped["duplicated"] = dropped.get("duplicated", 0) + 1
                if kept[row[0]][0] != "ok":  # a run recorded twice counts as done once, ok first
                    kept[row[0]] = (row[status_at], line)
            else:
                kept[row[0]] = (row[status_at], line)
        done = {rid: status for rid, (status, _) in kept.items()}
        rewrite = [lines[0], *(line for _, line in kept.values())] if dropped else None
        return Existing(old, done, rewrite, dropped)

    def reopen(self, existing: Existing, manifest: dict[str, Any]) -> None:
        """Continue the inspected folder: repair runs.csv if needed, refresh the manifest."""
        if existing.manifest is None:
            self.create(manifest)
            return
        if existing.rows is not None:
            text = b"".join(line + b"\n" for line in existing.rows).decode("utf-8")
            write_text_atomic(self.runs_path, text)
            what = ", ".join(f"{n} {kind}" for kind, n in sorted(existing.dropped.items()))
            print(
                f"note: {self.runs_path}: repaired ({what} row(s) removed); "
                "their runs are done again if no good row has them",
                file=sys.stderr,
            )
        refreshed = {**manifest, "created": existing.manifest.get("created")}
        write_text_atomic(self.path / MANIFEST, json.dumps(refreshed, indent=1) + "\n")
        self._open(write_header=not self.runs_path.exists() or not self.runs_path.stat().st_size)

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
        sampled: Sequence[str] = (),
    ) -> None:
        """Write the run's series file (if any), then its row, flushed (fsynced at most
        :data:`SYNC_SECONDS` after the last fsync: one per row cost as much as a run)."""
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
        now = time.monotonic()
        if now - self._synced >= SYNC_SECONDS:
            os.fsync(self._handle.fileno())
            self._synced = now

    def write_series(self, record: Record) -> None:
        self.series_path.mkdir(exist_ok=True)
        rows = record.series or []
        text = csv_line(self.series_header) + "".join(csv_line(row) for row in rows)
        write_text_atomic(self.series_path / f"{record.task.run_id}.csv", text)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
            self._handle = None


def read_manifest(folder: Path) -> dict[str, Any]:
    path = Path(folder) / MANIFEST
    if not path.exists():
        raise InputError("not a sweep folder (no manifest.json)", file=str(folder))
    return _load_manifest(path)


def runs_header(manifest: dict[str, Any]) -> list[str]:
    """The columns runs.csv of this sweep has, from its manifest (as ``Plan.header``)."""
    sampled = manifest.get("sampled", LEGACY["sampled"])
    return [*FIXED_COLUMNS, *manifest["parameters"], *sampled, *manifest["outcomes"]]


def read_runs(folder: Path):
    """runs.csv as a pandas DataFrame sorted by run id, so any backend gives the same table."""
    return read_runs_checked(folder, read_manifest(folder))[0]


def read_runs_checked(folder: Path, manifest: dict[str, Any]):
    """runs.csv checked against its sweep's columns, as a table sorted by run id, and notes on
    the rows left out (a torn last row, damaged rows) so an analysis never drops them silently.
    A header that is not the sweep's is refused: the columns would be read as the wrong ones."""
    import pandas as pd

    path = Path(folder) / RUNS
    if not path.exists():
        raise InputError("no runs.csv yet", file=str(folder))

    def damaged(reason: str, line: int | None = None) -> InputError:
        reason = " ".join(reason.split())[:200]
        return InputError(
            f"is damaged ({reason}); 'sweep --resume' with the same settings repairs it",
            file=str(path),
            line=line,
        )

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise damaged(str(error)) from None
    lines = text.split("\n")
    notes = []
    if lines[-1]:
        notes.append(
            f"note: {path}: the last row is incomplete (still being written, or cut by a kill); "
            "left out"
        )
    lines = lines[:-1]
    expected = runs_header(manifest)
    header = _row(lines[0].encode("utf-8")) if lines else None
    if header != expected:
        if header is None:
            raise damaged("no header line", 1)
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        detail = f"missing {', '.join(missing) or '-'}; not of this sweep {', '.join(extra) or '-'}"
        raise InputError(
            f"the header is not this sweep's columns ({detail}); it cannot be analysed",
            file=str(path),
            line=1,
        )
    status_at = header.index("status")
    good, bad = [lines[0]], []
    for number, line in enumerate(lines[1:], start=2):
        row = _row(line.encode("utf-8"))
        if row is None or len(row) != len(header) or row[status_at] not in DONE:
            bad.append(number)
        else:
            good.append(line)
    if bad:
        shown = ", ".join(str(n) for n in bad[:5]) + (" ..." if len(bad) > 5 else "")
        notes.append(
            f"note: {path}: {len(bad)} damaged row(s) left out (line {shown}); "
            "'sweep --resume' with the same settings repairs the file and runs them again"
        )
    try:
        table = pd.read_csv(
            io.StringIO("\n".join(good) + "\n"),
            dtype={"run_id": str, "point": str, "error": str},
        )
        table["error"] = table["error"].fillna("")
    except (ValueError, KeyError, pd.errors.ParserError) as error:
        raise damaged(str(error)) from None
    table = table.drop_duplicates("run_id", keep="first")  # a run recorded twice counts once
    return table.sort_values("run_id", kind="stable").reset_index(drop=True), notes
