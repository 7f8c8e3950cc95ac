"""Readable labels, with units, for the names a sweep table uses: outcomes
(``tension.mean``, ``final_status_quo.us_troops``), series columns (``status_quo:us_troops``)
and parameters (``actors.washington.behaviour.strike_resolve``).

Issue labels and units, actor names and track labels come from the sweep's base scenario:
:meth:`Labels.of` reads them from a manifest, and every figure is handed the ``Labels`` it
draws with, so no figure depends on which sweep was analysed before it. A name this module
does not know is shown as it is.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, get_args

if TYPE_CHECKING:
    from sim.sweep.condition import Condition

STATS = {"final": "at the end", "min": "lowest", "max": "highest", "mean": "mean over the run"}
SHARES = ("tension", "stability", "fiscal_stress", "power_shortfall", "faction_pressure")
COUNTS = ("attacks", "strikes", "arrests", "protests", "spoils")
ROUNDS = ("agreed", "settled", "stalled", "failed", "rejected", "refused", "spoiled")
SHARE = "0–1"
YES_NO = "1 yes, 0 no"
ISSUE_FIELDS = {"status_quo": "status quo", "min": "scale minimum", "max": "scale maximum"}


@dataclass(frozen=True)
class Scenery:
    """What a label needs from a scenario: issue (label, units), actor names, track labels,
    and which behaviour and track fields are shares (0–1)."""

    issues: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    actors: Mapping[str, str] = field(default_factory=dict)
    tracks: Mapping[str, str] = field(default_factory=dict)


@lru_cache(maxsize=8)
def _scenery_of(base: str) -> Scenery:
    from sim.scenario.load import load_scenario

    try:
        scenario = load_scenario(base)
    except Exception:  # a base file moved or changed since the sweep: plain names, no units
        return Scenery()
    return Scenery(
        issues={i: (str(s.label), str(s.units)) for i, s in scenario.issues.items()},
        # without the parenthesis, as in a run's figures: "Baghdad's position", not
        # "Baghdad (Kadhimi government)'s position"
        actors={a: str(s.name).split(" (")[0] for a, s in scenario.actors.items()},
        tracks={t: str(s.label) for t, s in scenario.tracks.items()},
    )


@lru_cache(maxsize=1)
def _share_fields() -> tuple[frozenset[str], frozenset[str]]:
    """Behaviour and track fields declared as shares: their labels say (0–1)."""
    from sim.scenario.quantity import Share
    from sim.scenario.schema import Behaviour, Track

    marks = list(get_args(Share)[1:])  # Annotated[Quantity, check]: the check

    def shares(model: Any) -> frozenset[str]:
        return frozenset(k for k, f in model.model_fields.items() if f.metadata == marks)

    return shares(Behaviour), shares(Track)


def with_units(text: str, units: str) -> str:
    """The units in brackets after the text, on a line of their own when both are long (an
    axis label is at most the height of its axes)."""
    if not units:
        return text
    return f"{text}\n({units})" if len(text) + len(units) > 40 else f"{text} ({units})"


def _words(name: str) -> str:
    return name.replace("_", " ")


DESIGN_NAMES = {
    "grid": "grid",
    "random": "random sample",
    "latin_hypercube": "Latin hypercube",
    "sobol": "Saltelli design",
    "saltelli": "Saltelli design",
    "morris": "Morris design",
}


def footer_of(manifest: Mapping[str, Any]) -> str:
    """What a sweep figure's footer says: the sweep (its name when it has one of its own), its
    scenario, design and master seed: ``sweep withdrawal_resolve of baseline_2020: grid,
    master seed 20200103``, ``ensemble of baseline_2020, master seed 2020``."""
    from sim.scenario_ids import scenario_id

    base = scenario_id(str(manifest["base"]))
    name = manifest.get("name")
    named = f" {name}" if name and name != base else ""
    seed = f"master seed {manifest.get('seed', 0)}"
    if not manifest.get("parameters"):
        return f"ensemble{named} of {base}, {seed}"
    kind = str((manifest.get("design") or {}).get("kind", ""))
    return f"sweep{named} of {base}: {DESIGN_NAMES.get(kind, kind)}, {seed}"


@dataclass(frozen=True)
class Labels:
    """Labels for one sweep's figures, and the footer that names the sweep."""

    scenery: Scenery = field(default_factory=Scenery)
    source: str = ""

    @classmethod
    def of(cls, manifest: Mapping[str, Any]) -> Labels:
        """The labels of the sweep a manifest describes (plain names if its base is gone)."""
        base = manifest.get("base")
        if not base:
            return cls()
        return cls(_scenery_of(str(base)), footer_of(manifest))

    def _issue(self, issue: str) -> tuple[str, str]:
        return self.scenery.issues.get(issue, (_words(issue), ""))

    def _actor(self, actor: str) -> str:
        return self.scenery.actors.get(actor, actor)

    def _track(self, track: str) -> str:
        return self.scenery.tracks.get(track, _words(track))

    # outcomes -------------------------------------------------------------------------------
    def _outcome(self, name: str) -> tuple[str, str] | None:
        parts = name.split(".")
        head = parts[0]
        if head in ("tension", "stability") and len(parts) == 2 and parts[1] in STATS:
            return f"{head}, {STATS[parts[1]]}", SHARE
        if head == "final_status_quo" and len(parts) == 2:
            label, units = self._issue(parts[1])
            return f"{label}, at the end", units
        if head == "violence" and len(parts) == 2:
            return f"{_words(parts[1])} over the run", "count"
        if head == "tracks" and len(parts) >= 3:
            track, what = self._track(parts[1]), ".".join(parts[2:])
            if what == "agreed":
                return f"agreement on {track}", YES_NO
            if what == "settled":
                return f"{track} settled", YES_NO
            if what == "rounds_held":
                return f"rounds held on {track}", "count"
            if what == "agreements":
                return f"agreements on {track}", "count"
            if what.startswith("rounds.") and what.split(".", 1)[1] in ROUNDS:
                return f"{what.split('.', 1)[1]} rounds on {track}", "count"
        return None

    def outcome(self, name: str) -> str:
        """``tension.mean`` -> ``tension, mean over the run (0–1)``; unknown names as they are."""
        found = self._outcome(name)
        return with_units(*found) if found else name

    def outcome_words(self, name: str) -> str:
        """The outcome's label without its units, for a title: ``tension, mean over the run``."""
        found = self._outcome(name)
        return found[0] if found else name

    def condition(self, condition: Condition) -> str:
        """``tension.mean > 0.3`` -> ``tension, mean over the run > 0.3``."""
        return " and ".join(
            f"{self.outcome_words(c.outcome)} {c.op} {c.value:g}" for c in condition.clauses
        )

    # series ---------------------------------------------------------------------------------
    def _series(self, column: str) -> tuple[str, str] | None:
        parts = column.split(":")
        if parts[0] == "status_quo" and len(parts) == 2:
            label, units = self._issue(parts[1])
            return f"{label}, status quo", units
        if parts[0] == "position" and len(parts) == 3:
            label, units = self._issue(parts[2])
            return f"{self._actor(parts[1])}'s position on {label}", units
        if parts[0] == "trust" and len(parts) == 3:
            return f"trust of {self._actor(parts[1])} in {self._actor(parts[2])}", SHARE
        if parts[0] == "paused" and len(parts) == 2:
            return f"{self._actor(parts[1])} paused", YES_NO
        if parts[0] == "grievance" and len(parts) == 2:
            return f"grievance of {self._actor(parts[1])}", SHARE
        if column in SHARES:
            return _words(column), SHARE
        if column in COUNTS:
            return f"{column} in the month", "count"
        if column == "caretaker":
            return "caretaker government", YES_NO
        return None

    def series(self, column: str) -> str:
        """``status_quo:us_troops`` -> ``US troops in Iraq, status quo (troops)``."""
        found = self._series(column)
        return with_units(*found) if found else column

    def series_words(self, column: str) -> str:
        """The series' label without its units, for a title."""
        found = self._series(column)
        return found[0] if found else column

    # parameters -----------------------------------------------------------------------------
    def _parameter(self, path: str) -> tuple[str, str]:
        parts = path.split(".")
        behaviour_shares, track_shares = _share_fields()
        if parts[0] == "actors" and len(parts) >= 3:
            who = self._actor(parts[1])
            rest = parts[2:]
            if rest[0] == "behaviour" and len(rest) == 2:
                return f"{who}: {_words(rest[1])}", SHARE if rest[1] in behaviour_shares else ""
            if rest[0] == "positions" and len(rest) == 3:
                label, units = self._issue(rest[1])
                if rest[2] == "position":
                    return f"{who}'s position on {label}", units
                if rest[2] == "salience":
                    return f"{who}'s salience of {label}", SHARE
            if rest[0] == "trust" and len(rest) == 2:
                return f"trust of {who} in {self._actor(rest[1])}", SHARE
            if len(rest) == 1:
                return f"{who}: {_words(rest[0])}", ""
        if parts[0] == "tracks" and len(parts) >= 3:
            track = self._track(parts[1])
            if len(parts) == 3:
                return f"{track}: {_words(parts[2])}", SHARE if parts[2] in track_shares else ""
            if parts[2] in ("max_change_per_step", "step_limit") and len(parts) == 4:
                label, units = self._issue(parts[3])
                per = f"{units} a step" if units else ""
                return f"{track}: {_words(parts[2])} on {label}", per
        if parts[0] == "issues" and len(parts) == 3 and parts[2] in ISSUE_FIELDS:
            label, units = self._issue(parts[1])
            return f"{label}: {ISSUE_FIELDS[parts[2]]}", units
        return _words(path.split(".", 1)[-1]), ""

    def parameter(self, path: str, wrap: bool = True) -> str:
        """``actors.washington.behaviour.strike_resolve`` -> ``Washington: strike resolve
        (0–1)``; a path this module does not know loses its first part and its underscores.
        ``wrap=False`` keeps the units on the same line (a label across a whole figure)."""
        text, units = self._parameter(path)
        if not wrap:
            return f"{text} ({units})" if units else text
        return with_units(text, units)

    def parameter_words(self, path: str) -> str:
        """The parameter's label without its units, for a title."""
        return self._parameter(path)[0]

    def tick(self, path: str, width: int = 22) -> str:
        """The parameter's label wrapped into lines of about ``width`` characters, for ticks."""
        text, units = self._parameter(path)
        full = f"{text} ({units})" if units else text
        return "\n".join(textwrap.wrap(full, width, break_on_hyphens=False))


PLAIN = Labels()
"""Labels without a scenario: issue ids for labels, no units for issues."""
