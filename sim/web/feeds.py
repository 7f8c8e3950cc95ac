"""The news a page shows, turn by turn: a seat's feed through the fog of war, or the public
part alone for the projector (:mod:`sim.classroom.fog`, :mod:`sim.classroom.news`).

Every push renders each seat's page again, so each record is told once per room (its turn,
its sentence) and kept: the log only grows between pushes, and a model run again from the
store logs the same records, so only the records past the last one told are new."""

from __future__ import annotations

from dataclasses import dataclass

from sim.classroom.fog import Record, audience, sees
from sim.classroom.news import Item, NewsWords, tell
from sim.web.rooms import Room


@dataclass(frozen=True)
class TurnNews:
    """The news of one turn, with the months it played."""

    turn: int
    months: str
    items: list[Item]


@dataclass(frozen=True)
class Feed:
    """The latest turn played (its news, maybe none) and the earlier turns, newest first;
    ``key`` changes whenever what the feed holds may change."""

    current: TurnNews | None
    earlier: list[TurnNews]
    key: str


@dataclass(frozen=True)
class Told:
    """One record that some seat may read, told once: its turn and its sentence."""

    record: Record
    turn: int
    item: Item


@dataclass
class Telling:
    """A room's records told so far (``count`` of them; ``last`` to see the log is the same)."""

    count: int
    last: Record | None
    told: list[Told]


TELLINGS: dict[str, Telling] = {}  # room id -> what its log told so far


def turn_of(room: Room, step: int) -> int:
    """The turn that plays month ``step`` (the session's turns may hold several months)."""
    session = room.session
    turn = 1
    while turn < session.turns and session.last_step(turn) < step:
        turn += 1
    return turn


def telling(room: Room) -> Telling:
    """Every record of the room's log that some seat may read, told; new records only."""
    records = room.session.model.world.log.records
    known = TELLINGS.get(room.id)
    if (
        known is None
        or len(records) < known.count
        or (known.count and records[known.count - 1] != known.last)
    ):  # a new room, or a log that is not the one told (a branch): tell it all again
        known = TELLINGS[room.id] = Telling(0, None, [])
    if len(records) > known.count:
        words = NewsWords.of(room.session.base)
        for record in records[known.count :]:
            line = tell(record, words) if audience(record) != "hidden" else None
            if line is not None:
                step = record.get("step")
                item = Item(step if isinstance(step, int) else 0, str(record["date"]), line)
                known.told.append(Told(record, turn_of(room, item.step), item))
        known.count, known.last = len(records), records[-1]
    return known


def feed(room: Room, seat: str | None) -> Feed:
    """What ``seat`` may read, by turn (``seat`` None: the public part only). The current turn
    is the last one with a month played, so the box never shows an older turn as this one."""
    session = room.session
    known = telling(room)
    played = session.model.steps
    key = f"{known.count}:{played}:{session.turn}"
    if played < 1:
        return Feed(None, [], key)
    groups: dict[int, list[Item]] = {}
    for told in known.told:
        if sees(told.record, seat):
            groups.setdefault(told.turn, []).append(told.item)
    latest = turn_of(room, played)
    turns = [
        TurnNews(turn, months(room, turn), groups[turn])
        for turn in sorted(groups, reverse=True)
        if turn < latest
    ]
    return Feed(TurnNews(latest, months(room, latest), groups.get(latest, [])), turns, key)


def months(room: Room, turn: int) -> str:
    """'2020-05 to 2020-07': the months of ``turn`` played so far."""
    session = room.session
    calendar = session.base.calendar
    first = session.first_step(turn)
    last = min(session.last_step(turn), session.model.steps)
    start, end = (calendar.start.plus((s - 1) * calendar.step_months) for s in (first, last))
    return str(start) if last <= first else f"{start} to {end}"
