"""One SMP turn vectorised over actors, pairs and third parties with numpy broadcasting.

Same model as ``smp_reference`` (tests hold them equal); the all-pairs challenge estimate is
the O(n³) core, done in blocks of initiators so the temporaries stay small.
"""

from __future__ import annotations

import numpy as np

from sim.bargaining.options import BargainModel, PCEModel, SMPOptions, ThirdPartyCommit
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

_BLOCK_ELEMENTS = 1 << 16  # third-party array elements per block of initiators


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
    n = d.shape[0]
    d_t = d.T
    diag = np.diag(d)
    own_risk = np.diag(rh)
    # as seen by h = i: A[a, b] = utility(d[a, b], rh[i, a])
    u_ii = utility(diag, own_risk)[:, None]  # (i, 1)
    u_ij = utility(d, own_risk[:, None])  # (i, j)
    u_ji = utility(d_t, rh)  # (i, j): utility(d[j, i], rh[i, j]); also u_ni as (i, n)
    u_jj = utility(diag[None, :], rh)  # (i, j); also u_nn as (i, n)
    gain = np.empty((n, n))
    prob = np.empty((n, n))
    block = max(1, _BLOCK_ELEMENTS // (n * n))
    ids = np.arange(n)
    near_t = 1.0 - d_t  # utility(d, r) = (1 − d)(1 + min(d, 1)·r), split for reuse
    capped_t = np.minimum(d_t, 1.0)
    for start in range(0, n, block):
        rows = slice(start, min(n, start + block))
        r = ids[rows]
        u_nj = near_t[None, :, :] * (1.0 + capped_t[None, :, :] * rh[rows][:, None, :])  # A[n, j]
        third = (ids[None, None, :] != r[:, None, None]) & (
            ids[None, None, :] != ids[None, :, None]
        )
        p_win, p_lose = contest_probability(
            u_ii[rows],
            u_ij[rows],
            u_ji[rows],
            u_jj[rows],
            u_ji[rows][:, None, :],
            u_nj,
            u_jj[rows][:, None, :],
            weights[r][:, None],
            weights[None, :],
            weights[None, None, :],
            third,
            options,
        )
        i_wins = u_ii[rows] + u_ii[rows]
        j_wins = u_ij[rows] + u_ij[rows]
        status_quo = u_ii[rows] + u_ij[rows]
        contested = p_win * i_wins + p_lose * j_wins
        s_j = salience_totals[None, :]
        gain[rows] = ((1 - s_j) * i_wins + s_j * contested) - status_quo
        prob[rows] = p_win
    np.fill_diagonal(gain, -np.inf)
    return gain, prob


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
        width = 1 + int(counts.max())
        tables = np.zeros((voting.size, n, width))
        tables[:, :, 0] = status_quo
        for row, k in enumerate(voting):
            tables[row, :, 1 : 1 + counts[k]] = values[:, bargain_of[starts[k] : starts[k + 1]]]
        p_all = conditional_pce_many(
            capabilities, tables, 1 + counts[voting], options.voting_rule, options.victory_prob
        )
        probabilities = {int(k): p_all[row, : 1 + counts[k]] for row, k in enumerate(voting)}
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
