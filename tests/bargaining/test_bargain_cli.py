"""The ``bargain`` subcommand, registered on our own parser until the main CLI exists."""

from __future__ import annotations

import argparse
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
