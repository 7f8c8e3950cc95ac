"""Import Mesa for a command-line run without loading what Crossroads never uses from it.

``import mesa`` loads the whole package: pandas (for ``DataCollector``'s data frames),
scipy.spatial (for the experimental continuous space) and tqdm's notebook detection (for
``batch_run``), about 0.8 s of a 1 s import on the reference machine. Crossroads uses
``mesa.Model`` and ``mesa.Agent`` only. While Mesa is imported here, those three are stand-ins
that load the real module the first time something is used through them, so a Mesa feature
that needs them still works, only later. The stand-ins leave ``sys.modules`` as soon as Mesa is
in: any later ``import pandas`` gets the real thing. Library users who ``import mesa``
themselves are unaffected.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable


def _forwarding(name: str, functions: tuple[str, ...] = ()) -> types.ModuleType:
    """A module that imports ``name`` on first attribute access and hands the attribute on;
    ``functions`` are names imported with ``from name import f`` at import time, made as
    functions that forward when called."""
    stand_in = types.ModuleType(name, f"stand-in for {name}, loaded on first use")

    def real() -> types.ModuleType:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
        return importlib.import_module(name)

    def __getattr__(attribute: str) -> object:
        if attribute.startswith("__"):  # the import system and inspect probe these
            raise AttributeError(attribute)
        return getattr(real(), attribute)

    stand_in.__getattr__ = __getattr__  # type: ignore[method-assign]

    def forward(function: str) -> Callable[..., object]:
        def call(*args: object, **kwargs: object) -> object:
            return getattr(real(), function)(*args, **kwargs)

        call.__name__ = function
        return call

    for function in functions:
        setattr(stand_in, function, forward(function))
    return stand_in


def import_mesa() -> types.ModuleType:
    """``import mesa`` with pandas, scipy.spatial, tqdm.auto and multiprocessing (for
    ``batch_run``) deferred until used."""
    if "mesa" in sys.modules:
        return sys.modules["mesa"]
    stand_ins = {
        "pandas": _forwarding("pandas"),
        "scipy.spatial.distance": _forwarding("scipy.spatial.distance", ("cdist",)),
        "tqdm.auto": _forwarding("tqdm.auto", ("tqdm",)),
        "multiprocessing": _forwarding("multiprocessing", ("Pool",)),
    }
    placed = {name: module for name, module in stand_ins.items() if name not in sys.modules}
    sys.modules.update(placed)
    try:
        import mesa
    finally:
        for name, module in placed.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    return mesa
