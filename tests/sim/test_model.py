"""A run restarted from its own ``state.json`` continues as if it had never stopped."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.results import RunResult
from sim.runner import run_scenario
from sim.scenario import load_scenario
from sim.scenario.schema import InitialState, Scenario
from tests.conftest import BASELINE, SCENARIOS

RESTARTED = {
    "baseline": BASELINE,  # dated rounds, an order-propensity inject, a government at home
    "escalation": SCENARIOS / "us_withdrawal" / "fast_exit_after_escalation.yaml",  # a rule
    "offers": SCENARIOS / "regional_mediation" / "iran_saudi_offers.yaml",  # alternating offers
}


@lru_cache(maxsize=16)
def _scenario(name: str) -> Scenario:
    return load_scenario(RESTARTED[name])


@lru_cache(maxsize=16)
def _uninterrupted(name: str, seed: int) -> RunResult:
    return run_scenario(_scenario(name), seed=seed)


def _restarted(name: str, seed: int, stop: int, folder: Path) -> RunResult:
    """Run ``stop`` steps, write the state, and run the rest from that file (same seed)."""
    scenario = _scenario(name)
    first = run_scenario(scenario, seed=seed, steps=stop)
    path = folder / f"{name}-{seed}-{stop}.json"
    path.write_text(json.dumps(first.state, indent=1) + "\n", encoding="utf-8")
    calendar = scenario.calendar
    rest = calendar.model_copy(
        update={
            "start": calendar.start.plus(stop * calendar.step_months),
            "steps": calendar.steps - stop,
        }
    )
    update = {"calendar": rest, "initial_state": InitialState(file=str(path))}
    return run_scenario(scenario.model_copy(update=update), seed=seed)


def _shifted(record: Any, steps: int) -> Any:
    """A record with every ``step`` number moved on by ``steps`` (the restart counts from 1)."""
    if isinstance(record, dict):
        return {
            k: v + steps if k == "step" and isinstance(v, int) else _shifted(v, steps)
            for k, v in record.items()
        }
    if isinstance(record, list):
        return [_shifted(v, steps) for v in record]
    return record


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(sorted(RESTARTED)),
    seed=st.integers(min_value=1, max_value=40),
    share=st.floats(min_value=0.0, max_value=1.0),
)
def test_a_run_restarted_from_its_state_continues_byte_identically(tmp_path, name, seed, share):
    whole = _uninterrupted(name, seed)
    steps = _scenario(name).calendar.steps
    stop = 1 + round(share * (steps - 2))  # any month but the last
    again = _restarted(name, seed, stop, tmp_path)

    assert [[r[0] + stop, *r[1:]] for r in again.rows[1:]] == whole.rows[stop + 1 :]
    assert again.events[0]["type"] == "initial_state"
    later = [e for e in whole.events if e["step"] > stop]
    assert [_shifted(e, stop) for e in again.events[1:]] == later
    assert json.dumps(again.state) == json.dumps(whole.state)


def test_another_seed_draws_a_fresh_stream_from_the_same_state(tmp_path):
    seed, stop = 4, 12
    whole = _uninterrupted("baseline", seed)
    first = run_scenario(_scenario("baseline"), seed=seed, steps=stop)
    state = dict(first.state, seed=seed + 1)  # as if written by another run
    path = tmp_path / "state.json"
    path.write_text(json.dumps(state), encoding="utf-8")
    calendar = _scenario("baseline").calendar
    rest = calendar.model_copy(
        update={"start": calendar.start.plus(stop), "steps": calendar.steps - stop}
    )
    update = {"calendar": rest, "initial_state": InitialState(file=str(path))}
    again = run_scenario(_scenario("baseline").model_copy(update=update), seed=seed)
    assert again.state["rng"] != whole.state["rng"]
