"""The ``bargain`` subcommand, registered on our own parser until the main CLI exists."""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import pytest

from sim.commands import bargain
from sim.errors import InputError
from tests.conftest import KTAB


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="crossroads")
    bargain.register(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


def test_prints_final_positions_and_writes_json_and_events(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, events = tmp_path / "out" / "soe.json", tmp_path / "soe.jsonl"
    args = parse(
        ["bargain", str(KTAB / "SOE-Pol-Comp.csv"), "--json", str(out), "--events", str(events)]
    )
    assert args.handler(args) == 0
    printed = capsys.readouterr().out
    assert "states: 28" in printed
    assert "Policy Position" in printed
    xj = next(line for line in printed.splitlines() if line.startswith("XJ "))
    assert xj.split()[1:] == ["43.2", "43.3"]

    data = json.loads(out.read_text())
    assert data["states"] == 28 and len(data["positions"]) == 28
    assert data["actors"][0] == "XJ" and data["dimensions"][1] == "Competitive Position"
    assert data["positions"][0][0] == pytest.approx([30.0, 20.0])
    assert len(data["probabilities"][0]) == 13
    lines = events.read_text().splitlines()
    assert len(lines) == 27 and json.loads(lines[0])["turn"] == 0
    assert not list(tmp_path.glob("**/*.tmp"))


@pytest.mark.parametrize("model", ["compromise", "weighted_median", "expected_utility"])
def test_baselines_by_name(model: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = parse(["bargain", str(KTAB / "dummyData_3Dim.csv"), "--model", model])
    assert args.handler(args) == 0
    assert "SActor-06" in capsys.readouterr().out


def test_bad_file_raises_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("S,d,3,1\nActor,Desc,Power,P,S\nA,a,1,50,50\nB,b,1,150,50\nC,c,1,5,5\n")
    args = parse(["bargain", str(bad)])
    with pytest.raises(InputError) as caught:
        args.handler(args)
    assert caught.value.line == 4


def test_unknown_model_is_rejected_by_the_parser() -> None:
    with pytest.raises(SystemExit):
        parse(["bargain", "x.csv", "--model", "oracle"])


def test_json_lists_distinct_final_positions_and_the_forecast(tmp_path: Path) -> None:
    out = tmp_path / "soe.json"
    args = parse(["bargain", str(KTAB / "SOE-Pol-Comp.csv"), "--json", str(out)])
    assert args.handler(args) == 0
    data = json.loads(out.read_text())
    assert data["termination"] == "converged" and data["cycle_length"] is None
    outcomes = data["outcomes"]
    assert sum(o["probability"] for o in outcomes) == pytest.approx(1.0)
    holders = [actor for o in outcomes for actor in o["actors"]]
    assert sorted(holders) == sorted(data["actors"])  # every actor in exactly one group
    # XJ and LK end together at (43.18, 43.3) (the KTAB log's last state, to 0.1)
    xj = next(o for o in outcomes if "XJ" in o["actors"])
    assert xj["actors"] == ["XJ", "LK"] and xj["position"] == pytest.approx([43.18, 43.3])
    mean = [sum(o["probability"] * o["position"][k] for o in outcomes) for k in range(2)]
    assert data["forecast"] == pytest.approx(mean, abs=1e-9)
    best = max(outcomes, key=lambda o: o["probability"])
    assert data["most_probable"] == best["position"]


def test_model_names_match_the_registry() -> None:
    from sim.bargaining import MODELS

    assert set(bargain.MODEL_NAMES) == set(MODELS)


def one_dim_file(path: Path, positions: list[float]) -> Path:
    rows = [f"A{i},a,1,{p},100" for i, p in enumerate(positions)]
    path.write_text("\n".join([f"T,t,{len(positions)},1", "Actor,Desc,Power,P,S", *rows]) + "\n")
    return path


def test_batch_table_records_a_bad_file_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "issues"
    folder.mkdir()
    one_dim_file(folder / "a.csv", [0, 30, 100])
    (folder / "b.csv").write_text("T,t,4,1\nActor,Desc,Power,P,S\nA,a,1,10,50\nB,b,1,20,50\n")
    table = tmp_path / "table.csv"
    args = parse(
        ["bargain", str(folder), "--models", "compromise,weighted_median", "--table", str(table)]
    )
    assert args.handler(args) == 2  # a file failed: the batch says so by its exit status
    rows = list(csv.DictReader(table.open()))
    assert [(Path(r["file"]).name, r["model"], r["status"]) for r in rows] == [
        ("a.csv", "compromise", "ok"),
        ("a.csv", "weighted_median", "ok"),
        ("b.csv", "compromise", "error"),
        ("b.csv", "weighted_median", "error"),
    ]
    # equal weights: mean (0 + 30 + 100)/3; lower weighted median 30
    assert float(rows[0]["forecast_1"]) == pytest.approx(130 / 3, abs=1e-6)
    assert float(rows[1]["forecast_1"]) == pytest.approx(30.0)
    assert "b.csv:1: number of actors: found 2 actor row(s)" in rows[2]["error"]
    printed = capsys.readouterr()
    assert "2 file(s)" in printed.out
    # the error is printed once (both models share it), with or without --table
    assert printed.err.count("b.csv:1: number of actors: found 2 actor row(s)") == 1


def test_outcomes_give_errors_with_intervals_and_paired_differences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one_dim_file(tmp_path / "a.csv", [0, 30, 100])  # compromise 43.33, median 30
    one_dim_file(tmp_path / "b.csv", [0, 60, 60])  # compromise 40, median 60
    observed = tmp_path / "observed.csv"
    observed.write_text("file,outcome\na.csv,30\nb.csv,60\n")
    args = parse(
        [
            "bargain",
            str(tmp_path / "a.csv"),
            str(tmp_path / "b.csv"),
            "--models",
            "compromise,weighted_median",
            "--outcomes",
            str(observed),
        ]
    )
    assert args.handler(args) == 0
    from sim.bargaining.evaluation import match_outcomes, read_outcomes, score_models

    printed = capsys.readouterr().out
    assert "mean abs. error" in printed
    rows = [
        {"file": "a.csv", "model": "compromise", "status": "ok", "dimensions": 1,
         "forecast_1": 130 / 3},
        {"file": "b.csv", "model": "compromise", "status": "ok", "dimensions": 1,
         "forecast_1": 40.0},
        {"file": "a.csv", "model": "weighted_median", "status": "ok", "dimensions": 1,
         "forecast_1": 30.0},
        {"file": "b.csv", "model": "weighted_median", "status": "ok", "dimensions": 1,
         "forecast_1": 60.0},
    ]  # fmt: skip
    names = {"a.csv": "a.csv", "b.csv": "b.csv"}
    matched = match_outcomes(names, read_outcomes(observed), observed, tmp_path)
    scores = score_models(rows, matched, ["compromise", "weighted_median"])
    compromise, median = scores
    # compromise errors: |43.33 − 30| = 13.33 and |40 − 60| = 20 -> mean 16.67, median 16.67
    assert compromise.mean.estimate == pytest.approx((40 / 3 + 20) / 2)
    assert compromise.median.estimate == pytest.approx((40 / 3 + 20) / 2)
    # resampling two files: the mean ranges between the two errors
    assert 40 / 3 - 1e-9 <= compromise.mean.low <= compromise.mean.high <= 20 + 1e-9
    assert compromise.against_reference is None
    # the median model is exact on both: error 0, paired difference −16.67
    assert median.mean.estimate == 0.0 and median.mean.high == 0.0
    assert median.against_reference.estimate == pytest.approx(-(40 / 3 + 20) / 2)
    assert median.paired_files == 2
    assert f"{median.against_reference}" in printed


def test_bad_outcomes_file_names_the_line(tmp_path: Path) -> None:
    from sim.bargaining.evaluation import read_outcomes

    bad = tmp_path / "observed.csv"
    bad.write_text("file,outcome\na.csv,30\nb.csv,lots\n")
    with pytest.raises(InputError) as caught:
        read_outcomes(bad)
    assert caught.value.line == 3 and "between 0 and 100" in caught.value.message


def test_process_and_dask_backends_give_the_same_table(tmp_path: Path) -> None:
    tables = {}
    for backend in ("serial", "process", "dask"):
        tables[backend] = tmp_path / f"{backend}.csv"
        args = parse(
            ["bargain", str(KTAB / "SOE-Pol-Comp.csv"), str(KTAB / "dummyData_3Dim.csv"),
             "--models", "smp,expected_utility", "--table", str(tables[backend]),
             "--backend", backend, "--workers", "1", "--quiet"]
        )  # fmt: skip
        assert args.handler(args) == 0

    def without_seconds(path: Path) -> list[dict[str, str]]:
        return [{k: v for k, v in r.items() if k != "seconds"} for r in csv.DictReader(path.open())]

    assert without_seconds(tables["serial"]) == without_seconds(tables["process"])
    assert without_seconds(tables["serial"]) == without_seconds(tables["dask"])


def test_outcome_with_the_wrong_number_of_values_is_refused_before_running(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one_dim_file(tmp_path / "a.csv", [0, 30, 100])
    observed = tmp_path / "observed.csv"
    observed.write_text("file,outcome\na.csv,30,40\n")
    table = tmp_path / "table.csv"
    args = parse(["bargain", str(tmp_path / "a.csv"), "--outcomes", str(observed),
                  "--table", str(table)])  # fmt: skip
    with pytest.raises(InputError) as caught:
        args.handler(args)
    assert caught.value.line == 2 and "has 1 dimension" in caught.value.message
    assert capsys.readouterr().out == "" and not table.exists()
