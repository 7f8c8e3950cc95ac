"""Sweeps and ensembles draw uncertain parameters per run: one mechanism with the designs (a
swept value replaces a drawn one), seeds chosen by the uncertainty option, every draw recorded,
and the same bytes on every backend."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sim.errors import InputError
from sim.runner import run_scenario
from sim.scenario import load_scenario
from sim.scenario.uncertainty import with_values
from sim.sweep.analysis import analyze
from sim.sweep.execute import run_sweep
from sim.sweep.plan import Plan, Where, make_plan
from sim.sweep.spec import load_sweep
from sim.sweep.store import read_manifest, read_runs
from tests.conftest import MINIMAL

CAPABILITY = "actors.baghdad.capability"
SALIENCE = "actors.washington.positions.us_troops.salience"
SCENARIO = MINIMAL.replace(
    "capability: 0.5", "capability: {value: 0.5, source: judgement, reason: r, range: [0.3, 0.7]}"
).replace("salience: 0.7", "salience: {value: 0.7, dist: {name: triangular, low: 0.4, high: 0.9}}")


def plan_of(tmp_path: Path, sweep: str, scenario: str = SCENARIO) -> Plan:
    (tmp_path / "s.yaml").write_text(scenario, encoding="utf-8")
    path = tmp_path / "sweep.yaml"
    path.write_text("base: s.yaml\nseed: 9\n" + sweep, encoding="utf-8")
    spec, base, origins = load_sweep(path)
    return make_plan(spec, base, Where(str(path), origins))


def test_seed_only_draws_nothing_and_keeps_the_table_as_it_was(tmp_path):
    plan = plan_of(tmp_path, "replications: 3\n")
    assert plan.sampled == []
    tasks = list(plan.tasks())
    assert {t.sample_seed for t in tasks} == {None}
    assert len({t.seed for t in tasks}) == 3
    assert plan.manifest()["uncertainty"] == "seed"


def test_both_draws_every_uncertain_number_with_the_run_seed(tmp_path):
    plan = plan_of(tmp_path, "replications: 3\nuncertainty: both\n")
    assert plan.sampled == [CAPABILITY, SALIENCE]
    assert plan.header[6:8] == [CAPABILITY, SALIENCE]  # after the fixed columns, before outcomes
    assert plan.manifest()["sampled"][CAPABILITY] == "uniform(low=0.3, high=0.7) on [0.3, 0.7]"
    tasks = list(plan.tasks())
    assert all(t.sample_seed == t.seed for t in tasks)
    assert len({t.seed for t in tasks}) == 3


def test_parameters_only_keeps_the_scenarios_seed(tmp_path):
    plan = plan_of(tmp_path, "replications: 4\nuncertainty: parameters\n")
    tasks = list(plan.tasks())
    assert {t.seed for t in tasks} == {7}  # MINIMAL's seed
    assert len({t.sample_seed for t in tasks}) == 4


def test_a_swept_path_is_not_drawn(tmp_path):
    plan = plan_of(
        tmp_path, f"parameters:\n  {CAPABILITY}: {{values: [0.4, 0.6]}}\nuncertainty: both\n"
    )
    assert plan.sampled == [SALIENCE]
    run_sweep(plan, tmp_path / "out", backend="serial", quiet=True)
    table = read_runs(tmp_path / "out")
    assert sorted(table[CAPABILITY]) == [0.4, 0.6]
    assert table[SALIENCE].between(0.4, 0.9).all() and table[SALIENCE].nunique() == 2


def test_asking_for_parameters_without_any_is_an_error_at_the_key(tmp_path):
    with pytest.raises(InputError, match="needs numbers with a range or dist") as caught:
        plan_of(tmp_path, "uncertainty: parameters\n", scenario=MINIMAL)
    assert (caught.value.key, caught.value.line) == ("uncertainty", 3)
    with pytest.raises(InputError, match="none is left unswept"):
        plan_of(
            tmp_path,
            f"parameters:\n  {CAPABILITY}: {{values: [0.4]}}\n  {SALIENCE}: {{values: [0.5]}}\n"
            "uncertainty: both\n",
        )


def test_a_bad_uncertainty_option_and_a_parameterless_sobol_are_refused(tmp_path):
    with pytest.raises(InputError, match="uncertainty") as caught:
        plan_of(tmp_path, "uncertainty: all\n")
    assert caught.value.line == 3
    with pytest.raises(InputError, match="the sobol design needs parameters to vary"):
        plan_of(tmp_path, "design: sobol\nsamples: 4\n")


@pytest.fixture(scope="module")
def serial(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("serial")
    plan = plan_of(tmp, "replications: 6\nuncertainty: both\nseries: [status_quo:us_troops]\n")
    run_sweep(plan, tmp / "out", backend="serial", quiet=True)
    return tmp / "out"


def test_every_run_records_its_seed_and_draws_and_can_be_rerun_from_them(serial, tmp_path):
    table = read_runs(serial)
    assert (table["status"] == "ok").all()
    assert table[CAPABILITY].between(0.3, 0.7).all() and table[CAPABILITY].nunique() == 6
    scenario = load_scenario(serial.parent / "s.yaml")
    row = table.iloc[2]
    again = run_scenario(
        with_values(scenario, {CAPABILITY: row[CAPABILITY], SALIENCE: row[SALIENCE]}),
        seed=int(row["seed"]),
    )
    outcomes = again.flat_outcomes()
    assert outcomes["final_status_quo.us_troops"] == pytest.approx(
        row["final_status_quo.us_troops"]
    )
    assert outcomes["tension.mean"] == pytest.approx(row["tension.mean"])


def test_process_backend_writes_the_same_bytes(serial, tmp_path):
    plan = plan_of(tmp_path, "replications: 6\nuncertainty: both\nseries: [status_quo:us_troops]\n")
    run_sweep(plan, tmp_path / "out", backend="process", workers=2, quiet=True)
    out = tmp_path / "out"

    def rows(folder: Path) -> list[str]:
        header, *body = (folder / "runs.csv").read_text().splitlines()
        return [header, *sorted(body)]

    assert rows(out) == rows(serial)
    series = sorted(p.name for p in (serial / "series").iterdir())
    assert series == sorted(p.name for p in (out / "series").iterdir())
    for name in series:
        assert (out / "series" / name).read_bytes() == (serial / "series" / name).read_bytes()
    first = analyze(serial, series=["status_quo:us_troops"], out=tmp_path / "a1")
    second = analyze(out, series=["status_quo:us_troops"], out=tmp_path / "a2")
    for one, two in zip(first.written, second.written, strict=True):
        assert one.read_bytes() == two.read_bytes(), one.name


def test_a_new_uncertain_parameter_leaves_the_other_draws_as_they_were(serial, tmp_path):
    more = SCENARIO.replace("capability: 1.0", "capability: {value: 1.0, range: [0.8, 1.0]}")
    plan = plan_of(
        tmp_path, "replications: 6\nuncertainty: both\nseries: [status_quo:us_troops]\n", more
    )
    assert len(plan.sampled) == 3
    run_sweep(plan, tmp_path / "out", backend="serial", quiet=True)
    old, new = read_runs(serial), read_runs(tmp_path / "out")
    pd.testing.assert_series_equal(old[CAPABILITY], new[CAPABILITY])
    pd.testing.assert_series_equal(old[SALIENCE], new[SALIENCE])


def test_resume_refuses_another_uncertainty(serial, tmp_path):
    import shutil

    folder = tmp_path / "copy"
    shutil.copytree(serial, folder)
    plan = plan_of(
        tmp_path, "replications: 6\nuncertainty: parameters\nseries: [status_quo:us_troops]\n"
    )
    with pytest.raises(InputError, match="differs in 'uncertainty'"):
        run_sweep(plan, folder, backend="serial", resume=True, quiet=True)


def test_figures_and_tables_say_which_uncertainty_they_show(serial, tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    titles = []
    savefig = Figure.savefig

    def keep_title(fig, *args, **kwargs):
        texts = [fig.get_suptitle()]
        texts += [ax.get_title() for ax in fig.axes]
        titles.append(" ".join(" ".join(texts).split()))  # titles are wrapped to fit
        return savefig(fig, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", keep_title)
    result = analyze(serial, series=["status_quo:us_troops"], out=tmp_path / "a")
    assert len(titles) == 3  # outcome against each drawn parameter, a map of two, a fan chart
    note = "uncertainty: seed and parameters (ranges and dists drawn)"
    assert all(note in t for t in titles)
    summary = pd.read_csv(tmp_path / "a" / "summary.csv")
    assert summary["uncertainty"].tolist() == ["both"]
    assert read_manifest(serial)["uncertainty"] == "both"
    names = sorted(p.name for p in result.written)
    assert "fan_status_quo_us_troops.png" in names
    assert any(n.startswith("map_") for n in names)  # over the two sampled parameters


def test_a_folder_from_before_the_option_resumes_as_seed_only(tmp_path):
    import json

    plan = plan_of(tmp_path, "replications: 2\n")
    run_sweep(plan, tmp_path / "out", backend="serial", quiet=True)
    manifest_path = tmp_path / "out" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    del manifest["uncertainty"], manifest["sampled"]  # as written before this option existed
    manifest_path.write_text(json.dumps(manifest))
    more = plan_of(tmp_path, "replications: 3\n")
    summary = run_sweep(more, tmp_path / "out", backend="serial", resume=True, quiet=True)
    assert (summary.skipped, summary.ran) == (2, 1)
