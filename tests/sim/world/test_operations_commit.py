"""Commitments enter through operations.commit; implementation follows the agreed schedule; the
cap is a feasibility limit."""

import pytest

from sim.phases import implementation
from sim.world import operations
from tests.worlds import small_world


def _path(world, steps):
    values = []
    for step in range(1, steps + 1):
        world.clock.step = step
        implementation.run(world)
        values.append(world.status_quo["troops"])
    return values


def test_the_status_quo_follows_the_milestones(tmp_path):
    world = small_world(tmp_path)
    operations.commit(world, "troops", "agreement", "dialogue", 0.5, [(2, 0.5), (4, 1.0)], None)
    assert _path(world, 5) == pytest.approx([0.875, 0.75, 0.625, 0.5, 0.5])
    done = [e for e in world.log.records if e["type"] == "implemented"]
    assert len(done) == 1 and done[0]["step"] == 4 and done[0]["value"] == 500
    assert "troops" not in world.ledger.active


def test_a_cap_slows_a_schedule_it_cannot_keep(tmp_path):
    world = small_world(tmp_path)
    operations.commit(world, "troops", "agreement", "dialogue", 0.5, [(1, 1.0)], 0.2)
    assert _path(world, 4) == pytest.approx([0.8, 0.6, 0.5, 0.5])


def test_an_agreement_under_an_order_is_deferred_and_logged(tmp_path):
    world = small_world(tmp_path)
    order = operations.commit(world, "troops", "order", "washington", 0.0, [(3, 1.0)], None)
    assert order == "in_force"
    status = operations.commit(world, "troops", "agreement", "dialogue", 0.5, [(1, 1.0)], None)
    assert status == "deferred"
    assert _path(world, 3)[-1] == 0.0
    deferred = [e for e in world.log.records if e["type"] == "deferred"]
    assert deferred[0]["order_by"] == "washington"
