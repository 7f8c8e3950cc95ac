"""Reader for KTAB's SMP input CSV files.

Layout: row 1 is scenario name, description, number of actors, number of dimensions; row 2
holds the headers (actor, description, capability, then a position and a salience header per
dimension); then one row per actor: name, description, capability, then position and salience
per dimension, both on 0–100. Trailing commas and spaces are tolerated, as KTAB's own files
have them. Anything else that is wrong raises ``InputError`` naming the file, line and key.
"""

from __future__ import annotations

import csv
import math
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
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read KTAB CSV file: {exc}", file=str(path)) from exc
    return parse_ktab_csv(text, source=str(path))


def parse_ktab_csv(text: str, source: str = "<input>") -> KTABScenario:
    """Parse KTAB CSV text; ``source`` names the file in error messages."""
    rows = [
        (number, _clean(fields))
        for number, fields in enumerate(csv.reader(text.splitlines(), skipinitialspace=True), 1)
    ]
    rows = [(number, fields) for number, fields in rows if fields]
    if not rows:
        raise InputError("file is empty; expected a KTAB scenario header row", file=source)

    head_line, head = rows[0]
    line = head_line
    if len(head) < 4:
        raise InputError(
            "first row needs 4 fields: name, description, number of actors, number of dimensions"
            f" (got {len(head)})",
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
            " (actor, description, capability, then position and salience per dimension)",
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
                f"actor row has {len(fields)} fields; expected {width}", file=source, line=line
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
