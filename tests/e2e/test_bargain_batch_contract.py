"""The batch contract of issue 21: exit status, every error printed, outcomes matched by path,
SMP settings and seeds from the command line, and forecasts taken from a cycle flagged."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from sim.bargaining import SMPOptions, read_ktab_csv, solve
from sim.bargaining.options import _ENUM_FIELDS
from sim.bargaining.zero_salience import TREATMENTS
from sim.commands import bargain
from tests.conftest import KTAB

# the all-0/100 swap of tests/sim/bargaining/test_expected_utility_cycles.py
SWAP = """Swap,0/100,5,1
Actor,Desc,Power,Position,Salience
A,a,9,100,90
B,b,8,100,20
C,c,5,100,90
D,d,8,100,100
E,e,8,0,100
"""


def issue(path: Path, positions: list[int]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [f"A{i},x,1,{p},50" for i, p in enumerate(positions)]
    path.write_text("\n".join([f"T,t,{len(rows)},1", "Actor,Desc,Power,P,S", *rows]) + "\n")
    return path


def test_a_failed_file_makes_exit_status_2_and_its_error_is_printed_without_table(
    cli,
    tmp_path: Path,
) -> None:
    issue(tmp_path / "in" / "good.csv", [0, 30, 100])
    (tmp_path / "in" / "bad.csv").write_text("T;t;3;1\n")
    done = cli("bargain", "in", "--models", "compromise", cwd=tmp_path)
    assert done.returncode == 2
    assert "error: in/bad.csv:1: first row needs 4 fields" in done.stderr
    assert "separated by semicolons" in done.stderr
    assert "1 error(s)" in done.stdout and "Traceback" not in done.stderr


def test_outcomes_match_paths_relative_to_the_batch_root(cli, tmp_path: Path) -> None:
    issue(tmp_path / "in" / "2001" / "x.csv", [0, 30, 100])  # median 30
    issue(tmp_path / "in" / "2002" / "x.csv", [0, 60, 60])  # median 60
    observed = tmp_path / "observed.csv"
    observed.write_text("file,outcome\n2001/x,30\n2002/x.csv,50\n")
    done = cli(
        "bargain", "in", "--models", "weighted_median", "--outcomes", str(observed), cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    # both files scored, with errors 0 and 10: mean 5, median 5
    row = next(line for line in done.stdout.splitlines() if line.startswith("weighted_median "))
    assert row.split()[1] == "2" and row.split()[2] == "5.00"


@pytest.mark.parametrize(
    ("rows", "line", "fragment"),
    [
        ("file,outcome\nx,30\n", 2, "2 files of the batch are named so"),
        ("file,outcome\n2001/x,30\n2003/x,40\n", 3, "no file of the batch is '2003/x'"),
        ("file,outcome\n", None, "no outcome rows"),
        ("file,outcome\n2001/x,30\n./2001/x.csv,40\n", 3, "second outcome"),
        ("file,outcome\n2001/x,3\x000\n", 2, "binary data"),
    ],
)
def test_outcome_rows_that_match_no_file_or_several_are_refused(
    cli, tmp_path: Path, rows: str, line: int | None, fragment: str
) -> None:
    issue(tmp_path / "in" / "2001" / "x.csv", [0, 30, 100])
    issue(tmp_path / "in" / "2002" / "x.csv", [0, 60, 60])
    observed = tmp_path / "observed.csv"
    observed.write_text(rows)
    table = tmp_path / "t.csv"
    done = cli("bargain", "in", "--outcomes", "observed.csv", "--table", str(table), cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == "" and not table.exists()
    where = "observed.csv" if line is None else f"observed.csv:{line}"
    assert done.stderr.startswith(f"error: {where}") and fragment in done.stderr
    assert len(done.stderr.splitlines()) == 1


def test_smp_settings_on_the_command_line_reach_the_model(cli, tmp_path: Path) -> None:
    path = KTAB / "dummyData_3Dim.csv"
    out = tmp_path / "out.json"
    done = cli(
        "bargain", str(path), "--voting-rule", "Cubic", "--pce", "MarkovUniform",
        "--big-r-range", "Max", "--json", str(out), cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    scenario = read_ktab_csv(path)
    options = SMPOptions(voting_rule="Cubic", pce="MarkovUniform", big_r_range="Max")
    want = solve("smp", scenario.capabilities, scenario.positions, scenario.saliences,
                 options=options)  # fmt: skip
    default = solve("smp", scenario.capabilities, scenario.positions, scenario.saliences)
    data = json.loads(out.read_text())
    assert data["positions"] == (want.positions * 100).tolist()
    assert data["positions"] != (default.positions * 100).tolist()


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["--state-transition", "Stochastic"], "--state-transition"),
        (["--seed", "3"], "--seed 3"),
        (["--state-transition", "Stochastic", "--seed", "-1"], "--seed -1"),
        (["--state-transition", "Stochastic", "--seed", str(2**63)], f"--seed {2**63}"),
        (["--model", "compromise", "--voting-rule", "Cubic"], "--voting-rule"),
    ],
)
def test_seed_and_settings_are_checked_before_anything_runs(
    cli, tmp_path: Path, argv: list[str], option: str
) -> None:
    done = cli("bargain", str(KTAB / "dummyData_3Dim.csv"), *argv, cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"error: {option}:")


def test_a_seeded_stochastic_batch_gives_the_same_table_on_every_backend(
    cli, tmp_path: Path
) -> None:
    tables = []
    for backend in ("serial", "process", "serial"):
        table = tmp_path / f"{len(tables)}.csv"
        done = cli(
            "bargain", str(KTAB / "dummyData_3Dim.csv"), str(KTAB / "SOE-Pol-Comp.csv"),
            "--state-transition", "Stochastic", "--seed", "7", "--table", str(table),
            "--backend", backend, "--workers", "1", "--quiet", cwd=tmp_path,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        tables.append([{k: v for k, v in r.items() if k != "seconds"}
                       for r in csv.DictReader(table.open())])  # fmt: skip
    assert tables[0] == tables[1] == tables[2]
    other = tmp_path / "other.csv"
    cli(
        "bargain", str(KTAB / "dummyData_3Dim.csv"), "--state-transition", "Stochastic",
        "--seed", "8", "--table", str(other), cwd=tmp_path,
    )  # fmt: skip
    seed8 = next(csv.DictReader(other.open()))
    assert {k: v for k, v in seed8.items() if k != "seconds"} != tables[0][0]


def test_a_forecast_from_a_cycle_is_flagged_in_json_table_and_text(cli, tmp_path: Path) -> None:
    path = tmp_path / "swap.csv"
    path.write_text(SWAP)
    out = tmp_path / "swap.json"
    done = cli("bargain", str(path), "--model", "expected_utility", "--json", str(out),
                   cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text())
    assert data["forecast"] == [50.0]
    assert data["forecast_from"] == "cycle mean, held by no state"
    assert data["cycle"] == {"states": [0, 1], "forecasts": [[100.0], [0.0]]}
    assert "forecast: the mean over states 0–1, which forecast 100.0; 0.0; no state" in done.stdout
    table = tmp_path / "t.csv"
    batch = cli("bargain", str(path), "--models", "expected_utility,compromise",
                    "--table", str(table), cwd=tmp_path)  # fmt: skip
    rows = list(csv.DictReader(table.open()))
    assert [r["forecast_from"] for r in rows] == ["cycle mean, held by no state", "final state"]
    assert [r["cycle_spread"] for r in rows] == ["100.0", ""]
    assert "1 forecast(s) are a cycle's mean that no state of the cycle gives" in batch.stdout


def test_setting_names_match_the_options_module() -> None:
    assert {k: tuple(m.value for m in e) for k, e in _ENUM_FIELDS.items()} == bargain.SMP_SETTINGS
    assert {k: getattr(SMPOptions(), k).value for k in _ENUM_FIELDS} == bargain.SMP_DEFAULTS
    assert bargain.ZERO_SALIENCE == TREATMENTS


def test_the_progress_bar_counts_files(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    from sim.sweep import progress as progress_module
    from sim.sweep.progress import Progress

    stream = io.StringIO()
    monkeypatch.setattr(stream, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys, "stderr", stream)
    monkeypatch.setattr(progress_module, "bar_fits", lambda: True)  # a terminal with a width
    progress = Progress(3, 0, 0, quiet=False, unit="file")
    progress.update("ok")
    progress.close()
    assert "file/s" in stream.getvalue() and "run/s" not in stream.getvalue()
