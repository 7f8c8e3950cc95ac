"""Talk between the people of a session: channels, who may read what, and proposals.

Pure: no store, no web. A message lives in one channel: ``public`` (every seat), ``team:SEAT``
(the students sharing one seat), ``private:A+B`` (two seats, ids sorted) or ``announce`` (the
facilitator's announcements, shown to all). A seat reads the public channel, the
announcements, its own team channel and the private channels it is one of the two of; the
facilitator reads every channel. A proposal is numbers on the issues of a track both seats are
parties of, in the issues' own units and within their scales; the other seat accepts or
declines it, or it lapses when its turn is over. The text is kept as typed (control characters
dropped) and escaped where it is shown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sim.errors import InputError
from sim.scenario.schema import Scenario

MAX_TEXT = 500  # characters of one message
FACILITATOR = "facilitator"
PUBLIC, ANNOUNCE = "public", "announce"
KINDS = ("message", "proposal", "reply")  # the store's entry kinds of talk


def private(a: str, b: str) -> str:
    """The private channel of two seats (the same whoever writes first)."""
    first, second = sorted((a, b))
    return f"private:{first}+{second}"


def team(seat: str) -> str:
    return f"team:{seat}"


def channels(seat: str, seats: list[str]) -> list[str]:
    """The channels a seat reads and writes, in the order a page lists them."""
    return [PUBLIC, ANNOUNCE, team(seat), *(private(seat, s) for s in seats if s != seat)]


def may_read(reader: str, channel: str) -> bool:
    """The facilitator reads all; a seat its public, team and own private channels."""
    if reader == FACILITATOR or channel in (PUBLIC, ANNOUNCE):
        return True
    if channel == team(reader):
        return True
    if channel.startswith("private:"):
        return reader in channel.removeprefix("private:").split("+")
    return False


def clean_text(text: object) -> str:
    """A message's text: stripped, control characters (but line breaks) dropped, not empty,
    at most MAX_TEXT characters."""
    if not isinstance(text, str):
        raise InputError("a message is text", file="message")
    kept = "".join(c for c in text if c == "\n" or c.isprintable()).strip()
    if not kept:
        raise InputError("the message is empty", file="message")
    if len(kept) > MAX_TEXT:
        raise InputError(
            f"the message is too long ({len(kept)} characters, at most {MAX_TEXT})",
            file="message",
        )
    return kept


@dataclass(frozen=True)
class Message:
    seq: int
    turn: int
    channel: str
    by: str
    text: str


@dataclass
class Proposal:
    """A seat's formal proposal to another; ``answer`` is accepted, declined or empty."""

    seq: int
    turn: int
    by: str
    to: str
    track: str
    deal: dict[str, float]
    answer: str = ""

    def status(self, turn: int) -> str:
        """open, accepted, declined, or lapsed (unanswered when its turn ended)."""
        if self.answer:
            return self.answer
        return "open" if self.turn >= turn else "lapsed"


def tracks_of(scenario: Scenario, a: str, b: str) -> list[str]:
    """The tracks both seats are parties of (where one may propose to the other)."""
    return [t for t, spec in scenario.tracks.items() if a in spec.parties and b in spec.parties]


def check_proposal(
    scenario: Scenario, seats: list[str], by: str, to: str, track: str, deal: object
) -> dict[str, float]:
    """The deal of a proposal, checked: two different seats, parties of the track, a finite
    number on each of the track's issues within its scale."""
    if to not in seats or to == by:
        raise InputError(f"propose to another seat, not {to!r}", file="proposal", key="to")
    if track not in tracks_of(scenario, by, to):
        raise InputError(f"no track where both are parties: {track!r}", file="proposal")
    spec = scenario.tracks[track]
    if not isinstance(deal, dict) or set(deal) != set(spec.issues):
        need = ", ".join(spec.issues)
        raise InputError(f"give one number for each issue ({need})", file="proposal")
    checked = {}
    for issue in spec.issues:
        value = deal[issue]
        scale = scenario.issues[issue]
        low, high = float(scale.min), float(scale.max)
        number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
        if number is None or not math.isfinite(number) or not low <= number <= high:
            raise InputError(
                f"{scale.label}: give a number from {low:g} to {high:g}",
                file="proposal",
                key=issue,
            )
        checked[issue] = float(number)
    return checked


@dataclass
class Talk:
    """Everything said and proposed in a session, rebuilt from the store's talk entries."""

    messages: list[Message] = field(default_factory=list)
    proposals: dict[int, Proposal] = field(default_factory=dict)

    def add(self, seq: int, kind: str, payload: dict) -> None:
        """One stored entry (its shape checked by the store's row checker)."""
        if kind == "message":
            self.messages.append(
                Message(seq, payload["turn"], payload["channel"], payload["by"], payload["text"])
            )
        elif kind == "proposal":
            deal = {k: float(v) for k, v in payload["deal"].items()}
            self.proposals[seq] = Proposal(
                seq, payload["turn"], payload["by"], payload["to"], payload["track"], deal
            )
        elif kind == "reply" and payload["proposal"] in self.proposals:
            self.proposals[payload["proposal"]].answer = payload["answer"]

    def readable(self, reader: str) -> list[Message]:
        return [m for m in self.messages if may_read(reader, m.channel)]

    def proposals_of(self, seat: str) -> list[Proposal]:
        """The proposals a seat made or received (the facilitator's: all)."""
        return [p for p in self.proposals.values() if seat in (FACILITATOR, p.by, p.to)]

    def open_for(self, seat: str, seq: int, turn: int) -> Proposal:
        """The proposal ``seat`` may answer now."""
        proposal = self.proposals.get(seq)
        if proposal is None or proposal.to != seat:
            raise InputError("no such proposal to you", file="proposal")
        status = proposal.status(turn)
        if status != "open":
            raise InputError(f"that proposal is {status}", file="proposal")
        return proposal

    def count(self) -> int:
        """How many talk entries there are (changes whenever something is said or answered)."""
        answered = sum(1 for p in self.proposals.values() if p.answer)
        return len(self.messages) + len(self.proposals) + answered


def transcript(talk: Talk, scenario: Scenario, turn: int) -> list[list[str]]:
    """Every message and proposal in order, for the debrief: turn, who, to whom, what (names,
    never ids; a proposal's deal in its issues' units and what became of it by ``turn``)."""

    def name(who: str) -> str:
        return scenario.actors[who].name if who in scenario.actors else "Facilitator"

    def audience(channel: str) -> str:
        kind, _, rest = channel.partition(":")
        if kind == "team":
            return f"team of {name(rest)}"
        if kind == "private":
            return " and ".join(name(s) for s in rest.split("+"))
        return "everyone" if channel == PUBLIC else "announcement"

    rows: list[tuple[int, list[str]]] = [
        (m.seq, [str(m.turn), name(m.by), audience(m.channel), m.text]) for m in talk.messages
    ]
    for p in talk.proposals.values():
        issues = scenario.issues
        deal = ", ".join(f"{issues[i].label} {v:,.6g} {issues[i].units}" for i, v in p.deal.items())
        track = scenario.tracks[p.track].label
        what = f"proposal ({track}): {deal}; {p.status(turn)}"
        rows.append((p.seq, [str(p.turn), name(p.by), name(p.to), what]))
    return [row for _, row in sorted(rows, key=lambda item: item[0])]
