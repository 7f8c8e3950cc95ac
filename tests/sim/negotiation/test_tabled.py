"""A deal two parties tabled (a ``table`` effect) is held as a round of its track that month and
goes the way of any deal: the other parties accept, the home front ratifies, the schedule
carries it out."""

import pytest
from pydantic import TypeAdapter

from sim.errors import InputError
from sim.model import CrossroadsModel
from sim.phases import negotiation
from sim.phases.events import apply_effect
from sim.scenario.load import load_scenario
from sim.scenario.schema import Effect
from tests.worlds import SMALL, draws, small_world

EFFECT = TypeAdapter(Effect)


@pytest.fixture
def world(tmp_path):
    return small_world(tmp_path)


def table(world, track, deal, parties):
    effect = EFFECT.validate_python(
        {"kind": "table", "track": track, "deal": deal, "parties": parties}
    )
    apply_effect(world, effect, "proposal_1", draws(world))


def events(world, kind, track):
    return [e for e in world.log.records if e["type"] == kind and e.get("track") == track]


def test_a_tabled_deal_is_agreed_ratified_and_carried_out(world):
    table(world, "dialogue", {"troops": 600}, ["washington", "baghdad"])
    negotiation.run(world, draws(world))  # step 1: no dated round of the dialogue is due
    (round_,) = events(world, "round", "dialogue")
    # both tabled it: no one asked to accept; Baghdad's parliament: Pro (60 seats, wants 400):
    # |0.6 - 0.4| <= |1.0 - 0.4|; Anti follows KH (wants 0): 0.6 <= 1.0 -> 100% approve
    assert round_["tabled_by"] == ["washington", "baghdad"]
    assert round_["accepted"] == ["baghdad", "washington"] and round_["rejected"] == []
    assert round_["ratified"] == {"baghdad": True}
    assert round_["result"] == "settled"  # no step limit: the whole deal
    assert world.agreements[-1]["deal"] == {"troops": 600.0}
    assert world.ledger.active["troops"].final_value == pytest.approx(0.6)
    # trust: +0.02 for sitting down, +0.05 for the agreement
    assert world.actors["baghdad"].trust_in("washington") == pytest.approx(0.67)
    assert world.tracks["dialogue"].convened["washington"] == 1


def test_a_caretaker_government_cannot_ratify_a_tabled_deal(world):
    world.actors["baghdad"].caretaker = True
    table(world, "dialogue", {"troops": 600}, ["washington", "baghdad"])
    negotiation.run(world, draws(world))
    (round_,) = events(world, "round", "dialogue")
    assert round_["result"] == "rejected" and round_["ratified"] == {"baghdad": False}
    assert "troops" not in world.ledger.active


def test_the_step_limit_leaves_a_step_toward_the_tabled_deal(world):
    world.actors["baghdad"].stability = 1.0  # the host's stability is above any threshold
    table(world, "talks", {"ties": 50}, ["tehran", "riyadh"])
    negotiation.run(world, draws(world))
    (round_,) = events(world, "round", "talks")
    # status quo 20, step limit 10: the round agrees 30 of the 50 tabled
    assert (round_["proposal"], round_["deal"]) == ({"ties": 50.0}, {"ties": 30.0})
    assert round_["result"] == "agreed"


def test_a_second_deal_of_the_month_and_a_deal_on_a_closed_track_are_not_held(world):
    table(world, "dialogue", {"troops": 600}, ["washington", "baghdad"])
    table(world, "dialogue", {"troops": 200}, ["baghdad", "washington"])
    world.tracks["talks"].status = "closed"
    table(world, "talks", {"ties": 50}, ["tehran", "riyadh"])
    negotiation.run(world, draws(world))
    assert [e["deal"] for e in events(world, "round", "dialogue")] == [{"troops": 600.0}]
    not_held = [(e["track"], e["why"]) for e in world.log.records if e["type"] == "tabled"]
    assert not_held == [
        ("dialogue", "another deal was on the table this month"),
        ("talks", "the track is closed"),
    ]
    assert events(world, "round", "talks") == []


def scenario_with(tmp_path, effect: str):
    path = tmp_path / "tabled.yaml"
    inject = f"events:\n  injects:\n    deal: {{date: 2021-03, label: Deal, effects: [{effect}]}}\n"
    path.write_text(SMALL + inject, encoding="utf-8")
    return load_scenario(path)


def test_a_scenario_inject_tables_a_deal_at_its_month(tmp_path):
    effect = "{kind: table, track: dialogue, deal: {troops: 500}, parties: [baghdad, washington]}"
    model = CrossroadsModel(scenario_with(tmp_path, effect))
    for _ in range(3):
        model.step()
    rounds = [e for e in model.world.log.records if e["type"] == "round" and e.get("tabled_by")]
    assert [(e["step"], e["deal"], e["result"]) for e in rounds] == [
        (3, {"troops": 500.0}, "settled")
    ]


@pytest.mark.parametrize(
    ("effect", "message"),
    [
        (
            "{kind: table, track: dialogue, deal: {troops: 500}, parties: [tehran]}",
            "'tehran' is not a party of dialogue",
        ),
        (
            "{kind: table, track: dialogue, deal: {ties: 5}, parties: [baghdad]}",
            "the deal needs a value for troops",
        ),
        (
            "{kind: table, track: dialogue, deal: {troops: 2000}, parties: [baghdad]}",
            "2000 is outside the scale of troops [0, 1000]",
        ),
    ],
)
def test_a_tabled_deal_names_parties_and_issues_of_its_track_on_their_scales(
    tmp_path, effect, message
):
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]")):
        scenario_with(tmp_path, effect)
