"""A world's state as data and back; scenarios that start from another's state."""

import json

import pytest

from sim.errors import InputError
from sim.model import CrossroadsModel
from sim.runner import run_scenario
from sim.scenario import load_scenario
from sim.world.counts import COUNTS
from sim.world.snapshot import restore, snapshot
from tests.conftest import BASELINE


def test_restore_reproduces_the_snapshot():
    scenario = load_scenario(BASELINE)
    model = CrossroadsModel(scenario, seed=3)
    for _ in range(14):
        model.step()
    state = snapshot(model.world)
    assert state["date"] == "2021-06"
    fresh = CrossroadsModel(scenario, seed=3)
    fresh.world.clock.step = 14  # same clock, so dated milestones map to the same steps
    restore(fresh.world, json.loads(json.dumps(state)))
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
