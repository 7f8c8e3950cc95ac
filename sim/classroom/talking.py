"""Talk in a running session: what a seat or the facilitator says or proposes is checked
(:mod:`sim.classroom.talk`), appended to the session's store and added to its talk, so it
survives a kill and a resume. An accepted proposal is released as an inject whose ``table``
effect puts the deal on its track's table at the next month not yet begun (see
:meth:`Session.release`), so the run, its replay and its branches stay exact."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.classroom.talk import (
    ANNOUNCE,
    FACILITATOR,
    Message,
    Proposal,
    channels,
    check_proposal,
    clean_text,
)
from sim.errors import InputError

if TYPE_CHECKING:
    from sim.classroom.session import Released, Session


def say(session: Session, by: str, channel: str, text: object) -> Message:
    """A seat writes in one of its channels (the facilitator: only announcements)."""
    seats = list(session.exercise.seats)
    allowed = [ANNOUNCE] if by == FACILITATOR else channels(by, seats)
    if by != FACILITATOR:
        allowed.remove(ANNOUNCE)
    if channel not in allowed:
        raise InputError(f"you cannot write in {channel!r}", file="message", key="channel")
    payload = {"turn": session.turn, "channel": channel, "by": by, "text": clean_text(text)}
    seq = session.store.append("message", payload)
    session.talk.add(seq, "message", payload)
    return session.talk.messages[-1]


def propose(session: Session, by: str, to: str, track: str, deal: object) -> Proposal:
    """A seat proposes a deal on a track it shares with ``to`` (issue units)."""
    checked = check_proposal(session.base, list(session.exercise.seats), by, to, track, deal)
    payload = {"turn": session.turn, "by": by, "to": to, "track": track, "deal": checked}
    seq = session.store.append("proposal", payload)
    session.talk.add(seq, "proposal", payload)
    return session.talk.proposals[seq]


def reply(session: Session, by: str, seq: int, accept: bool) -> Released | None:
    """The seat a proposal went to accepts or declines it while its turn is open. Accepted, the
    deal is released first (the release may refuse: the exercise is over) and the answer
    stored after it."""
    proposal = session.talk.open_for(by, seq, session.turn)
    released = None
    if accept:
        released = session.release(f"proposal_{seq}", written=written_inject(session, proposal))
    answer = "accepted" if accept else "declined"
    payload = {"turn": session.turn, "proposal": seq, "by": by, "answer": answer}
    session.talk.add(session.store.append("reply", payload), "reply", payload)
    return released


def written_inject(session: Session, proposal: Proposal) -> dict:
    """The inject of an accepted proposal: one ``table`` effect, by the two seats."""
    names = {a: session.base.actors[a].name for a in (proposal.by, proposal.to)}
    track = session.base.tracks[proposal.track]
    return {
        "label": f"{names[proposal.by]} and {names[proposal.to]} table a deal ({track.label})",
        "effects": [
            {
                "kind": "table",
                "track": proposal.track,
                "deal": proposal.deal,
                "parties": [proposal.by, proposal.to],
            }
        ],
        "source": "judgement",
        "reason": "a proposal made and accepted in class",
    }
