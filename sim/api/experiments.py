"""Ensembles, sweeps and their analysis from Python, on the sweep's resumable store.

``perform_experiments`` is EMA Workbench's shape: parameters in (a dict of ranges or value
lists by dotted path, or EMA's own ``RealParameter``/``IntegerParameter``/
``CategoricalParameter`` named by dotted path), ``(experiments, outcomes)`` out: a DataFrame of
what each run was given or drew and a dict of outcome arrays, ready for ``ema_workbench``'s
PRIM or SALib. The runs go through the same machinery as ``run.py sweep`` and ``ensemble``:
same seeds, same rows. With ``out=`` the folder is kept, the same call again runs only what is
missing, and :func:`analyze` (``run.py analyze``) reads it; without, a temporary folder is used
and removed.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sim.api.scenarios import Overrides, scenario_path
from sim.errors import InputError
from sim.scenario.origins import Origin, Origins

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from sim.sweep.analysis import Analysis
    from sim.sweep.spec import SweepSpec

RUN_COLUMNS = ("run_id", "point", "replication", "seed", "status", "error")


class Experiments(NamedTuple):
    """What :func:`perform_experiments` returns, unpacked as EMA's ``experiments, outcomes``."""

    experiments: pd.DataFrame  # a row per run: its ids, seed, swept and drawn values
    outcomes: dict[str, np.ndarray]  # each outcome's values, in the rows' order


def _parameter(value: Any) -> dict[str, Any]:
    """A swept parameter as a sweep file writes it, from a dict, a (min, max[, steps]) tuple,
    a list of values or an EMA parameter."""
    categories = getattr(value, "categories", None)
    if categories is not None:  # EMA's CategoricalParameter
        return {"values": [category.value for category in categories]}
    if hasattr(value, "lower_bound") and hasattr(value, "upper_bound"):
        spec = {"min": value.lower_bound, "max": value.upper_bound}
        if type(value).__name__ == "IntegerParameter":
            spec["integer"] = True
        return spec
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, tuple) and len(value) in (2, 3):
        return dict(zip(("min", "max", "steps"), value, strict=False))
    if isinstance(value, list):
        return {"values": value}
    raise InputError(
        "expected {min, max[, steps]}, (min, max[, steps]), a list of values or an EMA "
        f"parameter, got {value!r}",
        file="parameters=",
    )


def _parameters(given: Mapping[str, Any] | Iterable[Any] | None) -> dict[str, dict[str, Any]]:
    """The swept parameters as a sweep file writes them; none given is one point, but an empty
    dict or list is refused: it is most likely a filter that left nothing, not a wish."""
    if given is None:
        return {}
    ema: list[Any] = [] if isinstance(given, Mapping) else list(given)
    if not (given if isinstance(given, Mapping) else ema):
        raise InputError(
            "is empty: name a parameter to vary, or leave parameters out (or use sim.ensemble) "
            "for runs of the base scenario alone",
            file="parameters=",
        )
    if isinstance(given, Mapping):
        return {str(path): _parameter(value) for path, value in given.items()}
    for param in ema:  # EMA's list of parameters, each named by its dotted path
        if not isinstance(getattr(param, "name", None), str):
            raise InputError(
                "expected a dict of dotted paths and ranges, e.g. {'actors.baghdad.capability': "
                f"(0.3, 0.9, 4)}}, or a list of EMA parameters named by dotted path; got {param!r}",
                file="parameters=",
            )
    return {param.name: _parameter(param) for param in ema}


def _spec(data: dict[str, Any], caller: str) -> tuple[SweepSpec, Origins]:
    """Validate as a sweep file is validated; an error names the argument (``runs=``), here
    and when the runs are planned (a series the scenario does not record: ``series=``)."""
    from sim.sweep.spec import validate_sweep

    names = {"replications": "runs" if caller == "ensemble" else "replications", "fixed": "set"}
    origins = Origins({(key,): Origin(f"{names.get(key, key)}=", None) for key in data})
    for path in data.get("parameters", {}):
        origins[("parameters", path)] = Origin(f"parameters['{path}']", None)
    given = {k: v for k, v in data.items() if v is not None}
    return validate_sweep(given, origins, caller), origins


@contextmanager
def _store(out: str | Path | None) -> Iterator[Path]:
    """``out``, or a temporary folder removed afterwards."""
    if out is not None:
        yield Path(out)
        return
    scratch = Path(tempfile.mkdtemp(prefix="crossroads-"))
    try:
        yield scratch / "store"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _execute(
    spec: SweepSpec,
    origins: Origins,
    base: Path,
    out: Path,
    workers: int,
    backend: str | None,
) -> None:
    from sim.errors import ArgumentError
    from sim.out_folder import check_writable
    from sim.sweep.backends import BACKENDS
    from sim.sweep.execute import run_sweep
    from sim.sweep.plan import Where, make_plan

    if isinstance(workers, bool) or not isinstance(workers, int) or not 1 <= workers <= 256:
        raise InputError(f"must be a whole number from 1 to 256, got {workers!r}", file="workers=")
    if backend not in (None, *BACKENDS):
        raise InputError(
            f"must be one of {', '.join(BACKENDS)} (or None: by workers), got {backend!r}",
            file="backend=",
        )
    try:  # a file, or a place that cannot be written, is named before any run
        check_writable(out, "--out")
    except InputError as error:
        raise ArgumentError(error.message, argument="out", value=str(out)) from None
    plan = make_plan(spec, base, Where(str(base), origins))
    chosen = backend or ("serial" if workers == 1 else "process")
    run_sweep(plan, out, backend=chosen, workers=workers, resume=True, quiet=True)


def _common(
    scenario: str | Path, set: Overrides | None, seed: int | None, steps: int | None
) -> tuple[Path, dict[str, Any]]:
    from sim.scenario_ids import scenario_id

    base = scenario_path(scenario).resolve()
    fixed = dict(set or {})
    data = {"base": str(base), "name": scenario_id(base), "fixed": fixed, "steps": steps}
    if seed is not None:
        data["seed"] = seed
    return base, data


def ensemble(
    scenario: str | Path,
    runs: int,
    seed: int | None = None,
    *,
    uncertainty: str | None = None,
    set: Overrides | None = None,
    steps: int | None = None,
    series: list[str] | None = None,
    out: str | Path | None = None,
    workers: int = 1,
    backend: str | None = None,
) -> pd.DataFrame:
    """``runs`` runs of one scenario (``run.py ensemble``): a row per run with its seed, the
    values it drew and its outcomes (``table.attrs`` names them, see :func:`labelled`).
    ``uncertainty`` is what varies: ``seed``, ``parameters`` (every number with a range or
    dist) or ``both``, the default when the scenario has such numbers. ``seed`` defaults to
    the scenario's."""
    from sim.api.scenarios import load
    from sim.scenario.uncertainty import uncertain_parameters
    from sim.sweep.store import read_runs

    base, data = _common(scenario, set, seed, steps)
    loaded = load(base, set)
    if seed is None:
        data["seed"] = int(loaded.seed)
    mode = uncertainty or ("both" if uncertain_parameters(loaded) else "seed")
    data.update(design="grid", replications=runs, uncertainty=mode, series=series)
    spec, origins = _spec(data, "ensemble")
    with _store(out) as folder:
        _execute(spec, origins, base, folder, workers, backend)
        return labelled(read_runs(folder), folder)


def labelled(table: pd.DataFrame, folder: Path) -> pd.DataFrame:
    """The table with ``attrs`` naming its columns' roles, from the folder's manifest: the
    ``drawn`` parameters, the swept ``parameters``, the ``outcomes`` and the ``uncertainty``
    (prefixes cannot tell a drawn ``tracks.*`` number from a ``tracks.*`` outcome)."""
    from sim.sweep.store import read_manifest

    manifest = read_manifest(folder)
    table.attrs.update(
        drawn=list(manifest.get("sampled", {})),
        parameters=list(manifest["parameters"]),
        outcomes=[name for name in manifest["outcomes"] if name in table],
        uncertainty=manifest.get("uncertainty", "seed"),
    )
    return table


def perform_experiments(
    scenario: str | Path,
    parameters: Mapping[str, Any] | Iterable[Any] | None = None,
    *,
    design: str = "grid",
    samples: int | None = None,
    replications: int = 1,
    seed: int = 0,
    uncertainty: str = "seed",
    common_seeds: bool = False,
    set: Overrides | None = None,
    steps: int | None = None,
    series: list[str] | None = None,
    out: str | Path | None = None,
    workers: int = 1,
    backend: str | None = None,
) -> Experiments:
    """A sweep (``run.py sweep``) over ``parameters`` by dotted path, with the sweep file's
    options as arguments; returns EMA's ``(experiments, outcomes)``."""
    from sim.sweep.store import read_runs

    base, data = _common(scenario, set, seed, steps)
    data.update(
        parameters=_parameters(parameters),
        design=design,
        samples=samples,
        replications=replications,
        uncertainty=uncertainty,
        common_seeds=common_seeds,
        series=series,
    )
    spec, origins = _spec(data, "perform_experiments")
    with _store(out) as folder:
        _execute(spec, origins, base, folder, workers, backend)
        return split(read_runs(folder), folder)


def split(table: pd.DataFrame, folder: Path) -> Experiments:
    """runs.csv as EMA's pair: what went in (ids, seed, status, swept and drawn values) and
    what came out (an array per outcome, NaN where a run failed)."""
    from sim.sweep.store import read_manifest

    manifest = read_manifest(folder)
    inputs = [*RUN_COLUMNS, *manifest["parameters"], *manifest.get("sampled", {})]
    outcomes = {name: table[name].to_numpy() for name in manifest["outcomes"] if name in table}
    return Experiments(table[[c for c in inputs if c in table]].copy(), outcomes)


def analyze(
    folder: str | Path,
    *,
    outcome: str | None = None,
    x: str | None = None,
    y: str | None = None,
    series: list[str] | None = None,
    point: str | None = None,
    discover: str | None = None,
    out: str | Path | None = None,
) -> Analysis:
    """``run.py analyze`` on a kept store: summary.csv and the design's figures in
    ``folder/analysis`` (or ``out``); returns the files written and the notes printed.
    ``series`` defaults to every series the store kept, as the command's ``--series`` does.
    A bad argument is named as the argument (``outcome=``), not as the command's option."""
    from sim.errors import ArgumentError
    from sim.out_folder import check_writable, write_error
    from sim.sweep.analysis import analyze as analyze_folder
    from sim.sweep.store import read_manifest

    folder = Path(folder)
    target = Path(out) if out is not None else folder / "analysis"
    manifest = read_manifest(folder)  # a folder that is no sweep is named first
    try:
        check_writable(target, "--out")
    except InputError as error:
        raise ArgumentError(error.message, argument="out", value=str(target)) from None
    if series is None:
        series = list(manifest.get("series", []))
    elif isinstance(series, str) or not all(isinstance(column, str) for column in series):
        raise InputError(
            f"expected a list of series column names, e.g. ['tension'], got {series!r}",
            file="series=",
        )
    try:
        return analyze_folder(
            folder,
            outcome=outcome,
            x=x,
            y=y,
            series=list(series),
            point=point,
            discover=discover,
            out=Path(out) if out is not None else None,
        )
    except InputError as error:
        if error.file in OPTIONS:  # the command's option, as this function's argument
            error.file = f"{error.file.removeprefix('--')}="
        raise
    except OSError as error:
        worded = write_error(error, target, "out")
        raise ArgumentError(worded.message, argument="out", value=str(target)) from None


#: the options of ``run.py analyze`` that are arguments of :func:`analyze`
OPTIONS = ("--outcome", "--x", "--y", "--series", "--point", "--discover", "--out")
