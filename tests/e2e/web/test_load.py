"""A light load on a real server: 2 sessions of 5 pages each play 2 turns over WebSockets,
every decision answered as soon as it shows; no answer is lost and no message is refused.
(The 5 x 10 load with its 95th percentile is benchmarks/bench_web.py.)"""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason='the web extra is not installed: pip install -e ".[web]"')

from tests.e2e.web import class_load, load
from tests.e2e.web.server import Server


def test_two_sessions_of_five_pages_lose_no_answer(tmp_path):
    server = Server(tmp_path / "data").start()
    try:
        result = load.run(server, sessions=2, pages_each=5, turns=2)
    finally:
        server.stop()
    for room in result["rooms"]:
        assert room.errors == []
        assert room.acknowledged >= 5  # several decisions a turn were answered from the pages
        assert result["stored"][room.id] == room.acknowledged  # each acknowledged answer kept
        assert len(room.latencies) == 5 * room.acknowledged  # each answer reached every page
        assert room.outstanding == []


def test_a_simultaneous_class_loses_no_orders_message_or_proposal(tmp_path):
    """12 pages on the 6 person seats of the withdrawal dialogue, 2 simultaneous turns: each
    turn 6 orders, 12 messages (public and private), one proposal and its acceptance."""
    server = Server(tmp_path / "data").start()
    try:
        result = class_load.run(server, per_seat=2, turns=2)
    finally:
        server.stop()
    room = result["room"]
    assert room.errors == []
    assert result["sent"] == {"orders": 12, "message": 24, "proposal": 2, "reply": 2}
    assert result["stored"] == result["sent"]  # every acknowledged send is a row of the store
    assert len(room.latencies) == 12 * room.acknowledged  # each send reached every page
    assert room.outstanding == []
