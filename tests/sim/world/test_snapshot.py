"""A world's state as data and back; scenarios that start from another's state."""

import json

import mesa
import pytest

from agents import AGENT_CLASSES
from sim.calendar import parse_month
from sim.errors import InputError
from sim.model import CrossroadsModel
from sim.phases.events import condition_value
from sim.runner import run_scenario
from sim.scenario import load_scenario
from sim.world import Clock
from sim.world.counts import COUNTS
from sim.world.snapshot import restore, snapshot
from tests.conftest import BASELINE
from tests.worlds import small_world


def test_restore_reproduces_the_snapshot():
    scenario = load_scenario(BASELINE)
    model = CrossroadsModel(scenario, seed=3)
    for _ in range(14):
        model.step()
    state = snapshot(model.world)
    assert state["date"] == "2021-06"
    fresh = CrossroadsModel(scenario, seed=3)
    fresh.world.clock.step = 14  # same clock, so dated milestones map to the same steps
    restore(fresh.world, json.loads(json.dumps(state)), stream=True)
    again = snapshot(fresh.world)
    assert again == state


def _state_columns(result, row):
    """A row's state: not the counts of what happened within the step, nor the power shortfall,
    which follows the month the row is dated with."""
    skip = {*COUNTS, "power_shortfall"}
    return [v for c, v in list(zip(result.columns, row, strict=True))[2:] if c not in skip]


def _child(write, at="2021-04", start="2021-04", extra=""):
    return write(
        "child.yaml",
        f"extends: {BASELINE}\n"
        "meta: {title: From April 2021, summary: the baseline from its own state}\n"
        f"calendar: {{start: {start}, steps: 19}}\n"  # to the baseline's end, 2022-10
        f"initial_state: {{scenario: {BASELINE}, at: {at}}}\n{extra}",
    )


def test_a_scenario_starts_from_another_scenarios_state(write):
    parent = run_scenario(load_scenario(BASELINE), seed=5)
    child = run_scenario(load_scenario(_child(write)), seed=5)
    march = parent.series("date").index("2021-03")
    assert _state_columns(child, child.rows[0]) == _state_columns(parent, parent.rows[march])
    assert child.outcomes["start"] == "2021-04"


def test_a_run_writes_a_state_another_scenario_can_start_from(write, tmp_path):
    result = run_scenario(load_scenario(BASELINE), seed=2, steps=11)
    (tmp_path / "state.json").write_text(json.dumps(result.state), encoding="utf-8")
    path = write(
        "from_file.yaml",
        f"extends: {BASELINE}\n"
        "meta: {title: From a file, summary: the state a run wrote}\n"
        "calendar: {start: 2021-04, steps: 19}\n"
        "initial_state: {file: state.json}\n",
    )
    child = run_scenario(load_scenario(path), seed=9)
    assert _state_columns(child, child.rows[0]) == _state_columns(result, result.rows[-1])


@pytest.mark.parametrize(
    ("at", "start", "message"),
    [
        ("2021-04", "2021-05", "the run starts 2021-05, not 2021-04"),
        ("2031-01", "2031-01", "outside that scenario's run"),
    ],
)
def test_a_start_that_does_not_fit_is_an_error_naming_the_key(write, at, start, message):
    with pytest.raises(InputError, match=message) as caught:
        load_scenario(_child(write, at=at, start=start))
    assert caught.value.key.startswith("initial_state") and caught.value.line == 4


def test_a_missing_state_file_is_an_error(write):
    path = write(
        "bad.yaml",
        f"extends: {BASELINE}\n"
        "meta: {title: x, summary: y}\n"
        "calendar: {start: 2021-04, steps: 19}\n"
        "initial_state: {file: nowhere.json}\n",
    )
    with pytest.raises(InputError, match="no such file"):
        load_scenario(path)


@pytest.mark.parametrize(
    "text", ['{"date": "2021-03"}', '{"date": "2021-03", "tension": NaN}', "[1, 2]", "{"]
)
def test_a_damaged_state_file_is_refused_at_load(write, tmp_path, text):
    (tmp_path / "state.json").write_text(text, encoding="utf-8")
    path = write(
        "from_file.yaml",
        f"extends: {BASELINE}\n"
        "meta: {title: From a file, summary: a damaged state}\n"
        "calendar: {start: 2021-04, steps: 19}\n"
        "initial_state: {file: state.json}\n",
    )
    with pytest.raises(InputError, match="not a state file a run wrote") as caught:
        load_scenario(path)
    assert caught.value.line == 4 and caught.value.key == "initial_state.file"


# -- the state each kind of actor declares -------------------------------------------------


def test_every_declared_field_of_every_kind_is_in_the_snapshot(tmp_path):
    world = small_world(tmp_path)
    state = snapshot(world)
    kinds = {actor.kind for actor in world.actors.values()}
    assert kinds == set(AGENT_CLASSES)  # the small world has an actor of every kind
    for actor_id, actor in world.actors.items():
        declared = [field.name for field in type(actor).STATE]
        assert list(state["actors"][actor_id]) == [*declared, "behaviour"]


def test_every_attribute_of_an_actor_is_declared_state_or_wiring(tmp_path):
    """A new attribute must be declared in ``STATE`` (carried over) or in ``WIRING`` (not):
    none can drop out of ``state.json`` silently."""
    world = small_world(tmp_path)
    mesa_own = set(vars(mesa.Agent(world.actors["kh"].model)))
    for actor in world.actors.values():
        declared = {field.name for field in actor.STATE} | actor.WIRING
        assert set(vars(actor)) - mesa_own - declared == set(), actor.kind


def test_a_declared_field_the_snapshot_does_not_carry_fails_the_round_trip(tmp_path):
    """What the check above guards against: a field set in a run is lost without a snapshot."""
    world = small_world(tmp_path)
    kh = world.actors["kh"]
    kh.deterrence = 0.25
    state = snapshot(world)
    del state["actors"]["kh"]["deterrence"]
    fresh = small_world(tmp_path)
    restore(fresh, state)
    assert fresh.actors["kh"].deterrence == 0.0 != kh.deterrence


def test_a_caretaker_government_keeps_the_month_its_caretaking_began(tmp_path):
    world = small_world(tmp_path)  # 2021-01 is step 1
    gov = world.actors["baghdad"]
    gov.caretaker, gov.caretaker_since = True, 1
    world.clock.step = 3
    state = snapshot(world)
    assert state["actors"]["baghdad"]["caretaker_since"] == "2021-01"
    later = small_world(tmp_path)
    later.clock = Clock(parse_month("2021-04"), 1, 9)  # a run starting the month after 2021-03
    restore(later, state)
    assert later.actors["baghdad"].caretaker_since == -2  # 2021-01 is three months before step 1


def test_levels_are_kept_exactly_and_mapped_through_units_onto_other_scales(tmp_path):
    world = small_world(tmp_path)  # troops on [0, 1000]
    world.status_quo["troops"] = 0.1 + 0.2  # 0.30000000000000004: not a round number of troops
    state = snapshot(world)
    assert state["scales"]["troops"] == [0.0, 1000.0]
    same = small_world(tmp_path)
    restore(same, state)
    assert same.status_quo["troops"] == 0.1 + 0.2  # bit for bit
    other = small_world(tmp_path)
    other.scales.bounds["troops"] = (0.0, 500.0)
    restore(other, state)
    assert other.status_quo["troops"] == pytest.approx(0.6)  # 300 troops on a scale of 500


def test_a_state_in_issue_units_from_before_scales_were_kept_is_still_read(tmp_path):
    world = small_world(tmp_path)
    state = snapshot(world)
    del state["scales"]
    state["status_quo"]["troops"] = 250.0  # troops, as older files store them
    fresh = small_world(tmp_path)
    restore(fresh, state)
    assert fresh.status_quo["troops"] == 0.25


def test_behaviour_an_inject_changed_is_carried_over(tmp_path):
    world = small_world(tmp_path)
    washington = world.actors["washington"]
    washington.behaviour = washington.behaviour.model_copy(update={"order_propensity": 0.0})
    state = snapshot(world)
    assert state["actors"]["washington"]["behaviour"] == {"order_propensity": 0.0}  # 0.4 in file
    assert state["actors"]["tehran"]["behaviour"] == {}
    fresh = small_world(tmp_path)
    restore(fresh, state)
    assert fresh.actors["washington"].behaviour.order_propensity == 0.0


def test_a_branch_from_the_baselines_own_state_keeps_the_january_inject(write):
    """The bug of issue 17: from 2021-10 the baseline's branch lost the January 2021 inject
    (then Washington's order_propensity to 0, now the new president's own aim: his
    negotiators' position, issue 18), ordered cuts again and ended with 1,758 troops, not the
    baseline's 2,416."""
    baseline = load_scenario(BASELINE)
    steps = baseline.calendar.steps - parse_month("2021-10").minus(baseline.calendar.start)
    child = load_scenario(_child(write, at="2021-10", start="2021-10"), [f"calendar.steps={steps}"])
    parent = run_scenario(baseline, seed=1)
    branch = run_scenario(child, seed=1)
    washington = CrossroadsModel(child).world.actors["washington"]
    assert "us_troops" not in washington.order_ideals  # Trump's exit aim is gone
    assert washington.order_ideal("us_troops") == washington.positions["us_troops"]
    assert branch.series("date")[-1] == parent.series("date")[-1]
    # Since issue 18 the world moves on after the calendar (rounds called by the actors), and a
    # branch draws its own dice, so the final levels are no longer equal; the restart from a
    # run's own state.json, same dice, is byte-identical (tests/sim/test_model.py).
    first = branch.series("status_quo:us_troops")[0]
    assert first == parent.series("status_quo:us_troops")[17]  # 2021-09, the state it starts from


def test_rule_counts_and_totals_of_earlier_runs_are_carried_over(tmp_path):
    world = small_world(tmp_path)
    world.counts.add("strikes", 2)
    world.tracks["talks"].results["agreed"] += 1
    world.tracks["talks"].agreements.append({"date": "2021-01"})
    state = snapshot(world)
    assert state["counts"]["strikes"] == 2 and state["tracks"]["talks"]["rounds"] == 1
    fresh = small_world(tmp_path)
    restore(fresh, state)
    fresh.counts.add("strikes")
    assert fresh.counts.total["strikes"] == 1  # this run's, for its outcomes
    assert condition_value(fresh, "strikes") == 3.0  # since the first run, for conditions
    assert condition_value(fresh, "rounds.talks") == 1.0
    assert condition_value(fresh, "agreed.talks") == 1.0
