"""``bargain`` subcommand: run a bargaining model on a KTAB CSV file and report the outcome."""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from sim.bargaining import MODELS, BargainResult, KTABScenario, read_ktab_csv, solve
from sim.bargaining.ktab_csv import FILE_SCALE


def register(subparsers: Any) -> None:
    """Add the ``bargain`` parser to the main CLI's subparsers."""
    parser = subparsers.add_parser(
        "bargain",
        help="run a spatial bargaining model on a KTAB CSV file",
        description="Run KTAB's Spatial Model of Politics (or a baseline) on a KTAB CSV file "
        "and print every actor's final position on the 0–100 scale.",
    )
    parser.add_argument("file", metavar="FILE.csv", type=Path, help="KTAB scenario CSV file")
    parser.add_argument(
        "--model", default="smp", choices=sorted(MODELS), help="bargaining model (default: smp)"
    )
    parser.add_argument(
        "--json",
        dest="json_out",
        metavar="OUT.json",
        type=Path,
        help="write the full history (positions on 0–100, probabilities, states) as JSON",
    )
    parser.add_argument(
        "--events",
        dest="events_out",
        metavar="OUT.jsonl",
        type=Path,
        help="write one JSON line per turn explaining challenges, bargains and moves",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Read the file, run the model, print the table and write the requested outputs."""
    scenario = read_ktab_csv(args.file)
    result = solve(
        args.model,
        scenario.capabilities,
        scenario.positions,
        scenario.saliences,
        record_events=args.events_out is not None,
    )
    print(format_table(scenario, result))
    if args.json_out is not None:
        write_atomically(args.json_out, json.dumps(history_json(scenario, result), indent=1))
    if args.events_out is not None:
        lines = "".join(json.dumps(event) + "\n" for event in result.events)
        write_atomically(args.events_out, lines)
    return 0


def history_json(scenario: KTABScenario, result: BargainResult) -> dict[str, Any]:
    """The JSON document: names, positions [state][actor][dimension] on 0–100, probabilities."""
    return {
        "model": result.model,
        "actors": scenario.actors,
        "dimensions": scenario.dimensions,
        "positions": (result.positions * FILE_SCALE).tolist(),
        "probabilities": result.probabilities.tolist(),
        "states": int(result.states),
    }


def format_table(scenario: KTABScenario, result: BargainResult) -> str:
    """Final positions per actor and dimension (0–100) and the number of states."""
    name_width = max(len("actor"), *(len(a) for a in scenario.actors))
    widths = [max(8, len(d)) for d in scenario.dimensions]
    header = "  ".join(
        [
            "actor".ljust(name_width),
            *(d.rjust(w) for d, w in zip(scenario.dimensions, widths, strict=True)),
        ]
    )
    lines = [f"{scenario.name} — model {result.model}", header]
    for actor, row in zip(scenario.actors, result.final_positions * FILE_SCALE, strict=True):
        cells = [f"{value:.1f}".rjust(w) for value, w in zip(row, widths, strict=True)]
        lines.append("  ".join([actor.ljust(name_width), *cells]))
    lines.append(f"states: {result.states}")
    return "\n".join(lines)


def write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file in the same folder, then rename it over ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
