"""Progress of analyze's steps: silent when quick, lines on stderr off a terminal when slow."""

from __future__ import annotations

import time

import pandas as pd

from sim.sweep import progress
from sim.sweep.progress import Step


def test_a_quick_step_says_nothing(capsys):
    with Step("quick", total=3, unit="outcome", after=60) as step:
        step.advance(3)
    assert capsys.readouterr().err == ""


def test_a_slow_step_prints_a_line_then_every_period_then_its_time(capsys):
    lines: list[str] = []
    with Step("Sobol indices", total=51, unit="outcome", after=0.05, every=0.05) as step:
        step.advance(12)
        deadline = time.monotonic() + 20  # a loaded machine may be slow to wake the ticker
        while len(lines) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
            lines += capsys.readouterr().err.splitlines()
    lines += capsys.readouterr().err.splitlines()
    assert lines[0].startswith("analyze: Sobol indices: 12 of 51 outcomes, ")
    assert lines[0].endswith(" s") and len(lines) >= 3
    assert lines[-1].startswith("analyze: Sobol indices: done in ")


def test_a_quiet_step_says_nothing_however_long(capsys):
    with Step("discovery", quiet=True, after=0.0, every=0.01):
        time.sleep(0.1)
    assert capsys.readouterr().err == ""


def test_analyze_reports_each_slow_step_unless_quiet(tmp_path, capsys, monkeypatch):
    """Every step of analyze is in a Step: with the threshold at 0 s each says it ran."""
    from pathlib import Path

    from sim.cli import main
    from sim.sweep.analysis import analyze

    base = Path(__file__).resolve().parents[3] / "scenarios" / "baseline_2020.yaml"
    out = tmp_path / "grid"
    argv = ["sweep", str(base), "-p", "actors.baghdad.capability=0.3,0.6", "--series", "tension"]
    argv += ["--replications", "2"]
    assert main([*argv, "--out", str(out), "--backend", "serial", "--quiet"]) == 0
    capsys.readouterr()
    tension = sorted(pd.read_csv(out / "runs.csv")["tension.mean"])
    condition = f"tension.mean > {(tension[1] + tension[2]) / 2}"  # two runs of four meet it
    monkeypatch.setattr(progress, "AFTER_SECONDS", 0.0)
    analyze(out, series=["tension"], discover=condition, quiet=True)
    assert capsys.readouterr().err == ""
    analyze(out, series=["tension"], discover=condition)
    done = {
        line.split(": ")[1] for line in capsys.readouterr().err.splitlines() if "done in" in line
    }
    assert {
        "summary of 4 runs",
        "figures of the design",
        "reading tension from the series files",
        "scenario discovery over 4 runs",
        "discovery figures",
        "reading runs.csv",
        "fan and share charts",
    } <= done


def test_a_terminal_that_reports_no_width_gets_lines_not_an_empty_bar(monkeypatch):
    """Issue 20: bars showed only on a terminal that reports its size; a 0 x 0 pseudo-terminal
    (some CI runners) got empty lines."""
    import io
    import os
    import sys

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

        def fileno(self) -> int:
            return 2

    stream = Terminal()
    monkeypatch.setattr(sys, "stderr", stream)
    monkeypatch.setattr(os, "get_terminal_size", lambda fd: os.terminal_size((0, 0)))
    assert not progress.bar_fits()
    with Step("discovery", after=0.0, every=60):
        deadline = time.monotonic() + 20
        while not stream.getvalue() and time.monotonic() < deadline:
            time.sleep(0.02)
    first = stream.getvalue().splitlines()[0]
    assert first.startswith("analyze: discovery: ") and first.endswith(" s")  # a line, no bar
    monkeypatch.setattr(os, "get_terminal_size", lambda fd: os.terminal_size((80, 24)))
    assert progress.bar_fits()
