"""Actors with salience 0 on every dimension: dropped by default, kept on request, always named
in one warning line per file."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from sim.bargaining import parse_ktab_csv, solve
from sim.bargaining.zero_salience import apply_treatment, indifferent_actors
from sim.errors import InputError

# Z0 and Z1 care about nothing; A (0.2) and B (0.8) care
ISSUE = """Prize,two indifferent actors,4,1
Actor,Desc,Power,Position,Salience
Z0,none,8,90,0
Z1,none,4,60,0
A,cares,2,20,80
B,cares,4,80,40
"""


def test_indifferent_actors_are_those_with_no_salience_anywhere() -> None:
    sal = np.array([[0.0, 0.0], [0.0, 0.3], [0.5, 0.0], [0.0, 0.0]])
    assert indifferent_actors(sal) == [0, 3]


def test_drop_removes_them_and_keep_leaves_the_scenario_alone() -> None:
    scenario = parse_ktab_csv(ISSUE, source="prize.csv")
    kept, names = apply_treatment(scenario, "keep", "prize.csv")
    assert kept is scenario and names == ["Z0", "Z1"]
    dropped, names = apply_treatment(scenario, "drop", "prize.csv")
    assert dropped.actors == ["A", "B"] and names == ["Z0", "Z1"]
    np.testing.assert_array_equal(dropped.capabilities, [2.0, 4.0])
    np.testing.assert_array_equal(dropped.positions[:, 0], [0.2, 0.8])


def test_dropping_all_but_one_actor_is_refused_with_the_file() -> None:
    scenario = parse_ktab_csv(ISSUE.replace("B,cares,4,80,40", "B,cares,4,80,0"), source="x.csv")
    with pytest.raises(InputError, match="only 1 actor") as caught:
        apply_treatment(scenario, "drop", "x.csv")
    assert caught.value.file == "x.csv"


def test_kept_they_are_the_prize_the_sides_pull_back_and_forth() -> None:
    """Measured on this file: kept, Z0 swings between A's and B's positions for ever, and Z1's
    position (held by no actor who cares) gets over half the forecast probability."""
    scenario = parse_ktab_csv(ISSUE, source="prize.csv")
    kept = solve("smp", scenario.capabilities, scenario.positions, scenario.saliences)
    assert kept.termination == "cycle" and kept.cycle_length == 2
    assert sorted(kept.positions[-3:-1, 0, 0]) == [0.2, 0.8]
    distribution = kept.outcome.distribution
    only_z1 = [g for g, holders in enumerate(distribution.holders) if holders == [1]]
    assert len(only_z1) == 1 and distribution.probabilities[only_z1[0]] > 0.5
    dropped, _ = apply_treatment(scenario, "drop", "prize.csv")
    result = solve("smp", dropped.capabilities, dropped.positions, dropped.saliences)
    # A and B bargain to one position between theirs
    assert result.termination == "converged"
    final = result.final_positions[:, 0]
    assert final[0] == final[1] and 0.2 < final[0] < 0.8


def test_the_command_drops_them_by_default_and_warns_once(cli, tmp_path: Path) -> None:
    path = tmp_path / "prize.csv"
    path.write_text(ISSUE)
    out = tmp_path / "prize.json"
    done = cli("bargain", str(path), "--json", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: {path}: salience 0 on every dimension, dropped (--zero-salience keep runs"
        " them): Z0, Z1"
    ]
    assert "Z0" not in done.stdout and "ended: converged" in done.stdout
    data = json.loads(out.read_text())
    assert data["actors"] == ["A", "B"] and data["zero_salience_actors"] == ["Z0", "Z1"]

    kept = cli("bargain", str(path), "--zero-salience", "keep", cwd=tmp_path)
    assert kept.returncode == 0
    assert "kept (--zero-salience drop leaves them out): Z0, Z1" in kept.stderr
    assert "ended: cycle of 2 states" in kept.stdout


def test_a_batch_warns_per_file_and_names_them_in_the_table(cli, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "prize.csv").write_text(ISSUE)
    (tmp_path / "in" / "plain.csv").write_text(ISSUE.replace(",0\n", ",10\n"))
    table = tmp_path / "t.csv"
    done = cli("bargain", "in", "--models", "smp,compromise", "--table", str(table), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("warning:") == 1 and "in/prize.csv" in done.stderr
    rows = {(Path(r["file"]).name, r["model"]): r for r in csv.DictReader(table.open())}
    assert rows["prize.csv", "smp"]["zero_salience"] == "Z0; Z1"
    assert rows["prize.csv", "smp"]["actors"] == "2"
    assert rows["plain.csv", "compromise"]["zero_salience"] == ""
