"""Regenerate the run figure gallery: every figure kind of a run, for a few shipped scenarios,
in docs/run_gallery/ and the page docs/run_gallery.md that shows them.

    .venv/bin/python docs/run_gallery.py

The figures are drawn by the same code as a run's folder (``sim.plots``), from runs with the
scenarios' own seeds, so the gallery changes only when the model, a scenario or a figure does.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "docs" / "run_gallery"
PAGE = ROOT / "docs" / "run_gallery.md"

#: scenario id, why it is in the gallery
SCENARIOS = (
    ("baseline_2020", "the default scenario: both tracks, agreements, a caretaker period"),
    ("regional_mediation-spoiler_attack", "refused and spoiled rounds, strikes and their answers"),
    ("us_withdrawal-fast_exit_after_escalation", "an order to leave; actors meet at zero troops"),
)

#: figure file (or prefix), what it shows and how to read it
KINDS = (
    (
        "positions_",
        "Positions on one issue",
        "Each actor's stated position over time on the issue's whole scale, in the actor's "
        "colour (the same in every figure), labelled at the line's right end; actors whose "
        'lines coincide throughout share one label with their number ("Tehran, Sadrist '
        'movement, factions (5)"). A line that meets a later one is drawn wider beneath it, '
        "and the status quo (thick black) beneath every actor, so no line hides another. "
        "Stars are agreements at the value agreed, triangles unilateral orders at the value "
        "ordered and by whom. The strip below marks every round of each track on the issue by "
        "its result (agreed, settled, stalled, failed, rejected, refused) and every spoil.",
    ),
    (
        "status_quo",
        "Status quo of each issue",
        "One panel per issue on its whole scale, so a flat series looks flat; start and end "
        "values with units on the right; agreements and orders marked.",
    ),
    (
        "violence",
        "Violence and escalation",
        "Attacks per month stacked by faction, tension on the right axis; below, strikes, "
        "arrests, protests and spoiled rounds, with a count beside a marker when there was "
        "more than one in a month; then a row per faction: its pauses filled in its colour, "
        "its campaign suspended (grey hatch) or escalated (red outline). Both axes of the top "
        "panel step in fifths, so they share one grid. The legend sits outside the panels.",
    ),
    (
        "domestic",
        "Home front",
        "The government's stability and what wears it down (fiscal stress, power shortfall, "
        "faction pressure) on one 0-1 scale; the caretaker period is shaded; each inject that "
        "changed the home front is a numbered dotted line, named in the legend.",
    ),
    (
        "trust",
        "Trust over time",
        "The series' trust pairs (each track's parties toward each other and toward the host "
        "or mediator, each state toward the government), one panel per track with its rounds "
        "marked in a strip below the 0-1 scale, and a panel for the remaining trust in the "
        "government. A pair has one colour in every panel and every scenario, from its two "
        "actors' ids and a palette no actor colour is in (pairs of one run that draw the same "
        "colour are told apart by dashed or dotted lines); pairs that coincide throughout "
        "share a line and a label, and a line that another joins part-way is drawn wider "
        "beneath it.",
    ),
)


def main() -> None:
    from sim.plots import save_figures
    from sim.runner import run_scenario
    from sim.scenario import load_scenario
    from sim.scenario_ids import resolve

    lines = [
        "# Run figures",
        "",
        "Every figure a run writes, for three shipped scenarios (each with its own seed). The",
        "page and the images are made by `docs/run_gallery.py`; regenerate them after a change",
        "to the model, a scenario or a figure (`.venv/bin/python docs/gallery.py` redraws this gallery",
        "and the sweep gallery together):",
        "",
        '<!-- skip: next if(not SLOW, reason="slow: redraws the gallery") -->',
        "```bash",
        ".venv/bin/python docs/run_gallery.py",
        "```",
        "",
        "Every figure names its scenario and seed at the bottom right; dates are ticked at",
        "regular calendar months.",
        "",
        "Sweep figures are in [the sweep gallery](gallery.md).",
        "",
    ]
    written: dict[str, list[Path]] = {}
    for scenario_id, _ in SCENARIOS:
        result = run_scenario(load_scenario(resolve(scenario_id)))
        folder = OUT / scenario_id
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.png"):
            old.unlink()
        written[scenario_id] = save_figures(result, folder)
    for prefix, title, text in KINDS:
        lines += [f"## {title}", "", text, ""]
        for scenario_id, why in SCENARIOS:
            for path in written[scenario_id]:
                if path.name.startswith(prefix):
                    rel = path.relative_to(PAGE.parent).as_posix()
                    lines += [
                        f"`{scenario_id}`: {why}",
                        "",
                        f"![{title}, {scenario_id}]({rel})",
                        "",
                    ]
    PAGE.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)} and {sum(len(w) for w in written.values())} figures")


if __name__ == "__main__":
    main()
