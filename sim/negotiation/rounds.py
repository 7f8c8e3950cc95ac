"""One round of a track: host, attend, offer, propose, accept, ratify, then agree or concede."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from sim import parliament
from sim.negotiation.protocol import NegotiationProtocol, Table

if TYPE_CHECKING:
    from sim.model import CrossroadsModel
    from sim.scenario.schema import Track


@dataclass
class TrackState:
    """What the model remembers of a track between rounds."""

    track_id: str
    spec: Track
    protocol: NegotiationProtocol
    due_steps: frozenset[int]
    suspended_until: int = -1
    rounds_held: int = 0
    rounds_failed: int = 0
    last_proposal: dict[str, float] | None = None
    agreements: list[dict[str, Any]] = field(default_factory=list)

    def is_due(self, step: int) -> bool:
        return step in self.due_steps and step > self.suspended_until


def _value_of_no_deal(model: CrossroadsModel, actor, issues: list[str]) -> float:
    """u_a(q) - conflict_cost_a * tension: walking away keeps the status quo and its risks."""
    return actor.utility(model.status_quo, issues) - actor.behaviour.conflict_cost * model.tension


def _value_of_deal(
    model: CrossroadsModel, actor, deal: dict[str, float], state: TrackState
) -> float:
    """u_a(x) + mediation bonus * trust in the host or mediator (good offices make deals stick)."""
    spec = state.spec
    broker = spec.host or spec.mediator
    bonus = (
        spec.mediation_bonus * actor.trust_in(broker)
        if broker and broker != actor.actor_id
        else 0.0
    )
    return actor.utility(deal, spec.issues) + bonus


def _attendance(model: CrossroadsModel, state: TrackState) -> list[str]:
    """Ask host and parties; return the names of those who refused."""
    spec = state.spec
    refused = []
    if spec.host is not None:
        host = model.actors[spec.host]
        _, choice = host.decide(
            "host",
            state.track_id,
            stability=host.stability if hasattr(host, "stability") else 1.0,
            threshold=float(host.domestic.host_min_stability)
            if getattr(host, "domestic", None)
            else 0.0,
        )
        if not choice.value:
            refused.append(spec.host)
    broker = spec.host or spec.mediator
    for party in spec.parties:
        actor = model.actors[party]
        others = [p for p in spec.parties if p != party]
        trust = min(actor.trust_in(o) for o in others)
        if broker and broker != party:
            trust += spec.mediation_bonus * actor.trust_in(broker)
        _, choice = actor.decide(
            "join", state.track_id, trust=trust, threshold=float(actor.behaviour.join_trust)
        )
        if not choice.value:
            refused.append(party)
    return refused


def _table(model: CrossroadsModel, state: TrackState, offers: dict[str, dict[str, float]]) -> Table:
    spec = state.spec
    members = [*spec.parties, *[s for s in spec.stakeholders if s not in spec.parties]]
    positions = np.array(
        [[offers.get(a, model.actors[a].positions)[i] for i in spec.issues] for a in members]
    )
    saliences = np.array([[model.actors[a].saliences[i] for i in spec.issues] for a in members])
    capabilities = np.array([model.actors[a].effective_capability for a in members])
    return Table(members, list(spec.issues), capabilities, positions, saliences)


def hold_round(model: CrossroadsModel, state: TrackState, rng: np.random.Generator) -> None:
    """Run one round of ``state``'s track and log what happened and why."""
    spec = state.spec
    refused = _attendance(model, state)
    if refused:
        state.rounds_failed += 1
        model.log.event("round", track=state.track_id, held=False, refused=refused)
        return
    state.rounds_held += 1
    for a in spec.parties:
        for b in spec.parties:
            model.actors[a].shift_trust(b, model.scenario.dynamics.round_trust_gain)
    offers = {}
    for party in spec.parties:
        actor = model.actors[party]
        _, choice = actor.decide(
            "offer",
            state.track_id,
            position={i: actor.positions[i] for i in spec.issues},
            last_proposal=state.last_proposal,
            concession=float(actor.behaviour.concession),
            scales={i: model.scales[i] for i in spec.issues},
        )
        offer = {i: min(1.0, max(0.0, float(choice.value[i]))) for i in spec.issues}
        actor.positions.update(offer)
        offers[party] = offer
    proposal = state.protocol.propose(_table(model, state, offers), rng)
    deal = proposal.deal
    state.last_proposal = deal
    accepted, rejected = _acceptance(model, state, deal)
    ratified = _ratification(model, state, deal)
    agreed = not rejected and all(ratified.values())
    model.log.event(
        "round",
        track=state.track_id,
        held=True,
        proposal={i: model.denormalise(i, v) for i, v in deal.items()},
        accepted=accepted,
        rejected=rejected,
        ratified=ratified,
        agreed=agreed,
        protocol=proposal.detail,
    )
    if agreed:
        _agree(model, state, deal)


def _acceptance(model: CrossroadsModel, state: TrackState, deal: dict[str, float]):
    spec = state.spec
    accepted, rejected = [], []
    for party in spec.must_accept if spec.must_accept is not None else spec.parties:
        actor = model.actors[party]
        context = {
            "value_deal": _value_of_deal(model, actor, deal, state),
            "value_no_deal": _value_of_no_deal(model, actor, spec.issues),
        }
        if party in spec.ratification:
            context["approval"] = parliament.approval(model, actor, deal, spec.issues)
            context["approval_needed"] = parliament.approval_needed(model, actor)
        _, choice = actor.decide("accept", state.track_id, **context)
        (accepted if choice.value else rejected).append(party)
    return accepted, rejected


def _ratification(model: CrossroadsModel, state: TrackState, deal: dict[str, float]):
    result = {}
    for government_id in state.spec.ratification:
        government = model.actors[government_id]
        share = parliament.approval(model, government, deal, state.spec.issues)
        result[government_id] = share >= parliament.approval_needed(model, government)
    return result


def _agree(model: CrossroadsModel, state: TrackState, deal: dict[str, float]) -> None:
    spec = state.spec
    record = {
        "track": state.track_id,
        "step": model.steps,
        "date": model.date,
        "deal": {i: round(model.denormalise(i, v), 6) for i, v in deal.items()},
        "parties": list(spec.parties),
    }
    state.agreements.append(record)
    model.agreements.append(record)
    for issue, value in deal.items():
        cap = spec.max_change_per_step.get(issue)
        model.set_target(issue, value, None if cap is None else float(cap), by=state.track_id)
    model.log.event("agreement", **{k: v for k, v in record.items() if k not in ("step", "date")})
