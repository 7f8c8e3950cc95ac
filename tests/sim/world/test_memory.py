"""The attack memory: a sliding window of who attacked whom."""

import random
from collections import Counter

from sim.world.memory import AttackMemory


def test_window_slides_and_strikes_answer_attacks():
    memory = AttackMemory(window=2)
    memory.add("kh", "washington", 3)
    memory.begin_step()
    memory.add("nujaba", "washington", 1)
    memory.add("kh", "riyadh", 2)
    assert memory.on("washington") == {"kh": 3, "nujaba": 1}
    assert (memory.by("kh"), memory.total()) == (5, 6)
    assert memory.this_step_by() == {"nujaba": 1, "kh": 2}
    memory.begin_step()
    memory.begin_step()  # the window holds two past steps: the first has dropped out
    assert memory.on("washington") == {"nujaba": 1}
    memory.forget_attacks_on("washington")
    assert memory.total() == 2


def test_attacks_on_a_victim_are_the_windows_sum_after_any_history():
    """``on`` keeps running totals; they must equal the window's steps summed afresh."""
    rng = random.Random(7)
    names = ["kh", "nujaba", "washington", "riyadh"]
    for window in range(4):
        memory = AttackMemory(window)
        for _ in range(300):
            move = rng.random()
            if move < 0.5:
                memory.add(rng.choice(names), rng.choice(names), rng.randrange(3))
            elif move < 0.9:
                memory.begin_step()
            else:
                memory.forget_attacks_on(rng.choice(names))
            for victim in names:
                summed: Counter[str] = Counter()
                for step in (*memory.past, memory.now):
                    for (attacker, target), n in step.items():
                        if target == victim:
                            summed[attacker] += n
                assert memory.on(victim) == summed
                assert all(n > 0 for n in memory.on(victim).values())
