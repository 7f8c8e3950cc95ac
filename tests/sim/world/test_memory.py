"""The attack memory: a sliding window of who attacked whom."""

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
