"""Invariants under random seeds and parameters: scales hold, counts and probabilities are sane."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agents import Choice, Decision, HeuristicPolicy
from sim.runner import run_scenario
from sim.scenario import load_scenario
from tests.conftest import BASELINE

BASE = load_scenario(BASELINE)


class Recording(HeuristicPolicy):
    """The built-in policy, remembering every probability it was offered."""

    def __init__(self, seen: list[float]) -> None:
        self.seen = seen

    def decide(self, decision: Decision) -> Choice:
        if "probability" in decision.context:
            self.seen.append(decision.context["probability"])
        return super().decide(decision)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32),
    attack=st.floats(0, 1),
    resolve=st.floats(0, 1),
    concession=st.floats(0, 1),
    capability=st.floats(0.01, 1),
    spatial=st.booleans(),
)
def test_state_stays_in_bounds(seed, attack, resolve, concession, capability, spatial):
    from sim.scenario.load import load_scenario as load

    scenario = load(
        BASELINE,
        [
            f"actors.kataib_hezbollah.behaviour.attack_propensity={attack:.6f}",
            f"actors.washington.behaviour.strike_resolve={resolve:.6f}",
            f"actors.baghdad.behaviour.concession={concession:.6f}",
            f"actors.baghdad.capability={capability:.6f}",
            "tracks.strategic_dialogue.protocol={name: spatial}" if spatial else "seed=1",
        ],
    )
    seen: list[float] = []
    policies = {actor: Recording(seen) for actor in scenario.actors}
    result = run_scenario(scenario, seed=seed, policies=policies)
    for issue, spec in scenario.issues.items():
        for column in result.columns:
            if column.endswith(f":{issue}") and column.startswith(("status_quo:", "position:")):
                values = result.series(column)
                assert all(spec.min - 1e-9 <= v <= spec.max + 1e-9 for v in values), column
    assert min(result.series("status_quo:us_troops")) >= 0
    for column in ("tension", "stability", "fiscal_stress", "power_shortfall", "faction_pressure"):
        assert all(0.0 <= v <= 1.0 for v in result.series(column)), column
    for column in result.columns:
        if column.startswith("grievance:"):
            assert all(0.0 <= v <= 1.0 for v in result.series(column))
    for name in ("attacks", "strikes", "arrests", "protests", "spoils"):
        assert all(v >= 0 for v in result.series(name))
    assert seen and all(0.0 <= p <= 1.0 for p in seen)
    for row in result.outcomes["trust"].values():
        assert all(0.0 <= t <= 1.0 for t in row.values())
