"""Outputs never destroy and stores never adopt: ``brief``/``debrief --out`` refuse a file or a
folder of other files (``--force`` replaces only a folder they wrote), and a session store
refuses any file that is not its own, changing nothing and leaving no ``-wal``/``-shm``."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.classroom.session import Session
from sim.classroom.store import APPLICATION_ID, Store
from sim.errors import InputError
from sim.out_folder import check_new_file, check_output_folder
from tests.conftest import SCENARIOS

TALKS = SCENARIOS / "exercises" / "iran_saudi_talks.yaml"
MARKERS = ("public.md", "public.html")
NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-.", min_size=1, max_size=12)
FOLDERS = st.dictionaries(
    NAMES.filter(lambda n: n not in (".", "..")), st.binary(max_size=64), min_size=1, max_size=5
)


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@settings(max_examples=60, deadline=None)
@given(files=FOLDERS, force=st.booleans())
def test_a_folder_of_other_files_is_never_replaced(files: dict[str, bytes], force: bool) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "out"
        out.mkdir()
        for name, content in files.items():
            (out / name).write_bytes(content)
        mine = all(name in files for name in MARKERS)
        if force and mine:
            check_output_folder(out, "--out", force, MARKERS)  # a folder it wrote: replaceable
        else:
            with pytest.raises(InputError) as caught:
                check_output_folder(out, "--out", force, MARKERS)
            assert caught.value.file == f"--out {out}"
        assert _tree(out) == files  # the check itself never touches anything


@settings(max_examples=30, deadline=None)
@given(content=st.binary(max_size=64), force=st.booleans())
def test_a_file_is_never_replaced_by_a_folder(content: bytes, force: bool) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "out"
        out.write_bytes(content)
        with pytest.raises(InputError, match="is a file, not a folder"):
            check_output_folder(out, "--out", force, MARKERS)
        assert out.read_bytes() == content


def test_an_empty_or_new_folder_is_taken(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    check_output_folder(tmp_path / "empty", "--out", False, MARKERS)
    check_output_folder(tmp_path / "new" / "deeper", "--out", False, MARKERS)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]


@pytest.mark.parametrize("where", ["folder", "under_file", "proc"])
def test_a_new_file_is_checked_before_any_work(tmp_path: Path, where: str) -> None:
    (tmp_path / "taken").write_text("mine")
    (tmp_path / "dir").mkdir()
    path = {
        "folder": tmp_path / "dir",
        "under_file": tmp_path / "taken" / "x.sqlite",
        "proc": Path("/proc/crossroads/x.sqlite"),
    }[where]
    if where == "proc" and not Path("/proc/self").is_dir():
        pytest.skip("needs /proc")
    with pytest.raises(InputError) as caught:
        check_new_file(path, "--session")
    assert caught.value.file == f"--session {path}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir", "taken"]


def test_brief_keeps_a_folder_of_other_files_and_replaces_its_own(cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "thesis.tex").write_text("keep")
    for extra in ([], ["--force"]):
        done = cli("brief", str(TALKS), "--out", str(out), *extra, cwd=tmp_path)
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr.startswith(f"error: --out {out}: ")
        assert len(done.stderr.splitlines()) == 1
        assert _tree(out) == {"thesis.tex": b"keep"}
    taken = tmp_path / "taken"
    taken.write_text("mine")
    done = cli("brief", str(TALKS), "--out", str(taken), "--force", cwd=tmp_path)
    assert done.returncode == 2 and taken.read_text() == "mine"
    fresh = tmp_path / "fresh"
    assert cli("brief", str(TALKS), "--out", str(fresh), cwd=tmp_path).returncode == 0
    again = cli("brief", str(TALKS), "--out", str(fresh), cwd=tmp_path)
    assert again.returncode == 2 and "pass --force" in again.stderr
    (fresh / "public.md").write_text("old")
    assert cli("brief", str(TALKS), "--out", str(fresh), "--force", cwd=tmp_path).returncode == 0
    assert (fresh / "public.md").read_text() != "old"


def test_debrief_refuses_its_out_before_reading_sessions(cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("keep")
    done = cli("debrief", str(tmp_path / "none.sqlite"), "--out", str(out), cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.startswith(f"error: --out {out}: ")
    assert _tree(out) == {"notes.txt": b"keep"}
    flips = cli("debrief", "x.sqlite", "--out", str(tmp_path / "d"), "--flips", "-1", cwd=tmp_path)
    assert flips.returncode == 2 and flips.stderr.startswith("error: --flips: ")


# -- stores -----------------------------------------------------------------------------------


def _siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def _foreign_database(path: Path, tables: list[str], application_id: int) -> None:
    db = sqlite3.connect(path)
    if application_id:
        db.execute(f"PRAGMA application_id={application_id}")
    for table in tables:
        db.execute(f'CREATE TABLE "{table}" (x)')
        db.execute(f'INSERT INTO "{table}" VALUES (1)')
    db.commit()
    db.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=st.one_of(st.just(b""), st.binary(max_size=300), st.just(b"SQLite format 3\x00")))
def test_a_file_that_is_no_database_is_refused_untouched(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "grades.sqlite"
        path.write_bytes(content)
        with pytest.raises(InputError, match="not a session file"):
            Store.open_existing(path)
        assert path.read_bytes() == content and _siblings(path) == ["grades.sqlite"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tables=st.lists(st.sampled_from(["grades", "meta", "log", "students"]), unique=True),
    application_id=st.sampled_from([0, 1, APPLICATION_ID - 1, 0x7FFFFFFF]),
)
def test_a_foreign_database_is_never_adopted(tables: list[str], application_id: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "grades.sqlite"
        _foreign_database(path, tables, application_id)
        before = path.read_bytes()
        with pytest.raises(InputError, match="not a session file"):
            Session.resume(path)
        assert path.read_bytes() == before and _siblings(path) == ["grades.sqlite"]


def test_a_session_store_carries_the_marker_from_its_first_commit(tmp_path: Path) -> None:
    path = tmp_path / "class.sqlite"
    session = Session.create(TALKS, path, turns="sequential")
    # read the header straight from the main file while the session is open (WAL not merged)
    assert int.from_bytes(path.read_bytes()[68:72], "big") == APPLICATION_ID
    session.close()
    Session.resume(path).close()


def test_a_store_written_before_the_marker_still_resumes(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    Session.create(TALKS, path, turns="sequential").close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA application_id=0")  # as the stores of earlier versions were
    db.close()
    assert int.from_bytes(path.read_bytes()[68:72], "big") == 0
    Session.resume(path).close()


def test_play_resume_on_a_foreign_database_changes_nothing(cli, tmp_path: Path) -> None:
    path = tmp_path / "grades.sqlite"
    _foreign_database(path, ["grades"], 0)
    before = path.read_bytes()
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    for target in (path, empty):
        done = cli("play", "--resume", str(target), cwd=tmp_path)
        assert done.returncode == 2 and done.stderr.startswith(f"error: {target}: not a session")
    assert path.read_bytes() == before and empty.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.sqlite", "grades.sqlite"]


@pytest.mark.parametrize("seed", ["-1", str(2**63)])
def test_play_refuses_a_bad_seed_before_making_the_session_file(
    cli, tmp_path: Path, seed: str
) -> None:
    store = tmp_path / "s.sqlite"
    done = cli("play", str(TALKS), "--session", str(store), "--seed", seed, cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.startswith("error: --seed: ")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("where", ["under_file", "proc"])
def test_play_refuses_a_session_path_it_cannot_write(cli, tmp_path: Path, where: str) -> None:
    (tmp_path / "taken").write_text("mine")
    store = tmp_path / "taken" / "s.sqlite" if where == "under_file" else Path("/proc/x/s.sqlite")
    done = cli("play", str(TALKS), "--session", str(store), cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.startswith(f"error: --session {store}: ")
    assert len(done.stderr.splitlines()) == 1


def test_play_out_never_replaces_a_folder(cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("keep")
    done = cli("play", str(TALKS), "--out", str(out), cwd=tmp_path)
    assert done.stderr == f"error: --out {out}: exists and is not empty; choose a new folder\n"
    assert _tree(out) == {"keep.txt": b"keep"} and not (tmp_path / "results").exists()
