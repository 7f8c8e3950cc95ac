"""``extends`` merges deeply with the child winning and lists replaced; ``--set`` overrides."""

from __future__ import annotations

from sim.scenario import load_scenario, load_scenario_data
from tests.conftest import MINIMAL


def test_child_wins_and_lists_are_replaced(write):
    write("base.yaml", MINIMAL)
    child = write(
        "child.yaml",
        "extends: base.yaml\n"
        "actors:\n  washington:\n    capability: 0.9\n"
        "tracks:\n  talks:\n    rounds: [2021-03, 2021-05]\n",
    )
    scenario = load_scenario(child)
    assert scenario.actors["washington"].capability == 0.9
    assert scenario.actors["washington"].positions["us_troops"].position == 3000  # merged
    assert [str(m) for m in scenario.tracks["talks"].rounds] == ["2021-03", "2021-05"]


def test_set_reads_yaml_values_and_marks_sourced_numbers(write):
    path = write(
        "s.yaml", MINIMAL.replace("capability: 1.0", "capability: {value: 1.0, source: [F09]}")
    )
    raw, origins = load_scenario_data(path, ["actors.washington.capability=0.7", "seed=11"])
    assert raw["actors"]["washington"]["capability"] == {"value": 0.7, "source": "override"}
    assert raw["seed"] == 11
    assert origins[("seed",)].file.startswith("--set seed=")
    scenario = load_scenario(path, ["actors.washington.capability=0.7"])
    assert scenario.actors["washington"].capability.source == "override"


def test_resolved_scenario_keeps_provenance(write):
    path = write(
        "s.yaml", MINIMAL.replace("capability: 1.0", "capability: {value: 1.0, source: [F09]}")
    )
    dumped = load_scenario(path).model_dump(mode="json")
    assert dumped["actors"]["washington"]["capability"] == {"value": 1.0, "source": ["F09"]}
    assert dumped["actors"]["baghdad"]["capability"] == 0.5
