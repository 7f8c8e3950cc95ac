"""The session store: one SQLite file, every choice, inject and facilitator action appended and
committed as it happens, so a session killed at any moment loses nothing it had accepted.

Tables: ``meta`` (the exercise file's text and path, the seed, the parent session of a branch)
and ``log`` (seq, kind, payload as JSON, wall-clock time). The state of the run depends only on
the exercise, the seed and the ordered log, never on the times.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sim.errors import InputError

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    wall REAL NOT NULL
);
"""


APPLICATION_ID = 0x43524F53
"""SQLite's ``application_id`` of a session store ("CROS"): the marker by which a store knows
its own files. It is written before the file turns to write-ahead logging, so it is in the
main file from the first commit on, even if the process is killed at once."""

HEADER = b"SQLite format 3\x00"
LEGACY_TABLES = {"meta", "log", "sqlite_sequence"}


def _marker(path: Path) -> int | None:
    """The file's ``application_id``, or None when it is not an SQLite database at all.

    Read from the header's bytes (offset 68, big-endian), not through SQLite, so looking at a
    foreign file neither changes it nor leaves ``-wal``/``-shm`` files beside it."""
    with path.open("rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(HEADER):
        return None
    return int.from_bytes(header[68:72], "big")


def _legacy(path: Path) -> bool:
    """A store written before the marker: exactly our tables and an exercise recorded. Read
    without locks or journals (a cleanly closed store has no write-ahead log left)."""
    has_wal = path.with_name(path.name + "-wal").exists()
    mode = "mode=ro" if has_wal else "immutable=1"
    try:
        db = sqlite3.connect(f"file:{path.resolve()}?{mode}", uri=True)
        try:
            tables = {
                name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if tables != LEGACY_TABLES:
                return False
            return bool(db.execute("SELECT 1 FROM meta WHERE key='exercise'").fetchone())
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return False


class Store:
    """Append-only session log in SQLite (autocommit, write-ahead log)."""

    def __init__(self, path: str | Path) -> None:
        """Open a store: a new file (made and marked here) or one :meth:`open_existing` has
        recognised. Never point it at another file: it would write its tables there."""
        self.path = Path(path)
        self._db = sqlite3.connect(str(self.path), isolation_level=None)
        if self._db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            self._db.execute(f"PRAGMA application_id={APPLICATION_ID}")
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # WAL: safe when the process dies
        self._db.executescript(SCHEMA)

    @classmethod
    def create(cls, path: str | Path) -> Store:
        """A new store in a file that does not exist yet (never an existing one)."""
        path = Path(path)
        if os.path.lexists(path):
            raise InputError("a file is already here; pick another name", file=str(path))
        return cls(path)

    @classmethod
    def open_existing(cls, path: str | Path) -> Store:
        """A store this program wrote, recognised by its marker (or, written before the
        marker, by its tables); any other file is refused untouched."""
        path = Path(path)
        if not path.is_file():
            raise InputError("no session file here", file=str(path))
        try:
            marker = _marker(path)
        except OSError as error:
            raise InputError(f"cannot be read ({error.strerror})", file=str(path)) from None
        if marker is None:
            what = "an empty file" if path.stat().st_size == 0 else "not an SQLite database"
            raise InputError(f"not a session file ({what})", file=str(path))
        if marker != APPLICATION_ID and not (marker == 0 and _legacy(path)):
            raise InputError(
                "not a session file (an SQLite database of another program; left untouched)",
                file=str(path),
            )
        try:
            store = cls(path)
            store.meta()
        except sqlite3.DatabaseError as error:
            raise InputError(f"not a session file ({error})", file=str(path)) from None
        return store

    def close(self) -> None:
        self._db.close()

    def backup(self, path: str | Path) -> Path:
        """A consistent copy of the store while it is in use (SQLite's online backup), for a
        debrief written from a running session."""
        path = Path(path)
        target = sqlite3.connect(str(path))
        try:
            with target:
                self._db.backup(target)
        finally:
            target.close()
        return path

    def set_meta(self, **values: str) -> None:
        with self._db:
            for key, value in values.items():
                self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def meta(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT key, value FROM meta"))

    def append(self, kind: str, payload: Mapping[str, object], wall: float | None = None) -> int:
        text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
        cursor = self._db.execute(
            "INSERT INTO log (kind, payload, wall) VALUES (?, ?, ?)",
            (kind, text, time.time() if wall is None else wall),
        )
        assert cursor.lastrowid is not None  # an INSERT always sets it
        return cursor.lastrowid

    def entries(self) -> list[tuple[int, str, dict[str, Any], float]]:
        """The log, each payload read back (a payload that is no JSON object: InputError)."""
        from sim.classroom.rows import read_payload

        rows = self._db.execute("SELECT seq, kind, payload, wall FROM log ORDER BY seq")
        where = str(self.path)
        return [(seq, kind, read_payload(text, where, seq), wall) for seq, kind, text, wall in rows]
