"""Every effect kind changes the world as documented, in the issue's units where it has them."""

import pytest
from pydantic import TypeAdapter

from sim.phases.events import apply_effect, condition_value
from sim.scenario.schema import Effect
from tests.worlds import draws, small_world

EFFECT = TypeAdapter(Effect)


@pytest.fixture
def world(tmp_path):
    return small_world(tmp_path)


def apply(world, cause="test", step_draws=None, **fields):
    apply_effect(world, EFFECT.validate_python(fields), cause, step_draws or draws(world))


def test_positions_and_status_quo_take_issue_units(world):
    apply(world, kind="position", actor="washington", issue="troops", to=250)
    apply(world, kind="position", actor="baghdad", issue="troops", by=-100)
    apply(world, kind="status_quo", issue="ties", by=15)
    assert world.actors["washington"].positions["troops"] == 0.25
    assert world.actors["baghdad"].positions["troops"] == pytest.approx(0.4)
    assert world.status_quo["ties"] == pytest.approx(0.35)


def test_shares_are_set_or_shifted_and_clipped(world):
    apply(world, kind="salience", actor="tehran", issue="ties", by=0.5)
    apply(world, kind="trust", actor="tehran", toward="riyadh", by=-0.5)
    apply(world, kind="grievance", actor="kh", to=0.1)
    apply(world, kind="tension", by=0.3)
    apply(world, kind="capability", actor="riyadh", to=2.5)
    assert world.actors["tehran"].saliences["ties"] == 1.0
    assert world.actors["tehran"].trust["riyadh"] == 0.0
    assert world.actors["kh"].grievance == 0.1
    assert world.tension == pytest.approx(0.7)
    assert world.actors["riyadh"].capability == 2.5


def test_home_front_effects(world):
    apply(world, kind="domestic", actor="baghdad", variable="income", to=2.0)
    apply(world, kind="seats", actor="baghdad", bloc="anti", by=-15)
    apply(world, kind="election", actor="baghdad")
    baghdad = world.actors["baghdad"]
    assert baghdad.fiscal_stress == 0.0
    assert baghdad.seats["anti"] == 25
    assert baghdad.caretaker and baghdad.caretaker_since == 1


def test_behaviour_shocks_change_one_coefficient(world):
    apply(world, kind="behaviour", actor="kh", key="attack_propensity", by=0.25)
    assert world.actors["kh"].behaviour.attack_propensity == 0.75


def test_an_order_binds_the_issue_and_becomes_the_actors_position(world):
    apply(world, kind="unilateral", actor="washington", issue="troops", to=200, months=2)
    order = world.ledger.orders["troops"]
    assert (order.by, order.milestones) == ("washington", ((2, pytest.approx(0.2)),))
    assert world.actors["washington"].positions["troops"] == pytest.approx(0.2)
    apply(world, kind="rescind", actor="washington", issue="troops")
    assert "troops" not in world.ledger.orders and "troops" not in world.ledger.active


def test_forced_attacks_and_strikes_have_their_usual_consequences(world):
    apply(world, kind="attack", actor="kh", count=2)
    assert world.counts.step["attacks"] == 2
    apply(world, kind="strike", actor="washington", target="kh")
    kh = world.actors["kh"]  # costs and revenge as any strike: 0.5, 0.3, 0.7 + 0.2
    assert (kh.strength, kh.deterrence, kh.grievance) == pytest.approx((0.5, 0.3, 0.9))
    strike = next(e for e in world.log.records if e["type"] == "strike")
    assert strike["forced"] is True


def test_tracks_are_suspended_spoiled_and_resumed(world):
    talks = world.tracks["talks"]
    apply(world, kind="suspend", track="talks", months=2)
    assert talks.suspended_until == 3 and not talks.is_due(3) and talks.is_due(5)
    apply(world, kind="spoil", track="talks", months=1, trust_loss=0.2)
    assert world.actors["tehran"].trust_in("riyadh") == pytest.approx(0.1)
    apply(world, kind="resume", track="talks")
    assert talks.suspended_until == 0 and talks.is_due(1)


def test_every_effect_is_logged_with_its_cause(world):
    apply(world, cause="budget", kind="tension", to=0.2)
    assert world.log.records[-1] == {
        "step": 1,
        "date": "2021-01",
        "type": "effect",
        "cause": "budget",
        "to": 0.2,
        "kind": "tension",
    }


def test_an_effect_on_state_the_actors_kind_lacks_changes_nothing_but_is_logged(world):
    washington = world.actors["washington"]  # a state: no grievance, no home front
    apply(world, cause="odd", kind="grievance", actor="washington", to=0.9)
    apply(world, cause="odd", kind="election", actor="washington")
    assert not hasattr(washington, "grievance") and not hasattr(washington, "caretaker")
    logged = [r for r in world.log.records if r["type"] == "effect" and r["cause"] == "odd"]
    assert [r["kind"] for r in logged] == ["grievance", "election"]


def test_conditions_read_a_factions_grievance_and_zero_for_other_kinds(world):
    world.actors["kh"].grievance = 0.35
    assert condition_value(world, "grievance.kh") == 0.35
    assert condition_value(world, "grievance.washington") == 0.0


def test_a_mobilisation_multiplies_the_factions_intensity_for_its_months(world):
    kh, dyn = world.actors["kh"], world.dynamics
    apply(world, kind="mobilisation", actors=["kh"], factor=4.0, months=2)
    assert (kh.mobilisation, kh.mobilised_until) == (4.0, 2)  # steps 1 and 2
    assert kh.attack_rate(0.4, 0.0, dyn) == pytest.approx(4 * 4.9)  # 4.9 unmobilised
    kh.demobilise(3)
    assert kh.attack_rate(0.4, 0.0, dyn) == pytest.approx(4.9)


INJECT = """
events:
  injects:
    call:
      date: 2021-03
      label: a call to arms
      source: judgement
      reason: test
      effects:
        - {kind: mobilisation, actors: [kh], factor: 3, months: 2}
"""


@pytest.mark.parametrize(
    ("change", "bad", "key", "says"),
    [  # the schema's own range words are pydantic's: only our own messages are asserted
        ("factor: 3", "factor: 0", "factor", None),
        ("factor: 3", "factor: 25", "factor", None),
        ("months: 2", "months: 0", "months", None),
        ("actors: [kh]", "actors: []", "actors", None),
        ("actors: [kh]", "actors: [kh, washington]", "actors[1]", "'washington' is not a faction"),
        ("actors: [kh]", "actors: [kh, damascus]", "actors[1]", "unknown actor 'damascus'"),
    ],
)
def test_a_bad_mobilisation_is_refused_with_its_file_line_and_key(tmp_path, change, bad, key, says):
    from sim.errors import InputError
    from sim.scenario.load import load_scenario
    from tests.worlds import SMALL

    path = tmp_path / "bad.yaml"
    path.write_text(SMALL + INJECT.replace(change, bad), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    error = caught.value
    assert error.file.endswith("bad.yaml") and error.line is not None
    assert error.key == f"events.injects.call.effects[0].{key}"
    assert says is None or says in error.message
