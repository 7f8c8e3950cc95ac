"""``run.py analyze DIR``: the summary table and figures of a sweep folder."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "analyze",
        help="summarise a sweep folder: table and figures",
        description="Write DIR/analysis/summary.csv (mean, median, p5, p95 of each numeric "
        "outcome and the share of runs with each track agreed, per design point) and figures "
        "that fit the design: runs per level and a heat map for grids, scatter plots for sampled "
        "designs, Sobol indices (with a warning when they do not resolve) for saltelli/sobol "
        "designs, fan or share charts of stored time series; with --discover, PRIM boxes and "
        "feature scores for the runs that meet a condition. See docs/sweeps.md.",
    )
    parser.add_argument("folder", metavar="DIR", help="a sweep folder (with manifest.json)")
    parser.add_argument("--outcome", help="outcome for the figures, e.g. tension.mean")
    parser.add_argument(
        "--x",
        help="parameter along the x axis of level plots and maps (default: the first swept "
        "one; in an ensemble, the first drawn one)",
    )
    parser.add_argument(
        "--y",
        help="parameter of the panels of level plots and the y axis of maps (default: the "
        "second swept one, none if one is swept; in an ensemble, the second drawn one)",
    )
    parser.add_argument(
        "--series",
        help="fan chart of these stored series columns, comma separated (default: all stored)",
    )
    parser.add_argument("--point", help="fan chart of one design point only (index or key)")
    parser.add_argument(
        "--discover",
        metavar="CONDITION",
        help="scenario discovery: which parameter ranges lead to runs where CONDITION holds, "
        "e.g. 'final_status_quo.us_troops < 1000' (OUTCOME OP VALUE, joined by 'and')",
    )
    parser.add_argument("--out", help="where to write (default: DIR/analysis)")
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="no progress on stderr (otherwise a step that takes over 2 s says how far it is)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    # lazy: pandas and matplotlib load when the command runs, not for --help
    from sim.out_folder import check_writable, write_error
    from sim.sweep.analysis import analyze
    from sim.sweep.store import read_manifest

    folder = Path(args.folder)
    out = Path(args.out) if args.out else None
    read_manifest(folder)  # a folder that is no sweep is named before the --out check
    check_writable(out or folder / "analysis", "--out")
    if args.series is None:
        series = list(read_manifest(folder).get("series", []))
    else:
        series = [c.strip() for c in args.series.split(",") if c.strip()]
    try:
        result = analyze(
            folder,
            outcome=args.outcome,
            x=args.x,
            y=args.y,
            series=series,
            point=args.point,
            discover=args.discover,
            out=out,
            quiet=args.quiet,
        )
    except OSError as error:
        raise write_error(error, out or folder / "analysis", "--out") from None
    for path in result.written:
        print(path)
    for message in result.messages:
        print(message)
    return 0
