"""Decisions of a government at home: how far to bend toward the armed factions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from agents.decisions.form import Amounts, Percentage
from agents.decisions.question import (
    Advice,
    Choice,
    Question,
    Wording,
    pct,
)
from agents.decisions.violence import governs

if TYPE_CHECKING:
    from sim.scenario.schema import Scenario


@dataclass(frozen=True)
class Concede(Question):
    """Share of the way the government's stated line moves toward the factions' this month,
    in [0, 1]; the model moves ``home_concession`` times the faction pressure."""

    kind = "concede"
    pressure: float  # capability-weighted mean grievance of the factions, 0-1
    suggested: float  # the model's share, 0-1
    own: Amounts  # the government's own line, issue units
    factions_line: Amounts  # the factions' capability-weighted ideal, issue units

    @classmethod
    def asked_of(cls, scenario: Scenario, actor_id: str) -> bool:
        factions = any(a.kind == "faction" for a in scenario.actors.values())
        return governs(scenario, actor_id) and factions

    def heuristic(self) -> Choice:
        share = self.suggested
        return Choice(share, f"move {share:.3f} toward factions under pressure")

    def answer(self) -> float:
        return self.suggested

    def describe(self, wording: Wording) -> list[str]:
        lines = [
            "How far do you bend your line toward the armed factions this month?",
            f"  faction pressure {pct(self.pressure)}",
            Advice(f"  the model bends {pct(self.suggested)}"),
        ]
        for issue, own in self.own.items():
            lines.append(
                f"  {wording.issue_label(issue)}: your line "
                f"{wording.amount(issue, own)}, the factions' "
                f"{wording.amount(issue, self.factions_line[issue])}"
            )
        return [*lines, "  answer a percentage from 0 (hold your line) to 100 (adopt theirs)"]

    FORM = Percentage(0.0, 1.0, False, "a share from 0 to 1 (0 = hold your line)")
