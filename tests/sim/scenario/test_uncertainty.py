"""Uncertain parameters of a scenario: validation with file, line and key; the resolved scenario
keeps them; draws are deterministic, per path, and stay inside their support."""

from __future__ import annotations

import numpy as np
import pytest
import yaml

from sim.errors import InputError
from sim.runner import run_scenario
from sim.scenario import load_scenario
from sim.scenario.uncertainty import (
    draw_values,
    sample_scenario,
    sampling_rng,
    uncertain_parameters,
    with_values,
)
from tests.conftest import MINIMAL

CAPABILITY = "capability: {value: 0.5, source: judgement, reason: weak, range: [0.3, 0.7]}"
POSITION = "position: {value: 3000, dist: {name: normal, sd: 4000}}, salience: 0.7"
UNCERTAIN = MINIMAL.replace("capability: 0.5", CAPABILITY).replace(
    "position: 3000, salience: 0.7", POSITION
)


@pytest.fixture
def scenario(write):
    return load_scenario(write("u.yaml", UNCERTAIN))


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        (
            "capability: 0.5",
            "capability: {value: 0.5, range: [0.6, 0.9]}",
            "actors.baghdad.capability",
            "value 0.5 is outside its range [0.6, 0.9]",
        ),
        (
            "salience: 0.8",
            "salience: {value: 0.8, range: [0.5, 1.2]}",
            "actors.baghdad.positions.us_troops.salience",
            "the range [0.5, 1.2] goes outside [0, 1]",
        ),
        (
            "steps: 6",
            "steps: {value: 6, range: [4, 8]}",
            "calendar.steps",
            "a range or dist is allowed only on a real number, not on an integer, date or text",
        ),
        (
            "start: 2021-01",
            "start: {value: 2021-01, range: [2021-01, 2021-03]}",
            "calendar.start",
            "a range or dist is allowed only on a real number",
        ),
        (
            "status_quo: 5200",
            "status_quo: {value: 5000, range: [4000, 6000]}",
            "issues.us_troops.status_quo",
            "the range [4000, 6000] goes outside the scale of us_troops [0, 5200]",
        ),
        (
            "max: 5200",
            "max: {value: 5200, range: [5000, 6000]}",
            "issues.us_troops.max",
            "the ends of a scale cannot have a range or dist",
        ),
        (
            "capability: 1.0",
            "capability: {value: 1.0, dist: {name: normal}}",
            "actors.washington.capability",
            "the normal distribution needs 'sd'",
        ),
    ],
)
def test_bad_uncertainty_names_file_line_and_key(write, old, new, key, message):
    text = MINIMAL.replace(old, new, 1)
    path = write("bad.yaml", text)
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    error = caught.value
    assert (error.key, error.line) == (key, _line(text, new.split(":")[0] + ": {"))
    assert message in error.message
    assert error.file.endswith("bad.yaml")


def test_the_resolved_scenario_keeps_range_and_dist(scenario):
    dumped = scenario.model_dump(mode="json")
    assert dumped["actors"]["baghdad"]["capability"] == {
        "value": 0.5,
        "source": "judgement",
        "reason": "weak",
        "range": [0.3, 0.7],
    }
    position = dumped["actors"]["washington"]["positions"]["us_troops"]["position"]
    assert position == {"value": 3000.0, "dist": {"name": "normal", "mean": 3000.0, "sd": 4000.0}}


def test_parameters_are_found_by_path_with_positions_cut_to_their_scale(scenario):
    found = uncertain_parameters(scenario)
    assert list(found) == [
        "actors.baghdad.capability",
        "actors.washington.positions.us_troops.position",
    ]
    assert found["actors.washington.positions.us_troops.position"].support() == (0.0, 5200.0)
    assert found["actors.baghdad.capability"].support() == (0.3, 0.7)


def test_draws_are_deterministic_and_differ_between_seeds(scenario):
    first = draw_values(scenario, sampling_rng(11))
    assert first == draw_values(scenario, sampling_rng(11))
    assert first != draw_values(scenario, sampling_rng(12))


def test_adding_an_uncertain_parameter_leaves_the_other_draws_alone(write, scenario):
    more = load_scenario(
        write(
            "more.yaml",
            UNCERTAIN.replace("capability: 1.0", "capability: {value: 1.0, range: [0.8, 1.0]}"),
        )
    )
    before = draw_values(scenario, sampling_rng(3))
    after = draw_values(more, sampling_rng(3))
    assert set(after) == {*before, "actors.washington.capability"}
    assert all(after[path] == before[path] for path in before)


def test_draws_cover_their_support_evenly(scenario):
    capability = [
        draw_values(scenario, sampling_rng(seed))["actors.baghdad.capability"]
        for seed in range(400)
    ]
    assert min(capability) >= 0.3 and max(capability) <= 0.7
    # uniform on [0.3, 0.7]: mean 0.5, sd 0.4 / sqrt(12) = 0.115; the mean of 400 draws is within
    # 4 standard errors (0.023) of 0.5, and each quarter of the range gets about 100 draws
    assert abs(np.mean(capability) - 0.5) < 0.023
    counts = np.histogram(capability, bins=4, range=(0.3, 0.7))[0]
    assert all(60 < c < 140 for c in counts)


def test_sampling_sets_the_values_and_keeps_provenance(scenario):
    sampled = sample_scenario(scenario, sampling_rng(5))
    drawn = draw_values(scenario, sampling_rng(5))
    capability = sampled.actors["baghdad"].capability
    assert capability == drawn["actors.baghdad.capability"] != 0.5
    assert (capability.source, capability.reason) == ("judgement", "weak")
    assert capability.uncertainty == scenario.actors["baghdad"].capability.uncertainty
    assert scenario.actors["baghdad"].capability == 0.5  # the input is left as it was
    position = sampled.actors["washington"].positions["us_troops"].position
    assert position == drawn["actors.washington.positions.us_troops.position"]


def test_a_sampled_scenario_runs_with_its_drawn_values(scenario):
    sampled = with_values(scenario, {"actors.baghdad.capability": 0.31})
    result = run_scenario(sampled, seed=1)
    assert result.resolved["actors"]["baghdad"]["capability"]["value"] == 0.31
    reloaded = yaml.safe_dump(result.resolved)
    assert "range:\n      - 0.3\n      - 0.7" in reloaded


def test_set_fixes_an_uncertain_number(write):
    path = write("u.yaml", UNCERTAIN)
    fixed = load_scenario(path, ["actors.baghdad.capability=0.4"])
    assert fixed.actors["baghdad"].capability.uncertainty is None
    assert list(uncertain_parameters(fixed)) == ["actors.washington.positions.us_troops.position"]
    with pytest.raises(KeyError, match="not an uncertain parameter"):
        with_values(fixed, {"actors.baghdad.capability": 0.5})
