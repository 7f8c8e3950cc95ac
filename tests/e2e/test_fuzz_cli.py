"""Property: whatever file and command line a user (or a broken editor) gives, the real entry
point exits 0 or 2, prints one ``error:`` line when it refuses, never a traceback, never hangs,
and never writes NaN or an infinity into a run's output.

Runs in this process (``sim.cli.main``) so each example costs milliseconds; runs are 1-3 steps
without figures. A watchdog alarm turns a hang into a failure.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sim.cli import main
from tests.conftest import MINIMAL

HANG_SECONDS = 30
SCALE = int(os.environ.get("CROSSROADS_FUZZ_SCALE", "1"))  # more examples for a long hunt
NON_FINITE = re.compile(r"\b(nan|inf|infinity)\b", re.IGNORECASE)

NASTY_VALUES = [
    ".nan", ".inf", "-.inf", "nan", "1e308", "1e400", "-1e400", "2e-1", "1e-320", "0", "-1",
    "1" * 5000, '"30"', "true", "~", "[", "{", "]", "[1, 2]", "{a: 1}", "&a 1", "*a", "*nope",
    "2021-13", "2021-02-30", "!!binary aGk=", "!!python/object:os.system", "!!set {a}",
    "'\u00e9'", "x" * 300, "0.5", "3", "2021-03", "[baghdad, washington]", "{name: spatial}",
    "? [1]\n  : 2", "|\n  text",
]  # fmt: skip
PLAUSIBLE_VALUES = ["0.5", "0.2", "1", "2", "0", "2021-03", "1e-3", "2e-1", "4000", "0.99"]
PLAUSIBLE_VALUES += ["1e308", "1e-300", "1e15", "-1e15", "5200", "2021-07", "[2021-02, 2021-03]"]
SET_PATHS = [
    "seed", "calendar.steps", "calendar.start", "calendar.step_months",
    "actors.baghdad.capability", "actors.washington.positions.us_troops.salience",
    "actors.washington.positions.us_troops.position", "actors.baghdad.trust.washington",
    "actors.nobody.capability", "issues.us_troops.max", "issues.us_troops.min",
    "issues.us_troops.status_quo", "tracks.talks.every", "tracks.talks.protocol",
    "dynamics.tension", "dynamics.spoil_months", "outputs.dpi", "meta", "extends",
    "actors.baghdad.capability.value", "events.rules.r.probability",
]  # fmt: skip


def _mutate(text: str, data: st.DataObject) -> bytes:
    """Up to three edits of a good scenario: a value, a line, a byte, an encoding."""
    lines = text.splitlines()
    for _ in range(data.draw(st.integers(0, 3))):
        kind = data.draw(st.sampled_from(["value", "delete", "duplicate", "indent", "insert"]))
        index = data.draw(st.integers(0, len(lines) - 1))
        if kind == "value" and ":" in lines[index]:
            head = lines[index].rsplit(":", 1)[0]
            lines[index] = f"{head}: {data.draw(st.sampled_from(NASTY_VALUES))}"
        elif kind == "delete" and len(lines) > 1:
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, lines[index])
        elif kind == "indent":
            lines[index] = " " * data.draw(st.integers(0, 5)) + lines[index].lstrip()
        else:
            lines.insert(index, data.draw(st.text(max_size=40)))
    encoded = "\n".join(lines).encode("utf-8", "surrogatepass")
    how = data.draw(st.sampled_from(["plain"] * 6 + ["latin1", "utf16", "bytes", "truncate"]))
    if how == "latin1":
        latin = "\n".join(lines) + "\nnote: caf\u00e9\n"
        return latin.encode("latin-1", "replace")
    if how == "utf16":
        return "\n".join(lines).encode("utf-16", "surrogatepass")
    if how == "bytes":
        at = data.draw(st.integers(0, len(encoded)))
        return encoded[:at] + data.draw(st.binary(min_size=1, max_size=8)) + encoded[at:]
    if how == "truncate":
        return encoded[: data.draw(st.integers(0, len(encoded)))]
    return encoded


def _assignments(data: st.DataObject) -> list[str]:
    pairs = data.draw(
        st.lists(
            st.tuples(
                _mostly(st.sampled_from(SET_PATHS), st.text(max_size=20)),
                _mostly(st.sampled_from(PLAUSIBLE_VALUES), st.sampled_from(NASTY_VALUES))
                | st.text(max_size=20),
            ),
            max_size=2,
        )
    )
    return [f"{path}={value}" for path, value in pairs]


def _mostly(usual: st.SearchStrategy, rare: st.SearchStrategy) -> st.SearchStrategy:
    """``usual`` three times in four, so many examples get past validation and really run."""
    return st.sampled_from([True, True, True, False]).flatmap(lambda ok: usual if ok else rare)


def _number_option(data: st.DataObject, low: int, high: int) -> str:
    usual = st.integers(max(low, 1), min(high, 3)).map(str)
    rare = st.integers(low, high).map(str) | st.sampled_from(["x", "1.5", "", "1e3"])
    return data.draw(_mostly(usual, rare))


@contextlib.contextmanager
def _watchdog(seconds: int):
    def hang(signum, frame):
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _call(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with _watchdog(HANG_SECONDS), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse, for a bad option
            code = exit_.code if isinstance(exit_.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def _assert_clean(code: int, stderr: str) -> None:
    assert code in (0, 2), (code, stderr)
    assert "Traceback" not in stderr
    if code == 2:
        lines = stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), stderr


@settings(
    max_examples=150 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_validate_any_file_and_overrides(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scenario.yaml"
        path.write_bytes(_mutate(MINIMAL, data))
        code, stdout, stderr = _call(["validate", str(path), *_set_options(data)])
        event(f"exit {code}")
        _assert_clean(code, stderr)
        assert (code == 0) == stdout.startswith("ok:")


def _set_options(data: st.DataObject) -> list[str]:
    return [item for text in _assignments(data) for item in ("--set", text)]


@settings(
    max_examples=40 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_run_any_file_and_command_line_writes_only_finite_numbers(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scenario.yaml"
        broken = data.draw(st.booleans())
        path.write_bytes(_mutate(MINIMAL, data) if broken else MINIMAL.encode())
        places = st.sampled_from(["out", "a/b/out", "out", "scenario.yaml/out", "scenario.yaml"])
        out = Path(folder) / data.draw(places)
        figures = data.draw(st.integers(0, 9)) == 0  # a few draw them too: extremes in plots
        argv = ["run", str(path), "--out", str(out), *([] if figures else ["--no-figures"])]
        argv += ["--steps", _number_option(data, -1, 3), *_set_options(data)]
        if data.draw(st.booleans()):
            argv += ["--seed", _number_option(data, -2, 2**64)]
        before = sorted(Path(folder).rglob("*"))
        scenario_bytes = path.read_bytes()
        code, stdout, stderr = _call(argv)
        event(f"exit {code}")
        _assert_clean(code, stderr)
        if code == 2:  # refused: nothing written, nothing changed
            assert sorted(Path(folder).rglob("*")) == before
            assert path.read_bytes() == scenario_bytes
            return
        for name in ("series.csv", "outcomes.json"):
            text = (out / name).read_text(encoding="utf-8")
            assert not NON_FINITE.search(text), f"{name}: {NON_FINITE.search(text)}"
        assert not NON_FINITE.search(stdout)


SWEEP = """\
base: scenario.yaml
design: grid
parameters:
  actors.baghdad.capability: {values: [0.4, 0.6]}
  actors.washington.positions.us_troops.salience: {min: 0.2, max: 0.8, steps: 2}
replications: 1
seed: 3
steps: 2
series: [tension]
"""


def _sweep_options(data: st.DataObject) -> list[str]:
    options: list[str] = []
    for flag, low, high in (("--replications", -1, 2), ("--seed", -1, 2**64), ("--samples", 0, 3)):
        if data.draw(st.integers(0, 3)) == 0:
            options += [flag, _number_option(data, low, high)]
    if data.draw(st.integers(0, 3)) == 0:
        options += ["--design", data.draw(st.sampled_from(["grid", "random", "sobol", "x"]))]
    if data.draw(st.integers(0, 3)) == 0:
        path = data.draw(_mostly(st.sampled_from(SET_PATHS), st.text(max_size=15)))
        low, high = data.draw(st.sampled_from(PLAUSIBLE_VALUES + NASTY_VALUES[:12])), "0.9"
        options += ["-p", f"{path}={low}:{high}:2"]
    return options


@settings(
    max_examples=25 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_sweep_any_file_and_options_then_resume(data: st.DataObject) -> None:
    import csv

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "scenario.yaml").write_text(MINIMAL, encoding="utf-8")
        sweep = Path(folder) / "sweep.yaml"
        sweep.write_bytes(_mutate(SWEEP, data) if data.draw(st.booleans()) else SWEEP.encode())
        out = Path(folder) / "out"
        options = _sweep_options(data)
        file = str(Path(folder) / "scenario.yaml") if "-p" in options else str(sweep)
        argv = ["sweep", file, "--out", str(out), "--backend", "serial", "--quiet", *options]
        before = sorted(Path(folder).rglob("*"))
        code, _, stderr = _call(argv)
        event(f"exit {code}")
        _assert_clean(code, stderr)
        if code == 2:
            assert sorted(Path(folder).rglob("*")) == before
            return
        again, _, stderr = _call([*argv, "--resume"])
        assert again == 0 and "Traceback" not in stderr
        with (out / "runs.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert len({row["run_id"] for row in rows}) == len(rows)
        for row in rows:
            if row["status"] == "ok":
                assert not any(NON_FINITE.search(value) for value in row.values()), row
