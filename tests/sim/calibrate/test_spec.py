"""Calibration files: bad ones give one line naming file, line and key, and exit status 2."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from sim.calibrate.prepare import prepare
from sim.calibrate.spec import load_calibration
from sim.calibrate.targets import EventCount, SeriesAt
from sim.errors import InputError
from tests.conftest import BASELINE

GOOD = f"""\
scenario: {BASELINE}
parameters:
  actors.washington.behaviour.concession: {{bounds: [0.05, 0.6]}}
  tracks.strategic_dialogue.max_change_per_step.us_troops: {{bounds: [100, 1200], log: true}}
targets:
  troops:
    source: [P01]
    series: status_quo:us_troops
    at: 2020-09
    value: 3000
    tolerance: {{relative: 0.1}}
  rounds:
    source: [F19]
    count: {{kind: round, track: iran_saudi_talks, held: true}}
    between: [2021-01, 2022-10]
    min: 5
    max: 5
  strikes:
    source: [F21]
    held_back: true
    must_happen: {{kind: strike, actor: washington}}
    between: [2021-06, 2021-06]
ensemble: {{runs: 2, seed: 3}}
search: {{trials: 2, seed: 1}}
overlay: fitted.yaml
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cal.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_gives_its_targets(tmp_path: Path) -> None:
    cal = load_calibration(write(tmp_path, GOOD))
    troops, rounds, strikes = cal.targets
    assert troops == SeriesAt("troops", "status_quo:us_troops", "2020-09", 3000.0, 300.0)
    assert isinstance(rounds, EventCount) and (rounds.low, rounds.high) == (5.0, 5.0)
    assert isinstance(strikes, EventCount) and (strikes.low, strikes.high) == (1.0, math.inf)
    assert cal.fit_weights == {"troops": 1.0, "rounds": 1.0}
    assert cal.overlay == tmp_path / "fitted.yaml"
    assert cal.spec.name == "cal"


def test_trials_option_wins_over_the_file(tmp_path: Path) -> None:
    assert load_calibration(write(tmp_path, GOOD), trials=9).spec.search.trials == 9


BAD = [
    # (replace this, with this, expected line, expected key and message)
    (
        "  rounds:\n",
        "  rounds:\n    wieght: 2\n",
        13,
        "targets.rounds.wieght: unknown key 'wieght'",
    ),
    ("[0.05, 0.6]", "[0.6, 0.05]", 3, "parameters.actors.washington.behaviour.concession: bounds"),
    ("bounds: [100, 1200], log: true", "bounds: [0, 1200], log: true", 4, "log scale needs"),
    ("[0.05, 0.6]}", "[0.05, 0.6], integer: true}", 3, "no whole number between 0.05 and 0.6"),
    ("source: [P01]", "source: [P77]", 7, "targets.troops.source[0]: unknown fact ID 'P77'"),
    ("tolerance: {relative: 0.1}", "tolerance: {}", 11, "targets.troops.tolerance: give exactly"),
    (
        "    count: {kind: round, track: iran_saudi_talks, held: true}\n",
        "",
        12,
        "targets.rounds: a target needs one of series, count",
    ),
    ("{kind: strike, actor: washington}", "{actor: washington}", 21, "needs kind"),
    (
        "between: [2021-06, 2021-06]",
        "between: [2021-06, 2021-02]",
        22,
        "targets.strikes.between: [first, last] with first not after last",
    ),
    ("ensemble: {runs: 2, seed: 3}", "ensemble: {runs: 0, seed: 3}", 23, "ensemble.runs:"),
    ("    held_back: true\n", "    held_back: maybe\n", 20, "targets.strikes.held_back:"),
]


@pytest.mark.parametrize(("old", "new", "line", "expected"), BAD)
def test_bad_files_name_file_line_and_key(
    tmp_path: Path, old: str, new: str, line: int, expected: str
) -> None:
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(InputError) as caught:
        load_calibration(path)
    assert caught.value.file == str(path) or caught.value.file.endswith("cal.yaml")
    assert caught.value.line == line, str(caught.value)
    assert expected in str(caught.value)


def test_nothing_left_to_fit_is_refused(tmp_path: Path) -> None:
    text = GOOD.replace("  troops:\n", "  troops:\n    held_back: true\n").replace(
        "  rounds:\n", "  rounds:\n    weight: 0\n"
    )
    with pytest.raises(InputError, match="at least one target must be fitted"):
        load_calibration(write(tmp_path, text))


@pytest.mark.parametrize(
    ("old", "new", "line", "expected"),
    [
        (
            "actors.washington.behaviour.concession: {bounds: [0.05, 0.6]}",
            "actors.washington.behaviour.concesion: {bounds: [0.05, 0.6]}",
            3,
            "parameters.actors.washington.behaviour.concesion: the scenario refuses 0.05 here: "
            "unknown key 'concesion'",
        ),
        (
            "actors.washington.behaviour.concession: {bounds: [0.05, 0.6]}",
            "actors.washington.behaviour.concession: {bounds: [0.05, 1.6]}",
            3,
            "the scenario refuses 1.6 here: 1.6 is out of range [0, 1]",
        ),
        (
            "actors.washington.behaviour.concession: {bounds: [0.05, 0.6]}",
            "actors.washington.name.x: {bounds: [0.05, 0.6]}",
            3,
            "'actors.washington.name' is a value, not a section",
        ),
        ("series: status_quo:us_troops", "series: troops", 8, "no time series column 'troops'"),
        ("at: 2020-09", "at: 2019-01", 9, "2019-01 is outside the run (2020-05 to 2022-10)"),
    ],
)
def test_problems_with_the_scenario_are_found_before_any_trial(
    tmp_path: Path, old: str, new: str, line: int, expected: str
) -> None:
    cal = load_calibration(write(tmp_path, GOOD.replace(old, new)))
    with pytest.raises(InputError) as caught:
        prepare(cal)
    assert caught.value.line == line, str(caught.value)
    assert expected in str(caught.value)


def test_cli_bad_file_exit_2_one_line_nothing_written(cli, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("source: [P01]", "source: [F99]"))
    out = tmp_path / "out"
    done = cli("calibrate", str(path), "--out", str(out), cwd=tmp_path)
    assert done.returncode == 2
    assert (
        done.stderr == "error: cal.yaml:7: targets.troops.source[0]: unknown fact ID 'F99' "
        "(see scenarios/sources.yaml)\n"
    )
    assert not out.exists()


def test_cli_bad_options_exit_2(cli, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    done = cli("calibrate", str(path), "--trials", "0", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, "error: --trials: must be at least 1, got 0\n")
    with pytest.raises(InputError, match="this is not a calibration file"):
        load_calibration(BASELINE)


def test_cli_overlay_into_a_folder_is_refused_before_anything_is_written(
    cli, tmp_path: Path
) -> None:
    path = write(tmp_path, GOOD)
    out = tmp_path / "out"
    done = cli("calibrate", str(path), "--overlay", str(tmp_path), "--out", str(out), cwd=tmp_path)
    assert done.returncode == 2
    assert (
        done.stderr == f"error: --overlay: {tmp_path} is a folder; name the overlay file to write\n"
    )
    assert not out.exists()
