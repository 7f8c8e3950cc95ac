"""``run.py brief EXERCISE.yaml --out DIR``: the public and private briefings of an exercise,
as Markdown and printable HTML (print to PDF from a browser; no PDF library is used)."""

from __future__ import annotations

import argparse
from pathlib import Path

MARKERS = ("public.md", "public.html")
"""Files every briefing folder holds: ``--force`` replaces only a folder that has them."""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "brief",
        help="write the role briefings of a classroom exercise",
        description="Write public.md/.html and one <seat>.md/.html per seat played by a person.",
    )
    parser.add_argument(
        "exercise", help="exercise YAML, or a shipped exercise's id (exercises-iran_saudi_talks)"
    )
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument("--force", action="store_true", help="replace an earlier briefing folder")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    # lazy: the classroom loads the scenario schema and Mesa when the command runs
    from sim.atomic import atomic_folder
    from sim.classroom.briefing import briefings
    from sim.classroom.spec import load_exercise
    from sim.file_kinds import expect_kind
    from sim.out_folder import check_output_folder
    from sim.scenario_ids import resolve

    check_output_folder(Path(args.out), "--out", args.force, MARKERS)
    path = resolve(args.exercise)  # a shipped exercise's id works like its path
    expect_kind(path, "exercise", "brief")
    exercise, scenario = load_exercise(path)
    docs = briefings(exercise, scenario)
    with atomic_folder(Path(args.out)) as folder:
        for doc in docs:
            (folder / f"{doc.name}.md").write_text(doc.markdown(), encoding="utf-8")
            (folder / f"{doc.name}.html").write_text(doc.html(), encoding="utf-8")
    names = ", ".join(d.name for d in docs)
    print(f"briefings written to {args.out}/: {names} (.md and .html)")
    return 0
