"""sim.web.feeds: a seat's news by the turn that played each month, told once per record and
the same as told afresh; the public feed is in every seat's."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason='the web extra is not installed: pip install -e ".[web]"')

from sim.web import feeds
from sim.web.rooms import Rooms
from tests.conftest import SCENARIOS
from tests.sim.classroom.students import play_through

DIALOGUE = SCENARIOS / "exercises" / "us_withdrawal_dialogue.yaml"


def lines(feed: feeds.Feed) -> list[tuple[int, str, str]]:
    groups = ([feed.current] if feed.current else []) + feed.earlier
    return [(group.turn, item.date, item.text) for group in groups for item in group.items]


def test_news_by_turn_told_once_and_the_same_as_told_afresh(tmp_path):
    rooms = Rooms(tmp_path)
    room = rooms.create(DIALOGUE)
    session = room.session
    session.resume_play()
    assert feeds.feed(room, None).current is None  # nothing played yet
    play_through(session, 2)
    early = feeds.feed(room, "baghdad").key
    play_through(session, 3)  # told on top of what was told
    assert feeds.feed(room, "baghdad").key != early
    seats = list(session.exercise.seats)
    kept = {seat: lines(feeds.feed(room, seat)) for seat in [*seats, None]}
    feeds.TELLINGS.clear()
    assert kept == {seat: lines(feeds.feed(room, seat)) for seat in [*seats, None]}

    public = kept[None]
    assert {turn for turn, _, _ in public} == {1, 2, 3}  # the months of 3 turns of 3 months
    for turn, date, _ in public:
        assert turn == 1 + (int(date[:4]) * 12 + int(date[5:]) - (2020 * 12 + 5)) // 3
    for seat in seats:
        assert set(public) <= set(kept[seat])
    assert not [text for _, _, text in public if text.startswith("You ")]
    rooms.close()
