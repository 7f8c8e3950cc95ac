"""Where the project's own files are: shipped scenarios, the source catalogue, results."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
SOURCES = SCENARIOS / "sources.yaml"
DEFAULT_SCENARIO = SCENARIOS / "baseline_2020.yaml"
RESULTS = Path("results")
