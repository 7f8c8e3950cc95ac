"""The model's log told as news: a sentence per event a class wants, names not ids, none for the
model's bookkeeping."""

from __future__ import annotations

from sim.classroom.fog import KINDS, audience, sees
from sim.classroom.news import NewsWords, headline, own_line, seat_news

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


# -- the seats' feeds through the fog of war ---------------------------------------------------

SEATS = NewsWords(
    actors={"baghdad": "Baghdad", "kh": "Kataib Hezbollah", "washington": "Washington"},
    tracks={"dialogue": "US-Iraq strategic dialogue"},
    issues={"us_troops": ("US troops in Iraq", "troops")},
)
LOG = [
    {"step": 1, "date": "2020-05", "type": "attack", "actor": "kh", "target": "washington",
     "count": 2, "forced": False},
    {"step": 1, "date": "2020-05", "type": "decision", "actor": "kh", "decision": "attack",
     "choice": 2, "reason": "draw 0.412 below p 0.55"},
    {"step": 1, "date": "2020-05", "type": "decision", "actor": "washington",
     "decision": "join", "track": "dialogue", "choice": True, "reason": "trust 0.71 >= 0.6"},
    {"step": 2, "date": "2020-06", "type": "arrest", "actor": "baghdad", "target": "kh"},
    {"step": 2, "date": "2020-06", "type": "campaign", "actor": "kh", "level": "escalate",
     "previous": "go on", "struck": False},
    {"step": 2, "date": "2020-06", "type": "decision", "actor": "baghdad", "decision": "offer",
     "track": "dialogue", "choice": {"us_troops": 1500.0}, "reason": "my line 0.42"},
    {"step": 2, "date": "2020-06", "type": "effect", "cause": "x", "kind": "tension", "by": 0.1},
    {"step": 2, "date": "2020-06", "type": "mandate", "actor": "baghdad", "support": 0.61},
    {"step": 4, "date": "2020-08", "type": "round", "track": "dialogue", "held": True,
     "result": "rejected", "rejected": ["washington"], "p_agree": 0.559, "draw": 0.368},
    {"step": 4, "date": "2020-08", "type": "brand_new_kind", "actor": "kh", "secret": 0.9},
]  # fmt: skip


def texts(seat):
    return [item.text for item in seat_news(LOG, SEATS, seat)]


def test_each_seat_reads_the_public_news_and_its_own_only():
    public = [
        "Kataib Hezbollah attacked Washington (2 attacks)",
        "Baghdad offered in the US-Iraq strategic dialogue: US troops in Iraq 1,500 troops",
        "Round of the US-Iraq strategic dialogue: ended with the deal rejected (by Washington)",
    ]
    arrest = "Baghdad arrested a cell of Kataib Hezbollah"
    assert texts(None) == public  # the projector: public only
    joined = "You chose to attend the round of the US-Iraq strategic dialogue"
    assert texts("washington") == [public[0], joined, *public[1:]]
    assert texts("baghdad") == [public[0], arrest, *public[1:]]
    assert (
        texts("kh")
        == [  # its attacks are told once, by the public event
            public[0],
            arrest,
            "Kataib Hezbollah escalated its campaign",
            *public[1:],
        ]
    )


def test_another_seats_private_record_never_reaches_a_seat():
    joined = "You chose to attend the round of the US-Iraq strategic dialogue"
    assert joined not in texts("kh") + texts("baghdad") + texts(None)
    campaign = "Kataib Hezbollah escalated its campaign"
    assert campaign not in texts("washington") + texts("baghdad") + texts(None)
    assert all("arrested" not in line for line in texts("washington") + texts(None))


def test_no_reason_number_or_id_in_any_feed():
    for seat in (None, "kh", "baghdad", "washington"):
        for line in texts(seat):
            for hidden in ("0.4", "0.5", "0.6", "0.7", "0.9", "draw", "kh ", "us_troops"):
                assert hidden not in line, (seat, line)


def test_fog_table_hides_what_it_does_not_know():
    assert audience({"type": "brand_new_kind"}) == "hidden"
    assert audience({"type": "decision", "decision": "offer"}) == "public"
    assert audience({"type": "decision", "decision": "accept"}) == "own"
    assert not sees({"type": "arrest", "actor": "baghdad", "target": "kh"}, "washington")
    assert sees({"type": "arrest", "actor": "baghdad", "target": "kh"}, "kh")
    assert all(rule.why for rule in KINDS.values())


def test_a_no_or_a_zero_is_not_news_to_its_own_seat():
    no = {"type": "decision", "actor": "kh", "decision": "pause", "choice": False}
    zero = {"type": "decision", "actor": "t", "decision": "sponsor", "choice": 0.0}
    told = {"type": "decision", "actor": "kh", "decision": "attack", "choice": 2}
    assert own_line(no, SEATS) is None and own_line(zero, SEATS) is None
    assert own_line(told, SEATS) is None  # the attack's own record tells it
    restrain = {"type": "decision", "actor": "t", "decision": "sponsor", "choice": -0.4}
    assert own_line(restrain, SEATS) == "You told your factions to hold back (-40%)"
