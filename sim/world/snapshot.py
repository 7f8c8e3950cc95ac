"""A world's state as plain data (issue units, dated by month), and back.

A run writes its final state (``state.json``); a scenario can start from such a state, or from
another scenario's state at a date (``initial_state``). Only state is carried over: positions,
trust, capabilities, grievance, the home front, commitments in force, recent attacks, and of each
track its past round months, suspension, settlement and last proposal (not its tally of results,
which counts the starting run's own rounds). The
parameters (behaviour, dynamics, tracks, events) are the starting scenario's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sim.calendar import Month, parse_month
from sim.world.commitments import Commitment

if TYPE_CHECKING:
    from sim.world import World

FACTION_STATE = ("grievance", "deterrence", "paused", "strength")
GOVERNMENT_STATE = (
    "stability",
    "spending",
    "income",
    "power_base",
    "power_summer",
    "seats",
    "caretaker",
)


def snapshot(world: World) -> dict[str, Any]:
    """The world's state at the end of the current step."""
    scales = world.scales
    clock = world.clock

    def month_of(step: int) -> str:
        return str(clock.start.plus((step - 1) * clock.step_months))

    def commitment(c: Commitment) -> dict[str, Any]:
        return {
            "issue": c.issue,
            "kind": c.kind,
            "by": c.by,
            "start": month_of(c.start_step),
            "start_value": scales.denormalise(c.issue, c.start_value),
            "milestones": [
                {"month": month_of(step), "value": scales.denormalise(c.issue, value)}
                for step, value in c.milestones
            ],
            "cap": None if c.cap is None else c.cap * scales.width(c.issue),
        }

    actors = {}
    for actor_id, actor in world.actors.items():
        state: dict[str, Any] = {
            "positions": {i: scales.denormalise(i, p) for i, p in actor.positions.items()},
            "saliences": dict(actor.saliences),
            "capability": actor.capability,
            "trust": dict(sorted(actor.trust.items())),
        }
        names = FACTION_STATE if actor.kind == "faction" else ()
        if actor.kind == "government" and getattr(actor, "domestic", None) is not None:
            names = GOVERNMENT_STATE
        state.update({name: getattr(actor, name) for name in names})
        if getattr(actor, "home_offset", None):
            state["home_offset"] = {
                i: v * scales.width(i) for i, v in sorted(actor.home_offset.items())
            }
        actors[actor_id] = state
    return {
        "date": clock.date,
        "tension": world.tension,
        "status_quo": {i: scales.denormalise(i, v) for i, v in world.status_quo.items()},
        "actors": actors,
        "commitments": [commitment(c) for _, c in sorted(world.ledger.active.items())],
        "orders": [commitment(c) for _, c in sorted(world.ledger.orders.items())],
        "tracks": {
            track_id: {
                "held": [month_of(step) for step in track.held_steps],
                "suspended_until": month_of(track.suspended_until)
                if track.suspended_until > 0
                else None,
                "settled": track.settled,
                "last_proposal": None
                if track.last_proposal is None
                else {i: scales.denormalise(i, v) for i, v in track.last_proposal.items()},
            }
            for track_id, track in world.tracks.items()
        },
        "attacks": [
            [{"attacker": a, "victim": v, "count": n} for (a, v), n in sorted(step.items())]
            for step in (*world.memory.past, world.memory.now)
        ],
    }


def restore(world: World, state: dict[str, Any]) -> None:
    """Put a snapshot's state into a freshly built world (before its first step).

    Issues and actors the two worlds do not share are left as the starting scenario has them;
    dated milestones are mapped onto this world's steps.
    """
    scales, clock = world.scales, world.clock
    world.tension = float(state["tension"])
    for issue, value in state["status_quo"].items():
        if issue in world.status_quo:
            world.status_quo[issue] = scales.normalise(issue, float(value))
    for actor_id, saved in state["actors"].items():
        actor = world.actors.get(actor_id)
        if actor is None:
            continue
        for issue, value in saved["positions"].items():
            if issue in actor.positions:
                actor.positions[issue] = scales.normalise(issue, float(value))
        for issue, value in saved["saliences"].items():
            if issue in actor.saliences:
                actor.saliences[issue] = float(value)
        actor.capability = float(saved["capability"])
        actor.trust.update({o: float(t) for o, t in saved["trust"].items() if o in world.actors})
        names = FACTION_STATE if actor.kind == "faction" else GOVERNMENT_STATE
        for name in names:
            if name in saved and hasattr(actor, name):
                value = saved[name]
                setattr(actor, name, dict(value) if isinstance(value, dict) else value)
        if "home_offset" in saved and hasattr(actor, "home_offset"):
            actor.home_offset = {
                i: scales.per_unit(i, float(v)) for i, v in saved["home_offset"].items()
            }

    def step_of(month: str) -> int:
        return clock.step_of(parse_month(month))

    def commitment(data: dict[str, Any]) -> Commitment | None:
        issue = data["issue"]
        if issue not in world.status_quo:
            return None
        cap = data["cap"]
        return Commitment(
            issue,
            data["kind"],
            data["by"],
            step_of(data["start"]),
            scales.normalise(issue, float(data["start_value"])),
            tuple(
                (step_of(m["month"]), scales.normalise(issue, float(m["value"])))
                for m in data["milestones"]
            ),
            None if cap is None else scales.per_unit(issue, float(cap)),
        )

    for data in state["orders"]:
        order = commitment(data)
        if order is not None:
            world.ledger.orders[order.issue] = order
    for data in state["commitments"]:
        active = commitment(data)
        if active is not None:
            bound = world.ledger.orders.get(active.issue)
            world.ledger.active[active.issue] = bound if bound == active else active
    for track_id, saved in state.get("tracks", {}).items():
        track = world.tracks.get(track_id)
        if track is None:
            continue
        track.held_steps = [step_of(m) for m in saved["held"]]
        if saved["suspended_until"] is not None:
            track.suspended_until = step_of(saved["suspended_until"])
        track.settled = bool(saved["settled"])
        proposal = saved["last_proposal"]
        if proposal is not None and set(proposal) == set(track.spec.issues):
            track.last_proposal = {i: scales.normalise(i, float(v)) for i, v in proposal.items()}
    for index, step in enumerate(state["attacks"]):
        if index:
            world.memory.begin_step()
        for entry in step:
            if entry["attacker"] in world.actors:
                world.memory.add(entry["attacker"], entry["victim"], int(entry["count"]))
    world.log.event("initial_state", date=state["date"])


def month_after(state: dict[str, Any]) -> Month:
    """The first month a scenario starting from ``state`` simulates."""
    return parse_month(state["date"]).plus(1)
