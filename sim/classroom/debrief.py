"""The debrief: the class's run against the model's ensemble of the same scenario, each seat's
choices beside the model's on the same numbers, the session's timeline, the turning points
(choices whose flip, with the same dice, changes the outcome most), and sections side by side.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from agents.decisions import AnswerValue
from sim.atomic import atomic_folder
from sim.calendar import Month, parse_month
from sim.classroom.answers import Answer
from sim.classroom.documented import documented_points
from sim.classroom.ensemble import Tracker, run_reruns, series_of
from sim.classroom.ensemble_cache import debrief_columns
from sim.classroom.ensemble_cache import ensemble as model_runs
from sim.classroom.facts import catalogue
from sim.classroom.figures import (
    Point,
    choices_figure,
    fan_chart,
    same_choice,
    timeline_figure,
    turning_points_figure,
)
from sim.classroom.goals import attainment, attainments, goals_of
from sim.classroom.printable import write_printable
from sim.classroom.session import Session
from sim.classroom.spec import abilities
from sim.classroom.talk import transcript
from sim.classroom.view import typed
from sim.errors import InputError
from sim.results import RunResult
from sim.scenario.schema import Calendar

TOP = 6  # turning points shown
FLIPS = 40  # students' choices rerun flipped per section, by default


@dataclass
class Section:
    """One class's session, finished or not, as plain data."""

    name: str
    session: Session
    result: RunResult
    answers: list[Answer]


def percentile(values: np.ndarray, value: float) -> float:
    """Where ``value`` falls among ``values``: the share below it plus half the ties, in %."""
    below = float(np.sum(values < value - 1e-9))
    ties = float(np.sum(np.abs(values - value) <= 1e-9))
    return 100.0 * (below + 0.5 * ties) / len(values)


def flipped(answer: Answer) -> Answer | None:
    """The same decision answered the other way: yes<->no, or the model's own number."""
    value: AnswerValue | None
    if isinstance(answer.value, bool):
        value = not answer.value
    elif same_choice(answer):
        return None
    else:
        value = answer.model_value
    return Answer(**{**answer.__dict__, "value": value, "reason": "flipped", "by": "flip"})


def turning_points(section: Section, outcome_issues: list[str], workers: int, flips: int = 40):
    """Rerun the class's run with each person's choice flipped in turn (same seed, the class's
    injects, the other choices as made); rank by the change in the outcome issues."""
    session = section.session
    scenario = session.model.world.scenario
    seats = {
        actor: frozenset(seat.decisions or abilities(session.base, actor))
        for actor, seat in session.exercise.seats.items()
    }
    people = [a for a in section.answers if a.by.startswith("person")]
    candidates = [(a, f) for a in people if (f := flipped(a)) is not None]
    total = len(candidates)
    # the choices that differed from the model's first, then the others in order of play
    candidates.sort(key=lambda pair: (same_choice(pair[0]), pair[0].key))
    candidates = candidates[:flips]
    variants = [[f if x.key == a.key else x for x in section.answers] for a, f in candidates]
    base = run_reruns(scenario, session.seed, seats, [section.answers], 1)[0]
    finals = run_reruns(scenario, session.seed, seats, variants, workers)
    issues = list(scenario.issues)
    points = []
    for (answer, flip), final in zip(candidates, finals, strict=True):
        change = {i: float(final[issues.index(i)] - base[issues.index(i)]) for i in outcome_issues}
        spans = {i: float(scenario.issues[i].max - scenario.issues[i].min) for i in change}
        size = sum(abs(change[i]) / spans[i] for i in change)
        points.append((size, answer, flip, change))
    points.sort(key=lambda item: (-item[0], item[1].key))
    return points[:TOP], len(candidates), total


def _readable(value, issues: dict) -> str:
    if isinstance(value, dict):  # an offer: already in the issue's units, as typed
        return ", ".join(typed(float(v), issues[i]["units"]) for i, v in value.items())
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _numbers(answer: Answer) -> str:
    """The context numbers worth showing, in words and percentages."""
    ctx = answer.context

    def number(key: str) -> float | None:
        value = ctx.get(key)
        return float(value) if isinstance(value, int | float) else None

    shown = []
    for key in ("value_deal", "value_no_deal", "value_wait"):
        if (value := number(key)) is not None:
            shown.append(f"{key.replace('_', ' ')} {100 * value:.0f}")
    for key in ("probability", "trust", "stability", "pressure", "approval"):
        if (value := number(key)) is not None:
            shown.append(f"{key} {100 * value:.0f}%")
    if (rate := number("rate")) is not None:
        shown.append(f"expected attacks {rate:.1f}")
    deal = ctx.get("deal")
    if isinstance(deal, dict):
        shown.append("deal " + ", ".join(f"{v:,.0f}" for v in deal.values()))
    return "; ".join(shown)


def what_happened_next(start: Month, calendar: Calendar) -> list[str]:
    """The history held back from the briefings: every fact of the catalogue that became true
    after the exercise's first month, in the order it did, marked when it comes from outside
    the source documents or falls after the exercise's last month."""
    book = catalogue()
    later = book.later(start)
    if not later:
        return []
    end = calendar.start.plus((calendar.steps - 1) * calendar.step_months)
    rows = []
    for fact in later:
        notes = []
        if book.outside(fact):
            notes.append("outside the source documents")
        if book.as_of[fact] > end:
            notes.append("after the exercise's last month")
        rows.append([str(book.as_of[fact]), book.dated(fact), book.text(fact), "; ".join(notes)])
    return [
        "<h2>What happened next</h2>",
        f"<p>What the record says happened after {start}: the briefings held these facts back "
        "(the class had not lived them yet).</p>",
        _table(["month", "fact", "what happened", "note"], rows),
    ]


def documented_in(column: str, calendar: Calendar) -> list[Point]:
    """The documented values of ``column`` inside the exercise's months, each at the row that
    ends its month (row k is the state after step k)."""
    points = []
    for point in documented_points():
        offset = parse_month(point.month).minus(calendar.start)
        if point.series != column or not 0 <= offset < calendar.steps * calendar.step_months:
            continue
        row = offset // calendar.step_months + 1
        points.append(Point(row, point.value, ", ".join(point.facts), point.outside))
    return points


def goal_section(
    sections: list[Section], ensemble: np.ndarray, columns: list[str], issues_spec: dict
) -> list[str]:
    """Each seat's score against its own goals, and the share of the model's runs (at the same
    month) in which that seat did worse."""
    scenario = sections[0].session.base
    issues = [c.split(":", 1)[1] for c in columns if c.startswith("status_quo:")]
    at = [columns.index(f"status_quo:{i}") for i in issues]
    rows = []
    for section in sections:
        outcome = series_of(section.result, [f"status_quo:{i}" for i in issues])[-1]
        runs = ensemble[:, len(section.result.series("date")) - 1][:, at]
        for seat, spec in section.session.exercise.seats.items():
            goals = goals_of(scenario, seat)
            if not goals:
                continue
            mine = attainment(goals, dict(zip(issues, outcome, strict=True)))
            theirs = attainments(goals, runs, issues)
            wishes = "; ".join(
                f"{issues_spec[g.issue]['label']} {typed(g.wish, issues_spec[g.issue]['units'])}"
                f" (weight {g.salience:.1f})"
                for g in goals
            )
            rows.append(
                [
                    section.name,
                    scenario.actors[seat].name,
                    "a student" if spec.played_by == "person" else "the model",
                    wishes,
                    f"{mine:.0f}",
                    f"{np.median(theirs):.0f}",
                    f"{percentile(theirs, mine):.0f}%",
                ]
            )
    header = ["section", "seat", "played by", "wanted", "score", "model median", "runs worse"]
    return [
        "<h2>Did each seat get what it wanted?</h2>",
        "<p>A seat's score is how close the class's outcome came to the goals in its briefing, "
        "each issue weighted by how much it mattered to the seat: 100 means every issue ended "
        "exactly where the seat wanted it, 0 as far away as the scale allows. 'Runs worse' is "
        "the share of the model's own runs in which that seat scored lower.</p>",
        _table(header, rows),
    ]


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def load_sections(paths: list[Path]) -> list[Section]:
    sections = []
    for path in paths:
        session = Session.resume(path)
        sections.append(Section(path.stem, session, session.result(path.stem), session.answers()))
    first = sections[0].session
    for section in sections[1:]:
        if section.session.exercise_path != first.exercise_path:
            raise InputError(
                f"is a session of {section.session.exercise_path.name}, not of "
                f"{first.exercise_path.name}: compare sections of one exercise",
                file=str(paths[sections.index(section)]),
            )
    return sections


def write_debrief(
    paths: list[Path],
    out: Path,
    runs: int | None = None,
    workers: int = 2,
    flips: int = FLIPS,
    cache: Path | None = None,
    progress: Tracker | None = None,
) -> Path:
    """Write ``out/index.html`` and its figures for one or more sessions of one exercise; the
    model's ensemble is read from ``cache`` when it was computed there before (and kept there
    when not); ``progress`` is told of each of its runs."""
    sections = load_sections(paths)
    try:
        with atomic_folder(out) as folder:
            _write(sections, folder, runs, workers, flips, cache, progress)
    finally:
        for section in sections:
            section.session.close()
    return out


def _write(
    sections: list[Section],
    folder: Path,
    runs: int | None,
    workers: int,
    flips: int,
    cache: Path | None,
    progress: Tracker | None = None,
) -> None:
    first = sections[0].session
    exercise = first.exercise
    scenario = first.base
    issues_spec = sections[0].result.resolved["issues"]
    outcome_issues = exercise.debrief.outcomes or list(scenario.issues)
    columns = debrief_columns(scenario)
    charted = [f"status_quo:{i}" for i in outcome_issues] + ["tension", "attacks"]
    size = runs or exercise.debrief.ensemble
    ensemble = model_runs(scenario, first.seed, size, columns, workers, cache, progress)
    dates = sections[0].result.series("date")
    names = {a: actor.name for a, actor in scenario.actors.items()}  # the class reads names
    tracks = {t: track.label for t, track in scenario.tracks.items()}
    parts = [
        f"<h1>Debrief: {html.escape(exercise.meta.title)}</h1>",
        f"<p>{len(sections)} section(s) of the exercise against {size} runs of the model "
        f"with the model in every seat (seeds spawned from the class's seed {first.seed}; "
        "the bands show aleatory uncertainty only).</p>",
    ]
    if exercise.debrief.questions:
        items = "".join(f"<li>{html.escape(q)}</li>" for q in exercise.debrief.questions)
        parts.append(f"<h2>Questions</h2><ol>{items}</ol>")
    parts += what_happened_next(scenario.calendar.start, scenario.calendar)
    parts.append("<h2>Where your class ended up</h2>")
    compare_rows = []
    parts.append(
        "<p>Grey bands: the model's runs. Coloured lines: your class. Diamonds: the values the "
        "record documents for that month (the ones the model is calibrated to); hollow ones "
        "come from outside the five source documents.</p>"
    )
    for column in charted:
        index = columns.index(column)
        label = column.split(":", 1)[-1]
        title = issues_spec[label]["label"] if label in issues_spec else label
        unit = (
            issues_spec[label]["units"]
            if label in issues_spec
            else ("attacks so far" if label == "attacks" else "0 calm - 1 crisis")
        )
        classes, cents = {}, {}
        for section in sections:
            series = series_of(section.result, [column])[:, 0]
            classes[section.name] = series
            final = ensemble[:, len(series) - 1, index]  # same month if not finished
            cents[section.name] = percentile(final, float(series[-1]))
        name = f"fan_{label}.png"
        documented = documented_in(column, scenario.calendar)
        fan_chart(
            folder / name, title, unit, dates, ensemble[:, :, index], classes, cents, documented
        )
        parts.append(f'<img src="{name}" alt="{html.escape(title)}">')
        for section in sections:
            compare_rows.append(
                [
                    section.name,
                    title,
                    f"{classes[section.name][-1]:,.1f}",
                    f"{np.median(ensemble[:, -1, index]):,.1f}",
                    f"{cents[section.name]:.0f}",
                ]
            )
    parts.append("<h2>Sections side by side</h2>")
    parts.append(
        _table(
            [
                "section",
                "outcome",
                "class (last month played)",
                "model median (end)",
                "class percentile",
            ],
            compare_rows,
        )
    )
    parts += goal_section(sections, ensemble, columns, issues_spec)
    summary_rows = []
    for section in sections:
        out = section.result.outcomes
        agreements = (
            "; ".join(
                f"{a['date']} {tracks.get(a['track'], a['track'])}: "
                + ", ".join(
                    f"{issues_spec[i]['label'] if i in issues_spec else i} {v:,.0f}"
                    for i, v in a["deal"].items()
                )
                for a in out["agreements"]
            )
            or "none"
        )
        people = sum(a.by.startswith("person") for a in section.answers)
        missed = sum("deadline" in a.by for a in section.answers)
        summary_rows.append(
            [
                section.name,
                f"{out['steps']} of {section.session.steps}",
                agreements,
                str(out["violence"]["attacks"]),
                str(people),
                str(missed),
            ]
        )
    parts.append(
        _table(
            [
                "section",
                "months played",
                "agreements",
                "attacks",
                "choices by students",
                "deadlines missed",
            ],
            summary_rows,
        )
    )
    for section in sections:
        parts.append(f"<h2>{html.escape(section.name)}: timeline</h2>")
        name = f"timeline_{section.name}.png"
        timeline_figure(folder / name, section.name, section.result.events, dates)
        parts.append(f'<img src="{name}" alt="timeline">')
        released = [[str(r.step), r.inject.label] for r in section.session.released]
        if released:
            parts.append(_table(["month (step)", "facilitator inject"], released))
        said = transcript(section.session.talk, section.session.base, section.session.turn)
        if said:  # what the seats said and proposed, at their turn
            parts.append(f"<h2>{html.escape(section.name)}: talk and proposals</h2>")
            parts.append(_table(["turn", "from", "to", "said or proposed"], said))
        parts.append(f"<h2>{html.escape(section.name)}: each seat beside the model</h2>")
        for seat in exercise.seats:
            mine = [a for a in section.answers if a.actor == seat]
            if not mine:
                continue
            name = f"choices_{section.name}_{seat}.png"
            choices_figure(folder / name, names[seat], mine, dates)
            parts.append(f'<h3>{html.escape(names[seat])}</h3><img src="{name}" alt="choices">')
            rows = [
                [
                    a.date,
                    a.kind,
                    tracks.get(a.track or "", a.track or ""),
                    _readable(a.value, issues_spec),
                    _readable(a.model_value, issues_spec),
                    _numbers(a),
                    a.by,
                    a.reason,
                ]
                for a in mine
            ]
            parts.append(
                _table(
                    [
                        "month",
                        "decision",
                        "track",
                        "choice",
                        "model's choice",
                        "numbers",
                        "answered by",
                        "reason",
                    ],
                    rows,
                )
            )
        points, tried, total = turning_points(section, outcome_issues, workers, flips)
        parts.append(f"<h2>{html.escape(section.name)}: turning points</h2>")
        parts.append(
            f"<p>{tried} of {total} students' choices rerun one at a time with the other choice "
            "(yes for no, or the model's number), the same dice and the same injects; the "
            "choices that differed from the model's come first.</p>"
        )
        if points:
            labels = [
                f"{a.date} {names.get(a.actor, a.actor)} {a.kind} {_readable(a.value, issues_spec)}"
                for _, a, _, _ in points
            ]
            name = f"turning_{section.name}.png"
            turning_points_figure(
                folder / name,
                labels,
                [p[0] for p in points],
                "change in outcome (share of each issue's scale, summed)",
            )
            parts.append(f'<img src="{name}" alt="turning points">')
            rows = [
                [
                    a.date,
                    names.get(a.actor, a.actor),
                    a.kind,
                    _readable(a.value, issues_spec),
                    _readable(f.value, issues_spec),
                    ", ".join(f"{issues_spec[i]['label']} {d:+,.0f}" for i, d in change.items()),
                ]
                for _, a, f, change in points
            ]
            parts.append(
                _table(
                    ["month", "seat", "decision", "class chose", "flipped to", "change at the end"],
                    rows,
                )
            )
    page = PAGE.format(title=html.escape(exercise.meta.title), body="\n".join(parts))
    (folder / "index.html").write_text(page, encoding="utf-8")
    write_printable(page, folder)


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Debrief: {title}</title>
<style>
body {{ font: 11pt/1.45 Georgia, serif; max-width: 60em; margin: 2em auto; color: #111; }}
table {{ border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 9pt; }}
td, th {{ border: 1px solid #aaa; padding: 2px 5px; text-align: left; vertical-align: top; }}
td:first-child {{ white-space: nowrap; }}
img {{ max-width: 100%; display: block; margin: 0.5em 0; }}
@page {{ margin: 1.5cm; }}
@media print {{ body {{ margin: 0; max-width: none; font-size: 10pt; }}
  img, table, tr {{ break-inside: avoid; }} h2, h3 {{ break-after: avoid; }} }}
</style></head><body>
{body}
</body></html>
"""
