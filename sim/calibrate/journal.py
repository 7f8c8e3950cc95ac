"""The study journal checked before a calibration resumes: every whole line one JSON object in
UTF-8, as optuna writes them. A damaged journal (NUL bytes from a crash, an edit, another file
in its place) is one line naming the file and the line, found before anything is rewritten."""

from __future__ import annotations

import json
from pathlib import Path

from sim.errors import InputError


def check_journal(path: Path) -> None:
    """Refuse a journal with a whole line that is not a JSON object. A last line without its
    newline is a write cut off by a kill: it is left for ``repair_torn_tail`` to cut."""
    if not path.is_file():
        return
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", file=str(path)) from None
    whole = data[: data.rfind(b"\n") + 1]
    for number, line in enumerate(whole.splitlines(), start=1):
        try:
            record = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            record = None
        if not isinstance(record, dict):
            shown = "NUL bytes" if b"\0" in line else "not a JSON record"
            raise InputError(
                f"the study journal is damaged ({shown}); restore it or start a new --out",
                file=str(path),
                line=number,
            )
