"""``analyze`` reads and checks everything before it writes: a runs.csv header that is not the
sweep's and a damaged series file are one line naming the file and line with nothing written;
a torn or damaged row is left out and said so; a condition with nan or inf is refused."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.errors import InputError
from sim.sweep.analysis import analyze
from sim.sweep.cli_spec import sweep_from_options
from sim.sweep.execute import run_sweep
from sim.sweep.plan import Where, make_plan
from sim.sweep.store import read_manifest, runs_header
from tests.conftest import MINIMAL


@pytest.fixture(scope="module")
def swept(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sweep")
    scenario = folder / "m.yaml"
    scenario.write_text(MINIMAL, encoding="utf-8")
    options = {"steps": 3, "replications": 2, "series": ["tension"]}
    spec, base, origins = sweep_from_options(
        scenario, ["actors.baghdad.capability=0.2:0.5:2"], options
    )
    run_sweep(
        make_plan(spec, base, Where("-p", origins)), folder / "out", backend="serial", quiet=True
    )
    return folder / "out"


def _copy(swept: Path, scratch: Path) -> Path:
    out = scratch / "out"
    shutil.copytree(swept, out)
    return out


def test_the_sweep_analyses_cleanly(swept: Path, tmp_path: Path) -> None:
    result = analyze(_copy(swept, tmp_path), series=["tension"])
    assert not [m for m in result.messages if m.startswith("note:")]


@settings(max_examples=30, deadline=None)
@given(pick=st.integers(0, 100), name=st.text("abcdefghij_.:", min_size=1, max_size=12))
def test_a_renamed_header_column_is_refused_and_nothing_written(swept, pick, name) -> None:
    header = runs_header(read_manifest(swept))
    column = header[pick % len(header)]
    if name in header:
        return
    with tempfile.TemporaryDirectory() as scratch:
        out = _copy(swept, Path(scratch))
        runs = out / "runs.csv"
        first, rest = runs.read_text(encoding="utf-8").split("\n", 1)
        cells = first.split(",")
        cells[header.index(column)] = name
        runs.write_text(",".join(cells) + "\n" + rest, encoding="utf-8")
        with pytest.raises(InputError) as caught:
            analyze(out, series=["tension"])
        assert (caught.value.file, caught.value.line) == (str(runs), 1)
        assert column in caught.value.message
        assert not (out / "analysis").exists()


@settings(max_examples=30, deadline=None)
@given(content=st.binary(max_size=80), pick=st.integers(0, 10))
def test_a_garbage_series_file_is_named_and_nothing_written(swept, content, pick) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        out = _copy(swept, Path(scratch))
        files = sorted((out / "series").iterdir())
        target = files[pick % len(files)]
        target.write_bytes(content)
        with pytest.raises(InputError) as caught:
            analyze(out, series=["tension"])
        assert caught.value.file == str(target)
        assert not (out / "analysis").exists()


def test_a_series_value_that_is_no_number_names_its_line(cli, swept, tmp_path) -> None:
    out = _copy(swept, tmp_path)
    target = sorted((out / "series").iterdir())[0]
    lines = target.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].rsplit(",", 1)[0] + ",high"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = cli("analyze", str(out), "--series", "tension", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"error: {target}:3: a damaged series file")
    assert not (out / "analysis").exists()


@pytest.mark.parametrize(
    ("tail", "note"),
    [
        ("x1,0,0", "the last row is incomplete"),
        ("x1,0,0\n", "1 damaged row(s) left out (line 6)"),
        ("\xff,,\n", "1 damaged row(s) left out (line 6)"),
    ],
)
def test_a_torn_or_damaged_row_is_left_out_and_said(cli, swept, tmp_path, tail, note) -> None:
    out = _copy(swept, tmp_path)
    runs = out / "runs.csv"
    runs.write_text(runs.read_text(encoding="utf-8") + tail, encoding="utf-8")
    done = cli("analyze", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"note: {runs}: {note}" in done.stdout
    assert (out / "analysis" / "summary.csv").is_file()


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "NaN"])
def test_a_condition_without_a_finite_number_is_refused(cli, swept, tmp_path, value) -> None:
    out = _copy(swept, tmp_path)
    done = cli("analyze", str(out), "--discover", f"tension.mean < {value}", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (
        f"error: --discover: '{value}' is not a finite number in 'tension.mean < {value}'\n"
    )
    assert not (out / "analysis").exists()
