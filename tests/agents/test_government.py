"""The government: stability with a caretaker penalty, and a home concession that reverses."""

import pytest

from tests.worlds import small_world


@pytest.fixture
def baghdad(tmp_path):
    return small_world(tmp_path).actors["baghdad"]


def test_stability_target_and_update(baghdad):
    assert baghdad.fiscal_stress == pytest.approx(0.5)  # 1 - 1 / 2
    # January, no power shortfall: 1 - (0.35 * 0.5 + 0.3 * 0.4) = 0.705
    assert baghdad.stability_target(1, 0.4) == pytest.approx(0.705)
    baghdad.caretaker = True
    assert baghdad.stability_target(1, 0.4) == pytest.approx(0.505)
    baghdad.caretaker = False
    baghdad.update_stability(1, 0.4)
    assert baghdad.stability == pytest.approx(0.541)  # 0.5 + 0.2 * (0.705 - 0.5)


def test_an_unstable_government_carries_less_weight(baghdad):
    assert baghdad.effective_capability == pytest.approx(0.375)  # 0.5 * (0.5 + 0.25)


def test_home_concession_follows_pressure_and_reverses(baghdad):
    baghdad.bend_to_home(0.2, {"troops": 0.0})
    assert baghdad.positions["troops"] == pytest.approx(0.4)
    baghdad.bend_to_home(0.1, {"troops": 0.0})
    assert baghdad.positions["troops"] == pytest.approx(0.45)
    baghdad.bend_to_home(0.0, {"troops": 0.0})
    assert baghdad.positions["troops"] == pytest.approx(0.5)


def test_arrests_follow_resolve_and_stability(baghdad):
    assert baghdad.arrest_probability() == pytest.approx(0.4)  # 0.8 * 0.5
