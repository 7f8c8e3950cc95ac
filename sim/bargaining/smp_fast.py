"""One SMP turn vectorised over actors, pairs and third parties with numpy broadcasting.

Same model as ``smp_reference`` (tests hold them equal); the all-pairs challenge estimate is
the O(n³) core, done in blocks of initiators so the temporaries stay small.
"""

from __future__ import annotations

import numpy as np

from sim.bargaining import smp_kernel
from sim.bargaining.options import (
    BargainModel,
    PCEModel,
    SMPOptions,
    ThirdPartyCommit,
    VotingRule,
)
from sim.bargaining.smp_bargain import interpolate
from sim.bargaining.smp_common import (
    MIN_SIGNIFICANT_GAIN,
    Bargains,
    Challenge,
    StateAssessment,
    choose_option,
    utility,
    weighted_distance,
)
from sim.bargaining.smp_reference import MIN_CONTEST_COALITION
from sim.bargaining.victory import conditional_pce_many, scalar_pce
from sim.bargaining.voting import vote

_BLOCK_ELEMENTS = 1 << 15  # (i, j, n) elements per block: three buffers stay in cache


def contest_probability(
    u_ii: np.ndarray,
    u_ij: np.ndarray,
    u_ji: np.ndarray,
    u_jj: np.ndarray,
    u_ni: np.ndarray,
    u_nj: np.ndarray,
    u_nn: np.ndarray,
    w_i: np.ndarray,
    w_j: np.ndarray,
    w_n: np.ndarray,
    third: np.ndarray,
    options: SMPOptions,
) -> tuple[np.ndarray, np.ndarray]:
    """Probability that i beats j (and its complement) for many contests at once.

    Pair arrays broadcast to the contests' shape P; third-party arrays to P + (n,), with
    ``third`` false where n is one of the principals.
    """
    rule = options.voting_rule
    vote_i = vote(rule, w_i, u_ii - u_ij)
    vote_j = vote(rule, w_j, u_ji - u_jj)
    for_i0 = (MIN_CONTEST_COALITION + np.maximum(vote_i, 0.0)) + np.maximum(vote_j, 0.0)
    for_j0 = (MIN_CONTEST_COALITION - np.minimum(vote_i, 0.0)) - np.minimum(vote_j, 0.0)
    leaning = vote(rule, w_n, u_ni - u_nj)
    little_i = for_i0[..., None] + np.maximum(leaning, 0.0)
    little_j = for_j0[..., None] - np.minimum(leaning, 0.0)
    p_i = little_i / (little_i + little_j)
    p_j = 1.0 - p_i
    commit = options.third_party_commit
    if commit is ThirdPartyCommit.SEMI_COMMIT:
        # joining i rather than j changes n's summed utilities by (u_nn − u_ni) if i wins
        # (n keeps its own position instead of adopting i's) and by (u_nj − u_nn) if j wins
        v = vote(rule, w_n, p_i * (u_nn - u_ni) + p_j * (u_nj - u_nn))
    else:
        # full and no commitment make joining either side worth the same: no third-party votes
        v = np.zeros_like(p_i)
    v = v * third
    for_i = for_i0 + np.maximum(v, 0.0).sum(axis=-1)
    for_j = for_j0 + np.maximum(-v, 0.0).sum(axis=-1)
    total = for_i + for_j
    return for_i / total, for_j / total


def all_challenge_gains(
    assessment: StateAssessment,
    weights: np.ndarray,
    salience_totals: np.ndarray,
    options: SMPOptions,
) -> tuple[np.ndarray, np.ndarray]:
    """``gain[i, j]``: i's estimate of its expected gain from challenging j, and ``p[i, j]``
    its estimate that it would win; both from i's own perspective."""
    d = assessment.distance
    rh = assessment.risk_estimate  # rh[h, a]
    d_t = d.T
    diag = np.diag(d)
    own_risk = np.diag(rh)
    rule = options.voting_rule
    # as seen by h = i: A[a, b] = utility(d[a, b], rh[i, a])
    u_ii = utility(diag, own_risk)[:, None]  # (i, 1)
    u_ij = utility(d, own_risk[:, None])  # (i, j)
    u_ji = utility(d_t, rh)  # (i, j): utility(d[j, i], rh[i, j]); also u_ni as (i, n)
    u_jj = utility(diag[None, :], rh)  # (i, j); also u_nn as (i, n)
    vote_i = vote(rule, weights[:, None], u_ii - u_ij)
    vote_j = vote(rule, weights[None, :], u_ji - u_jj)
    for_i0 = (MIN_CONTEST_COALITION + np.maximum(vote_i, 0.0)) + np.maximum(vote_j, 0.0)
    for_j0 = (MIN_CONTEST_COALITION - np.minimum(vote_i, 0.0)) - np.minimum(vote_j, 0.0)
    for_i, for_j = third_party_sides(u_ji, u_jj, rh, d_t, weights, for_i0, for_j0, options)
    total = for_i + for_j
    p_win, p_lose = for_i / total, for_j / total
    i_wins = u_ii + u_ii
    j_wins = u_ij + u_ij
    status_quo = u_ii + u_ij
    contested = p_win * i_wins + p_lose * j_wins
    s_j = salience_totals[None, :]
    gain = ((1 - s_j) * i_wins + s_j * contested) - status_quo
    np.fill_diagonal(gain, -np.inf)
    return gain, p_win


def third_party_sides(
    u_ni: np.ndarray,
    u_nn: np.ndarray,
    rh: np.ndarray,
    d_t: np.ndarray,
    weights: np.ndarray,
    for_i0: np.ndarray,
    for_j0: np.ndarray,
    options: SMPOptions,
) -> tuple[np.ndarray, np.ndarray]:
    """Both sides' strength in every contest i-challenges-j after all third parties n vote,
    each seen by the initiator i: the O(n³) core of a turn.

    The (i, j, n) terms are computed in cache-sized blocks, in place, in the same order of
    operations as ``contest_probability`` (so the results are the same to the last bit);
    memory is O(n²) plus three block buffers.
    """
    n = u_ni.shape[0]
    rule = options.voting_rule
    semi = options.third_party_commit is ThirdPartyCommit.SEMI_COMMIT
    if semi and smp_kernel.wanted(n) and smp_kernel.available():
        d = d_t.T  # rows by third party, as the kernel reads them
        near, capped = 1.0 - d, np.minimum(d, 1.0)
        return smp_kernel.third_party_sides(
            u_ni, u_nn, rh, near, capped, weights, for_i0, for_j0, rule
        )
    near_t = 1.0 - d_t  # utility(d, r) = (1 − d)(1 + min(d, 1)·r), split for reuse
    capped_t = np.minimum(d_t, 1.0)
    w_n = weights[None, None, :]
    for_i = np.empty((n, n))
    for_j = np.empty((n, n))
    if n * n <= _BLOCK_ELEMENTS:
        rows_per, cols_per = max(1, _BLOCK_ELEMENTS // (n * n)), n
    else:
        rows_per, cols_per = 1, max(1, _BLOCK_ELEMENTS // n)
    buffers = [np.empty((rows_per, cols_per, n)) for _ in range(3)]
    for r0 in range(0, n, rows_per):
        r1 = min(n, r0 + rows_per)
        u_ni_b = u_ni[r0:r1, None, :]  # A[n, i] seen by i
        u_nn_b = u_nn[r0:r1, None, :]  # A[n, n] seen by i
        own_gap = u_nn_b - u_ni_b
        rh_b = rh[r0:r1, None, :]
        for c0 in range(0, n, cols_per):
            c1 = min(n, c0 + cols_per)
            shape = (r1 - r0, c1 - c0, n)
            a, b, c = (buf[: shape[0], : shape[1]] for buf in buffers)
            # a = A[n, j] seen by i
            np.multiply(capped_t[None, c0:c1, :], rh_b, out=a)
            a += 1.0
            np.multiply(near_t[None, c0:c1, :], a, out=a)
            leaning = _vote_into(rule, w_n, np.subtract(u_ni_b, a, out=b))
            np.maximum(leaning, 0.0, out=c)
            np.add(for_i0[r0:r1, c0:c1, None], c, out=c)  # little_i
            np.minimum(leaning, 0.0, out=b)
            np.subtract(for_j0[r0:r1, c0:c1, None], b, out=b)  # little_j
            np.add(c, b, out=b)
            np.divide(c, b, out=c)  # p_i
            if semi:
                # joining i rather than j changes n's summed utilities by (u_nn − u_ni) if i
                # wins and by (u_nj − u_nn) if j wins
                np.subtract(1.0, c, out=b)  # p_j
                np.multiply(c, own_gap, out=c)
                np.subtract(a, u_nn_b, out=a)
                np.multiply(b, a, out=b)
                np.add(c, b, out=c)
                v = _vote_into(rule, w_n, c)
            else:
                # full and no commitment make joining either side worth the same: no votes
                v = c
                v.fill(0.0)
            # the principals are not third parties
            rows = np.arange(r0, r1)
            v[rows - r0, :, rows] = 0.0
            cols = np.arange(c0, c1)
            v[:, cols - c0, cols] = 0.0
            for_i[r0:r1, c0:c1] = for_i0[r0:r1, c0:c1] + np.maximum(v, 0.0, out=a).sum(axis=-1)
            np.negative(v, out=v)
            for_j[r0:r1, c0:c1] = for_j0[r0:r1, c0:c1] + np.maximum(v, 0.0, out=v).sum(axis=-1)
    return for_i, for_j


def _vote_into(rule: VotingRule, weight: np.ndarray, du: np.ndarray) -> np.ndarray:
    """``vote(rule, weight, du)``, overwriting ``du`` for the proportional rule."""
    if rule is VotingRule.PROP:
        return np.multiply(weight, du, out=du)
    return vote(rule, weight, du)


def target_view_probabilities(
    initiators: np.ndarray,
    targets: np.ndarray,
    assessment: StateAssessment,
    weights: np.ndarray,
    options: SMPOptions,
) -> np.ndarray:
    """Each target's own estimate that its challenger would beat it."""
    if initiators.size == 0:
        return np.empty(0)
    d = assessment.distance
    rh = assessment.risk_estimate
    n = d.shape[0]
    i, j = initiators, targets
    seen = rh[j]  # (P, n): the target's estimate of each actor's risk attitude
    diag = np.diag(d)
    u_ni = utility(d[:, i].T, seen)
    u_nj = utility(d[:, j].T, seen)
    u_nn = utility(diag[None, :], seen)
    ids = np.arange(n)
    third = (ids[None, :] != i[:, None]) & (ids[None, :] != j[:, None])
    pair = np.arange(i.size)
    p_win, _ = contest_probability(
        u_nn[pair, i],  # the initiator's own position, seen through the target's eyes
        u_nj[pair, i],
        u_ni[pair, j],
        u_nn[pair, j],
        u_ni,
        u_nj,
        u_nn,
        weights[i],
        weights[j],
        weights[None, :],
        third,
        options,
    )
    return p_win


def best_challenges(
    positions: np.ndarray,
    saliences: np.ndarray,
    capabilities: np.ndarray,
    assessment: StateAssessment,
    options: SMPOptions,
) -> tuple[list[Challenge], Bargains]:
    """Every actor's most valuable challenge (if any) and the bargains they put forward."""
    salience_totals = saliences.sum(axis=1)
    weights = capabilities * salience_totals
    gain, prob = all_challenge_gains(assessment, weights, salience_totals, options)
    worthwhile = gain > MIN_SIGNIFICANT_GAIN
    best = np.argmax(np.where(worthwhile, gain, -np.inf), axis=1)
    initiators = np.flatnonzero(worthwhile.any(axis=1))
    targets = best[initiators]
    p_init = prob[initiators, targets]
    p_target = target_view_probabilities(initiators, targets, assessment, weights, options)
    challenges = [
        Challenge(int(i), int(j), float(gain[i, j]), float(p), float(q))
        for i, j, p, q in zip(initiators, targets, p_init, p_target, strict=True)
    ]
    bargains = Bargains()
    rule = options.inter_vec_brgn
    pos_i, pos_j = positions[initiators], positions[targets]
    sal_i, sal_j = saliences[initiators], saliences[targets]
    p_i = p_init[:, None]
    by_i = interpolate(rule, pos_i, sal_i, p_i, pos_j, sal_j, 1 - p_i)
    if options.bargain_model is not BargainModel.INIT_ONLY_INTERP:
        q = p_target[:, None]
        by_j = interpolate(rule, pos_i, sal_i, q, pos_j, sal_j, 1 - q)
    for c, (i, j) in enumerate(zip(initiators, targets, strict=True)):
        if options.bargain_model is BargainModel.INIT_ONLY_INTERP:
            bargains.add(int(i), int(j), by_i[0][c], by_i[1][c], "initiator")
        elif options.bargain_model is BargainModel.INIT_RCVR_INTERP:
            bargains.add(int(i), int(j), by_i[0][c], by_i[1][c], "initiator")
            bargains.add(int(i), int(j), by_j[0][c], by_j[1][c], "receiver")
        else:
            w_i, w_j = weights[i], weights[j]
            bargains.add(
                int(i),
                int(j),
                (w_i * by_i[0][c] + w_j * by_j[0][c]) / (w_i + w_j),
                (w_i * by_i[1][c] + w_j * by_j[1][c]) / (w_i + w_j),
                "compromise",
            )
    return challenges, bargains


def resolve_bargains(
    positions: np.ndarray,
    saliences: np.ndarray,
    capabilities: np.ndarray,
    assessment: StateAssessment,
    bargains: Bargains,
    options: SMPOptions,
    rng: np.random.Generator | None,
) -> tuple[np.ndarray, list[tuple[list[int | None], np.ndarray, int]]]:
    """Each actor's choice among the status quo and its bargains, by a vote of all actors."""
    n = positions.shape[0]
    own = assessment.own_utilities()
    row_total = own.sum(axis=1)
    status_quo = row_total / n
    m = len(bargains)
    if m:
        init = np.asarray(bargains.initiator)
        rcvr = np.asarray(bargains.receiver)
        at_init = weighted_distance(positions, np.asarray(bargains.initiator_position), saliences)
        at_rcvr = weighted_distance(positions, np.asarray(bargains.receiver_position), saliences)
        risk = assessment.risk[:, None]
        unchanged = row_total[:, None] - own[:, init] - own[:, rcvr]
        values = (utility(at_init, risk) + utility(at_rcvr, risk) + unchanged) / n  # (a, b)
    else:
        init = rcvr = np.empty(0, dtype=int)
        values = np.empty((n, 0))
    new_positions = positions.copy()
    # every actor's options: the status quo, then the bargains it is party to, in order
    actor_of = np.concatenate([init, rcvr])
    bargain_of = np.concatenate([np.arange(m), np.arange(m)])
    order = np.lexsort((bargain_of, actor_of))
    actor_of, bargain_of = actor_of[order], bargain_of[order]
    counts = np.bincount(actor_of, minlength=n)
    starts = np.concatenate([[0], np.cumsum(counts)])
    voting = np.flatnonzero(counts)
    probabilities: dict[int, np.ndarray] = {}
    if voting.size and options.pce is PCEModel.CONDITIONAL:
        # one batched vote per number of options, so no vote is padded
        # (not np.unique: in numpy 2.4 it imports numpy.ma, 15–35 ms of a small run's start)
        for count in sorted(set(counts[voting].tolist())):
            if n * (1 + count) * (1 + count) > _BLOCK_ELEMENTS:
                break  # votes this wide go one at a time, through the blocked coalitions
            group = voting[counts[voting] == count]
            tables = np.empty((group.size, n, 1 + count))
            tables[:, :, 0] = status_quo
            for row, k in enumerate(group):
                tables[row, :, 1:] = values[:, bargain_of[starts[k] : starts[k + 1]]]
            p_group = conditional_pce_many(
                capabilities,
                tables,
                np.full(group.size, 1 + count),
                options.voting_rule,
                options.victory_prob,
            )
            probabilities.update({int(k): p_group[row] for row, k in enumerate(group)})
    choices = []
    for k in range(n):
        involved = bargain_of[starts[k] : starts[k + 1]]
        option_ids: list[int | None] = [None, *(int(b) for b in involved)]
        if involved.size == 0:
            choices.append((option_ids, np.ones(1), 0))
            continue
        p = probabilities.get(k)
        if p is None:  # the Markov PCEs iterate: one vote at a time
            table = np.column_stack([status_quo, values[:, involved]])
            p = scalar_pce(
                capabilities, table, options.voting_rule, options.victory_prob, options.pce
            )
        chosen = choose_option(p, options, rng)
        adopted = option_ids[chosen]
        if adopted is not None:
            new_positions[k] = bargains.position_for(adopted, k)
        choices.append((option_ids, p, chosen))
    return new_positions, choices
