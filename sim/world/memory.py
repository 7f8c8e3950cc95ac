"""Recent attacks: who attacked whom, step by step, over a sliding window."""

from __future__ import annotations

from collections import Counter, deque


class AttackMemory:
    """Counts of attacks per (attacker, victim) for the last ``window`` steps and this one."""

    def __init__(self, window: int) -> None:
        self.past: deque[Counter[tuple[str, str]]] = deque(maxlen=window)
        self.now: Counter[tuple[str, str]] = Counter()

    def begin_step(self) -> None:
        """The finished step's attacks join the window (the oldest drops out)."""
        self.past.append(self.now)
        self.now = Counter()

    def add(self, attacker: str, victim: str, count: int) -> None:
        if count > 0:
            self.now[(attacker, victim)] += count

    def _steps(self):
        return (*self.past, self.now)

    def on(self, victim: str) -> Counter[str]:
        """Attacks on ``victim`` per attacker within the window, this step included."""
        counts: Counter[str] = Counter()
        for step in self._steps():
            for (attacker, target), n in step.items():
                if target == victim:
                    counts[attacker] += n
        return counts

    def by(self, attacker: str) -> int:
        """Attacks by ``attacker`` within the window, this step included."""
        return sum(n for step in self._steps() for (a, _), n in step.items() if a == attacker)

    def total(self) -> int:
        """All attacks within the window, this step included."""
        return sum(sum(step.values()) for step in self._steps())

    def this_step_by(self) -> Counter[str]:
        """Attacks in this step per attacker."""
        counts: Counter[str] = Counter()
        for (attacker, _), n in self.now.items():
            counts[attacker] += n
        return counts

    def forget_attacks_on(self, victim: str) -> None:
        """A strike answers the attacks on its striker: they leave the window."""
        for step in self._steps():
            for key in [k for k in step if k[1] == victim]:
                del step[key]
