"""One SMP turn written as plain loops over actors, pairs and third parties.

This is the readable statement of the model (see docs/bargaining.md) and the yardstick for the
vectorised path in ``smp_fast``: tests check that both give the same trajectories.
"""

from __future__ import annotations

import numpy as np

from sim.bargaining.options import BargainModel, SMPOptions, ThirdPartyCommit
from sim.bargaining.smp_bargain import interpolate
from sim.bargaining.smp_common import (
    MIN_SIGNIFICANT_GAIN,
    Bargains,
    Challenge,
    StateAssessment,
    choose_option,
    utility,
)
from sim.bargaining.victory import scalar_pce
from sim.bargaining.voting import vote

MIN_CONTEST_COALITION = 1e-10  # an empty side of a contest still has this strength


def third_party_outcomes(
    commit: ThirdPartyCommit, u_i: float, u_j: float, u_own: float
) -> tuple[float, float, float, float]:
    """Third party n's summed utilities of the three positions (i's, j's, n's) after:
    (n joins i, i wins), (n joins i, j wins), (n joins j, i wins), (n joins j, j wins).

    A committed ally adopts the winner's position when its side wins; a loser always adopts
    the winner's position. Semi-commitment: an ally of the winner keeps its own position.
    """
    if commit is ThirdPartyCommit.FULL_COMMIT:
        return u_i + u_i + u_i, u_j + u_j + u_j, u_i + u_i + u_i, u_j + u_j + u_j
    if commit is ThirdPartyCommit.SEMI_COMMIT:
        return u_i + u_i + u_own, u_j + u_j + u_j, u_i + u_i + u_i, u_j + u_j + u_own
    if commit is ThirdPartyCommit.NO_COMMIT:
        return u_i + u_i + u_own, u_j + u_j + u_own, u_i + u_i + u_own, u_j + u_j + u_own
    raise ValueError(f"unknown third-party commitment {commit!r}")


def contest(
    k: int,
    i: int,
    j: int,
    seen: np.ndarray,
    weights: np.ndarray,
    salience_totals: np.ndarray,
    options: SMPOptions,
) -> tuple[float, float]:
    """An observer's estimate (utilities ``seen``) that i beats j if i challenges j, and of
    the expected change in utility to k from the challenge compared with the status quo."""
    rule = options.voting_rule
    n_actors = seen.shape[0]
    # the principals back themselves
    vote_i = float(vote(rule, weights[i], seen[i, i] - seen[i, j]))
    vote_j = float(vote(rule, weights[j], seen[j, i] - seen[j, j]))
    for_i = MIN_CONTEST_COALITION
    for_j = MIN_CONTEST_COALITION
    for v in (vote_i, vote_j):
        if v > 0.0:
            for_i = for_i + v
        if v < 0.0:
            for_j = for_j - v
    principals_i, principals_j = for_i, for_j
    # each third party weighs in after judging the little contest of i, j and itself
    for n in range(n_actors):
        if n in (i, j):
            continue
        u_ni, u_nj, u_nn = seen[n, i], seen[n, j], seen[n, n]
        leaning = float(vote(rule, weights[n], u_ni - u_nj))
        little_i = principals_i + leaning if leaning > 0 else principals_i
        little_j = principals_j - leaning if leaning < 0 else principals_j
        p_i = little_i / (little_i + little_j)
        p_j = 1.0 - p_i
        join_i_win, join_i_lose, join_j_lose, join_j_win = third_party_outcomes(
            options.third_party_commit, u_ni, u_nj, u_nn
        )
        value_join_i = p_i * join_i_win + p_j * join_i_lose
        value_join_j = p_i * join_j_lose + p_j * join_j_win
        v = float(vote(rule, weights[n], value_join_i - value_join_j))
        if v > 0:
            for_i = for_i + v
        if v < 0:
            for_j = for_j - v
    p_win = for_i / (for_i + for_j)
    p_lose = for_j / (for_i + for_j)
    status_quo = seen[k, i] + seen[k, j]
    i_wins = seen[k, i] + seen[k, i]  # j adopts i's position
    j_wins = seen[k, j] + seen[k, j]  # i adopts j's position
    contested = p_win * i_wins + p_lose * j_wins
    s_j = salience_totals[j]
    # j concedes without a fight with probability 1 - s_j
    challenged = (1 - s_j) * i_wins + s_j * contested
    return p_win, challenged - status_quo


def best_challenges(
    positions: np.ndarray,
    saliences: np.ndarray,
    capabilities: np.ndarray,
    assessment: StateAssessment,
    options: SMPOptions,
) -> tuple[list[Challenge], Bargains]:
    """Every actor's most valuable challenge (if any) and the bargains they put forward."""
    n_actors = positions.shape[0]
    salience_totals = saliences.sum(axis=1)
    weights = capabilities * salience_totals
    seen_by = [assessment.utilities_seen_by(h) for h in range(n_actors)]
    challenges: list[Challenge] = []
    bargains = Bargains()
    for i in range(n_actors):
        best_j, best_p, best_gain = -1, 0.0, -1.0
        for j in range(n_actors):
            if j == i:
                continue
            p, gain = contest(i, i, j, seen_by[i], weights, salience_totals, options)
            if gain > MIN_SIGNIFICANT_GAIN and gain > best_gain:
                best_j, best_p, best_gain = j, p, gain
        if best_j < 0:
            continue
        j = best_j
        p_j_view, _ = contest(i, i, j, seen_by[j], weights, salience_totals, options)
        challenges.append(Challenge(i, j, best_gain, best_p, p_j_view))
        add_bargains(bargains, i, j, best_p, p_j_view, positions, saliences, weights, options)
    return challenges, bargains


def add_bargains(
    bargains: Bargains,
    i: int,
    j: int,
    p_i_view: float,
    p_j_view: float,
    positions: np.ndarray,
    saliences: np.ndarray,
    weights: np.ndarray,
    options: SMPOptions,
) -> None:
    """Interpolate the bargain(s) of i challenging j under the chosen bargaining model."""
    rule = options.inter_vec_brgn

    def from_view(p: float) -> tuple[np.ndarray, np.ndarray]:
        return interpolate(rule, positions[i], saliences[i], p, positions[j], saliences[j], 1 - p)

    by_i = from_view(p_i_view)
    if options.bargain_model is BargainModel.INIT_ONLY_INTERP:
        bargains.add(i, j, by_i[0], by_i[1], "initiator")
        return
    by_j = from_view(p_j_view)
    if options.bargain_model is BargainModel.INIT_RCVR_INTERP:
        bargains.add(i, j, by_i[0], by_i[1], "initiator")
        bargains.add(i, j, by_j[0], by_j[1], "receiver")
        return
    w_i, w_j = weights[i], weights[j]
    bargains.add(
        i,
        j,
        (w_i * by_i[0] + w_j * by_j[0]) / (w_i + w_j),
        (w_i * by_i[1] + w_j * by_j[1]) / (w_i + w_j),
        "compromise",
    )


def resolve_bargains(
    positions: np.ndarray,
    saliences: np.ndarray,
    capabilities: np.ndarray,
    assessment: StateAssessment,
    bargains: Bargains,
    options: SMPOptions,
    rng: np.random.Generator | None,
) -> tuple[np.ndarray, list[tuple[list[int | None], np.ndarray, int]]]:
    """Each actor's choice among the status quo and its bargains, by a vote of all actors on
    the resulting states; returns the new positions and (options, probabilities, choice)."""
    n_actors = positions.shape[0]
    own = assessment.own_utilities()

    def position_utility(a: int, p: np.ndarray) -> float:
        diff = (positions[a] - p) * saliences[a]
        total = (saliences[a] * saliences[a]).sum()
        d = np.sqrt((diff * diff).sum() / total) if total > 0 else 0.0
        return float(utility(d, assessment.risk[a]))

    def state_value(a: int, b: int | None) -> float:
        """Utility to a of the state after bargain b, averaged over all actors' positions."""
        if b is None:
            total = sum(own[a, n] for n in range(n_actors))
        else:
            init, rcvr = bargains.initiator[b], bargains.receiver[b]
            total = position_utility(a, bargains.initiator_position[b])
            total += position_utility(a, bargains.receiver_position[b])
            total += sum(own[a, n] for n in range(n_actors) if n not in (init, rcvr))
        return total / n_actors

    new_positions = positions.copy()
    choices = []
    for k in range(n_actors):
        option_ids: list[int | None] = [None, *bargains.involving(k)]
        values = np.array([[state_value(a, b) for b in option_ids] for a in range(n_actors)])
        p = scalar_pce(capabilities, values, options.voting_rule, options.victory_prob, options.pce)
        chosen = choose_option(p, options, rng)
        adopted = option_ids[chosen]
        if adopted is not None:
            new_positions[k] = bargains.position_for(adopted, k)
        choices.append((option_ids, p, chosen))
    return new_positions, choices
