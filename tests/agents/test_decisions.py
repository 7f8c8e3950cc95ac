"""Each kind of decision is one type: its context fields, its answer's form and bounds, its
words and the model's own answer, with numbers derived by hand."""

from __future__ import annotations

import dataclasses
import random

import pytest

from agents.decisions import (
    KINDS,
    QUESTIONS,
    Abandon,
    Accept,
    Arrest,
    Attack,
    Campaign,
    Choice,
    Concede,
    Count,
    Decision,
    Defect,
    Host,
    Join,
    Offer,
    Order,
    Pause,
    Percentage,
    PerIssue,
    Propose,
    Protest,
    Question,
    Seek,
    Spoil,
    Sponsor,
    Strike,
    Vote,
    YesNo,
    abilities,
)
from agents.policies import HeuristicPolicy, ScriptedChoice, ScriptedPolicy

SAMPLES: dict[str, Question] = {
    "seek": Seek(gain=0.1, hurt=0.2, cost=0.02, probability=0.2, draw=0.5),
    "propose": Propose(gain=0.1, hurt=0.2, cost=0.02, probability=0.2, draw=0.1),
    "abandon": Abandon(failures=3, patience=3, gain=-0.01),
    "defect": Defect(value_keep=0.5, value_stop=0.6, cost=0.05, deal={"troops": 100.0}),
    "host": Host(stability=0.5, threshold=0.6),
    "join": Join(trust=0.5, threshold=0.4),
    "offer": Offer(
        position={"troops": 100.0, "ties": 40.0},
        last_proposal={"troops": 50.0, "ties": 60.0},
        concession=0.2,
        scales={"troops": (0.0, 1000.0), "ties": (0.0, 100.0)},
    ),
    "accept": Accept(
        value_deal=0.6,
        value_no_deal=0.3,
        deal={"troops": 500.0},
        approval=0.4,
        approval_needed=0.5,
    ),
    "attack": Attack(rate=2.0, dispersion=None, draw=0.5),
    "spoil": Spoil(probability=0.3, draw=0.2),
    "strike": Strike(probability=0.25, draw=0.5, target="kh", recent_attacks=4),
    "arrest": Arrest(probability=0.4, draw=0.39, target="kh"),
    "protest": Protest(probability=0.5, draw=0.5),
    "concede": Concede(
        pressure=0.5, suggested=0.1, own={"troops": 500.0}, factions_line={"troops": 0.0}
    ),
    "pause": Pause(paused=True, progress=0.2, probability=0.2, draw=0.1),
    "campaign": Campaign(
        current=1, suspend=0.1, go_on=0.1, escalate=0.25, gain=0.9, risk=0.25, struck=True
    ),
    "sponsor": Sponsor(suggested=-0.25, why="gap 0.40"),
    "order": Order(issue="troops", position=2500.0, status_quo=3000.0, probability=0.4, draw=0.9),
    "vote": Vote(
        government="baghdad", bloc="kurds", seats=58.0, deal_gap=0.2, quo_gap=0.3, deal={}
    ),
}


class Words:
    """Labels and units of a made-up scenario."""

    track = "Dialogue"

    def issue_label(self, issue: str) -> str:
        return issue.title()

    def issue_units(self, issue: str) -> str:
        return "troops (in Iraq)" if issue == "troops" else "index"

    def amount(self, issue: str, value: float) -> str:
        return f"{value:,.0f} {'troops' if issue == 'troops' else 'index'}"

    def actor_name(self, actor: str) -> str:
        return f"the {actor.upper()}"

    def bloc_name(self, government: str, bloc: str) -> str:
        return f"{bloc.title()} bloc of {government}"


def test_every_kind_is_one_frozen_type_named_by_its_kind():
    assert set(SAMPLES) == set(KINDS) == set(QUESTIONS)
    assert KINDS[:7] == ("defect", "seek", "propose", "host", "join", "offer", "accept")
    assert len(KINDS) == 19
    for kind, question in QUESTIONS.items():
        assert question.kind == kind
        assert dataclasses.is_dataclass(question) and question.__dataclass_params__.frozen
        assert isinstance(SAMPLES[kind], question)


def test_every_question_is_worded_and_ends_with_how_to_answer():
    for question in SAMPLES.values():
        lines = question.describe(Words())
        assert lines[-1].startswith("  answer"), lines


def test_context_keeps_what_the_model_put_and_leaves_out_what_it_did_not():
    offer = Offer(position={"x": 1.0}, last_proposal=None, concession=0.5, scales={"x": (0, 2)})
    # last_proposal is always put (None before any proposal); suggested only in alternating offers
    assert offer.context() == {
        "position": {"x": 1.0},
        "last_proposal": None,
        "concession": 0.5,
        "scales": {"x": (0, 2)},
    }
    accept = SAMPLES["accept"]
    assert "value_wait" not in accept.context() and accept.context()["approval"] == 0.4
    decision = Decision(accept, "baghdad", 3, "2021-03", "dialogue")
    assert decision.kind == "accept" and decision.context == accept.context()


def test_the_models_own_answers():
    # host: stability 0.5 below the threshold 0.6
    assert SAMPLES["host"].heuristic() == Choice(False, "stability 0.50 < 0.60")
    assert SAMPLES["join"].heuristic() == Choice(True, "trust 0.50 >= threshold 0.40")
    # offer: concede 0.2 of the way toward the last proposal: 100 + 0.2 * (50 - 100) = 90,
    # 40 + 0.2 * (60 - 40) = 44
    offer = SAMPLES["offer"].heuristic()
    assert offer.value == pytest.approx({"troops": 90.0, "ties": 44.0})
    assert offer.reason == "concede 0.20 toward last proposal"
    # accept: worth more than no deal, but 40% of seats is short of the 50% needed
    assert SAMPLES["accept"].heuristic() == Choice(
        False, "deal 0.600 vs no deal 0.300; home approval 0.40 of 0.50"
    )
    # spoil: draw 0.2 < p 0.3; arrest: 0.39 < 0.4; protest: 0.5 is not below 0.5
    assert SAMPLES["spoil"].heuristic() == Choice(True, "spoil: draw 0.200 < p 0.300")
    assert SAMPLES["arrest"].heuristic().value is True
    assert SAMPLES["protest"].heuristic() == Choice(False, "no protest: draw 0.500 >= p 0.500")
    # pause: on truce, the draw 0.1 < 0.2 switches it off
    assert SAMPLES["pause"].heuristic() == Choice(False, "end pause: draw 0.100 vs p 0.200")
    # campaign: escalating is worth most (0.25 > 0.1)
    assert SAMPLES["campaign"].heuristic() == Choice(
        2, "escalate: suspend 0.100, go on 0.100, escalate 0.250"
    )
    assert SAMPLES["sponsor"].heuristic() == Choice(-0.25, "restrain 0.25: gap 0.40")
    assert SAMPLES["concede"].heuristic() == Choice(
        0.1, "move 0.100 toward factions under pressure"
    )
    assert SAMPLES["vote"].heuristic() == Choice(True, "deal gap 0.200 <= status quo gap 0.300")
    # attack: Poisson(2) at u = 0.5: P(0) = 0.135, P(<=1) = 0.406, P(<=2) = 0.677 -> 2
    assert SAMPLES["attack"].heuristic() == Choice(2, "2 attacks: draw 0.500, rate 2.00")


def _variants(question: Question, count: int) -> list[Question]:
    """The sample with its plain numbers and flags redrawn (ties and a draw equal to the
    probability included), so that every branch of its answer is met."""
    rng = random.Random(question.kind)
    grid = (0.0, 0.1, 0.25, 0.5, 0.9, 1.0, -0.1)
    out = []
    for _ in range(count):
        changes: dict[str, object] = {}
        for f in dataclasses.fields(question):
            value = getattr(question, f.name)
            if isinstance(value, bool):
                changes[f.name] = rng.random() < 0.5
            elif isinstance(value, int):
                changes[f.name] = rng.randrange(3)
            elif isinstance(value, float):
                changes[f.name] = rng.choice(grid)
        out.append(dataclasses.replace(question, **changes))
    return out


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_the_models_answer_alone_is_the_answer_it_gives_with_its_reason(kind):
    """A run that logs nothing asks ``answer()``; a logged run ``heuristic()``: they agree."""
    for question in _variants(SAMPLES[kind], 60):
        assert question.answer() == question.heuristic().value, question


def test_waiting_is_weighed_in_alternating_offers():
    accept = Accept(value_deal=0.6, value_no_deal=0.3, deal={}, value_wait=0.65, rounds_left=3)
    assert accept.heuristic() == Choice(False, "deal 0.600 vs no deal 0.300 and waiting 0.650")
    offer = Offer(
        position={"x": 1.0}, last_proposal=None, concession=0.5, scales={}, suggested={"x": 3.0}
    )
    assert offer.heuristic() == Choice({"x": 3.0}, "offer the equilibrium deal")


def test_forms_and_bounds():
    assert SAMPLES["host"].form() == YesNo()
    assert SAMPLES["attack"].form() == Count(
        0, 1000, "attacks", "a number of attacks from 0 to 1000"
    )
    assert SAMPLES["concede"].form() == Percentage(
        0.0, 1.0, False, "a share from 0 to 1 (0 = hold your line)"
    )
    sponsor = SAMPLES["sponsor"].form()
    assert isinstance(sponsor, Percentage) and (sponsor.low, sponsor.high, sponsor.signed) == (
        -1.0,
        1.0,
        True,
    )
    form = SAMPLES["offer"].form()
    assert form == PerIssue(
        {"troops": (0.0, 1000.0), "ties": (0.0, 100.0)}, {"troops": 100.0, "ties": 40.0}
    )


@pytest.mark.parametrize(
    ("kind", "given", "read"),
    [
        ("join", "Y", True),
        ("join", " no ", False),
        ("join", True, True),
        ("attack", "3", 3),
        ("attack", 0, 0),
        ("concede", "0.25", 0.25),
        ("sponsor", -1, -1.0),
        ("offer", "50", {"troops": 50.0, "ties": 50.0}),
        ("offer", {"troops": "900", "ties": 12}, {"troops": 900.0, "ties": 12.0}),
    ],
)
def test_a_persons_answer_is_read_in_the_models_form(kind, given, read):
    assert SAMPLES[kind].parse(given) == read


@pytest.mark.parametrize(
    ("kind", "given", "says"),
    [
        ("join", "maybe", "answer yes or no"),
        ("attack", "1001", "1001 is out of range (a number of attacks from 0 to 1000)"),
        ("attack", "-1", "-1 is out of range (a number of attacks from 0 to 1000)"),
        ("attack", "two", "'two' is not a number"),
        ("attack", 2.5, "2.5 is not a whole number of attacks"),
        ("attack", [3], "give a number"),
        ("concede", 1.5, "1.5 is out of range (a share from 0 to 1 (0 = hold your line))"),
        (
            "sponsor",
            "-1.01",
            "-1.01 is out of range (a signal from -1 (restrain) to 1 (encourage))",
        ),
        ("offer", {"troops": 5}, "give a value for ties"),
        ("offer", "1001", "troops: 1001 is out of range (0 to 1000)"),
        ("offer", {"troops": 5, "ties": 101}, "ties: 101 is out of range (0 to 100)"),
    ],
)
def test_a_bad_answer_says_what_to_give(kind, given, says):
    """parse is the one rule of agents.decisions.form in the model's units (its own tests)."""
    with pytest.raises(ValueError) as caught:
        SAMPLES[kind].parse(given)
    assert str(caught.value) == says


def test_scripts_answer_in_the_models_form():
    # an attack: yes is one, a number a count, never below zero
    attack = SAMPLES["attack"]
    assert (attack.scripted(True), attack.scripted(2.7), attack.scripted(-1)) == (1, 2, 0)
    assert SAMPLES["sponsor"].scripted(True) == 1.0
    assert SAMPLES["host"].scripted(False) is False
    # one number for every issue of the offer, in the issues' units
    assert SAMPLES["offer"].scripted(2500) == {"troops": 2500.0, "ties": 2500.0}


def test_a_scripted_policy_answers_at_its_dates_and_falls_back_elsewhere():
    script = {("2021-03", "offer", "dialogue"): ScriptedChoice(700, "hold at 700")}
    policy = ScriptedPolicy(script, HeuristicPolicy())
    scripted = policy.decide(Decision(SAMPLES["offer"], "baghdad", 3, "2021-03", "dialogue"))
    assert scripted == Choice({"troops": 700.0, "ties": 700.0}, "hold at 700")
    later = policy.decide(Decision(SAMPLES["offer"], "baghdad", 4, "2021-04", "dialogue"))
    assert later == SAMPLES["offer"].heuristic()


def test_words_use_the_scenarios_labels_and_units():
    lines = SAMPLES["accept"].describe(Words())
    assert lines[0] == "Accept the deal in the Dialogue: 500 troops?"
    assert lines[2] == "  parliament: 40% of seats would vote for it; it needs 50%"
    order = SAMPLES["order"].describe(Words())
    assert order[0] == "Order Troops to 2,500 troops on your own (now 3,000 troops)?"
    assert order[1] == "  the model would do it with probability 40%"
    strike = SAMPLES["strike"].describe(Words())
    assert strike[0] == "Strike the KH? (4 attacks on you in the last months)"
    vote = SAMPLES["vote"].describe(Words())
    assert vote[0] == "How do your 58 MPs (Kurds bloc of baghdad) vote on the deal: ?"


def test_the_lines_that_give_the_models_answer_away_are_marked():
    from agents.decisions.question import Advice

    marked = {
        kind: [line.strip() for line in q.describe(Words()) if isinstance(line, Advice)]
        for kind, q in SAMPLES.items()
    }
    # the model's probability (0.4 -> 40%), share (0.1 -> 10%), signal (-0.25 -> -25%) and the
    # equilibrium offer are advice; the question and the situation's numbers are not
    assert marked["order"] == ["the model would do it with probability 40%"]
    assert marked["concede"] == ["the model bends 10%"]
    assert marked["sponsor"] == ["the model would send -25%"]
    assert marked["pause"] == ["the model switches with probability 20%"]
    # host: stability 0.5 against 0.6; join: trust 0.5 against 0.4; vote: gap 0.2 <= 0.3
    assert marked["host"] == ["the model hosts at a stability of 60% or more"]
    assert marked["join"] == ["the model attends at a confidence of 40% or more"]
    assert marked["vote"] == ["the model votes yes: the deal is closer to what you want than now"]
    assert marked["accept"] == marked["attack"] == []
    offer = dataclasses.replace(SAMPLES["offer"], suggested={"troops": 80.0, "ties": 51.0})
    hidden = [line.strip() for line in offer.describe(Words()) if isinstance(line, Advice)]
    assert hidden == [
        "the offer the other side should accept at once: 80 troops",
        "the offer the other side should accept at once: 51 index",
    ]


def test_each_type_says_whom_it_is_asked_of(tmp_path):
    from tests.worlds import small_world

    scenario = small_world(tmp_path).scenario
    # Baghdad hosts the talks (and may call their rounds), sits in the dialogue (which it must
    # accept), governs with a home front while factions exist; no bloc follows it.
    assert abilities(scenario, "baghdad") == [
        "defect",
        "propose",
        "host",
        "join",
        "offer",
        "accept",
        "abandon",
        "arrest",
        "concede",
    ]
    # Washington: the dialogue; strike resolve 0.5; it orders troops (propensity 0.4)
    assert abilities(scenario, "washington") == [
        "defect",
        "propose",
        "join",
        "offer",
        "accept",
        "abandon",
        "strike",
        "order",
    ]
    # Tehran: the talks; KH's patron with proxy control 0.5
    assert abilities(scenario, "tehran") == [
        "defect",
        "propose",
        "join",
        "offer",
        "accept",
        "abandon",
        "sponsor",
    ]
    # KH: the 'anti' bloc follows it and the dialogue is ratified; pauses, attacks, spoils
    assert abilities(scenario, "kh") == ["vote", "pause", "campaign", "attack", "spoil"]
    assert abilities(scenario, "sadrists") == ["protest"]


def test_every_question_that_follows_a_draw_has_its_place_in_the_steps_draws():
    # the layout of a step's draws is the random stream (same seed, same bytes): fixed there,
    # and each question with a draw must find its column (spoil has one per actor and track)
    from sim.phases.draws import ACTOR_COLUMNS

    drawn = [k for k, q in QUESTIONS.items() if "draw" in {f.name for f in dataclasses.fields(q)}]
    assert sorted(drawn) == [
        "arrest",
        "attack",
        "order",
        "pause",
        "propose",
        "protest",
        "seek",
        "spoil",
        "strike",
    ]
    # spoil, propose and seek have one per actor and track (StepDraws.spoil, .convene)
    per_track = {"spoil", "propose", "seek"}
    assert all(kind in ACTOR_COLUMNS for kind in drawn if kind not in per_track)


def test_a_campaign_is_answered_with_its_level_and_ties_keep_the_current_one():
    campaign = SAMPLES["campaign"]
    assert campaign.form() == Count(0, 2, "levels", "0 to suspend, 1 to go on, 2 to escalate")
    assert (campaign.parse("0"), campaign.parse(2)) == (0, 2)
    with pytest.raises(ValueError, match="0 to suspend"):
        campaign.parse("3")
    # suspending and going on are worth the same (0.1); going on is the current level: kept
    tied = dataclasses.replace(campaign, escalate=0.05)
    assert tied.heuristic().value == 1
    # from a suspension the same values keep the suspension
    assert dataclasses.replace(tied, current=0).heuristic().value == 0
    lines = campaign.describe(Words())
    assert "You were struck" in lines[0] and "25%" in lines[2]
