"""The session store: one SQLite file, every choice, inject and facilitator action appended and
committed as it happens, so a session killed at any moment loses nothing it had accepted.

Tables: ``meta`` (the exercise file's text and path, the seed, the parent session of a branch)
and ``log`` (seq, kind, payload as JSON, wall-clock time). The state of the run depends only on
the exercise, the seed and the ordered log, never on the times.
"""

from __future__ import annotations

import json
import sqlite3
import time
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


class Store:
    """Append-only session log in SQLite (autocommit, write-ahead log)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._db = sqlite3.connect(str(self.path), isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # WAL: safe when the process dies
        self._db.executescript(SCHEMA)

    @classmethod
    def open_existing(cls, path: str | Path) -> Store:
        path = Path(path)
        if not path.is_file():
            raise InputError("no session file here", file=str(path))
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

    def append(self, kind: str, payload: dict[str, Any], wall: float | None = None) -> int:
        text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
        cursor = self._db.execute(
            "INSERT INTO log (kind, payload, wall) VALUES (?, ?, ?)",
            (kind, text, time.time() if wall is None else wall),
        )
        return int(cursor.lastrowid)

    def entries(self) -> list[tuple[int, str, dict[str, Any], float]]:
        rows = self._db.execute("SELECT seq, kind, payload, wall FROM log ORDER BY seq")
        return [(seq, kind, json.loads(payload), wall) for seq, kind, payload, wall in rows]
