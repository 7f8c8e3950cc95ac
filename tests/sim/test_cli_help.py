"""The top-level help printed without argparse is argparse's own text, at every width it
answers for; elsewhere argparse answers."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from sim.cli import main
from sim.cli_help import MAX_COLUMNS, MIN_COLUMNS, top_level_help, wrap
from sim.cli_parser import build_parser

ROOT = Path(__file__).resolve().parents[2]


def test_wrap_fills_lines_greedily_up_to_the_width() -> None:
    # "aa bb" is 5 characters: it fits a width of 5; "cc" would make 8
    assert wrap("aa bb cc", 5) == ["aa bb", "cc"]
    assert wrap("aa bb cc", 8) == ["aa bb cc"]
    assert wrap("  aa   bb ", 4) == ["aa", "bb"]
    assert wrap("", 10) == []


def test_wrap_declines_what_textwrap_would_split_otherwise() -> None:
    assert wrap("a well-known word", 40) is None  # textwrap may break at the hyphen
    assert wrap("tiny enormousword", 8) is None  # textwrap would cut the long word


def test_same_text_as_argparse_at_every_width(monkeypatch: pytest.MonkeyPatch) -> None:
    for columns in range(MIN_COLUMNS, MAX_COLUMNS + 1):
        monkeypatch.setenv("COLUMNS", str(columns))
        assert top_level_help(columns) == build_parser().format_help(), columns


@pytest.mark.parametrize("columns", [MIN_COLUMNS - 1, 20, MAX_COLUMNS + 1])
def test_outside_its_widths_argparse_prints_the_help(
    columns: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    assert top_level_help(columns) is None
    printed = io.StringIO()
    with redirect_stdout(printed), pytest.raises(SystemExit) as stopped:
        main(["--help"])
    assert stopped.value.code == 0
    assert printed.getvalue() == build_parser().format_help()


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_alone_imports_no_argparse(flag: str) -> None:
    probe = (
        "import sys, io, contextlib\n"
        "from sim.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    code = main([{flag!r}])\n"
        "print(code, 'argparse' in sys.modules, out.getvalue().startswith('usage: run.py'))\n"
    )
    env = {"COLUMNS": "80", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert done.stdout.split() == ["0", "False", "True"], done.stderr


def test_a_reader_that_has_gone_gets_no_traceback() -> None:
    # run.py --help | (a reader that closed its end): argparse's own behaviour, exit 0, silent
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = {"COLUMNS": "80", "PATH": "/usr/bin:/bin"}
    try:
        done = subprocess.run(
            [sys.executable, "run.py", "--help"],
            cwd=ROOT,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (0, "")


def test_without_stdout_the_help_goes_to_stderr_as_argparse_sends_it() -> None:
    env = {"COLUMNS": "80", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "run.py", "--help"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 0 and done.stderr.startswith("usage: run.py")
