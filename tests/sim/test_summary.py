"""The terminal summary: plurals, rounds counted once by result, strikes by outcome."""

from sim.results import RunResult
from sim.summary import plural, rounds_text, strikes_text


def test_plural_says_one_round_and_two_rounds_and_zero_rounds():
    assert [plural(n, "round") for n in (0, 1, 2, 1500)] == [
        "0 rounds",
        "1 round",
        "2 rounds",
        "1,500 rounds",
    ]


def test_rounds_held_are_tallied_by_result_and_refusals_and_spoils_apart():
    track = {
        "rounds_held": 3,
        "rounds": {
            "refused": 2,
            "rejected": 1,
            "stalled": 1,
            "failed": 0,
            "agreed": 1,
            "settled": 0,
            "spoiled": 1,
        },
    }
    assert (
        rounds_text(track)
        == "3 rounds held (1 agreed, 1 rejected, 1 stalled), 2 refused, 1 spoiled"
    )


def test_a_track_never_held_says_so_with_its_refusals():
    track = {"rounds_held": 0, "rounds": {"refused": 1}}
    assert rounds_text(track) == "0 rounds held, 1 refused"


def test_strikes_are_told_by_what_the_struck_factions_decided_next():
    events = [{"type": "strike"}] * 3 + [
        {"type": "campaign", "level": level, "struck": struck}
        for level, struck in (
            ("suspend", True),
            ("escalate", True),
            ("escalate", True),
            ("escalate", False),
        )  # the last answers no strike
    ]
    result = RunResult("x", 0, {}, [], [], {}, events)
    assert strikes_text(result, 3) == "3 strikes (then 1 suspension, 2 escalations)"
    assert strikes_text(RunResult("x", 0, {}, [], [], {}, []), 1) == "1 strike"
