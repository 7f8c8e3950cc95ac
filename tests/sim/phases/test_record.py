"""The record: which trust pairs become columns, and what a row holds."""

import pytest

from sim.phases.record import Recorder, trust_pairs
from tests.worlds import small_world


@pytest.fixture
def world(tmp_path):
    return small_world(tmp_path)


def test_trust_pairs_are_track_parties_toward_each_other_and_the_broker_then_states_to_gov(world):
    # dialogue: baghdad<->washington; talks: tehran<->riyadh and both toward the host baghdad;
    # then each state toward the government (washington's is already listed)
    assert trust_pairs(world) == [
        ("baghdad", "washington"),
        ("washington", "baghdad"),
        ("tehran", "riyadh"),
        ("tehran", "baghdad"),
        ("riyadh", "tehran"),
        ("riyadh", "baghdad"),
    ]


def test_a_row_records_the_current_trust_of_each_pair(world):
    recorder = Recorder(world)
    world.actors["tehran"].shift_trust("riyadh", 0.1)
    recorder.record(world)
    row = dict(zip(recorder.columns, recorder.rows[-1], strict=True))
    assert row["trust:tehran:riyadh"] == pytest.approx(0.4)  # 0.3 in the file + 0.1
    assert row["trust:riyadh:baghdad"] == pytest.approx(0.8)
    assert row["trust:baghdad:washington"] == pytest.approx(0.6)


def test_each_kind_records_the_fields_it_declares_then_the_home_front(world):
    kh, baghdad = world.actors["kh"], world.actors["baghdad"]
    kh.grievance, kh.paused = 0.4, True
    recorder = Recorder(world)
    recorder.record(world)
    row = dict(zip(recorder.columns, recorder.rows[-1], strict=True))
    after_counts = recorder.columns[recorder.columns.index("spoils") + 1 :][:7]
    assert after_counts == [
        "grievance:kh",  # FactionAgent.STATE: grievance and paused are recorded
        "paused:kh",
        "stability",  # GovernmentAgent.home_front
        "fiscal_stress",
        "power_shortfall",
        "faction_pressure",
        "caretaker",
    ]
    assert (row["grievance:kh"], row["paused:kh"]) == (0.4, 1)
    assert row["stability"] == baghdad.stability == 0.5
    assert row["fiscal_stress"] == 0.5  # 1 - income 1.0 / spending 2.0
    assert row["faction_pressure"] == pytest.approx(0.4)  # kh is the only faction
    assert row["caretaker"] == 0
