"""Same scenario and seed give the same bytes out; different seeds give different runs."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from sim.output import write_run
from sim.runner import run_scenario
from sim.scenario import load_scenario
from tests.conftest import BASELINE


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_same_bytes_including_figures(tmp_path):
    scenario = load_scenario(BASELINE)
    first = write_run(run_scenario(scenario, seed=5, name="b"), tmp_path / "one")
    second = write_run(run_scenario(load_scenario(BASELINE), seed=5, name="b"), tmp_path / "two")
    one, two = _files(first), _files(second)
    assert set(one) >= {"scenario.yaml", "seed.txt", "series.csv", "outcomes.json", "events.jsonl"}
    assert any(name.endswith(".png") for name in one)
    assert one == two


def test_figures_drawn_in_two_processes_are_the_bytes_of_one(tmp_path):
    # run.py in a fresh process shares the figures with a forked child; here a thread is
    # running, so this process draws them all itself
    root = Path(__file__).resolve().parents[2]
    command = [sys.executable, "run.py", "--seed", "5", "--out", str(tmp_path / "forked")]
    subprocess.run(command, cwd=root, check=True, capture_output=True)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        serial = write_run(run_scenario(load_scenario(BASELINE), seed=5), tmp_path / "serial")
    finally:
        stop.set()
        other.join()
    forked = _files(tmp_path / "forked")
    figures = {name: data for name, data in _files(serial).items() if name.endswith(".png")}
    assert len(figures) == 7
    assert figures == {name: forked[name] for name in figures}


def test_different_seeds_differ():
    scenario = load_scenario(BASELINE)
    a = run_scenario(scenario, seed=1)
    b = run_scenario(scenario, seed=2)
    assert a.rows != b.rows
    assert a.events != b.events


def test_scenario_seed_is_the_default():
    scenario = load_scenario(BASELINE, ["seed=99"])
    assert run_scenario(scenario).seed == 99
    assert run_scenario(scenario).rows == run_scenario(scenario, seed=99).rows


def test_finished_models_are_freed():
    """Mesa 3.3 keeps a per-model agent counter on its Agent class; a model must still be
    freed once nothing of ours refers to it (a sweep or a classroom server builds many)."""
    import gc
    import weakref

    from sim.model import CrossroadsModel

    model = CrossroadsModel(load_scenario(BASELINE), seed=1)
    model.step()
    gone = weakref.ref(model)
    del model
    gc.collect()
    assert gone() is None
