"""The compiled kernel (numba, optional) does what the numpy paths do."""

from __future__ import annotations

import numpy as np
import pytest

from sim.bargaining import smp_fast, smp_kernel, victory
from sim.bargaining.options import SMPOptions, ThirdPartyCommit, VotingRule
from sim.bargaining.smp import run_smp
from sim.bargaining.smp_common import assess_state

pytest.importorskip("numba")


def random_case(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    caps = rng.uniform(1, 200, n)
    pos = rng.uniform(0, 1, (n, 2))
    sal = rng.uniform(0.1, 1, (n, 2)) * 0.45
    return caps, pos, sal


@pytest.fixture
def kernel_for_everyone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(smp_kernel, "KERNEL_MIN_ACTORS", 0)
    monkeypatch.setattr(victory, "_KERNEL_MIN_VOTES", 0)
    monkeypatch.delenv("CROSSROADS_NO_KERNEL", raising=False)


@pytest.mark.usefixtures("kernel_for_everyone")
@pytest.mark.parametrize("rule", list(VotingRule))
@pytest.mark.parametrize("commit", [ThirdPartyCommit.SEMI_COMMIT, ThirdPartyCommit.NO_COMMIT])
def test_third_party_step_matches_numpy(
    rule: VotingRule, commit: ThirdPartyCommit, monkeypatch: pytest.MonkeyPatch
) -> None:
    caps, pos, sal = random_case(23, 5)
    options = SMPOptions(voting_rule=rule, third_party_commit=commit)
    assessment = assess_state(pos, sal, caps, options)
    weights, totals = caps * sal.sum(axis=1), sal.sum(axis=1)
    gain_k, p_k = smp_fast.all_challenge_gains(assessment, weights, totals, options)
    monkeypatch.setenv("CROSSROADS_NO_KERNEL", "1")
    gain_n, p_n = smp_fast.all_challenge_gains(assessment, weights, totals, options)
    np.testing.assert_allclose(p_k, p_n, rtol=0, atol=1e-12)
    np.testing.assert_allclose(gain_k, gain_n, rtol=0, atol=1e-12)


@pytest.mark.usefixtures("kernel_for_everyone")
@pytest.mark.parametrize("rule", list(VotingRule))
def test_coalitions_are_bit_identical(rule: VotingRule, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(2)
    weights, utilities = rng.uniform(0, 3, 17), rng.uniform(0, 1, (17, 9))
    compiled = victory.coalitions(weights, utilities, rule)
    monkeypatch.setenv("CROSSROADS_NO_KERNEL", "1")
    np.testing.assert_array_equal(compiled, victory.coalitions(weights, utilities, rule))


@pytest.mark.usefixtures("kernel_for_everyone")
def test_whole_run_matches_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    caps, pos, sal = random_case(30, 9)
    compiled = run_smp(caps, pos, sal)
    monkeypatch.setenv("CROSSROADS_NO_KERNEL", "1")
    plain = run_smp(caps, pos, sal)
    assert compiled.states == plain.states
    np.testing.assert_allclose(compiled.positions, plain.positions, rtol=0, atol=1e-9)
