"""Reader for KTAB's SMP input CSV files.

Layout: row 1 is scenario name, description, number of actors, number of dimensions; row 2
holds the headers (actor, description, capability, then a position and a salience header per
dimension); then one row per actor: name, description, capability, then position and salience
per dimension, both on 0–100. Trailing commas and spaces are tolerated, as KTAB's own files
have them. Anything else that is wrong raises ``InputError`` naming the file, line and key.

Encodings: KTAB reads bytes and never decodes them, so a file saved by a spreadsheet in
Windows-1252 runs there. We read UTF-8 (with or without a byte-order mark) and, failing that,
Windows-1252; a file that is neither, or holds control characters (binary data, UTF-16, a
zipped workbook), is refused with the line it goes wrong on and a hint.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.errors import InputError

FILE_SCALE = 100.0  # positions and saliences are 0–100 in files and 0–1 in the model


@dataclass(frozen=True, eq=False)
class KTABScenario:
    """A KTAB scenario on the model's 0–1 scale (file values divided by 100)."""

    name: str
    description: str
    actors: list[str]
    actor_descriptions: list[str]
    dimensions: list[str]
    capabilities: np.ndarray  # (n,)
    positions: np.ndarray  # (n, d), 0–1
    saliences: np.ndarray  # (n, d), 0–1


def read_ktab_csv(path: str | Path) -> KTABScenario:
    """Parse and validate a KTAB CSV file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"cannot read KTAB CSV file: {exc.strerror or exc}", file=str(path)
        ) from None
    return parse_ktab_csv(decode_ktab_bytes(data, str(path)), source=str(path))


# C0 control characters other than tab, line feed and carriage return: a text file has none
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SAVE_AS_CSV = "save it from the spreadsheet as CSV (UTF-8 or Windows-1252, comma-separated)"


def decode_ktab_bytes(data: bytes, source: str) -> str:
    """The file's text: UTF-8 (a byte-order mark is dropped), else Windows-1252 as KTAB reads
    it; anything else raises ``InputError`` with the line of the first offending byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"the file is UTF-16 text; {SAVE_AS_CSV}", file=source, line=1)
    if data.startswith(b"PK\x03\x04"):
        raise InputError(
            f"this is a zip archive (an .xlsx workbook?), not a CSV file; {SAVE_AS_CSV}",
            file=source,
            line=1,
        )
    control = _CONTROL.search(data)
    if control is not None:
        raise InputError(
            f"binary data (byte 0x{data[control.start()]:02x}, a control character) where"
            f" comma-separated text is expected; {SAVE_AS_CSV}",
            file=source,
            line=_line_of(data, control.start()),
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError(
                f"byte 0x{data[utf8_error.start]:02x} is neither UTF-8 nor Windows-1252 text;"
                f" {SAVE_AS_CSV}",
                file=source,
                line=_line_of(data, utf8_error.start),
            ) from None


def _line_of(data: bytes, offset: int) -> int:
    """The 1-based line holding byte ``offset`` (lines end with LF, CR LF or CR)."""
    before = data[:offset].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return before.count(b"\n") + 1


def parse_ktab_csv(text: str, source: str = "<input>") -> KTABScenario:
    """Parse KTAB CSV text; ``source`` names the file in error messages."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    rows = [(number, fields) for number, fields in _records(text, source) if fields]
    if not rows:
        raise InputError("file is empty; expected a KTAB scenario header row", file=source)

    head_line, head = rows[0]
    line = head_line
    if len(head) < 4:
        raise InputError(
            "first row needs 4 fields: name, description, number of actors, number of dimensions"
            f" (got {len(head)}){_delimiter_hint(raw_lines, line)}",
            file=source,
            line=line,
        )
    n_actors = _count(head[2], source, line, "number of actors", minimum=2)
    n_dims = _count(head[3], source, line, "number of dimensions", minimum=1)
    if len(head) > 4:
        raise InputError(f"first row has {len(head)} fields; expected 4", file=source, line=line)
    width = 3 + 2 * n_dims

    if len(rows) < 2:
        raise InputError("missing the header row after the first row", file=source)
    line, header = rows[1]
    if len(header) != width:
        raise InputError(
            f"header row has {len(header)} fields; expected {width} for {n_dims} dimension(s)"
            " (actor, description, capability, then position and salience per dimension)"
            f"{_delimiter_hint(raw_lines, line)}",
            file=source,
            line=line,
        )
    dimensions = [header[3 + 2 * k] for k in range(n_dims)]

    actor_rows = rows[2:]
    if len(actor_rows) != n_actors:
        # too many rows: point at the first extra one; too few: at the count that promised more
        where = actor_rows[n_actors][0] if len(actor_rows) > n_actors else head_line
        raise InputError(
            f"found {len(actor_rows)} actor row(s); the first row declares {n_actors}",
            file=source,
            line=where,
            key="number of actors",
        )

    names: list[str] = []
    descriptions: list[str] = []
    caps = np.empty(n_actors)
    pos = np.empty((n_actors, n_dims))
    sal = np.empty((n_actors, n_dims))
    for a, (line, fields) in enumerate(actor_rows):
        if len(fields) != width:
            raise InputError(
                f"actor row has {len(fields)} fields; expected {width}"
                f"{_delimiter_hint(raw_lines, line)}",
                file=source,
                line=line,
            )
        name = fields[0]
        if not name:
            raise InputError("actor name is empty", file=source, line=line, key=header[0])
        if name in names:
            raise InputError(f"duplicate actor name {name!r}", file=source, line=line, key=name)
        names.append(name)
        descriptions.append(fields[1])
        caps[a] = _number(fields[2], source, line, f"{name}.{header[2]}")
        if caps[a] <= 0:
            raise InputError(
                f"capability must be positive, got {fields[2]}",
                file=source,
                line=line,
                key=f"{name}.{header[2]}",
            )
        for k in range(n_dims):
            p_key = f"{name}.{header[3 + 2 * k]}"
            s_key = f"{name}.{header[4 + 2 * k]}"
            pos[a, k] = _percent(fields[3 + 2 * k], source, line, p_key, "position")
            sal[a, k] = _percent(fields[4 + 2 * k], source, line, s_key, "salience")
        total = sal[a].sum()
        if total > FILE_SCALE + 1e-9:
            raise InputError(
                f"saliences add up to {total:g}; at most 100 is allowed",
                file=source,
                line=line,
                key=name,
            )

    return KTABScenario(
        name=head[0],
        description=head[1],
        actors=names,
        actor_descriptions=descriptions,
        dimensions=dimensions,
        capabilities=caps,
        positions=pos / FILE_SCALE,
        saliences=sal / FILE_SCALE,
    )


def _records(text: str, source: str) -> list[tuple[int, list[str]]]:
    """CSV records with the line each starts on (a quoted field may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), skipinitialspace=True)
    records = []
    start = 1
    try:
        for fields in reader:
            records.append((start, _clean(fields)))
            start = reader.line_num + 1
    except csv.Error as error:
        raise InputError(f"not readable as CSV: {error}", file=source, line=start) from None
    return records


def _delimiter_hint(raw_lines: list[str], line: int) -> str:
    """A hint when the line would split into more fields on a semicolon or a tab."""
    text = raw_lines[line - 1] if 0 < line <= len(raw_lines) else ""
    commas = len(_clean(next(csv.reader([text]), [])))
    for delimiter, name in ((";", "semicolons"), ("\t", "tabs")):
        fields = _clean(next(csv.reader([text], delimiter=delimiter), []))
        if len(fields) > max(commas, 1):
            return (
                f"; the line seems separated by {name}: KTAB files are comma-separated,"
                " so save the file as CSV with commas (and decimal points)"
            )
    return ""


def _clean(fields: list[str]) -> list[str]:
    """Strip spaces and drop trailing empty fields (KTAB files end rows with a comma)."""
    cleaned = [f.strip() for f in fields]
    while cleaned and cleaned[-1] == "":
        cleaned.pop()
    return cleaned


def _number(text: str, source: str, line: int, key: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(
            f"expected a number, got {text!r}", file=source, line=line, key=key
        ) from None
    if not math.isfinite(value):
        raise InputError(f"expected a finite number, got {text!r}", file=source, line=line, key=key)
    return value


def _percent(text: str, source: str, line: int, key: str, what: str) -> float:
    value = _number(text, source, line, key)
    if not 0.0 <= value <= FILE_SCALE:
        raise InputError(
            f"{what} must be between 0 and 100, got {text}", file=source, line=line, key=key
        )
    return value


def _count(text: str, source: str, line: int, key: str, minimum: int) -> int:
    try:
        value = float(text)
    except ValueError:
        raise InputError(
            f"expected a whole number, got {text!r}", file=source, line=line, key=key
        ) from None
    if not value.is_integer() or value < minimum:
        raise InputError(
            f"expected a whole number of at least {minimum}, got {text!r}",
            file=source,
            line=line,
            key=key,
        )
    return int(value)
