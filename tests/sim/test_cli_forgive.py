"""Commands that forgive: ids wherever a file goes, a suggestion for a typo, validate knows
every kind of file, and the run folder records the scenario's real id."""

from __future__ import annotations

import json

import pytest

from sim.cli import main, mistyped_command
from sim.errors import InputError
from sim.file_kinds import kind_of_data
from sim.paths import SCENARIOS
from sim.scenario_ids import resolve, scenario_id


def test_an_id_resolves_to_its_file_and_back():
    path = resolve("us_withdrawal-trump_three_year")
    assert path == SCENARIOS / "us_withdrawal" / "trump_three_year.yaml"
    assert scenario_id(path) == "us_withdrawal-trump_three_year"
    assert resolve("us_withdrawal/trump_three_year.yaml") == path  # relative to scenarios/


def test_a_mistyped_id_gets_the_closest_id():
    with pytest.raises(InputError, match="did you mean 'baseline_2020'"):
        resolve("baselin_2020")


def test_a_mistyped_command_gets_usage_and_a_suggestion(capsys):
    assert mistyped_command("runn") == "run"
    assert mistyped_command("baseline_2020") is None  # an id runs the default command
    with pytest.raises(SystemExit) as stop:
        main(["validat", "baseline_2020"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert (
        err == "error: unknown command 'validat' (did you mean 'validate'?) (see run.py --help)\n"
    )


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        ({"base": "x.yaml", "parameters": {}}, "sweep"),
        ({"scenario": "x.yaml", "targets": {}, "parameters": {}}, "calibration"),
        ({"scenario": "x.yaml", "seats": {}}, "exercise"),
        ({"documents": {}, "facts": {}}, "facts"),
        ({"kind": "sweep", "base": "x.yaml"}, "sweep"),
        ({"meta": {}, "actors": {}}, "scenario"),
    ],
)
def test_the_kind_of_a_file_shows_in_its_top_level_keys(data, kind):
    assert kind_of_data(data) == kind


def test_validate_checks_sweeps_and_skips_the_fact_catalogue(capsys):
    code = main(
        ["validate", "baseline_2020", "sweeps-withdrawal_resolve", "scenarios/sources.yaml"]
    )
    out = [line for line in capsys.readouterr().out.splitlines() if not line.startswith("  ")]
    assert code == 0
    assert out == [
        "ok: baseline_2020: Baseline 2020-2022 (Kadhimi government)",
        "ok: sweeps-withdrawal_resolve: sweep: US strike resolve against Kataib Hezbollah's "
        "attack propensity (baseline 2020-2022) (16 points, 80 runs)",
        "skipped: scenarios/sources.yaml: the fact catalogue",
    ]


def test_a_run_records_the_real_scenario_id(tmp_path, capsys):
    out = tmp_path / "run"
    code = main(
        ["run", "us_withdrawal-biden_transition", "--steps", "2", "--no-figures", "--out", str(out)]
    )
    assert code == 0
    assert json.loads((out / "outcomes.json").read_text())["scenario"] == (
        "us_withdrawal-biden_transition"
    )
    first = (out / "scenario.yaml").read_text().splitlines()[0]
    assert first == "# the resolved scenario us_withdrawal-biden_transition, as run with seed 2020"


def test_a_run_from_python_is_named_after_its_file_not_scenario():
    from sim.runner import run_scenario
    from sim.scenario import load_scenario

    scenario = load_scenario(SCENARIOS / "regional_mediation" / "iran_us_baghdad.yaml")
    assert run_scenario(scenario, steps=1).scenario_id == "regional_mediation-iran_us_baghdad"
