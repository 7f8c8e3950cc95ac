"""Where the project's own files are (shipped scenarios, the source catalogue, results), and how
a path is shown in messages."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
SOURCES = SCENARIOS / "sources.yaml"
DEFAULT_SCENARIO = SCENARIOS / "baseline_2020.yaml"
RESULTS = Path("results")


def display_name(path: Path) -> str:
    """A path as the user would like to read it: relative to the working folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative
