"""Each class of bad input gives one line naming file, line and key, exit status 2, no output."""

from __future__ import annotations

import pytest

from sim.errors import InputError
from sim.scenario import load_scenario
from tests.conftest import BASELINE, MINIMAL


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


def test_an_order_ideal_off_the_scale_or_without_its_order_issue(write):
    may_order = "actors.washington.behaviour.order_issues.us_troops=decrease"
    too_far = "actors.washington.behaviour.order_ideals.us_troops=9000"
    error = _error(write("ideal.yaml", MINIMAL), [may_order, too_far])
    assert error.file == f"--set {too_far}"  # a --set error blames the --set
    assert "outside the scale of us_troops" in error.message
    alone = "actors.washington.behaviour.order_ideals.us_troops=0"
    error = _error(write("alone.yaml", MINIMAL), [alone])
    assert error.file == f"--set {alone}"
    assert "needs its issue in order_issues" in error.message


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


def test_cli_bad_input_exits_2_with_one_line_and_writes_nothing(cli, tmp_path, write):
    path = write("bad.yaml", MINIMAL.replace("salience: 0.8", "salience: 140"))
    result = cli("run", str(path), cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "bad.yaml:11: actors.baghdad.positions.us_troops.salience" in lines[0]
    assert not (tmp_path / "results").exists()


def test_cli_refuses_to_overwrite_a_foreign_folder(cli, tmp_path):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    result = cli("run", str(BASELINE), "--out", str(out), "--no-figures", cwd=tmp_path)
    assert result.returncode == 2 and "pass --force" in result.stderr
    assert (out / "notes.txt").read_text() == "keep me"


def test_validate_reports_each_file(cli, tmp_path, write):
    good = write("good.yaml", MINIMAL)
    bad = write("bad.yaml", MINIMAL.replace("kind: state", "kind: empire"))
    result = cli("validate", str(good), str(bad), cwd=tmp_path)
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
    assert error.key == "tracks.talks.protocol.options.voting_rule" and "Loud" in error.message


def test_condition_on_a_position_the_actor_does_not_hold(write):
    text = MINIMAL + (
        "events:\n  rules:\n    r:\n      label: x\n      probability: 0.5\n"
        "      when: position.washington.oil > 1\n"
        "      effects: [{kind: tension, by: 0.1}]\n"
    )
    error = _error(write("cond.yaml", text))
    assert error.key == "events.rules.r.when"


# --- issue 10: reading any file, within limits ------------------------------------------------


def _bytes_error(write_bytes, data: bytes) -> InputError:
    return _error(write_bytes("bad.yaml", data))


@pytest.fixture
def write_bytes(tmp_path):
    def _write(name: str, data: bytes):
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return _write


def test_a_nul_byte_names_its_line(write_bytes):
    error = _bytes_error(write_bytes, MINIMAL.replace("seed: 7", "seed: 7\x00").encode())
    assert error.line == 3 and "NUL byte at column 8" in error.message


def test_a_control_character_names_its_line(write_bytes):
    error = _bytes_error(write_bytes, MINIMAL.replace("Minimal", "Mini\x1bmal").encode())
    assert error.line == 1 and "control character U+001B at column 19" in error.message


def test_latin1_names_the_line_and_says_to_save_as_utf8(write_bytes):
    error = _bytes_error(write_bytes, MINIMAL.replace("Baghdad", "Bagd\u00e9d").encode("latin-1"))
    assert error.line == 8 and "byte 0xe9 at column 15 is not UTF-8" in error.message
    assert "save it as UTF-8" in error.message


def test_utf16_is_named_as_such(write_bytes):
    error = _bytes_error(write_bytes, MINIMAL.encode("utf-16"))
    assert error.line == 1 and "UTF-16" in error.message


def test_a_binary_file_is_refused_at_its_first_nul(write_bytes):
    error = _bytes_error(write_bytes, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert error.line == 3 and "not a text file" in error.message


def test_a_file_past_the_size_limit(write_bytes):
    from sim.scenario.yaml_source import MAX_FILE_BYTES

    error = _bytes_error(write_bytes, b"# pad\n" * (MAX_FILE_BYTES // 6 + 1))
    assert f"larger than the limit of {MAX_FILE_BYTES:,} bytes" in error.message


def test_deep_nesting_is_refused_at_its_line(write):
    error = _error(write("deep.yaml", "seed: 1\nx: " + "[" * 40 + "]" * 40 + "\n"))
    assert error.line == 2 and "nests deeper than 32 levels" in error.message


def test_deep_block_nesting_is_refused_at_its_line(write):
    text = "seed: 1\n" + "".join(f"{'  ' * level}k{level}:\n" for level in range(40)) + "  " * 40
    error = _error(write("deep.yaml", text + "1\n"))
    assert error.line == 34 and "nests deeper than 32 levels" in error.message


def test_nesting_past_the_parser_s_own_limit_is_refused_at_its_line(write):
    # Thousands of levels may be refused by the YAML library before our own check runs; the
    # contract is ours all the same: an InputError naming the file and the line, no traceback.
    error = _error(write("deep.yaml", "seed: 1\nx: " + "[" * 5000 + "]" * 5000 + "\n"))
    assert error.file.endswith("deep.yaml") and error.line == 2


def test_a_list_as_a_mapping_key(write):
    error = _error(write("key.yaml", MINIMAL + "? [1, 2]\n: 3\n"))
    assert error.line == 24 and "a key must be a name or a number" in error.message


def test_an_integer_of_thousands_of_digits(write):
    error = _error(write("digits.yaml", MINIMAL.replace("seed: 7", "seed: " + "7" * 5000)))
    assert error.line == 3 and "cannot read the number" in error.message


def _bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ",".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_reached_through_extends_fails_fast(write):
    write("bomb.yaml", _bomb())
    error = _error(write("child.yaml", "extends: bomb.yaml\n"))
    assert error.file.endswith("bomb.yaml") and error.line == 6
    assert "more than 100,000 values once aliases are expanded" in error.message


def test_modest_aliases_are_still_allowed(write):
    text = MINIMAL.replace("capability: 0.5", "capability: &c 0.5").replace(
        "capability: 1.0", "capability: *c"
    )
    assert load_scenario(write("alias.yaml", text)).actors["washington"].capability == 0.5


def test_extends_naming_a_folder_names_the_file_and_line(write, tmp_path):
    (tmp_path / "parts").mkdir()
    error = _error(write("child.yaml", "seed: 1\nextends: parts\n"))
    assert error.file.endswith("child.yaml") and error.line == 2 and error.key == "extends"
    assert error.message.startswith("names a folder, not a scenario file: ")
    assert error.message.endswith("parts")


def test_extends_list_entries_name_their_own_line(write):
    write("ok.yaml", MINIMAL)
    error = _error(write("child.yaml", "extends:\n  - ok.yaml\n  - missing.yaml\n"))
    assert error.line == 3 and "does not exist" in error.message


def test_an_extends_chain_past_the_limit(write):
    from sim.scenario.compose import MAX_EXTENDS_DEPTH

    write("p0.yaml", MINIMAL)
    for level in range(1, MAX_EXTENDS_DEPTH + 1):
        write(f"p{level}.yaml", f"extends: p{level - 1}.yaml\n")
    error = _error(write("top.yaml", f"extends: p{MAX_EXTENDS_DEPTH}.yaml\n"))
    assert f"deeper than {MAX_EXTENDS_DEPTH} files" in error.message and error.line == 1


def test_an_extends_fan_out_past_the_file_limit(write):
    from sim.scenario.compose import MAX_FILES

    write("leaf.yaml", MINIMAL)
    write("mid.yaml", "extends: [" + ", ".join(["leaf.yaml"] * 10) + "]\n")
    error = _error(write("top.yaml", "extends: [" + ", ".join(["mid.yaml"] * 10) + "]\n"))
    assert f"more than {MAX_FILES} files" in error.message


# --- issue 10: numbers are finite, integers are integers ---------------------------------------

_RULE = (
    "events:\n  rules:\n    r:\n      label: x\n      probability: {p}\n"
    "      effects: [{{kind: tension, by: {by}}}]\n"
)


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("salience: 0.8", "salience: .nan", "actors.baghdad.positions.us_troops.salience"),
        ("capability: 1.0", "capability: .inf", "actors.washington.capability"),
        ("capability: 1.0", "capability: 1e400", "actors.washington.capability"),
        ("position: 3000", "position: -.inf", "actors.washington.positions.us_troops.position"),
        (
            "capability: 0.5",
            "capability: 0.5\n    trust: {washington: .nan}",
            "actors.baghdad.trust.washington",
        ),
        ("seed: 7", "seed: 7\n" + _RULE.format(p=".nan", by=0.1), "events.rules.r.probability"),
        ("seed: 7", "seed: 7\n" + _RULE.format(p=0.5, by=".inf"), "events.rules.r.effects[0].by"),
    ],
)
def test_nan_and_infinities_are_refused(write, old, new, key):
    error = _error(write("nan.yaml", MINIMAL.replace(old, new)))
    assert error.key == key
    assert "finite number" in error.message


@pytest.mark.parametrize("value", ['"6"', "true", "6.0", "1e1"])
def test_integer_fields_take_integers_only(write, value):
    error = _error(write("int.yaml", MINIMAL.replace("steps: 6", f"steps: {value}")))
    assert error.key == "calendar.steps" and error.line == 2
    assert "whole number" in error.message


@pytest.mark.parametrize(("text", "number"), [("1e308", 1e308), ("2e-1", 0.2), (".5e1", 5.0)])
def test_every_yaml_float_spelling_is_a_number(write, text, number):
    path = write("ok.yaml", MINIMAL)
    scenario = load_scenario(path, [f"actors.washington.capability={text}"])
    assert scenario.actors["washington"].capability == number
    text_in_file = MINIMAL.replace("capability: 1.0", f"capability: {text}")
    assert load_scenario(write("f.yaml", text_in_file)).actors["washington"].capability == number


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "1e400"])
def test_set_refuses_non_finite_numbers(write, value):
    error = _error(write("ok.yaml", MINIMAL), [f"actors.washington.capability={value}"])
    assert str(error) == (
        f"--set actors.washington.capability={value}: expected a finite number, got '{value}'"
    )


def test_set_of_an_unknown_actor_blames_the_set(write):
    error = _error(write("ok.yaml", MINIMAL), ["actors.nobody.capability=0.5"])
    assert error.file == "--set actors.nobody.capability=0.5" and error.line is None
    assert error.key == "actors.nobody.name"
    assert "the scenario has no 'actors.nobody'" in error.message


def test_set_date_that_does_not_exist(write):
    error = _error(write("ok.yaml", MINIMAL), ["calendar.start=2021-02-30"])
    assert error.file == "--set calendar.start=2021-02-30" and "2021-02-30" in error.message


def test_scale_errors_point_at_the_changed_key(write):
    path = write("ok.yaml", MINIMAL)
    error = _error(path, ["issues.us_troops.max=4000"])
    assert (
        str(error)
        == "--set issues.us_troops.max=4000: status_quo 5200 is above the scale [0, 4000]"
    )
    error = _error(write("sq.yaml", MINIMAL.replace("status_quo: 5200", "status_quo: 6000")))
    assert error.key == "issues.us_troops.status_quo" and error.line == 5
    write("parent.yaml", MINIMAL)
    child = write("child.yaml", "extends: parent.yaml\nissues:\n  us_troops:\n    max: 100\n")
    error = _error(child)
    assert error.file.endswith("child.yaml") and error.line == 4
    assert error.key == "issues.us_troops.max"


def test_too_many_actors(write):
    from sim.scenario.schema import MAX_ACTORS

    extra = "".join(f"  a{i}: {{name: A, kind: state, capability: 1}}\n" for i in range(MAX_ACTORS))
    text = MINIMAL.replace("actors:\n", "actors:\n" + extra)
    error = _error(write("many.yaml", text))
    assert error.key == "actors" and error.line == 6
    assert f"has {MAX_ACTORS + 2} entries, more than the limit of {MAX_ACTORS}" in error.message


# --- issue 10: the command line -----------------------------------------------------------------


def test_run_checks_its_arguments_before_loading_the_model(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    script = (
        "import sys; from sim.cli import main; code = main(['run', '--seed', '-1']); "
        "print(code, 'sim.model' in sys.modules, 'pydantic' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.split() == ["2", "False", "False"]
    assert done.stderr == "error: --seed: must be between 0 and 2**63 - 1, got -1\n"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["run", "--seed", "x"], "error: --seed: invalid int value: 'x'"),
        (["run", "--bogus"], "error: unrecognized arguments: --bogus"),
        (["sweep"], "error: the following arguments are required: file"),
    ],
)
def test_argument_errors_are_one_line(cli, tmp_path, args, words):
    result = cli(*args, cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.startswith(words)
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_issue_scale_past_the_limit(write):
    error = _error(write("ok.yaml", MINIMAL), ["issues.us_troops.min=-1e308"])
    assert str(error) == "--set issues.us_troops.min=-1e308: -1e+308 is past the limit of ±1e+15"


def test_a_condition_number_too_large_for_a_float(write):
    text = MINIMAL + (
        "events:\n  rules:\n    r:\n      label: x\n      probability: 0.5\n"
        f"      when: tension > {'9' * 400}\n"
        "      effects: [{kind: tension, by: 0.1}]\n"
    )
    error = _error(write("cond.yaml", text))
    assert error.key == "events.rules.r.when" and "too large" in error.message


def test_a_set_initial_state_file_is_relative_to_the_working_folder(write, tmp_path, monkeypatch):
    path = write("ok.yaml", MINIMAL)
    monkeypatch.chdir(tmp_path)
    error = _error(path, ["initial_state.file=sub/nowhere.json"])
    assert error.file == "--set initial_state.file=sub/nowhere.json"
    assert error.message == f"no such file: {tmp_path / 'sub' / 'nowhere.json'}"


def test_a_state_file_of_deeply_nested_brackets(write, tmp_path):
    (tmp_path / "state.json").write_text("[" * 100_000 + "]" * 100_000)
    text = MINIMAL + "initial_state: {file: state.json}\n"
    error = _error(write("start.yaml", text))
    assert error.key == "initial_state.file" and "not a state file a run wrote" in error.message
