"""Sweeps refuse bad settings before the first run and leave the disk as it was; --resume
repairs a damaged table (keeping every finished run) or refuses a damaged manifest."""

from __future__ import annotations

import socket
from pathlib import Path

import pandas as pd
import pytest

from sim.errors import InputError
from sim.sweep.cli_spec import parse_parameter, sweep_from_options
from sim.sweep.execute import run_sweep
from sim.sweep.plan import Where, make_plan
from sim.sweep.store import read_runs
from tests.conftest import MINIMAL


def _plan(scenario: Path, params: list[str], **options):
    spec, base, origins = sweep_from_options(scenario, params, {"steps": 2, **options})
    return make_plan(spec, base, Where("-p", origins))


@pytest.fixture
def scenario(write) -> Path:
    return write("m.yaml", MINIMAL)


def test_an_unknown_actor_is_refused_before_any_run(scenario: Path) -> None:
    with pytest.raises(InputError) as caught:
        _plan(scenario, ["actors.nobody.capability=0.2:0.5:3"])
    assert caught.value.file == "-p actors.nobody.capability=0.2:0.5:3"
    assert "the scenario has no 'actors.nobody'" in caught.value.message


@pytest.mark.parametrize("text", ["a.b=.nan:0.5:3", "a.b=0:.inf", "a.b=1e400:1", "a.b=0.1,.nan"])
def test_non_finite_sweep_numbers_are_refused(text: str) -> None:
    with pytest.raises(InputError, match="expected a finite number") as caught:
        parse_parameter(text)
    assert caught.value.file == f"-p {text}"


def test_yaml_float_spellings_work_in_ranges() -> None:
    assert parse_parameter("a.b=2e-1:1e0:3") == ("a.b", {"min": 0.2, "max": 1.0, "steps": 3})


def test_every_level_is_tried_not_only_the_first(scenario: Path) -> None:
    with pytest.raises(InputError, match=r"refuses the value 1\.5: 1\.5 is out of range"):
        _plan(scenario, ["actors.baghdad.positions.us_troops.salience=0.2,0.5,1.5"])


def test_a_float_range_over_an_integer_setting_is_refused(scenario: Path) -> None:
    with pytest.raises(InputError, match=r"refuses the value 2\.0: expected a whole number"):
        _plan(scenario, ["calendar.steps=2:5"], design="random", samples=3)


def test_a_sweep_past_the_run_limit_is_refused_before_it_is_built(scenario: Path) -> None:
    params = ["actors.baghdad.capability=0.2:0.5:1000", "actors.washington.capability=0.2:1:1000"]
    with pytest.raises(InputError, match="2,000,000 runs is more than the limit of 1,000,000"):
        sweep_from_options(scenario, params, {"replications": 2})


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_scheduler_is_one_line_and_leaves_nothing(cli, tmp_path, scenario) -> None:
    out = tmp_path / "out"
    address = f"tcp://127.0.0.1:{_closed_port()}"
    argv = ["sweep", str(scenario), "-p", "actors.baghdad.capability=0.2:0.5:2", "--out", str(out)]
    result = cli(*argv, "--backend", "dask", "--scheduler", address, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: --scheduler {address}: cannot reach the Dask")
    assert len(result.stderr.splitlines()) == 1
    assert not out.exists()


def test_the_dask_client_itself_fails_cleanly(tmp_path, scenario) -> None:
    pytest.importorskip("dask.distributed")
    from sim.sweep.backends import make_evaluator

    plan = _plan(scenario, ["actors.baghdad.capability=0.2:0.5:2"])
    evaluator = make_evaluator("dask", plan.context, 1, f"127.0.0.1:{_closed_port()}")
    with pytest.raises(InputError, match="cannot reach the Dask scheduler"):
        evaluator.start()


def _finished(tmp_path: Path, scenario: Path):
    plan = _plan(scenario, ["actors.baghdad.capability=0.2:0.5:3"], replications=2)
    out = tmp_path / "out"
    run_sweep(plan, out, backend="serial", quiet=True)
    return plan, out, read_runs(out)


def test_resume_repairs_duplicated_damaged_and_torn_rows(tmp_path, scenario, capsys) -> None:
    plan, out, whole = _finished(tmp_path, scenario)
    runs = out / "runs.csv"
    lines = runs.read_bytes().splitlines(keepends=True)
    damaged = lines[:3] + lines[1:3] + [b"\xff\xfe garbage\n", b"a,b\n"] + lines[3:] + [b"x,1"]
    runs.write_bytes(b"".join(damaged))
    summary = run_sweep(plan, out, backend="serial", resume=True, quiet=True)
    assert summary.ran == 0 and summary.skipped == 6
    assert runs.read_bytes() == b"".join(lines)
    pd.testing.assert_frame_equal(read_runs(out), whole)
    assert "2 damaged, 2 duplicated, 1 torn" in capsys.readouterr().err


def test_resume_reruns_a_damaged_row_and_keeps_the_rest(tmp_path, scenario) -> None:
    plan, out, whole = _finished(tmp_path, scenario)
    runs = out / "runs.csv"
    lines = runs.read_bytes().splitlines(keepends=True)
    runs.write_bytes(b"".join([*lines[:2], lines[2][:20] + b"\n", *lines[3:]]))
    summary = run_sweep(plan, out, backend="serial", resume=True, quiet=True)
    assert summary.ran == 1 and summary.skipped == 5
    pd.testing.assert_frame_equal(read_runs(out), whole)


@pytest.mark.parametrize("manifest", [b'{"broken', b"[]", b"\xff\xfe\x00", b""])
def test_a_damaged_manifest_is_refused_and_nothing_changes(tmp_path, scenario, manifest) -> None:
    plan, out, _ = _finished(tmp_path, scenario)
    (out / "manifest.json").write_bytes(manifest)
    before = {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(InputError, match="is damaged") as caught:
        run_sweep(plan, out, backend="serial", resume=True, quiet=True)
    assert caught.value.file == str(out / "manifest.json")
    assert {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_analyze_refuses_a_damaged_folder_in_one_line(cli, tmp_path, scenario) -> None:
    _, out, _ = _finished(tmp_path, scenario)
    (out / "runs.csv").write_bytes(b"\xff\xfe\x00\x01")
    result = cli("analyze", str(out), cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.startswith(
        f"error: {out / 'runs.csv'}: is damaged"
    )
    (out / "manifest.json").write_text("{")
    result = cli("analyze", str(out), cwd=tmp_path)
    assert result.returncode == 2 and "manifest.json: is damaged" in result.stderr


def test_read_runs_counts_a_duplicated_row_once(tmp_path, scenario) -> None:
    _, out, whole = _finished(tmp_path, scenario)
    runs = out / "runs.csv"
    lines = runs.read_bytes().splitlines(keepends=True)
    runs.write_bytes(b"".join([*lines, lines[1]]))
    pd.testing.assert_frame_equal(read_runs(out), whole)


def test_resume_refuses_a_folder_that_holds_no_sweep(tmp_path, scenario) -> None:
    plan = _plan(scenario, ["actors.baghdad.capability=0.2:0.5:2"])
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match=r"has no manifest\.json, so it holds no sweep to resume"):
        run_sweep(plan, out, backend="serial", resume=True, quiet=True)
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_resume_refuses_a_series_file_where_the_folder_should_be(tmp_path, scenario) -> None:
    plan, out, _ = _finished(tmp_path, scenario)
    (out / "series").write_text("not a folder")
    with pytest.raises(InputError, match="is a file, which a sweep folder does not hold"):
        run_sweep(plan, out, backend="serial", resume=True, quiet=True)


@pytest.mark.parametrize(
    ("options", "start"),
    [
        (["--outcome", "nope"], "error: --outcome: not a numeric outcome"),
        (["--x", "nope"], "error: --x: not a swept or sampled parameter"),
        (["--point", "99"], "error: --point: no design point '99'"),
        (["--series", "nope"], "error: --series: no series 'nope' was stored"),
        (["--out", "m.yaml"], "error: --out m.yaml: is a file, not a folder"),
    ],
)
def test_analyze_checks_every_option_before_writing(
    cli, tmp_path, scenario, options, start
) -> None:
    _, out, _ = _finished(tmp_path, scenario)
    result = cli("analyze", str(out), *options, cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.startswith(start)
    assert len(result.stderr.splitlines()) == 1
    assert not (out / "analysis").exists()
