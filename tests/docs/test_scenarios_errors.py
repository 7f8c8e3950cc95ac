"""Every error line shown in docs/scenarios.md ("What each error looks like") is what the CLI
prints for that input: the docs are checked against the program, line by line."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from sim.cli import main
from tests.conftest import MINIMAL, ROOT

DOC = (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8")


def _bomb() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 9):
        lines.append(f"a{level}: &a{level} [" + ",".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


FILES: dict[str, bytes] = {
    "m.yaml": MINIMAL.encode(),
    "nul.yaml": MINIMAL.replace("seed: 7", "seed: 7\x00").encode(),
    "latin1.yaml": MINIMAL.replace("Baghdad", "Bagd\u00e9d").encode("latin-1"),
    "utf16.yaml": MINIMAL.encode("utf-16"),
    "control.yaml": MINIMAL.replace("Minimal", "Mini\x1bmal").encode(),
    "deep.yaml": ("seed: 1\nx: " + "[" * 100 + "]" * 100 + "\n").encode(),
    "bomb.yaml": _bomb().encode(),
    "child.yaml": b"extends: bomb.yaml\n",
    "key.yaml": (MINIMAL + "? [1, 2]\n: 3\n").encode(),
    "folder.yaml": b"extends: parts\n",
    "nan.yaml": MINIMAL.replace("salience: 0.8", "salience: .nan").encode(),
    "steps.yaml": MINIMAL.replace("steps: 6", 'steps: "6"').encode(),
    "notes.txt": b"my notes\n",
}

CASES = [
    (["validate", "nul.yaml"], "nul.yaml:3: NUL byte at column 8"),
    (["validate", "latin1.yaml"], "latin1.yaml:8: byte 0xe9 at column 15"),
    (["validate", "utf16.yaml"], "utf16.yaml:1: is UTF-16"),
    (["validate", "control.yaml"], "control.yaml:1: control character"),
    (["validate", "deep.yaml"], "deep.yaml:2: nests deeper"),
    (["validate", "child.yaml"], "bomb.yaml:6: holds more than"),
    (["validate", "key.yaml"], "key.yaml:24: malformed YAML"),
    (["validate", "folder.yaml"], "folder.yaml:1: extends: names a folder"),
    (["validate", "nan.yaml"], "nan.yaml:11: actors.baghdad"),
    (["validate", "steps.yaml"], "steps.yaml:2: calendar.steps"),
    (["validate", "m.yaml", "--set", "actors.washington.capability=.nan"], "--set actors.w"),
    (["validate", "m.yaml", "--set", "actors.nobody.capability=0.5"], "--set actors.nobody"),
    (["validate", "m.yaml", "--set", "issues.us_troops.max=4000"], "--set issues"),
    (["run", "m.yaml", "--seed", "-1"], "--seed: must be"),
    (["run", "m.yaml", "--seed", "x"], "--seed: invalid int"),
    (["run", "m.yaml", "--out", "notes.txt/out"], "--out notes.txt/out"),
    (["run", "m.yaml", "--out", "/proc/out"], "--out /proc/out"),
    (
        ["sweep", "m.yaml", "-p", "actors.nobody.capability=0.2:0.5:3", "--out", "fresh"],
        "-p actors.nobody",
    ),
    (["sweep", "m.yaml", "-p", "actors.baghdad.capability=.nan:0.5:3"], "-p actors.baghdad"),
    (
        [
            *("sweep", "m.yaml", "-p", "actors.baghdad.capability=0.2:0.5:2"),
            *("--backend", "dask", "--scheduler", "tcp://127.0.0.1:9"),
        ],
        "--scheduler",
    ),
    (
        ["sweep", "m.yaml", "-p", "actors.baghdad.capability=0.2:0.5:2", "--resume"],
        "results/sweeps/m/manifest.json",
    ),
]


def _documented(start: str) -> str:
    """The one line of the doc's error catalogue that starts with ``error: START``."""
    found = [line for line in DOC.splitlines() if line.startswith(f"error: {start}")]
    assert len(found) == 1, f"docs/scenarios.md should show one 'error: {start}...' line"
    return found[0]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    for name, data in FILES.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "parts").mkdir()
    damaged = tmp_path / "results" / "sweeps" / "m"
    damaged.mkdir(parents=True)
    (damaged / "manifest.json").write_text('{"format": 1, "na')
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(("argv", "start"), CASES, ids=[c[1] for c in CASES])
def test_each_documented_error_is_what_the_cli_prints(folder: Path, argv, start) -> None:
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(argv)
        except SystemExit as exit_:
            code = exit_.code
    assert code == 2
    assert err.getvalue() == _documented(start) + "\n"
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_the_documented_limits_are_the_programs() -> None:
    from sim.commands import MAX_WORKERS
    from sim.scenario import compose, schema, yaml_source
    from sim.sweep.spec import MAX_RUNS

    limits = {
        "bytes in a file": yaml_source.MAX_FILE_BYTES,
        "levels of nesting": yaml_source.MAX_DEPTH,
        "values once aliases are expanded": yaml_source.MAX_VALUES,
        "files in a chain of `extends`": compose.MAX_EXTENDS_DEPTH,
        "files read through `extends`": compose.MAX_FILES,
        "issues": schema.MAX_ISSUES,
        "actors": schema.MAX_ACTORS,
        "tracks": schema.MAX_TRACKS,
        "injects": schema.MAX_INJECTS,
        "rules": schema.MAX_RULES,
        "runs in a sweep (points × replications)": MAX_RUNS,
        "`--workers`": MAX_WORKERS,
    }
    for what, number in limits.items():
        assert f"| {what} | {number:,} |" in DOC, what
    assert json.dumps(limits)  # every limit is a plain number
