"""Scenario discovery: PRIM finds the box a known rule draws, feature scores rank its inputs,
and analyze --discover writes the tables and figures or refuses a bad condition."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sim.cli import main
from sim.sweep.condition import Condition
from sim.sweep.discovery import _choose, feature_scores, inputs, run_prim

ROOT = Path(__file__).resolve().parents[2]
BASELINE = ROOT / "scenarios" / "baseline_2020.yaml"


def _sample(n: int = 600) -> pd.DataFrame:
    rng = np.random.default_rng(11)
    return pd.DataFrame({"a": rng.random(n), "b": rng.random(n), "c": rng.random(n)})


def test_prim_finds_the_box_that_makes_the_cases() -> None:
    x = _sample()
    met = ((x["a"] > 0.7) & (x["b"] < 0.5)).to_numpy()  # 15% of the unit cube
    found = run_prim(x, met, Condition("rule", ()))
    box = found.boxes[0]
    assert box.coverage >= 0.8 and box.density > 0.9
    limits = box.limits
    assert bool(limits.loc["a", "restricted"]) and bool(limits.loc["b", "restricted"])
    assert not bool(limits.loc["c", "restricted"])
    assert abs(limits.loc["a", "low"] - 0.7) < 0.05 and abs(limits.loc["b", "high"] - 0.5) < 0.05
    assert found.trajectory["chosen"].sum() == 1
    assert found.cases == int(met.sum()) and found.runs == 600


def test_the_chosen_step_is_the_densest_that_covers_80_percent() -> None:
    steps = pd.DataFrame(
        {"coverage": [1.0, 0.95, 0.85, 0.79, 0.5], "density": [0.2, 0.3, 0.5, 0.9, 1.0]}
    )
    assert _choose(steps, 1.0) == 2
    # a later box measures coverage against the cases still left: 0.5 of all is 1.0 of half
    assert _choose(steps, 2.0) == 4


def test_feature_scores_rank_the_inputs_that_matter_first() -> None:
    x = _sample()
    met = (x["b"] > 0.6).to_numpy()
    scores = feature_scores(x, met)
    assert scores["parameter"].iloc[0] == "b"
    assert scores["score"].sum() == np.float64(1.0) or abs(scores["score"].sum() - 1) < 1e-9
    assert scores.loc[scores["parameter"] == "b", "score"].item() > 0.5


def test_inputs_keep_numbers_and_yes_no_values() -> None:
    table = pd.DataFrame({"p": ["0.1", "0.2"], "q": ["True", "False"], "r": ["x", "y"]})
    found = inputs(table, ["p", "q", "r"])
    assert list(found.columns) == ["p", "q"] and found["q"].tolist() == [1.0, 0.0]


def test_analyze_discover_from_the_command_line(tmp_path: Path, capsys) -> None:
    out = tmp_path / "grid"
    argv = ["sweep", str(BASELINE), "-p", "actors.washington.behaviour.strike_resolve=0.1:0.7:4"]
    argv += ["-p", "actors.kataib_hezbollah.behaviour.attack_propensity=0.2,0.8"]
    argv += ["--replications", "3", "--seed", "5", "--out", str(out), "--backend", "serial"]
    assert main([*argv, "--quiet"]) == 0
    capsys.readouterr()
    troops = pd.read_csv(out / "runs.csv")["final_status_quo.us_troops"]
    cut = float(np.median(troops))
    condition = f"final_status_quo.us_troops < {cut}"
    assert main(["analyze", str(out), "--discover", condition, "--series", ""]) == 0
    printed = capsys.readouterr().out
    names = {Path(line).name for line in printed.split("\n") if line.startswith(str(out))}
    assert {
        "discovery_trajectory.csv",
        "discovery_boxes.csv",
        "discovery_scores.csv",
        "discovery_tradeoff.png",
        "discovery_boxes.png",
        "discovery_scores.png",
    } <= names
    cases = int((troops < cut).sum())
    assert f"discover: {condition}: {cases} of 24 runs; box 1 holds" in printed
    boxes = pd.read_csv(out / "analysis" / "discovery_boxes.csv")
    assert set(boxes["parameter"]) == {
        "actors.washington.behaviour.strike_resolve",
        "actors.kataib_hezbollah.behaviour.attack_propensity",
    }
    assert (boxes["low"] >= boxes["full_low"]).all() and (boxes["high"] <= boxes["full_high"]).all()

    assert main(["analyze", str(out), "--discover", "final_status_quo.us_troops =< 1"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: --discover: unknown operator '=<'") and "\n" not in err
    assert main(["analyze", str(out), "--discover", "final_status_quo.troops < 1"]) == 2
    assert "unknown outcome 'final_status_quo.troops'" in capsys.readouterr().err
