"""Each bargaining model declares its own options; a scenario's options are checked against the
model the track names, and the parsed options reach that model's solver."""

from __future__ import annotations

import numpy as np
import pytest

from sim.bargaining import (
    ExpectedUtilityOptions,
    NoOptions,
    OptionError,
    SMPOptions,
    options_for,
    solve,
)
from sim.errors import InputError
from sim.negotiation import make_protocol
from sim.negotiation.table import Table
from sim.scenario import load_scenario
from tests.conftest import MINIMAL


def test_expected_utility_takes_q_and_t():
    options = options_for("expected_utility", {"q": 0.5, "t": 0.25, "max_turns": 7})
    assert options == ExpectedUtilityOptions(q=0.5, t=0.25, max_turns=7)


def test_smp_still_takes_its_named_settings():
    options = options_for("smp", {"voting_rule": "Cubic", "min_turns": 3})
    assert isinstance(options, SMPOptions)
    assert options.voting_rule.value == "Cubic" and options.min_turns == 3


def test_no_options_given_means_the_model_defaults():
    assert options_for("expected_utility", {}) is None


@pytest.mark.parametrize(
    ("model", "settings", "key", "words"),
    [
        ("expected_utility", {"q": 1.5}, "q", "q must be from 0 to 1, not 1.5"),
        ("expected_utility", {"q": "high"}, "q", "q must be a number"),
        ("expected_utility", {"q": True}, "q", "q must be a number"),
        ("expected_utility", {"voting_rule": "Cubic"}, "voting_rule", "expected_utility option"),
        ("smp", {"q": 0.5}, "q", "unknown SMP option(s): q"),
        ("smp", {"min_turns": 2.5}, "min_turns", "whole number"),
        ("smp", {"min_turns": 0}, "min_turns", "at least 1"),
        ("compromise", {"q": 0.5}, "q", "it takes: none"),
        ("weighted_median", {"x": 1}, "x", "unknown weighted_median option(s): x"),
    ],
)
def test_each_model_refuses_what_it_does_not_declare(model, settings, key, words):
    with pytest.raises(OptionError) as caught:
        options_for(model, settings)
    assert caught.value.key == key
    assert words in str(caught.value)


def test_the_baselines_declare_no_options():
    assert NoOptions.SETTINGS == ()
    assert options_for("compromise", {}) is None


def _eu_scenario(options: str) -> str:
    return MINIMAL.replace(
        "protocol: {name: compromise}",
        f"protocol: {{name: spatial, model: expected_utility, options: {options}}}",
    )


def test_a_scenario_sets_expected_utility_q_and_it_reaches_the_solver(write):
    scenario = load_scenario(write("eu.yaml", _eu_scenario("{q: 0.5}")))
    spec = scenario.tracks["talks"].protocol
    protocol = make_protocol(spec)
    assert protocol.options == ExpectedUtilityOptions(q=0.5)
    # Three actors on one issue: with q = 1 the status quo always holds absent a challenge; with
    # q = 0.5 the challenges are valued differently, so the proposed deal moves.
    table = Table(
        ["a", "b", "c"],
        ["x"],
        np.array([1.0, 0.6, 0.4]),
        np.array([[0.1], [0.5], [0.9]]),
        np.array([[0.9], [0.6], [0.8]]),
    )
    deal = protocol.propose(table, np.random.default_rng(0)).deal["x"]
    expected = solve(
        "expected_utility",
        table.capabilities,
        table.positions,
        table.saliences,
        options=ExpectedUtilityOptions(q=0.5),
    )
    weights = np.asarray(expected.probabilities[-1])
    final = np.asarray(expected.positions[-1])[:, 0]
    assert deal == pytest.approx(float((weights / weights.sum()) @ final))
    default = make_protocol(spec.model_copy(update={"options": {}}))
    assert default.options is None
    assert default.propose(table, np.random.default_rng(0)).deal["x"] != pytest.approx(deal)


def test_a_bad_q_is_refused_with_file_line_and_key(write):
    with pytest.raises(InputError) as caught:
        load_scenario(write("eu.yaml", _eu_scenario("{q: 2}")))
    error = caught.value
    assert error.file.endswith("eu.yaml")
    assert error.line == 22
    assert error.key == "tracks.talks.protocol.options.q"
    assert "q must be from 0 to 1, not 2" in error.message


def test_smp_options_are_not_asked_of_expected_utility(write):
    scenario = load_scenario(write("eu.yaml", _eu_scenario("{q: 0.5, t: 0.75}")))
    assert scenario.tracks["talks"].protocol.options == {"q": 0.5, "t": 0.75}
