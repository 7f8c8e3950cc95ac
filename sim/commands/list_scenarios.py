"""``run.py list``: the shipped scenarios with their one-line summaries."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.paths import ROOT, SCENARIOS

SKIP = {"common", "sweeps", "calibration", "ktab", "exercises"}  # not scenarios to run


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "list", help="list the shipped scenarios", description="List the shipped scenarios."
    )
    parser.set_defaults(handler=handle)


def shipped_scenarios() -> list[Path]:
    """Runnable scenario files under ``scenarios/`` (shared parts and sweeps left out)."""

    return sorted(
        p
        for p in SCENARIOS.rglob("*.yaml")
        if p.name != "sources.yaml" and not SKIP & set(p.relative_to(SCENARIOS).parts[:-1])
    )


def handle(args: argparse.Namespace) -> int:
    # lazy: the scenario package loads YAML, not needed for --help
    from sim.errors import InputError
    from sim.scenario.compose import compose
    from sim.scenario_ids import scenario_id

    rows = []
    for path in shipped_scenarios():
        try:
            data, _ = compose(path)
            summary = data.get("meta", {}).get("summary", "")
        except InputError as error:
            summary = f"(cannot read: {error})"
        rows.append((scenario_id(path), path.relative_to(ROOT).as_posix(), summary))
    width = max(len(r[0]) for r in rows) if rows else 0
    for name, where, summary in rows:
        print(f"{name:<{width}}  {summary}\n{'':<{width}}  {where}")
    return 0
