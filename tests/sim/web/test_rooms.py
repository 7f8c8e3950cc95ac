"""sim.web.rooms and sim.web.views: sessions kept in the engine's store with their seats'
tokens, found again by a new server; a seat's page holds only what its actor may see."""

from __future__ import annotations

import stat

import pytest

pytest.importorskip("fastapi", reason='the web extra is not installed: pip install -e ".[web]"')

from sim.classroom.start import starting_point
from sim.errors import InputError
from sim.web import views
from sim.web.rooms import Rooms
from tests.conftest import SCENARIOS

TALKS = SCENARIOS / "exercises" / "iran_saudi_talks.yaml"


def test_a_new_server_finds_every_session_with_its_tokens(tmp_path):
    rooms = Rooms(tmp_path)
    assert stat.S_IMODE((tmp_path / "secret").stat().st_mode) == 0o600
    room = rooms.create(TALKS, "Section A", turns="sequential")
    assert room.session.paused_since is not None and not room.started  # clock stands still
    assert sorted(room.tokens.values()) == sorted(room.session.exercise.seats)
    assert len(set(room.tokens)) == 4 and all(len(t) == 24 for t in room.tokens)
    seat = room.session.pending.decision.actor
    room.session.resume_play()  # the facilitator's start: answers are taken from now on
    room.session.answer(seat, False, "keep going")
    room.ended = True
    room.mark(web_ended="1")
    rooms.close()

    again = Rooms(tmp_path)
    assert again.secret == rooms.secret
    back = again.rooms[room.id]
    assert back.tokens == room.tokens and back.title == "Section A" and back.ended
    assert [a.reason for a in back.session.answers()] == ["keep going"]
    token = back.token_of("tehran")
    assert again.seat_of(token) == (back, "tehran")
    assert again.seat_of(token[:-1] + "?") is None
    again.close()


def test_a_written_debrief_is_found_again_after_a_restart(tmp_path):
    rooms = Rooms(tmp_path)
    room = rooms.create(TALKS, "Section A", turns="sequential")
    assert room.debrief == ""
    written = tmp_path / "debriefs" / room.id
    written.mkdir()
    (written / "index.html").write_text("<h1>Debrief</h1>", encoding="utf-8")
    rooms.close()
    again = Rooms(tmp_path)
    assert again.rooms[room.id].debrief == "done"  # was "": the facilitator had to write it again
    again.close()


def test_a_branch_is_a_new_session_with_new_links(tmp_path):
    rooms = Rooms(tmp_path)
    room = rooms.create(TALKS, turns="sequential")
    branch = rooms.branch(room, 1)
    assert branch.id != room.id and set(branch.tokens).isdisjoint(room.tokens)
    assert branch.title.endswith("(branch at turn 1)")
    rooms.close()


def test_a_seat_page_shows_its_own_side_and_decision_only(tmp_path):
    rooms = Rooms(tmp_path)
    room = rooms.create(TALKS, turns="sequential")
    waiting = room.session.pending.decision.actor
    other = next(seat for seat in room.tokens.values() if seat != waiting)
    mine, theirs = views.seat_page(room, waiting), views.seat_page(room, other)
    assert mine["decision"] is not None and theirs["decision"] is None
    assert theirs["waiting_for"] == views.actor_name(room, waiting)
    assert mine["private"][0].startswith(views.actor_name(room, waiting))
    assert theirs["private"][0].startswith(views.actor_name(room, other))
    assert mine["public"] == theirs["public"]
    rooms.close()


def test_charts_put_the_status_quo_in_a_box(tmp_path):
    rooms = Rooms(tmp_path)
    room = rooms.create(TALKS, turns="sequential")
    drawn = {chart.label: chart for chart in views.charts(room)}
    troops = drawn["US troops in Iraq"]
    # before any month is recorded: one point, the troops the exercise starts with (the
    # baseline's Jan. 2021, item 7 of issue 19) of 0-5,200 troops
    started = starting_point(room.session.base).levels["us_troops"]
    assert troops.points == f"0.0,{views.CHART_H * (1 - started / 5200):.1f}"
    assert troops.high == "5,200 troops"
    ties = drawn["Iran-Saudi relations"]
    assert ties.points == f"0.0,{views.CHART_H * (1 - 10 / 100):.1f}"  # 10 of 0-100
    rooms.close()


def test_a_teams_roster_and_rule_survive_a_new_server(tmp_path):
    rooms = Rooms(tmp_path)
    room = rooms.create(TALKS, "Teams")
    room.join("tehran", "Ana")
    room.join("tehran", "Ben")
    room.join("tehran", "Ana")  # a second page of Ana's adds nobody
    room.join("riyadh", "")  # no name: nobody on the roster
    room.set_team_rule("captain")
    room.may_send("tehran", "Ana")
    with pytest.raises(InputError, match="captain: Ana"):
        room.may_send("tehran", "Ben")
    room.make_captain("tehran", "Ben")
    with pytest.raises(InputError, match="nobody called 'Cy'"):
        room.make_captain("tehran", "Cy")
    with pytest.raises(InputError, match="'last' or 'captain'"):
        room.set_team_rule("loudest")
    rooms.close()
    again = Rooms(tmp_path).rooms[room.id]
    assert again.roster == {"tehran": ["Ben", "Ana"]} and again.team_rule == "captain"
    again.may_send("tehran", "Ben")
    again.set_team_rule("last")
    again.may_send("tehran", "Ana")  # under 'last', whoever sends last counts
    again.session.close()
