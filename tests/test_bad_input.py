"""Each class of bad input gives one line naming file, line and key, exit status 2, no output."""

from __future__ import annotations

import pytest

from sim.errors import InputError
from sim.scenario import load_scenario
from tests.conftest import BASELINE, MINIMAL, run_cli


def _error(path, overrides=()) -> InputError:
    with pytest.raises(InputError) as caught:
        load_scenario(path, list(overrides))
    return caught.value


def test_minimal_scenario_is_valid(write):
    assert load_scenario(write("ok.yaml", MINIMAL)).meta.title == "Minimal"


def test_malformed_yaml_names_the_line(write):
    path = write("bad.yaml", MINIMAL.replace("seed: 7", "seed: [7"))
    error = _error(path)
    assert "malformed YAML" in error.message
    assert error.file.endswith("bad.yaml") and error.line is not None


def test_duplicate_key_is_an_error(write):
    error = _error(write("dup.yaml", MINIMAL + "seed: 8\n"))
    assert "duplicate key 'seed'" in error.message


def test_unknown_key_names_line_and_path(write):
    text = MINIMAL.replace("capability: 0.5", "capability: 0.5\n    capabilty: 0.6")
    error = _error(write("unknown.yaml", text))
    assert error.key == "actors.baghdad.capabilty"
    assert error.line == 11
    assert "unknown key 'capabilty'" in error.message


def test_wrong_type(write):
    error = _error(write("type.yaml", MINIMAL.replace("capability: 1.0", "capability: strong")))
    assert error.key == "actors.washington.capability"
    assert "expected a number" in error.message


def test_salience_out_of_range(write):
    text = MINIMAL.replace("salience: 0.8", "salience: 140")
    error = _error(write("range.yaml", text))
    assert error.key == "actors.baghdad.positions.us_troops.salience"
    assert "out of range" in error.message and error.line == 11


def test_troop_level_above_the_scale(write):
    text = MINIMAL.replace("position: 3000", "position: 9000")
    error = _error(write("scale.yaml", text))
    assert error.key == "actors.washington.positions.us_troops.position"
    assert "outside the scale of us_troops" in error.message


def test_track_naming_an_unknown_actor(write):
    text = MINIMAL.replace("parties: [baghdad, washington]", "parties: [baghdad, damascus]")
    error = _error(write("dangling.yaml", text))
    assert error.key == "tracks.talks.parties[1]"
    assert "unknown actor 'damascus'" in error.message
    assert error.line == 21


def test_unknown_fact_id(write):
    text = MINIMAL.replace("capability: 1.0", "capability: {value: 1.0, source: [F99]}")
    error = _error(write("fact.yaml", text))
    assert "unknown fact ID 'F99'" in error.message
    assert error.key == "actors.washington.capability.source[0]"


def test_judgement_needs_a_reason(write):
    text = MINIMAL.replace("capability: 1.0", "capability: {value: 1.0, source: judgement}")
    assert "needs a one-line reason" in _error(write("why.yaml", text)).message


def test_extends_cycle(write):
    write("a.yaml", "extends: b.yaml\n" + MINIMAL)
    path = write("b.yaml", "extends: a.yaml\nseed: 3\n")
    error = _error(path)
    assert "cycle" in error.message and error.key == "extends"


def test_missing_file(tmp_path):
    error = _error(tmp_path / "nowhere.yaml")
    assert error.message == "file not found"


def test_missing_parent(write):
    error = _error(write("child.yaml", "extends: parent.yaml\n"))
    assert "does not exist" in error.message and error.line == 1


def test_error_in_parent_names_the_parent_file(write):
    write("parent.yaml", MINIMAL.replace("salience: 0.7", "salience: 2"))
    error = _error(write("child.yaml", "extends: parent.yaml\nseed: 9\n"))
    assert error.file.endswith("parent.yaml")
    assert error.key == "actors.washington.positions.us_troops.salience"


def test_bad_override_is_named_as_such(write):
    error = _error(write("ok.yaml", MINIMAL), ["actors.washington.capability=-1"])
    assert error.file == "--set actors.washington.capability=-1" and error.key is None
    assert str(error) == "--set actors.washington.capability=-1: -1 is out of range (0, inf]"


def test_cli_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, write):
    path = write("bad.yaml", MINIMAL.replace("salience: 0.8", "salience: 140"))
    result = run_cli("run", str(path), cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "bad.yaml:11: actors.baghdad.positions.us_troops.salience" in lines[0]
    assert not (tmp_path / "results").exists()


def test_cli_refuses_to_overwrite_a_foreign_folder(tmp_path):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    result = run_cli("run", str(BASELINE), "--out", str(out), "--no-figures", cwd=tmp_path)
    assert result.returncode == 2 and "pass --force" in result.stderr
    assert (out / "notes.txt").read_text() == "keep me"


def test_validate_reports_each_file(tmp_path, write):
    good = write("good.yaml", MINIMAL)
    bad = write("bad.yaml", MINIMAL.replace("kind: state", "kind: empire"))
    result = run_cli("validate", str(good), str(bad), cwd=tmp_path)
    assert result.returncode == 2
    assert "ok:" in result.stdout
    assert "actors.washington.kind" in result.stderr and "Traceback" not in result.stderr


def test_impossible_date_is_a_clear_error(write):
    error = _error(write("date.yaml", MINIMAL.replace("rounds: [2021-02]", "rounds: [2021-02-30]")))
    assert error.key == "tracks.talks.rounds[0]" and "2021-02-30" in error.message


def test_message_shows_the_bad_value(write):
    error = _error(write("value.yaml", MINIMAL.replace("capability: 1.0", "capability: [1]")))
    assert "expected a number, got [1]" in error.message


def test_typo_is_reported_rather_than_the_missing_key(write):
    text = MINIMAL.replace("capability: 1.0", "capabilty: 1.0")
    assert _error(write("typo.yaml", text)).message.startswith("unknown key 'capabilty'")


def test_unknown_bargaining_option(write):
    text = MINIMAL.replace(
        "protocol: {name: compromise}", "protocol: {name: spatial, options: {voting_rule: Loud}}"
    )
    error = _error(write("opt.yaml", text))
    assert error.key == "tracks.talks.protocol.options" and "Loud" in error.message


def test_condition_on_a_position_the_actor_does_not_hold(write):
    text = MINIMAL + (
        "events:\n  rules:\n    r:\n      label: x\n      probability: 0.5\n"
        "      when: position.washington.oil > 1\n"
        "      effects: [{kind: tension, by: 0.1}]\n"
    )
    error = _error(write("cond.yaml", text))
    assert error.key == "events.rules.r.when"
