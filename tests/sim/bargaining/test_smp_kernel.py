"""The compiled kernel (C, built at install where there is a compiler) gives the numpy paths'
results to the last bit."""

from __future__ import annotations

import os
import shutil
import signal
import sysconfig

import numpy as np
import pytest

from sim.bargaining import smp_fast, smp_kernel, smp_native, victory
from sim.bargaining.options import SMPOptions, ThirdPartyCommit, VotingRule
from sim.bargaining.smp import run_smp
from sim.bargaining.smp_common import assess_state


def test_the_kernel_is_built_where_there_is_a_c_compiler() -> None:
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        pytest.skip(f"no C compiler ({compiler}): the install leaves the kernel out")
    assert smp_native.load() is not None, "pip install -e . should have built _smp_kernel.c"


def test_without_the_library_runs_take_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(smp_native, "find_spec", lambda name: None)
    smp_native.load.cache_clear()
    try:
        assert smp_native.load() is None and not smp_kernel.available()
        caps, pos, sal = random_case(20, 1)
        assert run_smp(caps, pos, sal).states > 0
    finally:
        monkeypatch.undo()
        smp_native.load.cache_clear()


def test_a_library_of_another_version_is_refused_with_a_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if smp_native.load() is None:
        pytest.skip("the C kernel was not built (no compiler at install)")
    monkeypatch.setattr(smp_native, "ABI_VERSION", smp_native.ABI_VERSION + 1)
    smp_native.load.cache_clear()
    try:
        with pytest.warns(RuntimeWarning, match="another version of _smp_kernel.c"):
            assert smp_native.load() is None
    finally:
        monkeypatch.undo()
        smp_native.load.cache_clear()


def test_arrays_of_the_wrong_shape_are_refused_before_the_c_code_reads_them() -> None:
    kernel = smp_native.load()
    if kernel is None:
        pytest.skip("the C kernel was not built (no compiler at install)")
    utilities, c = np.ones((4, 3)), np.empty((3, 3))
    options = np.arange(3, dtype=np.int64)
    with pytest.raises(ValueError, match=r"shape \(4,\)"):
        kernel.coalition_rows(options, np.ones(3), utilities, 0, 1e-8, c)  # 3 weights, 4 voters
    with pytest.raises(ValueError, match="option index out of range"):
        kernel.coalition_rows(np.array([3], dtype=np.int64), np.ones(4), utilities, 0, 1e-8, c)


def random_case(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    caps = rng.uniform(1, 200, n)
    pos = rng.uniform(0, 1, (n, 2))
    sal = rng.uniform(0.1, 1, (n, 2)) * 0.45
    return caps, pos, sal


@pytest.fixture
def kernel_for_everyone(monkeypatch: pytest.MonkeyPatch) -> None:
    if smp_native.load() is None:
        pytest.skip("the C kernel was not built (no compiler at install)")
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
    assert_third_party_step_matches(caps, pos, sal, options, monkeypatch)


@pytest.mark.usefixtures("kernel_for_everyone")
def test_third_party_step_matches_numpy_past_one_pairwise_block(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 140 third parties: numpy sums them as 64 + 76 (halved above 128), so the plan recurses
    caps, pos, sal = random_case(140, 6)
    assert_third_party_step_matches(caps, pos, sal, SMPOptions(), monkeypatch)


def assert_third_party_step_matches(
    caps: np.ndarray,
    pos: np.ndarray,
    sal: np.ndarray,
    options: SMPOptions,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assessment = assess_state(pos, sal, caps, options)
    weights, totals = caps * sal.sum(axis=1), sal.sum(axis=1)
    gain_k, p_k = smp_fast.all_challenge_gains(assessment, weights, totals, options)
    monkeypatch.setenv("CROSSROADS_NO_KERNEL", "1")
    gain_n, p_n = smp_fast.all_challenge_gains(assessment, weights, totals, options)
    np.testing.assert_array_equal(p_k, p_n)
    np.testing.assert_array_equal(gain_k, gain_n)


@pytest.mark.parametrize("count", [1, 7, 8, 9, 16, 127, 128, 129, 200, 257, 640, 1001])
def test_pairwise_plan_adds_as_numpy_adds(count: int) -> None:
    from sim.bargaining.smp_native import pairwise_plan

    rng = np.random.default_rng(count)
    # magnitudes over 16 orders, so any other order of additions rounds differently
    terms = rng.standard_normal(count) * 10.0 ** rng.integers(-8, 8, count)
    results: list[float] = []
    for kind, lo, size in pairwise_plan(count):
        if kind == 1:
            right = results.pop()
            results[-1] = results[-1] + right
        elif size < 8:
            total = 0.0
            for t in terms[lo : lo + size]:
                total += t
            results.append(total)
        else:
            partial = list(terms[lo : lo + 8])
            step = 8
            while step < size - size % 8:
                block = terms[lo + step : lo + step + 8]
                partial = [p + t for p, t in zip(partial, block, strict=True)]
                step += 8
            p = partial
            total = ((p[0] + p[1]) + (p[2] + p[3])) + ((p[4] + p[5]) + (p[6] + p[7]))
            for t in terms[lo + step : lo + size]:
                total += t
            results.append(total)
    assert len(results) == 1
    assert results[0] == np.add.reduce(terms[None, :], axis=-1)[0]


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
    np.testing.assert_array_equal(compiled.positions, plain.positions)
    np.testing.assert_array_equal(compiled.probabilities, plain.probabilities)


@pytest.mark.usefixtures("kernel_for_everyone")
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_child_runs_the_kernel_with_its_own_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # every call handed to threads, so the parent's pool exists (with idle threads) before the
    # fork; a child that reused it would wait forever for threads it does not have
    monkeypatch.setattr(smp_kernel, "_THREADED_VOTES", 0)
    caps, pos, sal = random_case(12, 4)
    parent = run_smp(caps, pos, sal).positions
    assert smp_kernel._pool.cache_info().currsize == 1
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        signal.alarm(60)
        same = np.array_equal(run_smp(caps, pos, sal).positions, parent)
        os._exit(0 if same else 3)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
