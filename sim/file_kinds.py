"""What kind of file a YAML file is, from its shape: a scenario, a sweep, a calibration, a
classroom exercise or the fact catalogue. ``validate`` checks each kind with its own loader."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

Kind = Literal["scenario", "sweep", "calibration", "exercise", "overlay", "facts", "data"]
KINDS: tuple[Kind, ...] = (
    "scenario",
    "sweep",
    "calibration",
    "exercise",
    "overlay",
    "facts",
    "data",
)


def kind_of_data(data: object) -> Kind:
    """The kind a file's top-level mapping shows: an explicit ``kind:`` naming one of
    :data:`KINDS`, else its distinctive keys (``base`` + ``parameters``: sweep; ``scenario`` +
    ``targets``: calibration; ``scenario`` + ``seats``: exercise; ``set`` with at most
    ``calibration`` and ``description``: an overlay; ``documents`` or ``facts``: the fact
    catalogue); anything else is read as a scenario."""
    if not isinstance(data, dict):
        return "scenario"
    keys = set(data)
    if data.get("kind") in KINDS and "actors" not in keys:
        return data["kind"]
    if {"base", "parameters"} <= keys:
        return "sweep"
    if {"scenario", "targets"} <= keys:
        return "calibration"
    if {"scenario", "seats"} <= keys:
        return "exercise"
    if "set" in keys and keys <= {"set", "calibration", "description"}:
        return "overlay"  # what ``calibrate`` writes and scenarios list under ``overlays:``
    if keys & {"documents", "facts"} and not keys & {"actors", "extends", "meta"}:
        return "facts"
    return "scenario"


def kind_of(path: Path) -> Kind:
    """The kind of the file at ``path``; data that is not YAML (KTAB's CSV and text files)
    is ``data``. A file that does not parse is handed to the scenario loader, which says why."""
    if path.suffix.lower() not in (".yaml", ".yml") or "ktab" in path.parts:
        return "data"
    from sim.errors import InputError
    from sim.scenario.yaml_source import read_yaml

    try:  # the bounded reader: a hostile file is refused here as it would be by the loader
        data, _ = read_yaml(path, str(path))
    except InputError:
        return "scenario"
    return kind_of_data(data)


#: what to do with each kind of file, as the advice of a refusal
USE_FOR: dict[Kind, str] = {
    "scenario": "a scenario file is run with 'run.py run' or 'run.py ensemble'",
    "sweep": "a sweep file is run with 'run.py sweep'",
    "calibration": "a calibration file is run with 'run.py calibrate'",
    "exercise": "an exercise file is played with 'run.py play', 'run.py brief' or "
    "'run.py classroom serve'",
    "overlay": "an overlay is applied by a scenario's overlays: list, and checked with "
    "'run.py validate'",
    "facts": "the fact catalogue is checked with 'run.py validate'",
    "data": "KTAB CSV files are run with 'run.py bargain', and a run's state.json is started "
    "from by a scenario's initial_state",
}


def article(kind: Kind) -> str:
    """'a sweep', 'an exercise', 'an overlay'."""
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"


def expect_kind(path: Path, wanted: Kind, asked_by: str, hint: str = "") -> None:
    """Refuse a file of another kind than ``asked_by`` needs, in one line naming the kind the
    file is and what to do instead (``hint``, else what :data:`USE_FOR` says of that kind)."""
    if path.is_dir():
        from sim.errors import InputError
        from sim.paths import display_name

        raise InputError(
            f"is a folder, and {asked_by} needs {article(wanted)} file; name the file",
            file=display_name(path),
        )
    found = kind_of(path)
    if found != wanted:
        from sim.errors import InputError
        from sim.paths import display_name

        what = "is not a YAML file" if found == "data" else f"is {article(found)} file"
        raise InputError(
            f"{what}, and {asked_by} needs {article(wanted)} file; {hint or USE_FOR[found]}",
            file=display_name(path),
        )
