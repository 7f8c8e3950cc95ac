"""Outcome rows find their file by path relative to the batch root, whatever folders hold
same-named files; a row that matches no file, or several, is refused with its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sim.bargaining.batch import batch_root, relative_names
from sim.bargaining.evaluation import Observed, match_outcomes, outcome_key
from sim.errors import InputError

ROOT = Path("/data/deu")
SEGMENT = st.sampled_from(["a", "b", "2001", "x y", "Ä"])
RELATIVE = st.lists(SEGMENT, min_size=1, max_size=3).map(lambda parts: "/".join(parts) + ".csv")


def observed_rows(names: list[str]) -> dict[str, Observed]:
    return {outcome_key(name): Observed((float(i),), i + 2) for i, name in enumerate(names)}


@settings(max_examples=200, deadline=None)
@given(
    relatives=st.lists(RELATIVE, min_size=1, max_size=8, unique=True),
    spelling=st.sampled_from(["as is", "no .csv", "./", "backslashes"]),
)
def test_every_file_gets_its_own_outcome(relatives: list[str], spelling: str) -> None:
    names = {str(ROOT / relative): relative for relative in relatives}
    spelled = {
        "as is": relatives,
        "no .csv": [r[:-4] for r in relatives],
        "./": ["./" + r for r in relatives],
        "backslashes": [r.replace("/", "\\") for r in relatives],
    }[spelling]
    matched = match_outcomes(names, observed_rows(spelled), Path("o.csv"), ROOT)
    assert {file: found.values[0] for file, found in matched.items()} == {
        str(ROOT / relative): float(i) for i, relative in enumerate(relatives)
    }


@settings(max_examples=100, deadline=None)
@given(relatives=st.lists(RELATIVE, min_size=1, max_size=8, unique=True), stray=RELATIVE)
def test_a_row_naming_no_file_is_refused_with_its_line(relatives: list[str], stray: str) -> None:
    assume(stray not in relatives)
    names = {str(ROOT / relative): relative for relative in relatives}
    rows = observed_rows([*relatives, stray])
    if "/" not in outcome_key(stray):
        # a bare name still matches a file of the batch by its name when only one has it
        assume(sum(Path(r).name == stray for r in relatives) != 1)
    with pytest.raises(InputError) as caught:
        match_outcomes(names, rows, Path("o.csv"), ROOT)
    assert caught.value.file == "o.csv" and caught.value.line is not None


def test_bare_names_match_when_unique_and_are_refused_when_shared() -> None:
    names = {"/r/a/x.csv": "a/x.csv", "/r/b/x.csv": "b/x.csv", "/r/b/y.csv": "b/y.csv"}
    matched = match_outcomes(names, observed_rows(["y"]), Path("o.csv"), Path("/r"))
    assert list(matched) == ["/r/b/y.csv"]
    with pytest.raises(InputError, match="2 files of the batch are named so") as caught:
        match_outcomes(names, observed_rows(["y", "x.csv"]), Path("o.csv"), Path("/r"))
    assert caught.value.line == 3


def test_the_batch_root_is_the_common_folder_of_the_inputs(tmp_path: Path) -> None:
    for folder in ("2001", "2002"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.csv").write_text("")
    inputs = [tmp_path / "2001", tmp_path / "2002" / "x.csv"]
    assert batch_root(inputs) == tmp_path
    files = [tmp_path / "2001" / "x.csv", tmp_path / "2002" / "x.csv"]
    assert list(relative_names(files, tmp_path).values()) == ["2001/x.csv", "2002/x.csv"]
    assert batch_root([tmp_path / "2001"]) == tmp_path / "2001"
