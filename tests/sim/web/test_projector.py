"""sim.web.projector: a projector token of the session's own, kept in its store (the same after
a restart, another for a branch); an unknown token finds nothing and writes nothing; the
state is rendered once per change."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("fastapi", reason='the web extra is not installed: pip install -e ".[web]"')

from jinja2 import Environment, FileSystemLoader, select_autoescape

from sim.web.app import HERE
from sim.web.projector import META, Projector
from sim.web.rooms import Rooms
from tests.conftest import SCENARIOS

TALKS = SCENARIOS / "exercises" / "iran_saudi_talks.yaml"
ENV = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape())


def test_the_projector_token_is_the_sessions_own_and_survives_a_restart(tmp_path):
    rooms = Rooms(tmp_path)
    room = rooms.create(TALKS, "Section A")
    projector = Projector(rooms, ENV)
    assert projector.room("guess") is None
    assert META not in room.session.store.meta()  # a probe wrote nothing
    token = projector.token(room)
    assert token == projector.token(room) and token not in room.tokens
    assert token != rooms.secret and projector.room(token) is room
    branch = rooms.branch(room, 1)  # its store starts as a copy of the parent's meta
    assert projector.token(branch) != token and projector.room(token) is room
    rooms.close()

    again = Rooms(tmp_path)  # a restarted server
    assert Projector(again, ENV).room(token) is again.rooms[room.id]
    again.close()


def test_a_change_is_rendered_once_for_every_open_projector(tmp_path):
    rooms = Rooms(tmp_path)
    room = rooms.create(TALKS)
    projector = Projector(rooms, ENV)
    first = json.loads(projector.state(room))
    assert json.loads(projector.state(room))["key"] == first["key"]
    cached = projector.cache[room.id][1]
    projector.state(room)
    assert projector.cache[room.id][1] is cached  # not rendered again
    room.version += 1  # what every push to the pages does
    assert json.loads(projector.state(room))["key"] != first["key"]
    assert first["paused"] and "Starting soon" in first["html"]
    rooms.close()
