"""Commitments: schedules with milestones, and the precedence of orders over agreements."""

import pytest

from sim.world.commitments import Ledger, schedule


def test_milestones_count_the_present_step():
    c = schedule("troops", "agreement", "talks", 3, 1.0, 0.5, [(2, 0.5), (4, 1.0)], None)
    assert c.milestones == ((4, 0.75), (6, 0.5))
    # from (step 2, 1.0) to (4, 0.75), then to (6, 0.5), then flat
    expected = {3: 0.875, 4: 0.75, 5: 0.625, 6: 0.5, 9: 0.5}
    assert {s: c.scheduled(s) for s in expected} == pytest.approx(expected)


def _c(kind, by, value, step=1):
    return schedule("troops", kind, by, step, 1.0, value, [(1, 1.0)], None)


def test_an_order_binds_and_later_agreements_are_deferred():
    ledger = Ledger()
    agreement = _c("agreement", "talks", 0.6)
    assert ledger.commit(agreement) == ("in_force", None)
    order = _c("order", "washington", 0.4)
    assert ledger.commit(order) == ("in_force", agreement)
    later = _c("agreement", "talks", 0.7, step=5)
    assert ledger.commit(later) == ("deferred", order)
    assert ledger.active["troops"] is order
    assert ledger.targets() == {"troops": 0.4}


def test_a_newer_commitment_of_the_same_rank_replaces_the_older():
    ledger = Ledger()
    first, second = _c("agreement", "a", 0.6), _c("agreement", "b", 0.5, step=2)
    ledger.commit(first)
    assert ledger.commit(second) == ("in_force", first)
    new_order = _c("order", "washington", 0.3)
    ledger.commit(_c("order", "washington", 0.2))
    assert ledger.commit(new_order)[0] == "in_force"
    assert ledger.orders["troops"] is new_order


def test_only_the_ordering_actor_rescinds_its_order():
    ledger = Ledger()
    order = _c("order", "washington", 0.4)
    ledger.commit(order)
    assert ledger.rescind("troops", "tehran") is None
    assert ledger.rescind("troops", "washington") is order
    assert ledger.commit(_c("agreement", "talks", 0.7))[0] == "in_force"
