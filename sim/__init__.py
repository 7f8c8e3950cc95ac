"""Crossroads: scenario and negotiation simulation of Iraq between Washington, Tehran and Riyadh.

The Python API (docs/python.md) is loaded on first use: ``import sim`` stays as light as
``run.py``'s start-up needs, and ``sim.run`` or ``sim.CrossroadsModel`` import Mesa and pandas
when first named.
"""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False  # not typing's: importing typing costs run.py --help a tenth of its time

__version__ = "0.1.0"

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

if TYPE_CHECKING:
    from sim.api import (
        CrossroadsModel,
        Experiments,
        Run,
        analyze,
        ensemble,
        load_scenario,
        perform_experiments,
        run,
    )


def __getattr__(name: str) -> object:
    if name in __all__:
        value = getattr(import_module("sim.api"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'sim' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
