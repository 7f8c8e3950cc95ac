"""The Python API: runs, the Mesa model, ensembles, sweeps and their analysis (docs/python.md)."""

from sim.api.experiments import Experiments, analyze, ensemble, perform_experiments
from sim.api.mesa_model import CrossroadsModel
from sim.api.result import Run
from sim.api.scenarios import load as load_scenario
from sim.api.single import run

__all__ = [
    "CrossroadsModel",
    "Experiments",
    "Run",
    "analyze",
    "ensemble",
    "load_scenario",
    "perform_experiments",
    "run",
]
