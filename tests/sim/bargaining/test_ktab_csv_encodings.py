"""KTAB files as spreadsheets save them: UTF-8 with or without a byte-order mark and
Windows-1252 load; binary data, UTF-16, zipped workbooks and other encodings are refused with
the line, never a byte offset; semicolon- and tab-separated files get a hint."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sim.bargaining import read_ktab_csv
from sim.errors import InputError

ROWS = [
    "Zürich talks,Café société,3,1",
    "Actor,Description,Power,Position,Salience",
    "Müller,Bundesrat,100,20,50",
    "Señora,présidente,50,80,40",
    "Œuvre,“quoted” – dash,25,50,30",
]
TEXT = "\r\n".join(ROWS) + "\r\n"


def write(tmp_path: Path, data: bytes, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data",
    [TEXT.encode("utf-8"), b"\xef\xbb\xbf" + TEXT.encode("utf-8"), TEXT.encode("cp1252")],
    ids=["utf-8", "utf-8 with BOM", "windows-1252"],
)
def test_encodings_ktab_reads_load_with_the_same_names(tmp_path: Path, data: bytes) -> None:
    scenario = read_ktab_csv(write(tmp_path, data))
    assert scenario.name == "Zürich talks"
    assert scenario.actors == ["Müller", "Señora", "Œuvre"]
    assert scenario.actor_descriptions[2] == "“quoted” – dash"
    np.testing.assert_allclose(scenario.positions[:, 0], [0.2, 0.8, 0.5])


def refusal(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        read_ktab_csv(path)
    return caught.value


def test_a_nul_byte_names_its_line_not_an_offset(tmp_path: Path) -> None:
    data = TEXT.encode("utf-8").replace(b"Se\xc3\xb1ora", b"Se\x00ora")
    error = refusal(write(tmp_path, data))
    assert error.line == 4
    assert "binary" in error.message and "offset" not in str(error)


def test_bytes_that_are_neither_utf8_nor_windows_1252_name_the_line(tmp_path: Path) -> None:
    # 0x81 is undefined in Windows-1252, and a lone continuation byte is not UTF-8
    data = TEXT.encode("utf-8").replace(b"Bundesrat", b"Bundes\x81rat")
    error = refusal(write(tmp_path, data))
    assert error.line == 3 and "0x81" in error.message and "UTF-8" in error.message


def test_utf16_and_zipped_workbooks_get_a_hint(tmp_path: Path) -> None:
    utf16 = refusal(write(tmp_path, TEXT.encode("utf-16")))
    assert utf16.line == 1 and "UTF-16" in utf16.message
    workbook = refusal(write(tmp_path, b"PK\x03\x04" + bytes(range(256)), "book.csv"))
    assert workbook.line == 1 and "zip" in workbook.message


@pytest.mark.parametrize(("delimiter", "name"), [(";", "semicolons"), ("\t", "tabs")])
def test_semicolon_and_tab_files_get_a_delimiter_hint(
    tmp_path: Path, delimiter: str, name: str
) -> None:
    text = TEXT.replace(",", delimiter)
    error = refusal(write(tmp_path, text.encode("utf-8")))
    assert error.line == 1 and f"separated by {name}" in error.message


def test_a_single_semicolon_row_in_a_comma_file_gets_the_hint_on_its_line(tmp_path: Path) -> None:
    text = TEXT.replace("Señora,présidente,50,80,40", "Señora;présidente;50;80;40")
    error = refusal(write(tmp_path, text.encode("utf-8")))
    assert error.line == 4 and "separated by semicolons" in error.message


def test_a_comma_file_with_too_few_fields_gets_no_delimiter_hint(tmp_path: Path) -> None:
    text = TEXT.replace("Señora,présidente,50,80,40", "Señora,présidente,50,80")
    error = refusal(write(tmp_path, text.encode("utf-8")))
    assert error.line == 4 and "separated by" not in error.message


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=300),
    position=st.integers(min_value=0, max_value=len(TEXT)),
)
def test_any_bytes_load_or_are_refused_with_a_line(
    tmp_path: Path, data: bytes, position: int
) -> None:
    """Fuzz: random bytes spliced into a good file either load or raise an InputError that
    names a line (never a traceback, never a byte offset)."""
    good = TEXT.encode("utf-8")
    path = write(tmp_path, good[:position] + data + good[position:])
    try:
        read_ktab_csv(path)
    except InputError as error:
        assert error.file == str(path)
        assert error.line is not None or "empty" in error.message or "header row" in error.message
        assert not re.search(r"position \d+|offset", str(error))
        assert "\n" not in str(error)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    names=st.lists(
        st.text(
            alphabet=st.characters(
                codec="cp1252", exclude_characters=',"\r\n', exclude_categories=("Cc", "Zs")
            ),
            min_size=1,
            max_size=12,
        )
        .map(str.strip)
        .filter(bool),
        min_size=2,
        max_size=5,
        unique=True,
    )
)
def test_any_windows_1252_names_round_trip(tmp_path: Path, names: list[str]) -> None:
    rows = [f"S,d,{len(names)},1", "Actor,Desc,Power,P,S"]
    rows += [f"{name},x,{i + 1},{10 * i},50" for i, name in enumerate(names)]
    text = "\r\n".join(rows)
    encoded = text.encode("cp1252")
    # bytes that are also valid UTF-8 (such as "Ã©") read as UTF-8: the one ambiguity
    assume(_utf8_or_none(encoded) in (None, text))
    assert read_ktab_csv(write(tmp_path, encoded)).actors == names
    assert read_ktab_csv(write(tmp_path, text.encode("utf-8"))).actors == names


def _utf8_or_none(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None
