"""Output folders are refused before any work when they cannot be written, and a write that
fails half-way leaves nothing behind: one line, exit status 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.errors import InputError
from sim.out_folder import check_run_folder, check_same_run_folder, check_writable
from tests.conftest import MINIMAL


def test_a_file_is_not_a_folder(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("mine")
    with pytest.raises(InputError) as caught:
        check_writable(tmp_path / "taken", "--out")
    assert caught.value.file == f"--out {tmp_path / 'taken'}"
    assert "is a file, not a folder" in caught.value.message


def test_a_folder_under_a_file_cannot_be_made(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("mine")
    with pytest.raises(InputError, match="taken is a file, not a folder"):
        check_writable(tmp_path / "taken" / "deeper" / "out", "--out")


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc")
def test_proc_is_refused() -> None:
    with pytest.raises(InputError, match="cannot write in /proc"):
        check_writable(Path("/proc/crossroads-out"), "--out")


def test_the_probe_leaves_nothing_behind(tmp_path: Path) -> None:
    check_writable(tmp_path / "new" / "out", "--out")
    assert list(tmp_path.iterdir()) == []


def test_force_replaces_only_a_run_folder(tmp_path: Path) -> None:
    foreign = tmp_path / "home"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("keep")
    with pytest.raises(InputError, match="not a run's"):
        check_run_folder(foreign, "--out", force=True)
    run = tmp_path / "run"
    run.mkdir()
    for name in ("seed.txt", "series.csv"):
        (run / name).write_text("x")
    check_run_folder(run, "--out", force=True)


def test_the_same_run_again_keeps_a_folder_holding_other_files(tmp_path: Path, write, cli):
    """Run twice into the default folder (the same run id): the second run replaces the first,
    the same run, unless the folder holds files a run does not write, which it once deleted."""
    scenario = write("m.yaml", MINIMAL)
    first = cli("run", str(scenario), "--no-figures", cwd=tmp_path)
    (folder,) = (tmp_path / "results" / "m").iterdir()
    assert first.returncode == 0 and first.stdout.endswith(f"written to results/m/{folder.name}/\n")
    assert cli("run", str(scenario), "--no-figures", cwd=tmp_path).returncode == 0  # replaced
    (folder / "notes.txt").write_text("mine")
    (folder / "extra").mkdir()
    again = cli("run", str(scenario), "--no-figures", cwd=tmp_path)
    assert (again.returncode, again.stdout) == (2, "")
    assert again.stderr == (
        f"error: results/m/{folder.name}: this run's folder holds files a run does not write "
        "(extra/, notes.txt), which writing the run again would delete; move them, or give --out\n"
    )
    assert (folder / "notes.txt").read_text() == "mine"


def test_a_run_s_own_files_figures_and_hidden_files_do_not_count(tmp_path: Path) -> None:
    for name in ("seed.txt", "series.csv", "state.json", "trust.png", ".DS_Store"):
        (tmp_path / name).write_text("x")
    check_same_run_folder(tmp_path)
    check_same_run_folder(tmp_path / "not_there")  # a new folder: nothing to keep
    (tmp_path / "a.csv").write_text("x")
    with pytest.raises(InputError, match=r"\(a\.csv\)"):
        check_same_run_folder(tmp_path)


@pytest.mark.parametrize("where", ["file", "under_file", "proc"])
def test_run_refuses_a_bad_out_at_once(tmp_path: Path, write, cli, where: str) -> None:
    scenario = write("m.yaml", MINIMAL)
    (tmp_path / "taken").write_text("mine")
    out = {
        "file": tmp_path / "taken",
        "under_file": tmp_path / "taken" / "out",
        "proc": Path("/proc/crossroads-out"),
    }[where]
    result = cli("run", str(scenario), "--out", str(out), "--no-figures", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"error: --out {out}: ")
    assert len(result.stderr.splitlines()) == 1
    assert (tmp_path / "taken").read_text() == "mine"


def test_a_failed_write_removes_the_folders_it_made(tmp_path: Path, monkeypatch) -> None:
    import sim.output
    from sim.runner import run_scenario
    from sim.scenario import load_scenario

    path = tmp_path / "m.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    result = run_scenario(load_scenario(path), steps=1, name="m")

    def disk_full(result, folder):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sim.output, "write_files", disk_full)
    with pytest.raises(OSError):
        sim.output.write_run(result, tmp_path / "a" / "b" / "out", figures=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.yaml"]


def test_an_unwritable_place_is_refused(tmp_path: Path, monkeypatch) -> None:
    import tempfile

    def refuse(**kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", refuse)  # root may write anywhere: simulate it
    with pytest.raises(InputError) as caught:
        check_writable(tmp_path / "out", "--out")
    assert caught.value.message == f"cannot write in {tmp_path}: Permission denied"


def test_a_write_error_after_the_run_is_one_line(tmp_path: Path, write, monkeypatch, capsys):
    import sim.output
    from sim.cli import main

    def disk_full(result, folder):
        raise OSError(28, "No space left on device", str(folder / "series.csv"))

    monkeypatch.setattr(sim.output, "write_files", disk_full)
    out = tmp_path / "out"
    code = main(["run", str(write("m.yaml", MINIMAL)), "--out", str(out), "--no-figures"])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert captured.err.startswith(f"error: --out {out}: cannot write ")
    assert captured.err.endswith(": No space left on device\n")
    assert not out.exists()
