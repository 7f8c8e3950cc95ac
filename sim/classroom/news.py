"""The model's event log told as news: one plain sentence per event a class would want to
know (attacks, strikes, rounds and why they ended, agreements, injects), none for the model's
own bookkeeping (each decision, each effect line). The facilitator reads these; the raw records
stay behind a "details" toggle."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sim.scenario.schema import Scenario

Record = Mapping[str, object]

RESULTS = {
    "agreed": "agreed a step",
    "settled": "settled",
    "stalled": "stalled",
    "failed": "failed, and trust fell",
    "rejected": "ended with the deal rejected",
    "refused": "did not meet",
}


@dataclass(frozen=True)
class NewsWords:
    """Names and labels of a scenario, so news never shows an id."""

    actors: dict[str, str]
    tracks: dict[str, str]
    issues: dict[str, tuple[str, str]]  # issue -> (label, units)

    @classmethod
    def of(cls, scenario: Scenario) -> NewsWords:
        return cls(
            {a: spec.name for a, spec in scenario.actors.items()},
            {t: spec.label for t, spec in scenario.tracks.items()},
            {i: (spec.label, spec.units) for i, spec in scenario.issues.items()},
        )

    def actor(self, actor_id: object) -> str:
        return self.actors.get(str(actor_id), str(actor_id))

    def track(self, track_id: object) -> str:
        return self.tracks.get(str(track_id), str(track_id))

    def amounts(self, values: object) -> str:
        """'US troops in Iraq 2,500 troops' for each issue of a deal."""
        if not isinstance(values, Mapping):
            return ""
        parts = []
        for issue, value in values.items():
            label, units = self.issues.get(str(issue), (str(issue), ""))
            number = float(value) if isinstance(value, int | float) else 0.0
            parts.append(f"{label} {number:,.0f} {units.split(' (')[0]}".strip())
        return ", ".join(parts)


def headline(record: Record, words: NewsWords) -> str | None:
    """The event in one plain sentence, or None when it is bookkeeping, not news."""
    kind = record.get("type")
    actor = words.actor(record.get("actor"))
    track = words.track(record.get("track"))
    if kind == "attack":
        count = record.get("count", 1)
        attacks = "1 attack" if count == 1 else f"{count} attacks"
        return f"{actor} attacked {words.actor(record.get('target'))} ({attacks})"
    if kind == "strike":
        return f"{actor} struck {words.actor(record.get('target'))}"
    if kind == "campaign":
        level = str(record.get("level", ""))
        verb = {"suspend": "suspended", "go on": "went on with", "escalate": "escalated"}
        return f"{actor} {verb.get(level, level)} its campaign"
    if kind == "round":
        result = str(record.get("result", ""))
        text = f"Round of the {track}: {RESULTS.get(result, result)}"
        tabled = record.get("tabled_by")
        if isinstance(tabled, list) and tabled:
            text += f" on the deal of {' and '.join(words.actor(a) for a in tabled)}"
        who = record.get("refused") or record.get("rejected")
        if isinstance(who, list) and who:
            text += f" (by {', '.join(words.actor(a) for a in who)})"
        return text
    if kind == "agreement":
        return f"Agreement in the {track}: {words.amounts(record.get('deal'))}"
    if kind == "convened":
        return f"{words.actor(record.get('by'))} called a round of the {track}"
    if kind == "tabled":
        by = record.get("by")
        names = " and ".join(words.actor(a) for a in by) if isinstance(by, list) else ""
        return f"The deal of {names} was not put to the {track}: {record.get('why', '')}"
    if kind == "opened":
        return f"{words.actor(record.get('by'))} opened the {track}"
    if kind == "abandon":
        return f"{actor} abandoned the {track}"
    if kind == "closed":
        return f"The {track} closed: every party left it"
    if kind == "defected":
        return f"{actor} walked away from the {track} agreement"
    if kind == "spoil":
        return f"{actor} attacked the {track} talks"
    if kind == "arrest":
        return f"{actor} arrested a cell of {words.actor(record.get('target'))}"
    if kind == "protest":
        return f"{actor} called its supporters into the streets"
    if kind in ("pause", "pause_end"):
        return f"{actor} {'declared a truce' if kind == 'pause' else 'ended its truce'}"
    if kind == "implemented":
        values = {str(record.get("issue")): record.get("value")}
        return f"Carried out: {words.amounts(values)}"
    if kind == "inject":
        return f"News: {record.get('label', '')}"
    return None
