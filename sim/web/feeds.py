"""The news a page shows, turn by turn: a seat's feed through the fog of war, or the public
part alone for the projector (:mod:`sim.classroom.fog`, :mod:`sim.classroom.news`)."""

from __future__ import annotations

from dataclasses import dataclass

from sim.classroom.news import Item, NewsWords, by_turn, seat_news
from sim.web.rooms import Room


@dataclass(frozen=True)
class TurnNews:
    """The news of one turn, with the months it played."""

    turn: int
    months: str
    items: list[Item]


@dataclass(frozen=True)
class Feed:
    """The latest turn played (its news, maybe none) and the earlier turns, newest first."""

    current: TurnNews | None
    earlier: list[TurnNews]


def turn_of(room: Room, step: int) -> int:
    """The turn that plays month ``step`` (the session's turns may hold several months)."""
    session = room.session
    turn = 1
    while turn < session.turns and session.last_step(turn) < step:
        turn += 1
    return turn


def feed(room: Room, seat: str | None) -> Feed:
    """What ``seat`` may read, by turn (``seat`` None: the public part only). The current turn
    is the last one with a month played, so the box never shows an older turn as this one."""
    session = room.session
    records = session.model.world.log.records
    groups = by_turn(
        seat_news(records, NewsWords.of(session.base), seat), lambda s: turn_of(room, s)
    )
    played = session.model.steps
    if played < 1:
        return Feed(None, [])
    latest = turn_of(room, played)
    turns = [
        TurnNews(turn, months(room, turn), groups[turn])
        for turn in sorted(groups, reverse=True)
        if turn < latest
    ]
    return Feed(TurnNews(latest, months(room, latest), groups.get(latest, [])), turns)


def months(room: Room, turn: int) -> str:
    """'2020-05 to 2020-07': the months of ``turn`` played so far."""
    session = room.session
    calendar = session.base.calendar
    first = session.first_step(turn)
    last = min(session.last_step(turn), session.model.steps)
    start, end = (calendar.start.plus((s - 1) * calendar.step_months) for s in (first, last))
    return str(start) if last <= first else f"{start} to {end}"
