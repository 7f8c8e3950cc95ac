"""Mesa's SolaraViz for a scenario: sliders from its uncertain parameters, its run's charts,
step, play and reset. Needs the ``viz`` extra (``pip install -e ".[viz]"``); nothing else in
Crossroads imports this package."""

from sim.viz.page import ViewModel, charts, page, sliders

__all__ = ["ViewModel", "charts", "page", "sliders"]
