"""The API's bad arguments: each is an InputError naming the argument (``seed=``, ``set=``,
``scenario=``), as the command line names its option, never a numpy or pathlib error from
inside; a file of another kind is named by its kind."""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.api.scenarios import assignments, check_run
from sim.errors import InputError
from tests.conftest import SCENARIOS


@pytest.mark.parametrize(
    ("seed", "steps", "message"),
    [
        (-1, None, "seed=: must be between 0 and 2**63 - 1, got -1"),
        (2**63, None, f"seed=: must be between 0 and 2**63 - 1, got {2**63}"),
        ("7", None, "seed=: must be a whole number, got '7'"),
        (7.5, None, "seed=: must be a whole number, got 7.5"),
        (True, None, "seed=: must be a whole number, got True"),
        (None, 0, "steps=: must be between 1 and 600, got 0"),
        (None, -3, "steps=: must be between 1 and 600, got -3"),
        (None, 601, "steps=: must be between 1 and 600, got 601"),
    ],
)
def test_a_bad_seed_or_steps_is_named(seed: object, steps: object, message: str) -> None:
    with pytest.raises(InputError) as caught:
        check_run(seed, steps)
    assert str(caught.value) == message


def test_the_edges_and_numpy_integers_are_accepted() -> None:
    check_run(0, 1)
    check_run(2**63 - 1, 600)
    check_run(np.int64(7), np.int32(30))  # what a user's range or array gives
    check_run(None, None)


def test_run_and_the_model_check_before_they_start() -> None:
    with pytest.raises(InputError, match=r"^steps=: "):
        sim.run("baseline_2020", steps=0)  # once ran one step and gave 2 rows
    with pytest.raises(InputError, match=r"^seed=: "):
        sim.CrossroadsModel("baseline_2020", seed=-5)


def test_set_must_be_a_dict_of_values() -> None:
    with pytest.raises(InputError, match=r"^set=: expected a dict of dotted paths"):
        assignments(["actors.washington.capability=0.7"])  # type: ignore[arg-type]
    with pytest.raises(InputError, match=r"^set\['actors.x'\]: cannot write "):
        assignments({"actors.x": object()})
    assert assignments({"a.b": np.float64(0.5), "c": [1, 2]}) == ["a.b=0.5", "c=[1, 2]"]
    assert assignments(None) == []


@pytest.mark.parametrize("scenario", [None, 5])
def test_a_scenario_that_is_neither_id_nor_file_is_named(scenario: object) -> None:
    with pytest.raises(InputError, match=r"^scenario=: expected a scenario id, a file or a "):
        sim.run(scenario)  # type: ignore[arg-type]


def test_a_sweep_file_is_named_by_its_kind() -> None:
    with pytest.raises(InputError) as caught:
        sim.run(SCENARIOS / "sweeps" / "withdrawal_resolve.yaml")
    assert "is a sweep file, and scenario= needs a scenario file" in str(caught.value)
    with pytest.raises(InputError, match="is an overlay file, and scenario= needs a scenario"):
        sim.ensemble(SCENARIOS / "calibration" / "baseline_2020.overlay.yaml", runs=1)


def test_policies_name_a_scenario_actor_and_decide() -> None:
    with pytest.raises(InputError) as caught:
        sim.run("baseline_2020", steps=1, policies={"washingtn": object()})  # type: ignore[dict-item]
    assert str(caught.value).startswith(
        "policies=: no actor 'washingtn' in the scenario; did you mean 'washington'?"
    )
    with pytest.raises(InputError, match=r"^policies=: washington: object has no decide"):
        sim.CrossroadsModel("baseline_2020", policies={"washington": object()})  # type: ignore[dict-item]


def test_workers_must_be_a_whole_number() -> None:
    with pytest.raises(
        InputError, match=r"^workers=: must be a whole number from 1 to 256, got '2'"
    ):
        sim.ensemble("baseline_2020", runs=1, steps=1, workers="2")  # type: ignore[arg-type]
