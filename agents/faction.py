"""Armed factions (Kataib Hezbollah, Badr, Nujaba, ...): grievance against deterrence."""

from __future__ import annotations

from agents.actor import ActorAgent


class FactionAgent(ActorAgent):
    """An armed faction. Grievance follows the gap between its ideals and the status quo."""

    kind = "faction"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.grievance = 0.0
        self.deterrence = 0.0

    def start(self, status_quo: dict[str, float]) -> None:
        """Grievance starts at the present gap, so a run does not begin with a warm-up."""
        self.grievance = self.gap(status_quo)

    def update_grievance(self, status_quo: dict[str, float]) -> None:
        """g <- m g + (1 - m) gap(q): slow to build, slow to fade."""
        memory = float(self.behaviour.grievance_memory)
        self.grievance = memory * self.grievance + (1.0 - memory) * self.gap(status_quo)

    def attack_probability(self, tension: float) -> float:
        """p = propensity * grievance * (1 - deterrence) * (1 + tension), clipped to [0, 1]."""
        raw = self.behaviour.attack_propensity * self.grievance * (1.0 - self.deterrence)
        return min(1.0, max(0.0, raw * (1.0 + tension)))

    def spoil_probability(self, dislike: float) -> float:
        """p = spoiler propensity * (grievance + how much worse the proposal is than q)."""
        raw = self.behaviour.spoiler_propensity * (self.grievance + max(0.0, dislike))
        return min(1.0, max(0.0, raw))

    def suffer(self, deterrence: float, revenge_share: float = 1.0) -> None:
        """A strike or arrest deters the faction and feeds its grievance."""
        self.deterrence = min(1.0, self.deterrence + deterrence)
        self.grievance = min(1.0, self.grievance + revenge_share * self.behaviour.revenge)
