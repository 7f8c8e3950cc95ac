"""Counts from one uniform: Poisson and negative binomial quantiles, derived by hand."""

import math

from agents.chance import count_quantile


def test_poisson_quantiles_follow_the_cdf():
    # rate 2: P(0) = e^-2 = 0.1353, P(<=1) = 3 e^-2 = 0.4060, P(<=2) = 5 e^-2 = 0.6767,
    # P(<=3) = (19 / 3) e^-2 = 0.8571
    assert count_quantile(2.0, None, 0.10) == 0
    assert count_quantile(2.0, None, 0.20) == 1
    assert count_quantile(2.0, None, 0.50) == 2
    assert count_quantile(2.0, None, 0.80) == 3
    assert count_quantile(2.0, None, 19 / 3 * math.exp(-2) - 1e-9) == 3


def test_negative_binomial_quantiles_follow_the_cdf():
    # k = 1, rate 1: P(0) = (1/2)^1 = 0.5; P(1) = 0.25; P(2) = 0.125 (geometric)
    assert count_quantile(1.0, 1.0, 0.49) == 0
    assert count_quantile(1.0, 1.0, 0.60) == 1
    assert count_quantile(1.0, 1.0, 0.80) == 2
    assert count_quantile(1.0, 1.0, 0.90) == 3


def test_no_rate_no_attacks_and_a_zero_draw_gives_zero():
    assert count_quantile(0.0, None, 0.999) == 0
    assert count_quantile(5.0, 2.0, 0.0) == 0


def test_overdispersion_widens_the_tail():
    assert count_quantile(4.0, 0.5, 0.99) > count_quantile(4.0, None, 0.99)
