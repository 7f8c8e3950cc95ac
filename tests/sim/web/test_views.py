"""The facilitator's event lines: names, not ids; short numbers; the reason last."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason='the web extra is not installed: pip install -e ".[web]"')

from sim.web.views import event_text

NAMES = {"baghdad": "Baghdad (Kadhimi government)", "nujaba": "Harakat al-Nujaba"}


def test_an_event_reads_with_names_and_short_numbers():
    record = {"step": 4, "date": "2021-06", "type": "decision", "actor": "baghdad",
              "decision": "concede", "choice": 0.0417512, "reason": "pressure 0.4"}  # fmt: skip
    text = event_text(record, NAMES)
    expected = "actor Baghdad (Kadhimi government), decision concede, choice 0.0418, (pressure 0.4)"
    assert text == expected


def test_the_usual_forced_false_is_left_out_and_a_forced_event_says_so():
    record = {"step": 4, "date": "2021-06", "type": "attack", "actor": "nujaba", "count": 2}
    assert event_text({**record, "forced": False}, NAMES) == "actor Harakat al-Nujaba, count 2"
    assert event_text({**record, "forced": True}, NAMES).endswith("forced True")


def test_a_count_form_carries_its_own_noun_and_bounds():
    from agents.decisions import Count
    from sim.web.views import fields_of

    campaign = Count(0, 2, "levels", "0 to suspend, 1 to go on, 2 to escalate")
    assert fields_of(campaign, {}) == {"kind": "count", "noun": "levels", "low": 0, "high": 2}


def test_a_sender_is_shown_by_name_and_never_by_the_servers_label():
    from sim.web.views import sender_name

    assert sender_name("person: Ana") == "Ana"
    assert sender_name("person: web") == ""  # the page sent no name
    assert sender_name("person") == ""
    assert sender_name("") == ""
