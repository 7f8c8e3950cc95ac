"""KTAB CSV reader: KTAB's own files parse; malformed ones raise InputError with a line."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sim.bargaining import parse_ktab_csv, read_ktab_csv
from sim.errors import InputError
from tests.conftest import KTAB

GOOD = "\n".join(
    [
        'Test scenario,"A description, with a comma",3,2,',
        "Actor,Description,Power,Pos A,Sal A,Pos B,Sal B,",
        "Alpha, first , 100, 10, 40, 20, 50,",
        "Beta, second,  50.5 , 90, 30.5, 80, 10 ,  ",  # trailing comma and spaces
        "Gamma,,25,50,0,50,100",
        "",
        "",
    ]
)


def test_parses_values_and_scales_to_unit_interval() -> None:
    scenario = parse_ktab_csv(GOOD, source="good.csv")
    assert scenario.name == "Test scenario"
    assert scenario.description == "A description, with a comma"
    assert scenario.actors == ["Alpha", "Beta", "Gamma"]
    assert scenario.actor_descriptions == ["first", "second", ""]
    assert scenario.dimensions == ["Pos A", "Pos B"]
    np.testing.assert_allclose(scenario.capabilities, [100, 50.5, 25])
    np.testing.assert_allclose(scenario.positions, [[0.1, 0.2], [0.9, 0.8], [0.5, 0.5]])
    np.testing.assert_allclose(scenario.saliences, [[0.4, 0.5], [0.305, 0.1], [0.0, 1.0]])


def test_reads_ktabs_reference_inputs() -> None:
    soe = read_ktab_csv(KTAB / "SOE-Pol-Comp.csv")
    assert len(soe.actors) == 13 and soe.dimensions == ["Policy Position", "Competitive Position"]
    assert soe.actors[0] == "XJ" and soe.capabilities[0] == 100.0
    dummy = read_ktab_csv(KTAB / "dummyData_3Dim.csv")
    assert dummy.positions.shape == (7, 3)
    assert dummy.name == "DummyData_3Dim"
    big = read_ktab_csv(KTAB / "dummyData-a080.csv")
    assert big.positions.shape == (80, 1)


def replace_line(number: int, text: str) -> str:
    lines = GOOD.splitlines()
    lines[number - 1] = text
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        (replace_line(1, "Name,Desc,three,2"), 1, "whole number"),
        (replace_line(1, "Name,Desc,3"), 1, "4 fields"),
        (replace_line(1, "Name,Desc,3,0"), 1, "at least 1"),
        (replace_line(2, "Actor,Description,Power,Pos A,Sal A"), 2, "header row has 5"),
        (replace_line(3, "Alpha,first,100,10,40,20"), 3, "expected 7"),
        (replace_line(3, "Alpha,first,lots,10,40,20,50"), 3, "expected a number"),
        (replace_line(4, "Beta,second,50,101,30,80,10"), 4, "between 0 and 100"),
        (replace_line(4, "Beta,second,50,90,-1,80,10"), 4, "between 0 and 100"),
        (replace_line(4, "Beta,second,-5,90,30,80,10"), 4, "positive"),
        (replace_line(4, "Beta,second,50,90,nan,80,10"), 4, "finite"),
        (replace_line(4, "Beta,second,50,90,60,80,50"), 4, "at most 100"),
        (replace_line(4, "Alpha,second,50,90,30,80,10"), 4, "duplicate"),
        (GOOD + "Delta,x,1,1,1,1,1\n", 7, "declares 3"),
    ],
)
def test_malformed_files_raise_input_error_with_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_ktab_csv(text, source="bad.csv")
    error = caught.value
    assert error.file == "bad.csv"
    assert error.line == line
    assert fragment in error.message
    assert str(error).startswith(f"bad.csv:{line}")


def test_missing_actor_rows_and_keys_are_reported() -> None:
    with pytest.raises(InputError, match="found 2 actor row") as short:
        parse_ktab_csv("\n".join(GOOD.splitlines()[:4]), source="short.csv")
    # the file declares 3 actors on line 1 but has 2 rows: name the file and that line
    assert str(short.value).startswith("short.csv:1: number of actors: found 2")
    with pytest.raises(InputError) as caught:
        parse_ktab_csv(replace_line(4, "Beta,second,50,90,30,800,10"), source="bad.csv")
    assert caught.value.key == "Beta.Pos B"


def test_zero_saliences_are_accepted() -> None:
    """An actor that cares about no dimension takes part with zero weight (KTAB refuses it)."""
    scenario = parse_ktab_csv(replace_line(4, "Beta,second,50,90,0,80,0"), source="zero.csv")
    np.testing.assert_array_equal(scenario.saliences[1], [0.0, 0.0])


def test_empty_or_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty"):
        parse_ktab_csv("\n \n", source="empty.csv")
    with pytest.raises(InputError, match="cannot read"):
        read_ktab_csv(tmp_path / "absent.csv")
