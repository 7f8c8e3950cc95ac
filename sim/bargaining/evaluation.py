"""How well each model forecast observed outcomes: the field's yardstick for bargaining models.

Outcome rows name their file by its path relative to the batch root (``.csv`` may be left
out; a bare file name will do when only one file of the batch has it). Every row must match a
file of the batch, so a typo is an error rather than a file silently left unscored.

For every file with an observed outcome, a model's absolute error is the mean over dimensions
of |forecast − observed| (0–100 scale). Per model: the mean and the median absolute error with
95 % percentile-bootstrap intervals (files resampled with replacement), and the paired mean
difference against the compromise model on the files both ran. The bootstrap has a fixed seed,
so the same batch gives the same intervals.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.bargaining.batch import Row
from sim.errors import InputError

BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 20170530
REFERENCE_MODEL = "compromise"


@dataclass(frozen=True)
class Observed:
    """An observed outcome per dimension (0–100) and the line it was read from."""

    values: tuple[float, ...]
    line: int


def outcome_key(name: str | Path) -> str:
    """How names are compared: ``/`` between folders, no leading ``./``, no ``.csv``."""
    key = str(name).replace("\\", "/")
    while key.startswith("./"):
        key = key[2:]
    return key[:-4] if key.lower().endswith(".csv") else key


def read_outcomes(path: Path) -> dict[str, Observed]:
    """Read ``file,outcome_1[,outcome_2...]`` rows (a first row starting ``file`` is a header).

    Raises ``InputError`` naming the line for anything malformed.
    """
    from sim.bargaining.ktab_csv import decode_ktab_bytes

    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read outcomes file: {exc.strerror or exc}", file=source) from None
    text = decode_ktab_bytes(data, source)
    observed: dict[str, Observed] = {}
    try:
        records = list(csv.reader(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")))
    except csv.Error as error:
        raise InputError(f"not readable as CSV: {error}", file=source) from None
    for number, fields in enumerate(records, 1):
        fields = [f.strip() for f in fields]
        while fields and fields[-1] == "":
            fields.pop()
        if not fields or (number == 1 and fields[0].lower() == "file"):
            continue
        if len(fields) < 2:
            raise InputError(
                "expected a file name and at least one observed value", file=source, line=number
            )
        values = []
        for text_value in fields[1:]:
            try:
                value = float(text_value)
            except ValueError:
                value = math.nan
            if not (math.isfinite(value) and 0.0 <= value <= 100.0):
                raise InputError(
                    f"observed outcome must be a number between 0 and 100, got {text_value!r}",
                    file=source,
                    line=number,
                    key=fields[0],
                )
            values.append(value)
        key = outcome_key(fields[0])
        if key in observed:
            raise InputError(
                f"second outcome for {fields[0]!r} (first on line {observed[key].line})",
                file=source,
                line=number,
                key=fields[0],
            )
        observed[key] = Observed(tuple(values), number)
    if not observed:
        raise InputError("holds no outcome rows (file name, value per dimension)", file=source)
    return observed


def match_outcomes(
    names: dict[str, str], observed: dict[str, Observed], source: Path, root: Path
) -> dict[str, Observed]:
    """Observed outcomes by file (as the table names it), from ``names`` (file -> path
    relative to the batch ``root``). A row matching no file, or a bare name matching several,
    raises ``InputError`` naming its line."""
    by_key = {outcome_key(relative): file for file, relative in names.items()}
    by_name: dict[str, list[str]] = {}
    for relative in names.values():
        by_name.setdefault(outcome_key(Path(relative).name), []).append(relative)
    matched: dict[str, Observed] = {}
    for key, found in sorted(observed.items(), key=lambda item: item[1].line):
        if key in by_key:
            file = by_key[key]
        elif "/" not in key and len(by_name.get(key, [])) == 1:
            file = by_key[outcome_key(by_name[key][0])]
        elif "/" not in key and key in by_name:
            raise InputError(
                f"{len(by_name[key])} files of the batch are named so ("
                f"{', '.join(by_name[key][:3])}); give the path relative to {root}",
                file=str(source),
                line=found.line,
                key=key,
            )
        else:
            unmatched = sum(
                1 for other in observed if other not in by_key and len(by_name.get(other, [])) != 1
            )
            raise InputError(
                f"no file of the batch is {key!r} ({unmatched} row(s) match none; name files by"
                f" their path relative to {root})",
                file=str(source),
                line=found.line,
                key=key,
            )
        if file in matched:
            raise InputError(
                f"a second outcome for {names[file]} (first on line {matched[file].line})",
                file=str(source),
                line=found.line,
                key=key,
            )
        matched[file] = found
    return matched


def check_dimensions(files: Sequence[Path], observed: dict[str, Observed], source: Path) -> None:
    """Refuse, before anything runs, an outcome with a value count other than its file's
    number of dimensions (files that cannot be read are left to the batch to report)."""
    from sim.bargaining.ktab_csv import read_ktab_csv

    for path in files:
        found = observed.get(str(path))
        if found is None:
            continue
        try:
            dims = len(read_ktab_csv(path).dimensions)
        except InputError:
            continue
        if len(found.values) != dims:
            raise InputError(
                f"gives {len(found.values)} observed value(s); {path} has {dims} dimension(s)",
                file=str(source),
                line=found.line,
            )


def absolute_error(row: Row, observed: Observed) -> float:
    """Mean over dimensions of |forecast − observed| on 0–100."""
    dims = int(row["dimensions"])
    gaps = [abs(float(row[f"forecast_{k + 1}"]) - observed.values[k]) for k in range(dims)]
    return sum(gaps) / dims


@dataclass(frozen=True)
class Interval:
    estimate: float
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.estimate:.2f} [{self.low:.2f}, {self.high:.2f}]"


def bootstrap(values: np.ndarray, statistic: str, rng: np.random.Generator) -> Interval:
    """The statistic ("mean" or "median") with a 95 % percentile-bootstrap interval."""
    stat = np.mean if statistic == "mean" else np.median
    picks = rng.integers(0, values.size, size=(BOOTSTRAP_RESAMPLES, values.size))
    resampled = stat(values[picks], axis=1)
    low, high = np.percentile(resampled, [2.5, 97.5])
    return Interval(float(stat(values)), float(low), float(high))


@dataclass(frozen=True)
class ModelScore:
    model: str
    files: int
    mean: Interval | None
    median: Interval | None
    against_reference: Interval | None  # paired mean difference, model − compromise
    paired_files: int


def score_models(
    rows: Sequence[Row], observed: dict[str, Observed], models: Sequence[str]
) -> list[ModelScore]:
    """Errors of every model against the observed outcomes (keyed by the rows' ``file``); see
    the module docstring."""
    errors: dict[str, dict[str, float]] = {model: {} for model in models}
    for row in rows:
        key = str(row["file"])
        if row["status"] == "ok" and key in observed and row["model"] in errors:
            errors[str(row["model"])][key] = absolute_error(row, observed[key])
    reference = errors.get(REFERENCE_MODEL, {})
    scores = []
    for model in models:
        rng = np.random.default_rng(BOOTSTRAP_SEED)
        mine = errors[model]
        values = np.array([mine[k] for k in sorted(mine)])
        paired = sorted(set(mine) & set(reference))
        difference = np.array([mine[k] - reference[k] for k in paired])
        scores.append(
            ModelScore(
                model=model,
                files=values.size,
                mean=bootstrap(values, "mean", rng) if values.size else None,
                median=bootstrap(values, "median", rng) if values.size else None,
                against_reference=(
                    bootstrap(difference, "mean", rng)
                    if difference.size and model != REFERENCE_MODEL
                    else None
                ),
                paired_files=len(paired),
            )
        )
    return scores


def format_scores(scores: Sequence[ModelScore]) -> str:
    """A plain-text table of the scores (0–100 scale; intervals are 95 % bootstrap)."""
    header = (
        f"{'model':<17} {'files':>5}  {'mean abs. error [95% CI]':<26}"
        f"  {'median abs. error [95% CI]':<26}  mean − compromise [95% CI]"
    )
    lines = [header]
    for s in scores:
        lines.append(
            f"{s.model:<17} {s.files:>5}  {_cell(s.mean):<26}  {_cell(s.median):<26}  "
            f"{_cell(s.against_reference)}"
        )
    return "\n".join(lines)


def _cell(interval: Interval | None) -> str:
    return "—" if interval is None else str(interval)
