"""Scenario discovery: PRIM finds the box a known rule draws, feature scores rank its inputs,
and analyze --discover writes the tables and figures or refuses a bad condition."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sim.cli import main
from sim.sweep.condition import Condition
from sim.sweep.discovery import _choose, feature_scores, inputs, run_prim

ROOT = Path(__file__).resolve().parents[3]
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
    assert "(quasi-p " in printed.split("restricting ")[1]  # each restriction's, as EMA prints
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


def _box(qp: float, cases: int, restricted: bool = True):
    from sim.sweep.discovery import Box

    limits = pd.DataFrame(
        {
            "low": [0.2],
            "high": [1.0],
            "full_low": [0.0],
            "full_high": [1.0],
            "restricted": [restricted],
            "qp_low": [qp if restricted else np.nan],
            "qp_high": [np.nan],
        },
        index=pd.Index(["a"], name="parameter"),
    )
    return Box(1, 0.9, 0.46, 0.5, 40, limits, cases)


def test_a_box_that_may_be_chance_or_is_small_is_flagged() -> None:
    assert _box(qp=0.01, cases=30).warnings() == []
    assert _box(qp=0.43, cases=30).warnings() == ["not significant (quasi-p 0.43 > 0.05)"]
    assert _box(qp=0.01, cases=4).warnings() == ["only 4 cases"]
    assert _box(qp=0.01, cases=30, restricted=False).warnings() == ["restricts nothing"]


def test_a_box_lists_its_restrictions_with_their_quasi_p_values() -> None:
    assert _box(qp=0.0042, cases=30).restrictions() == ["a (quasi-p 0.0042)"]
    assert _box(qp=0.43, cases=30).restrictions() == ["a (quasi-p 0.43)"]
    assert _box(qp=0.01, cases=30, restricted=False).restrictions() == []


def test_a_rule_without_signal_gives_a_flagged_box_and_a_real_one_none() -> None:
    x = _sample(200)
    rng = np.random.default_rng(3)
    noise = rng.random(200) < 0.4  # cases that no parameter explains
    box = run_prim(x, noise, Condition("noise", ())).boxes[0]
    assert box.warnings(), box.limits
    rule = (x["a"] > 0.6).to_numpy()
    assert run_prim(x, rule, Condition("rule", ())).boxes[0].warnings() == []


def test_discovery_looks_at_drawn_parameters(tmp_path: Path, capsys) -> None:
    """Issue 20: an ensemble's drawn values were ignored ("no numeric parameter")."""
    out = tmp_path / "ensemble"
    argv = ["ensemble", str(BASELINE), "-n", "30", "--seed", "4", "--steps", "12"]
    argv += ["--out", str(out), "--backend", "serial", "--quiet", "--no-figures"]
    assert main(argv) == 0
    capsys.readouterr()
    attacks = pd.read_csv(out / "runs.csv")["violence.attacks"]
    cut = float(np.median(attacks))
    assert main(["analyze", str(out), "--discover", f"violence.attacks > {cut}"]) == 0
    printed = capsys.readouterr().out
    assert "box 1 holds" in printed and "nothing to discover" not in printed
    boxes = pd.read_csv(out / "analysis" / "discovery_boxes.csv")
    assert "actors.kataib_hezbollah.behaviour.attack_propensity" in set(boxes["parameter"])
    assert {"cases", "warning"} <= set(boxes.columns)


def test_box_figures_write_numbers_as_read_and_carry_the_caution() -> None:
    from sim.sweep.discovery_figures import box_entry, number

    # troops were written 1.1e+03 to 3.07e+03 on the boxes' bars
    assert [number(v) for v in (1098.15, 3492.15, 0.0226469, 12.5)] == [
        "1,098",
        "3,492",
        "0.0226",
        "12.5",
    ]
    # _box: coverage 0.9, density 0.46, 40 runs
    assert box_entry(_box(qp=0.01, cases=30)) == (
        "box 1: coverage 90%, density 46%, 40 runs (30 cases)"
    )
    assert box_entry(_box(qp=0.43, cases=4)) == (
        "box 1: coverage 90%, density 46%, 40 runs (4 cases)\n"
        "caution: only 4 cases; not significant (quasi-p 0.43 > 0.05)"
    )


def test_the_boxes_legend_sits_above_the_footer(tmp_path: Path, monkeypatch) -> None:
    """Two boxes with cautions: the figure's legend, placed against the figure's bottom, was
    drawn over the footer."""
    from matplotlib.figure import Figure

    from sim.sweep.discovery import Discovery
    from sim.sweep.discovery_figures import box_ranges
    from sim.sweep.names import Labels

    source = "sweep probe of baseline_2020: grid, master seed 0"
    kept = {}
    savefig = Figure.savefig

    def keep(fig, *args, **kwargs):
        done = savefig(fig, *args, **kwargs)
        renderer = fig.canvas.get_renderer()
        kept["legend"] = fig.legends[0].get_window_extent(renderer)
        kept["footer"] = next(t for t in fig.texts if t.get_text() == source).get_window_extent(
            renderer
        )
        return done

    monkeypatch.setattr(Figure, "savefig", keep)
    first, second = _box(qp=0.43, cases=30), _box(qp=0.9, cases=4)
    second.number = 2
    found = Discovery(Condition("x > 1", ()), 34, 80, pd.DataFrame(), [first, second])
    box_ranges(found, "caption", tmp_path / "boxes.png", Labels(source=source))
    assert kept["legend"].y0 >= kept["footer"].y1
