"""Scenario files: loading with line numbers, composition by ``extends``, overrides, validation."""

from sim.scenario.load import load_scenario, load_scenario_data

__all__ = ["load_scenario", "load_scenario_data"]
