"""``run.py ensemble``: a one-point sweep of a scenario, with fan charts, as a user runs it."""

from __future__ import annotations

import json

from sim.sweep.store import read_runs
from tests.conftest import MINIMAL
from tests.sim.sweep.test_plan_uncertainty import CAPABILITY, SALIENCE, SCENARIO


def test_an_ensemble_draws_its_parameters_and_draws_fan_charts(tmp_path, cli):
    (tmp_path / "s.yaml").write_text(SCENARIO, encoding="utf-8")
    args = ["ensemble", "s.yaml", "-n", "4", "--steps", "3", "--backend", "serial", "--quiet"]
    result = cli(*args, "--out", "ens", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert (
        lines[0] == "ens: 4 runs (uncertainty: both, 2 parameters sampled); ran 4, 0 failed, "
        "0 already done"
    )
    assert "ens/analysis/fan_status_quo_us_troops.png" in lines
    table = read_runs(tmp_path / "ens")
    assert len(table) == 4 and table[CAPABILITY].nunique() == 4
    manifest = json.loads((tmp_path / "ens" / "manifest.json").read_text())
    assert manifest["uncertainty"] == "both"
    assert manifest["seed"] == 7  # the scenario's seed is the master seed by default
    assert manifest["series"] == ["status_quo:us_troops", "tension", "attacks"]
    first = sorted((tmp_path / "ens" / "series").iterdir())[0]
    assert first.read_text().splitlines()[0] == "step,date,status_quo:us_troops,tension,attacks"
    assert len(first.read_text().splitlines()) == 1 + 4  # row 0 and three steps

    # the figures were checked above: the resumed and the fixed ensembles' rows are what matters
    more = cli(
        *args[:2], "-n", "6", *args[4:], "--no-figures", "--out", "ens", "--resume", cwd=tmp_path
    )
    assert more.returncode == 0, more.stderr
    assert "ran 2, 0 failed, 4 already done" in more.stdout
    fixed = cli(*args, "--no-figures", "--out", "fixed", "--set", f"{CAPABILITY}=0.4", cwd=tmp_path)
    assert "1 parameters sampled" in fixed.stdout, fixed.stderr
    assert set(read_runs(tmp_path / "fixed").columns) >= {SALIENCE}
    assert CAPABILITY not in read_runs(tmp_path / "fixed").columns


def test_without_ranges_an_ensemble_varies_the_seed_and_parameters_is_an_error(tmp_path, cli):
    (tmp_path / "m.yaml").write_text(MINIMAL, encoding="utf-8")
    args = ["ensemble", "m.yaml", "-n", "2", "--steps", "2", "--backend", "serial", "--quiet"]
    result = cli(*args, "--no-figures", "--out", "e", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "(uncertainty: seed);" in result.stdout
    bad = cli(*args, "--uncertainty", "parameters", "--out", "p", cwd=tmp_path)
    assert bad.returncode == 2
    assert bad.stderr.startswith("error: --uncertainty: 'parameters' needs ")
    assert len(bad.stderr.splitlines()) == 1 and not (tmp_path / "p").exists()
    zero = cli("ensemble", "m.yaml", "-n", "0", cwd=tmp_path)
    assert zero.returncode == 2 and zero.stderr.startswith("error: -n: Input should be ")


def test_quiet_silences_the_analysis_too(tmp_path, cli, monkeypatch):
    """``--quiet`` reaches the analysis, whose steps would otherwise report progress on stderr
    when slow (a loaded machine once printed 'analyze: ...' lines in a --quiet example)."""
    import sim.sweep.analysis

    asked: list[bool] = []
    real = sim.sweep.analysis.analyze

    def spy(folder, **options):
        asked.append(options.get("quiet", False))
        return real(folder, **options)

    monkeypatch.setattr(sim.sweep.analysis, "analyze", spy)
    (tmp_path / "s.yaml").write_text(SCENARIO, encoding="utf-8")
    common = ["ensemble", "s.yaml", "-n", "2", "--steps", "2", "--backend", "serial"]
    assert cli(*common, "--quiet", "--out", "a", cwd=tmp_path).returncode == 0
    assert cli(*common, "--out", "b", cwd=tmp_path).returncode == 0
    assert asked == [True, False]


def test_an_out_that_is_a_file_is_named_as_a_file(tmp_path, cli):
    """As sweep says it: an empty file once read 'exists and is not empty; pass --resume'."""
    (tmp_path / "s.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "taken").write_text("")
    result = cli("ensemble", "s.yaml", "-n", "2", "--out", "taken", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "error: --out taken: is a file, not a folder; choose a folder\n"
    assert (tmp_path / "taken").read_text() == ""
