"""sim.ensemble, sim.perform_experiments and sim.analyze: the sweep's machinery from Python."""

from __future__ import annotations

from pathlib import Path

import pytest
from ema_workbench import CategoricalParameter, IntegerParameter, RealParameter

import sim
from sim.api.experiments import _parameters
from sim.errors import InputError
from sim.sweep.store import read_runs
from tests.conftest import BASELINE


def test_ensemble_is_the_command_line_ensemble(tmp_path: Path, cli):
    out = tmp_path / "cli"
    done = cli(
        "ensemble", str(BASELINE), "-n", "3", "--seed", "1", "--steps", "6", "--out",
        str(out), "--backend", "serial", "--no-figures", "--quiet", cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    table = sim.ensemble("baseline_2020", runs=3, seed=1, steps=6)
    assert table.equals(read_runs(out))
    assert len(table) == 3 and (table["status"] == "ok").all()
    drawn = [c for c in table.columns if c.startswith("actors.") and "propensity" in c]
    assert drawn  # the baseline's ranges are drawn by default ("both")


def test_ensemble_with_seed_only_draws_nothing():
    table = sim.ensemble("baseline_2020", runs=2, seed=1, steps=3, uncertainty="seed")
    assert not [c for c in table.columns if "propensity" in c]
    assert table["seed"].nunique() == 2


def test_parameters_in_every_accepted_form():
    given = {
        "a.b": (0.1, 0.9, 3),
        "c.d": [1, 2],
        "e.f": {"min": 0, "max": 1},
    }
    assert _parameters(given) == {
        "a.b": {"min": 0.1, "max": 0.9, "steps": 3},
        "c.d": {"values": [1, 2]},
        "e.f": {"min": 0, "max": 1},
    }
    ema = [
        RealParameter("a.b", 0.1, 0.9),
        IntegerParameter("c.d", 1, 5),
        CategoricalParameter("e.f", ["x", "y"]),
    ]
    assert _parameters(ema) == {
        "a.b": {"min": 0.1, "max": 0.9},
        "c.d": {"min": 1, "max": 5, "integer": True},
        "e.f": {"values": ["x", "y"]},
    }


def test_perform_experiments_returns_ema_s_pair_and_resumes(tmp_path: Path):
    out = tmp_path / "store"
    kwargs = {
        "replications": 2,
        "seed": 3,
        "steps": 4,
        "out": out,
    }
    experiments, outcomes = sim.perform_experiments(
        "baseline_2020", {"actors.washington.capability": (0.5, 0.9, 3)}, **kwargs
    )
    assert len(experiments) == 6
    assert sorted(experiments["actors.washington.capability"].unique()) == [0.5, 0.7, 0.9]
    assert "final_status_quo.us_troops" in outcomes
    assert len(outcomes["final_status_quo.us_troops"]) == 6
    before = (out / "runs.csv").read_bytes()
    again, _ = sim.perform_experiments(
        "baseline_2020", {"actors.washington.capability": (0.5, 0.9, 3)}, **kwargs
    )
    assert (out / "runs.csv").read_bytes() == before  # nothing ran twice
    assert again.equals(experiments)


def test_a_store_of_other_settings_is_refused(tmp_path: Path):
    out = tmp_path / "store"
    sim.ensemble("baseline_2020", runs=1, seed=1, steps=2, out=out, uncertainty="seed")
    with pytest.raises(InputError, match="differs in 'seed'"):
        sim.ensemble("baseline_2020", runs=1, seed=2, steps=2, out=out, uncertainty="seed")


def test_bad_arguments_are_named():
    with pytest.raises(InputError, match="runs="):
        sim.ensemble("baseline_2020", runs=0)
    with pytest.raises(InputError, match=r"parameters\['actors.washington.capability'\]"):
        sim.perform_experiments("baseline_2020", {"actors.washington.capability": (0.9, 0.5, 3)})
    with pytest.raises(InputError, match="workers="):
        sim.ensemble("baseline_2020", runs=1, steps=1, workers=0)


def test_no_out_leaves_no_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    sim.ensemble("baseline_2020", runs=1, seed=1, steps=2, uncertainty="seed")
    assert list(tmp_path.iterdir()) == []


def test_analyze_a_kept_store(tmp_path: Path):
    out = tmp_path / "store"
    sim.perform_experiments(
        "baseline_2020", {"actors.washington.capability": [0.6, 0.9]}, steps=3, out=out
    )
    analysis = sim.analyze(out)
    assert out / "analysis" / "summary.csv" in analysis.written


def test_analyze_draws_the_stored_series_and_names_its_arguments(tmp_path: Path, cli):
    """As run.py analyze: with no series= every stored series gets its chart (it once drew
    none); a bad argument is named as the argument, not as the command's option."""
    out = tmp_path / "store"
    sim.ensemble("baseline_2020", runs=2, seed=1, steps=3, series=["tension"], out=out)
    analysis = sim.analyze(out)
    assert out / "analysis" / "fan_tension.png" in analysis.written
    by_command = cli("analyze", str(out), "--out", str(tmp_path / "cli"), cwd=tmp_path)
    assert by_command.returncode == 0, by_command.stderr
    assert sorted(p.name for p in analysis.written) == sorted(
        p.name for p in (tmp_path / "cli").iterdir()
    )
    with pytest.raises(InputError, match=r"^outcome=: not a numeric outcome of this sweep: nope"):
        sim.analyze(out, outcome="nope")
    with pytest.raises(InputError, match=r"^series=: expected a list of series column names"):
        sim.analyze(out, series="tension")  # type: ignore[arg-type]
    (tmp_path / "taken").write_text("mine")
    with pytest.raises(InputError) as caught:
        sim.analyze(out, out=tmp_path / "taken" / "analysis")  # was a FileNotFoundError
    assert str(caught.value).startswith(f"out={tmp_path / 'taken' / 'analysis'}: cannot be made")


def test_a_bad_backend_and_a_list_of_names_are_named():
    with pytest.raises(InputError, match=r"^backend=: must be one of serial, process, dask"):
        sim.ensemble("baseline_2020", runs=1, steps=1, backend="gpu")
    with pytest.raises(InputError, match=r"^parameters=: expected a dict of dotted paths"):
        sim.perform_experiments("baseline_2020", ["actors.washington.capability"], steps=1)


def test_an_out_that_is_a_file_is_named(tmp_path: Path):
    (tmp_path / "taken").write_text("")
    with pytest.raises(InputError) as caught:
        sim.ensemble("baseline_2020", runs=1, steps=1, out=tmp_path / "taken")
    assert (
        str(caught.value) == f"out={tmp_path / 'taken'}: is a file, not a folder; choose a folder"
    )


def test_an_error_met_when_planning_names_the_argument():
    """Not the base scenario's absolute path, as it once did."""
    with pytest.raises(InputError) as caught:
        sim.ensemble("baseline_2020", runs=1, steps=1, series=["nope"])
    assert str(caught.value) == "series=: no time series column 'nope' (see series.csv of a run)"
    with pytest.raises(InputError) as caught:
        sim.perform_experiments("baseline_2020", {"actors.washington.nope": (0, 1, 2)}, steps=1)
    assert str(caught.value) == (
        "parameters['actors.washington.nope']: the base scenario refuses the value 0.0: "
        "unknown key 'nope'"
    )


def test_arguments_are_named_as_the_user_wrote_them():
    with pytest.raises(InputError) as caught:
        sim.ensemble("baseline_2020", runs=0)
    assert str(caught.value) == "runs=: Input should be greater than or equal to 1 (got 0)"
    with pytest.raises(InputError) as caught:
        sim.perform_experiments(
            "baseline_2020", {"actors.washington.capability": [0.5]}, set={"nope": 1}, steps=1
        )
    assert str(caught.value) == "set=: unknown key 'nope'"  # was fixed=, the sweep file's key


@pytest.mark.parametrize("empty", [{}, []])
def test_empty_parameters_are_refused_not_run_as_one_point(empty: object):
    """Once an empty dict ran the base scenario alone without a word."""
    with pytest.raises(InputError) as caught:
        sim.perform_experiments("baseline_2020", empty, steps=1)  # type: ignore[arg-type]
    assert str(caught.value).startswith("parameters=: is empty: name a parameter to vary")
    assert "\n" not in str(caught.value)


def test_a_flag_must_be_a_real_bool():
    """Once common_seeds="yes" (and "no", "false") was taken for True."""
    ranged = {"actors.washington.capability": [0.5]}
    for flag in ("yes", "false", 1):
        with pytest.raises(InputError) as caught:
            sim.perform_experiments("baseline_2020", ranged, common_seeds=flag, steps=1)  # type: ignore[arg-type]
        assert str(caught.value) == f"common_seeds=: Input should be a valid boolean (got {flag!r})"
    integer = {"actors.washington.capability": {"min": 0, "max": 1, "steps": 2, "integer": "no"}}
    with pytest.raises(InputError) as caught:
        sim.perform_experiments("baseline_2020", integer, steps=1)
    assert str(caught.value).startswith("parameters['actors.washington.capability']")
    assert "valid boolean" in str(caught.value)
