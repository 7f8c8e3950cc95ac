"""Write a run's folder atomically: everything goes into a hidden temporary folder first, which
is renamed into place only when complete, so a failed run leaves nothing that looks done."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from pathlib import Path

import yaml

from sim.atomic import make_parents, remove_empty, swap_in
from sim.results import RunResult

#: libyaml's dumper where PyYAML has it: the same bytes (checked on every shipped scenario), a
#: fifth of the time
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
FILES = ("scenario.yaml", "seed.txt", "series.csv", "outcomes.json", "events.jsonl")


#: how series.csv writes a float: six decimals
SERIES_FLOAT = ".6f"


def series_cell(value: object) -> object:
    """A series value as series.csv writes it: a float to six decimals, anything else as is."""
    return format(value, SERIES_FLOAT) if isinstance(value, float) else value


def series_value(value: object) -> object:
    """A series value as a reader of series.csv gets it back (3000.0, not the engine's
    2999.9999999999995), so the Python API's tables show the file's numbers."""
    return float(format(value, SERIES_FLOAT)) if isinstance(value, float) else value


def _csv_text(result: RunResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow([series_cell(v) for v in row])
    return buffer.getvalue()


def write_files(result: RunResult, folder: Path) -> None:
    """The data files of a run (no figures)."""
    header = f"# the resolved scenario {result.scenario_id}, as run with seed {result.seed}\n"
    body = yaml.dump(result.resolved, Dumper=DUMPER, sort_keys=False, allow_unicode=True)
    (folder / "scenario.yaml").write_text(header + body, encoding="utf-8")
    (folder / "seed.txt").write_text(f"{result.seed}\n", encoding="utf-8")
    if result.state is not None:
        state = json.dumps(result.state, indent=1, sort_keys=False) + "\n"
        (folder / "state.json").write_text(state, encoding="utf-8")
    (folder / "series.csv").write_text(_csv_text(result), encoding="utf-8")
    outcomes = {"scenario": result.scenario_id, "seed": result.seed, **result.outcomes}
    (folder / "outcomes.json").write_text(json.dumps(outcomes, indent=2) + "\n", encoding="utf-8")
    with (folder / "events.jsonl").open("w", encoding="utf-8") as handle:
        for record in result.events:
            handle.write(json.dumps(record, separators=(",", ":")) + "\n")


def write_run(result: RunResult, out: Path, figures: bool = True, replace: bool = True) -> Path:
    """Write ``out/`` with data and figures; swap it in only once it is whole."""
    out = Path(out)
    created = make_parents(out.parent)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    except BaseException:
        remove_empty(created)
        raise
    try:
        write_files(result, staging)
        if figures:
            from sim.plots import save_figures

            save_figures(result, staging)
        else:
            keep_figures(out, staging)
        if out.exists() and not replace:
            raise FileExistsError(out)
        swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        remove_empty(created)
        raise
    return out


def keep_figures(old: Path, staging: Path) -> list[Path]:
    """Carry the figures of the run already at ``old`` into ``staging`` when it is the same run
    (the same resolved scenario and seed, so the same data and figures): a run written again
    without figures never empties the folder of the figures it had."""
    same = (old / "scenario.yaml").is_file() and (old / "scenario.yaml").read_bytes() == (
        staging / "scenario.yaml"
    ).read_bytes()
    if not same:
        return []
    kept = []
    for figure in sorted(old.glob("*.png")):
        shutil.copy2(figure, staging / figure.name)
        kept.append(staging / figure.name)
    return kept
