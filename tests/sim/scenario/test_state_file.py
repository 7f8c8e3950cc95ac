"""A state.json is checked like a scenario file before a run starts from it: Hypothesis puts
out-of-scale, non-finite and unknown values into a state a run wrote, and each is refused with
the state's key; the state as written loads."""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.errors import InputError
from sim.runner import run_scenario
from sim.scenario import load_scenario
from sim.scenario.state_file import StateProblem, check_state
from tests.conftest import MINIMAL

CHILD = (
    MINIMAL.replace("start: 2021-01, steps: 6", "start: 2021-04, steps: 3").replace(
        "rounds: [2021-02]", "rounds: [2021-02, 2021-05]"
    )
    + "initial_state: {file: state.json}\n"
)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, object]:
    """The state a three-month run of the minimal scenario wrote, and the child scenario."""
    folder = tmp_path_factory.mktemp("state")
    (folder / "m.yaml").write_text(MINIMAL, encoding="utf-8")
    result = run_scenario(load_scenario(folder / "m.yaml"), steps=3)
    state = json.loads(json.dumps(result.state))
    (folder / "state.json").write_text(json.dumps(state), encoding="utf-8")
    (folder / "child.yaml").write_text(CHILD, encoding="utf-8")
    return state, load_scenario(folder / "child.yaml")


def test_the_state_a_run_wrote_passes(written) -> None:
    state, child = written
    check_state(state, child)


BAD = [
    (("tension",), 7.5, "tension"),
    (("tension",), -0.1, "tension"),
    (("tension",), "high", "tension"),
    (("status_quo", "us_troops"), 99_999, "status_quo.us_troops"),
    (("actors", "baghdad", "trust", "washington"), -5, "actors.baghdad.trust.washington"),
    (("actors", "baghdad", "positions", "us_troops"), -1, "actors.baghdad.positions.us_troops"),
    (("actors", "baghdad", "saliences", "us_troops"), 2, "actors.baghdad.saliences.us_troops"),
    (("actors", "baghdad", "capability"), -1, "actors.baghdad.capability"),
    (("actors", "atlantis"), {}, "actors.atlantis"),
    (("actors", "baghdad", "trust", "atlantis"), 0.5, "actors.baghdad.trust.atlantis"),
    (("status_quo", "oil_price"), 3, "status_quo.oil_price"),
    (("tracks", "no_such_track"), {}, "tracks.no_such_track"),
    (("date",), "March", "date"),
]


def _set(state: dict, path: tuple[str, ...], value: object) -> dict:
    changed = copy.deepcopy(state)
    node = changed
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return changed


@settings(max_examples=40, deadline=None)
@given(bad=st.sampled_from(BAD))
def test_each_bad_value_is_named_by_its_key(written, bad) -> None:
    state, child = written
    path, value, key = bad
    with pytest.raises(StateProblem) as caught:
        check_state(_set(state, path, value), child)
    assert caught.value.key == key


def _numbers(value: object, path: tuple = ()) -> list[tuple]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _numbers(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _numbers(v, (*path, i))]
    return [path] if isinstance(value, float) else []


@settings(max_examples=40, deadline=None)
@given(pick=st.integers(0, 10_000), huge=st.sampled_from(["1e400", "-1e400"]))
def test_an_infinite_number_anywhere_is_refused_through_the_file(written, pick, huge) -> None:
    state, _ = written
    paths = _numbers(state)
    path = paths[pick % len(paths)]
    marker = 123456.789
    text = json.dumps(_set(state, path, marker)).replace(str(marker), huge)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "state.json").write_text(text, encoding="utf-8")
        (folder / "child.yaml").write_text(CHILD, encoding="utf-8")
        with pytest.raises(InputError) as caught:
            load_scenario(folder / "child.yaml")
    key = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[")
    assert caught.value.key == "initial_state.file"
    assert f"state.json: {key}: not a finite number" in caught.value.message


def test_validate_names_the_state_file_and_key(written, tmp_path, cli) -> None:
    state, _ = written
    (tmp_path / "state.json").write_text(json.dumps(_set(state, ("tension",), 7.5)))
    (tmp_path / "child.yaml").write_text(CHILD, encoding="utf-8")
    done = cli("validate", "child.yaml", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert done.stderr.startswith("error: child.yaml:")
    assert (
        "initial_state.file: not a state file a run wrote "
        "(state.json: tension: 7.5 is outside 0 to 1)" in done.stderr
    )


def test_rounds_after_the_end_are_refused_with_a_starting_state(written, tmp_path) -> None:
    state, _ = written
    (tmp_path / "state.json").write_text(json.dumps(state))
    text = CHILD.replace("rounds: [2021-02, 2021-05]", "rounds: [2021-02, 2021-05, 2023-01]")
    (tmp_path / "child.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_scenario(tmp_path / "child.yaml")
    assert caught.value.key == "tracks.talks.rounds[2]"
    assert "2023-01 is outside the run" in caught.value.message
