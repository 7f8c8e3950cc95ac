"""The command line: argparse builds the whole parser from the command modules, ``--help`` loads
none of the heavy libraries, and printing help survives a reader that has gone."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from sim.cli import (
    COMMAND_MODULES,
    DEFAULT_COMMAND,
    build_parser,
    empty_argument,
    main,
    mistyped_command,
)

ROOT = Path(__file__).resolve().parents[2]
ENV = {"COLUMNS": "80", "PATH": "/usr/bin:/bin"}


def test_every_command_module_registers_one_listed_command() -> None:
    parser = build_parser()
    assert len(parser.commands) == len(COMMAND_MODULES) and DEFAULT_COMMAND in parser.commands
    listed = parser.format_help()
    for name in parser.commands:
        assert f"\n    {name} " in listed or f"\n    {name}\n" in listed, name


def test_every_command_has_its_own_help() -> None:
    parser = build_parser()
    for name in parser.commands:
        printed = io.StringIO()
        with redirect_stdout(printed), pytest.raises(SystemExit) as stopped:
            parser.parse_args([name, "--help"])
        assert stopped.value.code == 0
        assert printed.getvalue().startswith(f"usage: run.py {name}"), name


def test_no_command_runs_the_default_and_a_typo_is_named() -> None:
    assert mistyped_command("lsit", build_parser().commands) == "list"
    assert mistyped_command("list", build_parser().commands) is None
    assert mistyped_command("--seed", build_parser().commands) is None


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_loads_no_heavy_library(flag: str) -> None:
    probe = (
        "import sys, io, contextlib\n"
        "from sim.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    try:\n"
        f"        main([{flag!r}])\n"
        "    except SystemExit as stop:\n"
        "        code = stop.code\n"
        "heavy = ('numpy', 'mesa', 'matplotlib', 'pydantic', 'yaml')\n"
        "print(code, *sorted(set(heavy) & set(sys.modules)), out.getvalue().startswith('usage:'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, env=ENV
    )
    assert done.stdout.split() == ["0", "True"], done.stderr


def test_main_help_is_argparse_help_of_the_whole_parser() -> None:
    printed = io.StringIO()
    with redirect_stdout(printed), pytest.raises(SystemExit) as stopped:
        main(["--help"])
    assert stopped.value.code == 0
    assert printed.getvalue() == build_parser().format_help()


def test_a_reader_that_has_gone_gets_no_traceback() -> None:
    # run.py --help | (a reader that closed its end): argparse's own behaviour, exit 0, silent
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = ENV
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
    env = ENV
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


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["run", ""], "a file argument"),
        ([""], "a file argument"),
        (["ensemble", "baseline_2020", "-n", "2", "--out", ""], "--out"),
        (["ensemble", "baseline_2020", "-n", "2", "--out="], "--out"),
        (["calibrate", "calibration-baseline_2020", "--overlay", " "], "--overlay"),
        (["analyze", "results/sweeps/x", "--series", ""], None),  # documented: no fan charts
        (["analyze", "results/sweeps/x", "--series="], None),
        (["run", "baseline_2020", "--out", "x"], None),
    ],
)
def test_an_empty_argument_is_named(args: list[str], named: str | None) -> None:
    """'' from an unset shell variable once ran the default scenario into the default folder."""
    assert empty_argument(args) == named


def test_an_empty_argument_is_one_line_and_nothing_runs(tmp_path, cli) -> None:
    done = cli("run", "baseline_2020", "--out", "", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "error: --out: is empty; give a value, or leave it out (see run.py --help)\n"
    )
    assert list(tmp_path.iterdir()) == []
