"""Readable axis labels, with units, for the names a sweep table uses: outcomes
(``tension.mean``, ``final_status_quo.us_troops``), series columns (``status_quo:us_troops``)
and parameters (``actors.washington.behaviour.strike_resolve``).

Issue labels and units come from the sweep's base scenario; :func:`use_scenario` reads them once
per base file. A name this module does not know is shown as it is.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

Issues = dict[str, tuple[str, str]]  # issue -> (label, units)

_ISSUES: Issues = {}
_SOURCE: list[str] = []  # the sweep the next figures come from, for their footer
STATS = {"final": "at the end", "min": "lowest", "max": "highest", "mean": "mean over the run"}
SHARES = ("tension", "stability", "fiscal_stress", "power_shortfall", "faction_pressure")
COUNTS = ("attacks", "strikes", "arrests", "protests", "spoils")
ROUNDS = ("agreed", "settled", "stalled", "failed", "rejected", "refused", "spoiled")


@lru_cache(maxsize=8)
def _issues_of(base: str) -> tuple[tuple[str, str, str], ...]:
    from sim.scenario.load import load_scenario

    try:
        scenario = load_scenario(base)
    except Exception:  # a base file moved or changed since the sweep: plain names, no units
        return ()
    return tuple((i, str(s.label), str(s.units)) for i, s in scenario.issues.items())


def use_scenario(manifest: dict[str, Any]) -> None:
    """Take issue labels and units from the sweep's base scenario for the labels that follow."""
    _ISSUES.clear()
    _SOURCE.clear()
    base = manifest.get("base")
    if base:
        _ISSUES.update({i: (label, units) for i, label, units in _issues_of(str(base))})
        from sim.scenario_ids import scenario_id

        _SOURCE.append(f"sweep {manifest.get('name')} of {scenario_id(str(base))}")


def source() -> str:
    """'sweep withdrawal_resolve of us_withdrawal-fast_exit': the footer of a sweep figure."""
    return _SOURCE[0] if _SOURCE else ""


def _issue(issue: str) -> tuple[str, str]:
    return _ISSUES.get(issue, (issue.replace("_", " "), ""))


def _with_units(text: str, units: str) -> str:
    """The units in brackets after the text, on a line of their own when both are long (an
    axis label is at most the height of its axes)."""
    if not units:
        return text
    return f"{text}\n({units})" if len(text) + len(units) > 40 else f"{text} ({units})"


def outcome_label(name: str) -> str:
    """``tension.mean`` -> ``tension, mean over the run (0–1)``; unknown names as they are."""
    parts = name.split(".")
    head = parts[0]
    if head in ("tension", "stability") and len(parts) == 2 and parts[1] in STATS:
        return f"{head}, {STATS[parts[1]]} (0–1)"
    if head == "final_status_quo" and len(parts) == 2:
        label, units = _issue(parts[1])
        return _with_units(f"{label}, at the end", units)
    if head == "violence" and len(parts) == 2:
        return f"{parts[1].replace('_', ' ')} over the run (count)"
    if head == "tracks" and len(parts) >= 3:
        track, what = parts[1], ".".join(parts[2:])
        if what == "agreed":
            return f"agreement on {track} (1 yes, 0 no)"
        if what == "settled":
            return f"{track} settled (1 yes, 0 no)"
        if what == "rounds_held":
            return f"rounds held on {track} (count)"
        if what == "agreements":
            return f"agreements on {track} (count)"
        if what.startswith("rounds.") and what.split(".", 1)[1] in ROUNDS:
            return f"{what.split('.', 1)[1]} rounds on {track} (count)"
    return name


def series_label(column: str) -> str:
    """``status_quo:us_troops`` -> ``US troops in Iraq, status quo (troops)``."""
    parts = column.split(":")
    if parts[0] == "status_quo" and len(parts) == 2:
        label, units = _issue(parts[1])
        return _with_units(f"{label}, status quo", units)
    if parts[0] == "position" and len(parts) == 3:
        label, units = _issue(parts[2])
        return _with_units(f"{parts[1]}'s position on {label}", units)
    if parts[0] == "trust" and len(parts) == 3:
        return f"trust of {parts[1]} in {parts[2]} (0–1)"
    if parts[0] == "paused" and len(parts) == 2:
        return f"{parts[1]} paused (1 yes, 0 no)"
    if parts[0] == "grievance" and len(parts) == 2:
        return f"grievance of {parts[1]} (0–1)"
    if column in SHARES:
        return f"{column.replace('_', ' ')} (0–1)"
    if column in COUNTS:
        return f"{column} in the month (count)"
    if column == "caretaker":
        return "caretaker government (1 yes, 0 no)"
    return column


def parameter_label(parameter: str) -> str:
    """A parameter path without its first part and with spaces: the name a reader scans."""
    return parameter.split(".", 1)[-1].replace("_", " ")
