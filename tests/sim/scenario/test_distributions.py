"""Ranges and named distributions beside a value: parsing, checks, truncation and quantiles,
with quantiles derived by hand (or from the standard library's NormalDist)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from sim.scenario.distributions import parse_uncertainty


def test_a_range_alone_is_uniform_on_it():
    u = parse_uncertainty({"range": [0.1, 0.5]}, 0.3)
    assert u.name == "uniform"
    assert u.support() == (0.1, 0.5)
    assert u.value_at(0.25) == pytest.approx(0.1 + 0.25 * 0.4)
    assert u.written() == {"range": [0.1, 0.5]}


def test_triangular_mode_defaults_to_the_value_and_is_written_out():
    u = parse_uncertainty({"dist": {"name": "triangular", "low": 0.0, "high": 1.0}}, 0.0)
    # mode at the low end: F(x) = 1 - (1 - x)^2, so the u-quantile is 1 - sqrt(1 - u)
    assert u.value_at(0.75) == pytest.approx(1 - math.sqrt(0.25))
    assert u.written()["dist"] == {"name": "triangular", "mode": 0.0, "low": 0.0, "high": 1.0}


def test_a_normal_is_cut_to_its_range_and_drawn_by_the_truncated_quantile():
    u = parse_uncertainty({"range": [0.0, 1.0], "dist": {"name": "normal", "sd": 0.2}}, 0.9)

    def phi(x: float) -> float:  # the normal distribution function, from erf
        return 0.5 * (1 + math.erf((x - 0.9) / (0.2 * math.sqrt(2))))

    lo, hi = phi(0.0), phi(1.0)
    for q in (0.0, 0.3, 0.5, 0.99):
        x = u.value_at(q)
        assert 0.0 <= x <= 1.0
        assert phi(x) == pytest.approx(lo + q * (hi - lo), abs=1e-12)
    assert u.value_at(0.999999) <= 1.0


def test_triangular_and_beta_quantiles_by_hand():
    tri = parse_uncertainty({"dist": {"name": "triangular", "low": 0, "high": 1}}, 0.5)
    # mode 0.5: F(x) = 2x^2 below it, 1 - 2(1 - x)^2 above it
    assert tri.value_at(0.125) == pytest.approx(0.25)
    assert tri.value_at(0.875) == pytest.approx(0.75)
    beta = parse_uncertainty({"dist": {"name": "beta", "a": 2, "b": 2}}, 0.5)
    # beta(2, 2): F(z) = 3z^2 - 2z^3, so F(0.25) = 0.15625
    assert beta.value_at(0.15625) == pytest.approx(0.25)
    assert beta.value_at(0.5) == pytest.approx(0.5)


def test_lognormal_median_and_beta_on_its_interval():
    log = parse_uncertainty({"dist": {"name": "lognormal", "sigma": 0.5}}, 2.0)
    assert log.value_at(0.5) == pytest.approx(2.0)  # the median of a lognormal is exp(mu)
    flat = parse_uncertainty({"dist": {"name": "beta", "a": 1, "b": 1, "low": 2, "high": 4}}, 3)
    assert flat.value_at(0.3) == pytest.approx(2.6)  # beta(1, 1) is uniform on [2, 4]


def test_the_field_bounds_cut_a_distribution_without_a_range():
    u = parse_uncertainty({"dist": {"name": "normal", "sd": 0.5}}, 0.5).bounded(0.0, 1.0)
    assert u.support() == (0.0, 1.0)
    assert u.value_at(0.5) == pytest.approx(0.5)  # symmetric around the middle
    assert u.value_at(1e-12) >= 0.0 and u.value_at(1 - 1e-12) <= 1.0


@pytest.mark.parametrize(
    ("mapping", "value", "message"),
    [
        ({"range": [0.6, 0.8]}, 0.5, "value 0.5 is outside its range [0.6, 0.8]"),
        ({"range": [0.8, 0.6]}, 0.7, "must have low below high"),
        ({"range": [0.1]}, 0.1, "range must be [low, high]"),
        ({"range": [0.1, "x"]}, 0.1, "each end of range must be a finite number"),
        ({"dist": {"name": "gamma"}}, 1.0, "unknown distribution 'gamma'"),
        ({"dist": {"sd": 1}}, 1.0, "dist must be a mapping with a name"),
        ({"dist": {"name": "normal"}}, 1.0, "the normal distribution needs 'sd'"),
        ({"dist": {"name": "normal", "sd": 0}}, 1.0, "sd must be above 0"),
        ({"dist": {"name": "normal", "sd": 1, "mu": 0}}, 1.0, "normal takes mean, sd, not 'mu'"),
        ({"dist": {"name": "uniform"}}, 1.0, "needs low and high (or a range)"),
        ({"dist": {"name": "triangular", "low": 0, "high": 1}}, 2.0, "outside the support"),
        ({"dist": {"name": "lognormal", "sigma": 1}}, -1.0, "needs a median (or value) above 0"),
        (
            {"range": [0.0, 0.1], "dist": {"name": "normal", "mean": 5, "sd": 0.1}},
            0.05,
            "almost no probability",
        ),
    ],
)
def test_bad_uncertainty_is_refused_with_a_message(mapping, value, message):
    with pytest.raises(PydanticCustomError) as caught:
        parse_uncertainty(mapping, value)
    assert message in str(caught.value)


def test_bounds_refuse_an_explicit_support_outside_the_field():
    u = parse_uncertainty({"range": [0.5, 1.5]}, 1.0)
    with pytest.raises(ValueError, match=r"the range \[0.5, 1.5\] goes outside \[0, 1\]"):
        u.bounded(0.0, 1.0)
    zero = parse_uncertainty({"range": [0.0, 1.0]}, 0.5)
    with pytest.raises(ValueError, match=r"goes outside \(0, inf\]"):
        zero.bounded(0.0, None, strict_low=True)


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(["uniform", "triangular", "normal", "lognormal", "beta"]),
    value=st.floats(0.05, 0.95),
    spread=st.floats(0.01, 2.0),
    qs=st.lists(st.floats(0.0, 0.999999), min_size=2, max_size=5),
)
def test_quantiles_stay_in_the_support_and_grow_with_u(name, value, spread, qs):
    dist = {
        "uniform": {"name": "uniform", "low": 0.0, "high": 1.0},
        "triangular": {"name": "triangular", "low": 0.0, "high": 1.0},
        "normal": {"name": "normal", "sd": spread},
        "lognormal": {"name": "lognormal", "sigma": spread},
        "beta": {"name": "beta", "a": 1 + spread, "b": 1 + 2 * spread},
    }[name]
    u = parse_uncertainty({"dist": dist}, value).bounded(0.0, 1.0)
    xs = [u.value_at(q) for q in sorted(qs)]
    assert all(0.0 <= x <= 1.0 for x in xs)
    assert xs == sorted(xs)
