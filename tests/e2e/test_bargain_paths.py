"""``bargain`` output paths and imports, end to end through ``run.py`` (issue 10's rules)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import KTAB, ROOT

SOE = str(KTAB / "SOE-Pol-Comp.csv")


def bad_paths(tmp_path: Path) -> list[tuple[str, str]]:
    a_file = tmp_path / "a_file"
    a_file.write_text("keep me\n")
    return [
        (str(tmp_path), "is a folder"),
        (str(a_file / "out.json"), "is a file, not a folder"),
        ("/proc/crossroads/out.json", "cannot write here"),
    ]


@pytest.mark.parametrize("option", ["--json", "--table"])
@pytest.mark.parametrize("case", [0, 1, 2])
def test_bad_output_path_is_one_line_before_anything_runs(
    cli, tmp_path: Path, option: str, case: int
) -> None:
    path, reason = bad_paths(tmp_path)[case]
    before = sorted(p.name for p in tmp_path.iterdir())
    result = cli("bargain", SOE, option, path, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {option} {path}: ")
    assert reason in lines[0] and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert (tmp_path / "a_file").read_text() == "keep me\n"


def test_declared_actor_count_above_the_rows_names_file_and_line(cli, tmp_path: Path) -> None:
    bad = tmp_path / "short.csv"
    bad.write_text("T,t,4,1\nActor,Desc,Power,P,S\nA,a,1,10,50\nB,b,1,20,50\n")
    result = cli("bargain", str(bad), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"error: {bad}:1: number of actors: found 2 actor row(s); the first row declares 4"
    )


def modules_after(code: str) -> set[str]:
    probe = (
        "import sys, io, contextlib\n"
        "from sim.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        main({code})\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(done.stdout.split())


def packages(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


HEAVY = {"pandas", "scipy", "mesa", "pydantic", "matplotlib", "numba"}
# standard modules that cost start-up time and that these commands do not need
NEEDLESS = {
    "shutil",
    "difflib",
    "concurrent.futures",
    "json",
    "numpy.ma",
    "sim.bargaining.smp_native",
}


def test_help_imports_no_numpy() -> None:
    loaded = modules_after("['--help']")
    assert not packages(loaded) & (HEAVY | {"numpy"})
    assert not loaded & NEEDLESS


def test_bargain_imports_numpy_and_nothing_heavy() -> None:
    loaded = modules_after(f"['bargain', {SOE!r}]")
    assert "numpy" in loaded and not packages(loaded) & HEAVY
    assert not loaded & NEEDLESS
