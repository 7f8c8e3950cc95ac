"""A world's state as plain data (shares of each issue's scale, dated by month), and back.

A run writes its final state (``state.json``); a scenario can start from such a state, or from
another scenario's state at a date (``initial_state``). What a run's future depends on is carried
over; the parameters (behaviour, dynamics, tracks, events) are the starting scenario's own,
except the behaviour coefficients that injects and rules changed during the run.

Levels (status quo, positions, proposals, milestones) are stored as the model holds them, as
shares of each issue's scale, and amounts (caps, offsets) as shares of its width, with the scales
alongside: a run restarted from its own state then continues exactly (a round trip through the
issue's units would lose the last bits of a float). A world with other scales for an issue maps
the level through the units. The format of ``state.json`` (a JSON object, numbers finite)::

    date            "YYYY-MM": the last month simulated; the next run starts the month after
    origin          "YYYY-MM": the first month of the first run of the chain; tracks that meet
                    every so many months without a start keep their rhythm from it
    scales          {issue: [min, max]}: the scales the levels below are shares of
    seed            the seed of the run that wrote the state
    rng             numpy's ``bit_generator.state`` of that run's generator after ``date``
                    (``{"bit_generator": "PCG64", "state": {"state": int, "inc": int},
                    "has_uint32": int, "uinteger": int}``)
    tension         a share
    status_quo      {issue: level}, a share of the issue's scale
    actors          {actor: {field: value, ..., "behaviour": {coefficient: value}}}: the
                    fields each kind declares (``STATE`` of :mod:`agents`); ``behaviour`` holds
                    only the coefficients that differ from the scenario's
    commitments     [commitment]: in force (issue, kind, by, start: month, start_value: level,
    orders          [commitment]: binding orders     milestones [{month, value: level}],
                    cap: a share of the width or null)
    tracks          {track: {held: [month], suspended_until: month | null (the last month of
                    a suspension still running), settled: bool,
                    last_proposal: {issue: level} | null, rounds: int, agreed: bool,
                    status: open | possible | closed, abandoned_by: [actor],
                    failures: int (rounds in a row without an agreement)}}: ``rounds``
                    and ``agreed`` count every run of a chain of starting states
    attacks         [[{attacker, victim, count}]]: the memory window, oldest step first
    counts          {attacks, strikes, arrests, protests, spoils}: totals since the first run
    rules           {rule: times it fired}

A run that starts from a state file continues the file's random stream when it runs with the
seed that wrote it (so a run restarted from its own ``state.json`` continues byte-identically);
with another seed, or from another scenario's state at a date (a branch), it draws a fresh
stream from its own seed. Files written before ``scales``, ``seed`` and ``rng`` were kept
(levels in issue units, a fresh stream) are still read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sim.calendar import parse_month
from sim.world.commitments import Commitment

if TYPE_CHECKING:
    from agents.actor import ActorAgent, StateField
    from sim.world import World

JSON = dict[str, Any]


def _save_field(world: World, actor: ActorAgent, field: StateField) -> Any:
    """One declared field of an actor as plain data."""
    value = getattr(actor, field.name)
    match field.kind:
        case "offsets" | "trust":
            return dict(sorted(value.items()))
        case "positions" | "saliences" | "weights" | "levels":
            return dict(value)
        case "number":
            return float(value)
        case "flag":
            return bool(value)
        case "step":
            return _month_of(world, int(value))


class _Levels:
    """A saved state's levels and amounts on this world's scales: as saved where the scales
    agree (exact), through the issue's units where they differ, from units in older files."""

    def __init__(self, world: World, saved: dict[str, list[float]] | None) -> None:
        self.scales = world.scales
        self.saved = (
            None if saved is None else {i: (float(lo), float(hi)) for i, (lo, hi) in saved.items()}
        )

    def level(self, issue: str, value: float) -> float:
        if self.saved is None:
            return self.scales.normalise(issue, value)
        low, high = self.saved[issue]
        if (low, high) == self.scales.bounds[issue]:
            return value
        return self.scales.normalise(issue, low + value * (high - low))

    def amount(self, issue: str, value: float) -> float:
        if self.saved is None:
            return self.scales.per_unit(issue, value)
        low, high = self.saved[issue]
        if (low, high) == self.scales.bounds[issue]:
            return value
        return self.scales.per_unit(issue, value * (high - low))


def _restore_field(
    world: World, levels: _Levels, actor: ActorAgent, field: StateField, saved: Any
) -> None:
    """Put one saved field back; issues and actors this world lacks are left out."""
    name = field.name
    match field.kind:
        case "positions":
            current = getattr(actor, name)
            for issue, value in saved.items():
                if issue in current:
                    current[issue] = levels.level(issue, float(value))
        case "levels":
            kept = {i: float(v) for i, v in saved.items() if i in world.status_quo}
            setattr(actor, name, {i: levels.level(i, v) for i, v in kept.items()})
        case "offsets":
            offsets = {i: float(v) for i, v in saved.items() if i in world.status_quo}
            setattr(actor, name, {i: levels.amount(i, v) for i, v in offsets.items()})
        case "saliences":
            current = getattr(actor, name)
            current.update({i: float(v) for i, v in saved.items() if i in current})
        case "trust":
            current = getattr(actor, name)
            current.update({o: float(t) for o, t in saved.items() if o in world.actors})
        case "weights":
            setattr(actor, name, {k: float(v) for k, v in saved.items()})
        case "number":
            setattr(actor, name, float(saved))
        case "flag":
            setattr(actor, name, bool(saved))
        case "step":
            setattr(actor, name, world.clock.step_of(parse_month(saved)))


def _month_of(world: World, step: int) -> str:
    clock = world.clock
    return str(clock.start.plus((step - 1) * clock.step_months))


def changed_behaviour(world: World, actor: ActorAgent) -> dict[str, float]:
    """The behaviour coefficients an inject or a rule changed: those that differ from the
    scenario's. They are state now: the run's future follows them."""
    spec = world.scenario.actors[actor.actor_id].behaviour
    return {
        name: float(value)
        for name, value in actor.behaviour
        if isinstance(value, float) and float(value) != float(getattr(spec, name))
    }


def snapshot(world: World) -> JSON:
    """The world's state at the end of the current step."""
    scales = world.scales

    def commitment(c: Commitment) -> JSON:
        return {
            "issue": c.issue,
            "kind": c.kind,
            "by": c.by,
            "start": _month_of(world, c.start_step),
            "start_value": c.start_value,
            "milestones": [
                {"month": _month_of(world, step), "value": value} for step, value in c.milestones
            ],
            "cap": c.cap,
        }

    actors = {}
    for actor_id, actor in world.actors.items():
        saved = {field.name: _save_field(world, actor, field) for field in actor.STATE}
        saved["behaviour"] = changed_behaviour(world, actor)
        actors[actor_id] = saved
    return {
        "date": world.clock.date,
        "origin": str(world.clock.origin),
        "scales": {i: list(bounds) for i, bounds in scales.bounds.items()},
        "seed": world.seed,
        "rng": world.rng.bit_generator.state,
        "tension": world.tension,
        "status_quo": dict(world.status_quo),
        "actors": actors,
        "commitments": [commitment(c) for _, c in sorted(world.ledger.active.items())],
        "orders": [commitment(c) for _, c in sorted(world.ledger.orders.items())],
        "tracks": {
            track_id: {
                "held": [_month_of(world, step) for step in track.held_steps],
                "suspended_until": _month_of(world, track.suspended_until)
                if track.suspended_until > world.clock.step
                else None,
                "settled": track.settled,
                "last_proposal": None if track.last_proposal is None else dict(track.last_proposal),
                "rounds": track.rounds_before + track.rounds_held,
                "agreed": track.agreed_before or bool(track.agreements),
                "status": track.status,
                "abandoned_by": list(track.abandoned_by),
                "failures": track.failures,
            }
            for track_id, track in world.tracks.items()
        },
        "attacks": [
            [{"attacker": a, "victim": v, "count": n} for (a, v), n in sorted(step.items())]
            for step in (*world.memory.past, world.memory.now)
        ],
        "counts": world.counts.ever(),
        "rules": dict(world.rule_counts),
    }


def restore(world: World, state: JSON, *, stream: bool = False) -> None:
    """Put a snapshot's state into a freshly built world (before its first step).

    Issues and actors the two worlds do not share are left as the starting scenario has them;
    dated milestones are mapped onto this world's steps. With ``stream`` (a start from a state
    file), the world's generator continues the saved one if the seeds match.
    """
    clock = world.clock
    levels = _Levels(world, state.get("scales"))
    world.tension = float(state["tension"])
    for issue, value in state["status_quo"].items():
        if issue in world.status_quo:
            world.status_quo[issue] = levels.level(issue, float(value))
    for actor_id, saved in state["actors"].items():
        actor = world.actors.get(actor_id)
        if actor is None:
            continue
        for field in actor.STATE:
            if field.name in saved:
                _restore_field(world, levels, actor, field, saved[field.name])
        changes = {k: float(v) for k, v in saved.get("behaviour", {}).items()}
        if changes:
            actor.behaviour = actor.behaviour.model_copy(update=changes)

    def step_of(month: str) -> int:
        return clock.step_of(parse_month(month))

    def commitment(data: JSON) -> Commitment | None:
        issue = data["issue"]
        if issue not in world.status_quo:
            return None
        cap = data["cap"]
        return Commitment(
            issue,
            data["kind"],
            data["by"],
            step_of(data["start"]),
            levels.level(issue, float(data["start_value"])),
            tuple(
                (step_of(m["month"]), levels.level(issue, float(m["value"])))
                for m in data["milestones"]
            ),
            None if cap is None else levels.amount(issue, float(cap)),
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
    if "origin" in state:
        clock.origin = parse_month(state["origin"])
        for rhythm in world.tracks.values():
            rhythm.due_steps = clock.due(rhythm.spec)
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
            track.last_proposal = {i: levels.level(i, float(v)) for i, v in proposal.items()}
        track.rounds_before = int(saved.get("rounds", 0))
        track.agreed_before = bool(saved.get("agreed", False))
        if saved.get("status") in ("open", "possible", "closed"):
            track.status = saved["status"]
        track.abandoned_by = [a for a in saved.get("abandoned_by", []) if a in world.actors]
        track.failures = int(saved.get("failures", 0))
    for index, step in enumerate(state["attacks"]):
        if index:
            world.memory.begin_step()
        for entry in step:
            if entry["attacker"] in world.actors:
                world.memory.add(entry["attacker"], entry["victim"], int(entry["count"]))
    world.counts.carry({name: int(n) for name, n in state.get("counts", {}).items()})
    for rule_id, fired in state.get("rules", {}).items():
        if rule_id in world.rule_counts:
            world.rule_counts[rule_id] = int(fired)
    if stream and "rng" in state and state.get("seed") == world.seed:
        world.rng.bit_generator.state = state["rng"]
    world.log.event("initial_state", date=state["date"])
