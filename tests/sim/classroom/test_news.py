"""The model's log told as news: a sentence per event a class wants, names not ids, none for the
model's bookkeeping."""

from __future__ import annotations

from sim.classroom.news import NewsWords, headline

WORDS = NewsWords(
    actors={"washington": "Washington", "kh": "Kataib Hezbollah", "baghdad": "Baghdad"},
    tracks={"dialogue": "US-Iraq strategic dialogue"},
    issues={"us_troops": ("US troops in Iraq", "troops")},
)


def test_violence_is_told_by_name():
    attack = {"type": "attack", "actor": "kh", "target": "washington", "count": 3}
    assert headline(attack, WORDS) == "Kataib Hezbollah attacked Washington (3 attacks)"
    one = {**attack, "count": 1}
    assert headline(one, WORDS) == "Kataib Hezbollah attacked Washington (1 attack)"
    strike = {"type": "strike", "actor": "washington", "target": "kh", "forced": False}
    assert headline(strike, WORDS) == "Washington struck Kataib Hezbollah"
    escalate = {"type": "campaign", "actor": "kh", "level": "escalate", "struck": True}
    assert headline(escalate, WORDS) == "Kataib Hezbollah escalated its campaign"


def test_rounds_say_how_they_ended_and_who_stopped_them():
    refused = {"type": "round", "track": "dialogue", "result": "refused", "refused": ["baghdad"]}
    assert (
        headline(refused, WORDS)
        == "Round of the US-Iraq strategic dialogue: did not meet (by Baghdad)"
    )
    stalled = {"type": "round", "track": "dialogue", "result": "stalled", "rejected": []}
    assert headline(stalled, WORDS) == "Round of the US-Iraq strategic dialogue: stalled"
    deal = {"type": "agreement", "track": "dialogue", "deal": {"us_troops": 2500.4}}
    assert headline(deal, WORDS) == (
        "Agreement in the US-Iraq strategic dialogue: US troops in Iraq 2,500 troops"
    )
    called = {"type": "convened", "track": "dialogue", "by": "washington"}
    assert headline(called, WORDS) == "Washington called a round of the US-Iraq strategic dialogue"


def test_a_tabled_deal_names_who_tabled_it_and_why_it_was_not_held():
    held = {
        "type": "round",
        "track": "dialogue",
        "result": "settled",
        "tabled_by": ["washington", "baghdad"],
    }
    assert headline(held, WORDS) == (
        "Round of the US-Iraq strategic dialogue: settled on the deal of Washington and Baghdad"
    )
    dropped = {
        "type": "tabled",
        "track": "dialogue",
        "held": False,
        "by": ["baghdad", "washington"],
        "why": "the track is closed",
    }
    assert headline(dropped, WORDS) == (
        "The deal of Baghdad and Washington was not put to the US-Iraq strategic dialogue: "
        "the track is closed"
    )


def test_bookkeeping_is_not_news():
    decision = {"type": "decision", "actor": "kh", "decision": "attack", "choice": 0}
    assert headline(decision, WORDS) is None
    effect = {"type": "effect", "cause": "x", "kind": "tension", "by": 0.1}
    assert headline(effect, WORDS) is None
