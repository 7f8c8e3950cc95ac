"""The model's event log told as news: one plain sentence per event a class would want to
know (attacks, strikes, rounds and why they ended, agreements, injects), none for the model's
own bookkeeping (each decision, each effect line). The facilitator reads these; the raw records
stay behind a "details" toggle.

Each seat reads its own feed through the fog of war (:mod:`sim.classroom.fog`): the public
events, the records that name it, and its own answers that did something; a projector reads
the public part only. No sentence carries a reason, a probability or a die."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sim.classroom.fog import sees
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
    if kind == "settled":
        return f"The {track} is settled: the final deal is signed"
    if kind == "deadline":
        return f"The {track} ran out of rounds without a deal"
    if kind == "government_formed":
        return f"{actor} formed a new government"
    if kind == "decision" and record.get("decision") == "offer":
        return f"{actor} offered in the {track}: {words.amounts(record.get('choice'))}"
    return None


YES_NO = {
    "propose": "call a round of the {track}",
    "seek": "seek talks on the {track}",
    "host": "host the round of the {track}",
    "join": "attend the round of the {track}",
    "accept": "accept the deal in the {track}",
    "vote": "vote for the deal in the {track}",
    "order": "order a step on your own",
}
"""Answers a seat reads as its own news: those that leave no public record of their own (an
attack, a strike, a truce, an arrest, a protest, a walk-out are told by the event itself)."""


def own_line(record: Record, words: NewsWords) -> str | None:
    """A seat's own answer that did something, told to that seat ('You chose to ...'); a no,
    a zero, or an answer whose event tells it already, is not news."""
    kind = str(record.get("decision"))
    choice = record.get("choice")
    if kind in YES_NO:
        track = words.track(record.get("track"))
        return f"You chose to {YES_NO[kind].format(track=track)}" if choice is True else None
    if not isinstance(choice, int | float) or isinstance(choice, bool) or choice == 0:
        return None
    if kind == "sponsor":
        verb = "press on" if choice > 0 else "hold back"
        return f"You told your factions to {verb} ({100 * float(choice):+.0f}%)"
    if kind == "concede":
        return f"You moved your line {100 * float(choice):.0f}% toward the factions'"
    return None


@dataclass(frozen=True)
class Item:
    """One line of a seat's (or the projector's) news."""

    step: int
    date: str
    text: str


def tell(record: Record, words: NewsWords) -> str | None:
    """The record's sentence for whoever may read it (:func:`fog.sees`): the event's headline,
    or for an answer its own seat's 'You ...' line; None when it is not news."""
    line = headline(record, words)
    if line is None and record.get("type") == "decision":
        line = own_line(record, words)
    return line


def seat_news(records: Iterable[Record], words: NewsWords, seat: str | None) -> list[Item]:
    """What ``seat`` may read of ``records`` (``seat`` None: the public part), oldest first."""
    items = []
    for record in records:
        line = tell(record, words) if sees(record, seat) else None
        if line is not None:
            step = record.get("step")
            items.append(Item(step if isinstance(step, int) else 0, str(record["date"]), line))
    return items
