"""A calibration refuses what would make it fail late or change a file first: a damaged study
journal on ``--resume`` (before calibration.json is rewritten), an overlay path it cannot
write (before any trial runs), and a file value ``validate`` refuses even when ``--trials``
would replace it."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.calibrate.folder import JOURNAL, MANIFEST
from sim.calibrate.journal import check_journal
from sim.calibrate.prepare import prepare
from sim.calibrate.spec import load_calibration
from sim.calibrate.study import run_study
from sim.errors import InputError
from tests.sim.calibrate.test_spec import GOOD, write


@pytest.fixture(scope="module")
def studied(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A finished two-trial study and its calibration file."""
    folder = tmp_path_factory.mktemp("study")
    path = write(folder, GOOD)
    run_study(prepare(load_calibration(path)), folder / "out", backend="serial", quiet=True)
    return path, folder / "out"


DAMAGE = st.one_of(
    st.binary(min_size=1, max_size=40).map(lambda b: b.replace(b"\n", b"") or b"\0"),
    st.just(b"\0" * 64),
    st.just(b"[1, 2]"),
    st.just(b"\xff\xfe{}"),
)


@settings(max_examples=30, deadline=None)
@given(damage=DAMAGE, where=st.integers(0, 100))
def test_a_damaged_journal_line_is_named_and_nothing_is_rewritten(studied, damage, where) -> None:
    path, out = studied
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "out"
        shutil.copytree(out, copy)
        lines = (copy / JOURNAL).read_bytes().splitlines(keepends=True)
        at = where % (len(lines) + 1)
        lines.insert(at, damage + b"\n")
        (copy / JOURNAL).write_bytes(b"".join(lines))
        try:
            import json

            if isinstance(json.loads(damage.decode("utf-8")), dict):
                return  # a JSON object: a record optuna may read
        except (UnicodeDecodeError, ValueError):
            pass
        before = {p.name: p.read_bytes() for p in copy.iterdir()}
        with pytest.raises(InputError) as caught:
            run_study(prepare(load_calibration(path, 3)), copy, backend="serial", resume=True)
        assert caught.value.file == str(copy / JOURNAL) and caught.value.line == at + 1
        assert {p.name: p.read_bytes() for p in copy.iterdir()} == before


def test_a_torn_last_line_is_not_damage(tmp_path: Path) -> None:
    journal = tmp_path / JOURNAL
    journal.write_bytes(b'{"op_code": 0}\n{"op_co')
    check_journal(journal)  # cut on resume by repair_torn_tail, not refused


def test_nul_bytes_in_the_journal_on_resume_are_exit_2_one_line(cli, studied, tmp_path) -> None:
    path, out = studied
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    with (copy / JOURNAL).open("ab") as handle:
        handle.write(b"\0" * 100 + b"\n")
    manifest = (copy / MANIFEST).read_bytes()
    done = cli(
        "calibrate", str(path), "--out", str(copy), "--resume", "--trials", "3",
        "--backend", "serial", "--quiet", "--overlay", str(tmp_path / "o.yaml"), cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"error: {copy / JOURNAL}:")
    assert "NUL bytes" in done.stderr
    assert (copy / MANIFEST).read_bytes() == manifest and not (tmp_path / "o.yaml").exists()


@pytest.mark.parametrize("where", ["under_file", "proc"])
def test_an_overlay_it_cannot_write_is_refused_before_any_trial(cli, tmp_path, where) -> None:
    path = write(tmp_path, GOOD)
    (tmp_path / "taken").write_text("mine")
    overlay = tmp_path / "taken" / "o.yaml" if where == "under_file" else "/proc/x/o.yaml"
    out = tmp_path / "out"
    done = cli("calibrate", str(path), "--overlay", str(overlay), "--out", str(out), cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.startswith(f"error: --overlay {overlay}: ")
    assert done.stderr.count("\n") == 1 and not out.exists()


@pytest.mark.parametrize("bad", ["many", "-3", "2.5"])
def test_trials_the_file_gets_wrong_are_refused_even_with_the_option(cli, tmp_path, bad) -> None:
    path = write(tmp_path, GOOD.replace("search: {trials: 2,", f"search: {{trials: {bad},"))
    with pytest.raises(InputError) as caught:
        load_calibration(path, 5)
    line = next(n for n, text in enumerate(GOOD.splitlines(), 1) if text.startswith("search:"))
    assert caught.value.key == "search.trials" and caught.value.line == line
    validated = cli("validate", str(path), cwd=tmp_path)
    assert validated.returncode == 2
    assert f":{line}: search.trials: {caught.value.message}" in validated.stderr
