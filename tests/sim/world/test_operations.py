"""Operations several phases share: trust costs, the values of a deal and of no deal, and the
end of a held round (counted, logged, an agreed deal committed), with numbers by hand."""

from __future__ import annotations

import pytest

from sim.world import operations
from tests.worlds import small_world


@pytest.fixture
def world(tmp_path):
    return small_world(tmp_path)


def test_cost_trust_moves_every_ordered_pair_of_parties(world):
    operations.cost_trust(world, ["tehran", "riyadh"], 0.1)
    assert world.actors["tehran"].trust_in("riyadh") == pytest.approx(0.2)  # 0.3 - 0.1
    assert world.actors["riyadh"].trust_in("tehran") == pytest.approx(0.4)  # 0.5 - 0.1
    operations.cost_trust(world, ["tehran", "riyadh"], -0.05)  # a negative cost is a gain
    assert world.actors["tehran"].trust_in("riyadh") == pytest.approx(0.25)


def test_value_of_no_deal_is_the_status_quo_less_the_cost_of_conflict(world):
    # Riyadh wants ties 40 (0.4), the status quo is 20 (0.2): u = 1 - 0.2 ** 2 ** 0 = 0.8;
    # conflict cost 0.2 (default) times tension 0.4 = 0.08.
    riyadh = world.actors["riyadh"]
    assert operations.value_of_no_deal(world, riyadh, ["ties"]) == pytest.approx(0.72)


def test_value_of_deal_adds_the_brokers_good_offices(world):
    # The talks' host is Baghdad; bonus 0.2 times Riyadh's trust in Baghdad 0.8 = 0.16.
    talks = world.tracks["talks"]
    riyadh = world.actors["riyadh"]
    assert operations.broker(talks) == "baghdad"
    assert operations.value_of_deal(world, riyadh, {"ties": 0.4}, talks) == pytest.approx(1.16)
    assert operations.value_of_deal(world, riyadh, {"ties": 0.3}, talks) == pytest.approx(1.06)
    # the broker itself gets no bonus from its own offices
    baghdad = world.actors["baghdad"]
    assert operations.value_of_deal(world, baghdad, {"ties": 0.8}, talks) == pytest.approx(1.0)


def test_closing_an_agreed_round_counts_logs_and_commits_the_deal(world):
    talks = world.tracks["talks"]
    operations.close_round(world, talks, "agreed", {"ties": 0.5}, {"ties": 0.3}, note="x")
    assert talks.results["agreed"] == 1
    kinds = [e["type"] for e in world.log.records]
    assert kinds == ["round", "agreement", "commitment"]
    event = world.log.records[0]
    assert (event["proposal"], event["deal"], event["note"]) == ({"ties": 50}, {"ties": 30}, "x")
    assert talks.agreements[0]["deal"] == {"ties": 30.0}
    assert talks.agreements[0]["status"] == {"ties": "in_force"}
    assert world.ledger.active["ties"].final_value == pytest.approx(0.3)
    # agreeing gains trust: 0.3 + agreement_trust_gain 0.05
    assert world.actors["tehran"].trust_in("riyadh") == pytest.approx(0.35)
    assert not talks.settled


def test_closing_a_settled_round_closes_the_track(world):
    talks = world.tracks["talks"]
    operations.close_round(world, talks, "settled", {"ties": 0.3}, {"ties": 0.3})
    assert talks.settled and world.log.records[-1]["type"] == "settled"


def test_closing_a_stalled_round_only_counts_and_logs_it(world):
    talks = world.tracks["talks"]
    operations.close_round(world, talks, "stalled", {"ties": 0.5}, {"ties": 0.3})
    assert talks.results["stalled"] == 1
    assert [e["type"] for e in world.log.records] == ["round"]
    assert not talks.agreements and "ties" not in world.ledger.active
