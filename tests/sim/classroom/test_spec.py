"""Exercise files: the shipped ones load; bad ones give one line naming file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.classroom.spec import abilities, load_exercise
from sim.errors import InputError
from tests.conftest import ROOT, SCENARIOS

EXERCISES = sorted((SCENARIOS / "exercises").glob("*.yaml"))
GOOD = (SCENARIOS / "exercises" / "iran_saudi_talks.yaml").read_text(encoding="utf-8")


def test_two_exercises_are_shipped_and_load():
    names = {p.stem for p in EXERCISES}
    assert {"iran_saudi_talks", "us_withdrawal_dialogue"} <= names
    for path in EXERCISES:
        exercise, scenario = load_exercise(path)
        for actor in exercise.seats:
            assert abilities(scenario, actor), f"{actor} has nothing to decide in {path.name}"


def test_every_seat_has_meaningful_decisions():
    _, scenario = load_exercise(SCENARIOS / "exercises" / "us_withdrawal_dialogue.yaml")
    assert "vote" in abilities(scenario, "erbil")  # the Kurdish bloc follows Erbil
    assert {"sponsor"} <= set(abilities(scenario, "tehran"))
    _, talks = load_exercise(SCENARIOS / "exercises" / "iran_saudi_talks.yaml")
    assert {"join", "offer", "accept", "sponsor"} <= set(abilities(talks, "tehran"))


def _write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "exercises"
    folder.mkdir(exist_ok=True)
    path = folder / "bad.yaml"
    path.write_text(
        text.replace("../regional_mediation/", str(SCENARIOS / "regional_mediation") + "/"),
        encoding="utf-8",
    )
    return path


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),  # the error's line is the line of ``new``
    [
        ("  months_per_turn: 2", "  months_per_turns: 2", "clock.months_per_turns", "unknown key"),
        (
            "  riyadh:\n    decisions: [propose, join, offer, accept, abandon, defect]",
            "  riyad:\n    decisions: [propose, join, offer, accept, abandon, defect]",
            "seats.riyad",
            "no actor 'riyad'",
        ),
        (
            "    decisions: [propose, join, offer, accept, abandon, defect]\n",
            "    decisions: [propose, join, offer, accept, abandon, strike]\n",
            "seats.riyadh.decisions[5]",
            "riyadh never decides 'strike'",
        ),
        (
            "      - {kind: attack, actor: kataib_hezbollah}",
            "      - {kind: attack, actor: kataib}",
            "injects.drone_near_venue.effects[0].actor",
            "no actor 'kataib' in the scenario",
        ),
        (
            "    facts: [F18, F19]",
            "    facts: [F18, F99]",
            "seats.riyadh.facts[1]",
            "unknown fact ID F99",
        ),
        (
            "  deadline_minutes: 3",
            "  deadline_minutes: -3",
            "clock.deadline_minutes",
            "greater than 0",
        ),
    ],
)
def test_bad_exercise_names_file_line_and_key(tmp_path, old, new, key, message):
    assert old in GOOD
    text = GOOD.replace(old, new)
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_exercise(path)
    error = caught.value
    assert error.key == key
    assert message in error.message
    assert error.file.endswith("bad.yaml")
    assert error.line == _line_of(text, new.strip().splitlines()[0].strip())


def test_bad_exercise_on_the_command_line_is_one_line_and_exit_2(cli, tmp_path):
    text = GOOD.replace("  months_per_turn: 2", "  months_per_turns: 2")
    path = _write(tmp_path, text)
    done = cli("brief", str(path), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 2
    line = _line_of(text, "months_per_turns")
    key = "clock.months_per_turns"
    assert (
        done.stderr == f"error: exercises/bad.yaml:{line}: {key}: unknown key 'months_per_turns'\n"
    )
    assert not (tmp_path / "out").exists()
    played = cli("play", str(path), "--session", str(tmp_path / "s.sqlite"), cwd=tmp_path)
    assert played.returncode == 2 and played.stderr.startswith("error: exercises/bad.yaml:")
    assert not (tmp_path / "s.sqlite").exists()


def test_missing_scenario_is_an_error_on_its_line(tmp_path):
    text = GOOD.replace(
        "scenario: ../regional_mediation/iran_saudi_offers.yaml", "scenario: nowhere.yaml"
    )
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_exercise(path)
    assert (caught.value.key, caught.value.line) == ("scenario", _line_of(text, "nowhere.yaml"))


def test_exercise_files_are_outside_the_scenario_list(cli):
    done = cli("list", cwd=ROOT)
    assert "exercises" not in done.stdout
