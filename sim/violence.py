"""Violence and responses: faction attacks, spoiling of talks, strikes, arrests, protests."""

from __future__ import annotations

from collections import Counter, deque
from typing import TYPE_CHECKING

import numpy as np

from agents.faction import FactionAgent
from agents.government import GovernmentAgent
from agents.movement import MovementAgent
from agents.state import StateAgent

if TYPE_CHECKING:
    from sim.model import CrossroadsModel

ATTACK, STRIKE, ARREST, PROTEST = range(4)
DRAW_COLUMNS = 4


class Violence:
    """Keeps the recent history of attacks and applies the phase's rules."""

    def __init__(self, model: CrossroadsModel) -> None:
        self.model = model
        window = model.scenario.dynamics.memory_months
        self.history: deque[Counter[tuple[str, str]]] = deque(maxlen=window)
        self.this_step: Counter[tuple[str, str]] = Counter()
        self.totals: Counter[str] = Counter()
        self.step_counts: Counter[str] = Counter()

    def begin_step(self) -> None:
        self.history.append(self.this_step)
        self.this_step = Counter()
        self.step_counts = Counter()

    def recent_attacks_on(self, target: str) -> Counter[str]:
        """Attacks on ``target`` per faction within the memory window, this step included."""
        counts: Counter[str] = Counter()
        for step in (*self.history, self.this_step):
            for (attacker, victim), n in step.items():
                if victim == target:
                    counts[attacker] += n
        return counts

    def recent_attacks(self) -> int:
        """All attacks within the memory window, this step included."""
        return sum(sum(step.values()) for step in (*self.history, self.this_step))

    def _count(self, what: str) -> None:
        self.totals[what] += 1
        self.step_counts[what] += 1

    def target_of(self, faction: FactionAgent) -> StateAgent | None:
        """The named target, else the state the faction trusts least (ties by scenario order)."""
        model = self.model
        if faction.behaviour.target:
            return model.actors[faction.behaviour.target]
        states = [a for a in model.actors.values() if isinstance(a, StateAgent)]
        return min(states, key=faction.trust_in) if states else None

    def attack(self, faction: FactionAgent, forced: bool = False) -> None:
        """An attack: tension rises; the victim trusts the government less; stability falls."""
        model, dyn = self.model, self.model.scenario.dynamics
        target = self.target_of(faction)
        victim = target.actor_id if target else "government"
        self.this_step[(faction.actor_id, victim)] += 1
        self._count("attacks")
        model.tension = min(1.0, model.tension + dyn.attack_tension)
        government = model.government
        if government is not None:
            government.shift_stability(-dyn.attack_stability_loss)
            if target is not None:
                target.shift_trust(government.actor_id, -dyn.attack_trust_loss)
        model.log.event("attack", actor=faction.actor_id, target=victim, forced=forced)

    def strike(self, state: StateAgent, faction: FactionAgent, forced: bool = False) -> None:
        """A strike: deters and angers the faction, raises tension, costs sovereignty and trust."""
        model, dyn = self.model, self.model.scenario.dynamics
        faction.suffer(dyn.strike_deterrence) if isinstance(faction, FactionAgent) else None
        self._count("strikes")
        model.tension = min(1.0, model.tension + dyn.strike_tension)
        for other in model.actors.values():
            if other is state:
                continue
            aggrieved = isinstance(other, FactionAgent) or other is model.government
            if aggrieved or other.trust_in(faction.actor_id) > 0.5:
                other.shift_trust(state.actor_id, -dyn.strike_trust_loss)
        if model.government is not None:
            model.government.shift_stability(-dyn.strike_stability_loss)
        model.log.event("strike", actor=state.actor_id, target=faction.actor_id, forced=forced)

    def arrest(self, government: GovernmentAgent, faction: FactionAgent) -> None:
        """Arrests deter the faction a little and win the attacked states' trust back."""
        model, dyn = self.model, self.model.scenario.dynamics
        faction.suffer(dyn.arrest_deterrence, revenge_share=0.5)
        self._count("arrests")
        for attacker, victim in self.this_step:
            if attacker == faction.actor_id and victim in model.actors:
                model.actors[victim].shift_trust(government.actor_id, dyn.attack_trust_loss)
        model.log.event("arrest", actor=government.actor_id, target=faction.actor_id)

    def run_phase(self, draws: np.ndarray, spoil_draws: np.ndarray) -> None:
        """Factions attack and spoil; states strike; the government arrests; movements protest."""
        model, dyn = self.model, self.model.scenario.dynamics
        model.tension *= 1.0 - dyn.tension_cooling
        actors = list(model.actors.values())
        factions = [a for a in actors if isinstance(a, FactionAgent)]
        for faction in factions:
            faction.deterrence *= 1.0 - dyn.deterrence_decay
            faction.update_grievance(model.status_quo)
        for faction in factions:
            row = model.actor_index[faction.actor_id]
            p = faction.attack_probability(model.tension)
            _, choice = faction.decide("attack", probability=p, draw=float(draws[row, ATTACK]))
            if choice.value:
                self.attack(faction)
        self._spoilers(factions, spoil_draws)
        attackers: Counter[str] = Counter()
        for (attacker, _), n in self.this_step.items():
            attackers[attacker] += n
        for state in (a for a in actors if isinstance(a, StateAgent)):
            self._retaliate(state, float(draws[model.actor_index[state.actor_id], STRIKE]))
        government = model.government
        if government is not None and attackers:
            target = model.actors[max(sorted(attackers), key=attackers.__getitem__)]
            _, choice = government.decide(
                "arrest",
                probability=government.arrest_probability(),
                draw=float(draws[model.actor_index[government.actor_id], ARREST]),
                target=target.actor_id,
            )
            if choice.value:
                self.arrest(government, target)
        for movement in (a for a in actors if isinstance(a, MovementAgent)):
            if movement.behaviour.protest_propensity <= 0:
                continue
            _, choice = movement.decide(
                "protest",
                probability=movement.protest_probability(model.status_quo),
                draw=float(draws[model.actor_index[movement.actor_id], PROTEST]),
            )
            if choice.value:
                self._count("protests")
                if government is not None:
                    government.shift_stability(-dyn.protest_stability_loss)
                model.log.event("protest", actor=movement.actor_id)

    def _retaliate(self, state: StateAgent, draw: float) -> None:
        recent = self.recent_attacks_on(state.actor_id)
        total = sum(recent.values())
        p = state.strike_probability(total)
        if p <= 0:
            return
        target = self.model.actors[max(sorted(recent), key=recent.__getitem__)]
        _, choice = state.decide(
            "strike", probability=p, draw=draw, target=target.actor_id, recent_attacks=total
        )
        if choice.value:
            self.strike(state, target)
            for counts in (*self.history, self.this_step):
                for key in [k for k in counts if k[1] == state.actor_id]:
                    del counts[key]

    def _spoilers(self, factions: list[FactionAgent], spoil_draws: np.ndarray) -> None:
        model = self.model
        for column, state in enumerate(model.tracks.values()):
            if state.track_id not in model.rounds_this_step or state.last_proposal is None:
                continue
            for faction in factions:
                if faction.behaviour.spoiler_propensity <= 0:
                    continue
                issues = [i for i in state.spec.issues if i in faction.positions]
                dislike = (
                    faction.utility(model.status_quo, issues)
                    - faction.utility({**model.status_quo, **state.last_proposal}, issues)
                    if issues
                    else 0.0
                )
                row = model.actor_index[faction.actor_id]
                _, choice = faction.decide(
                    "spoil",
                    state.track_id,
                    probability=faction.spoil_probability(dislike),
                    draw=float(spoil_draws[row, column]),
                )
                if choice.value:
                    self._count("spoils")
                    model.tension = min(1.0, model.tension + model.scenario.dynamics.attack_tension)
                    state.suspended_until = max(
                        state.suspended_until, model.steps + model.scenario.dynamics.spoil_months
                    )
                    model.spoil(state, model.scenario.dynamics.spoil_trust_loss)
                    model.log.event("spoil", actor=faction.actor_id, track=state.track_id)
