"""Briefings name every seat's actor, cite only facts that exist (with their dates), and keep
each seat's confidential text out of the other seats' briefings."""

from __future__ import annotations

import re

import pytest

from sim.classroom.briefing import briefings, dated_text, private_briefing, public_briefing
from sim.classroom.facts import catalogue
from sim.classroom.spec import load_exercise
from tests.conftest import SCENARIOS, run_cli

EXERCISES = sorted((SCENARIOS / "exercises").glob("*.yaml"))
FACT = re.compile(r"\bF\d{2,3}\b")


@pytest.fixture(scope="module", params=EXERCISES, ids=lambda p: p.stem)
def loaded(request):
    return load_exercise(request.param)


def test_public_briefing_names_every_seats_actor(loaded):
    exercise, scenario = loaded
    text = public_briefing(exercise, scenario).markdown()
    for actor in exercise.seats:
        assert scenario.actors[actor].name in text
    for issue in scenario.issues.values():
        assert issue.label in text


def test_briefings_cite_only_existing_facts_with_dates(loaded):
    exercise, scenario = loaded
    book = catalogue()
    for doc in briefings(exercise, scenario):
        text = doc.markdown()
        cited = set(FACT.findall(text))
        assert cited, f"{doc.name} cites no fact"
        assert cited <= set(book.facts), cited - set(book.facts)
        for fact in cited:  # every citation carries the date of its documents
            assert book.dated(fact) in text or book.dated(fact).replace(" (", ", ")[:-1] in text


def test_a_seat_never_sees_another_seats_private_briefing(loaded):
    exercise, scenario = loaded
    for seat, _spec in exercise.seats.items():
        mine = private_briefing(exercise, scenario, seat)
        assert scenario.actors[seat].name in mine.title
        text = mine.markdown()
        for other, other_spec in exercise.seats.items():
            if other != seat and other_spec.brief:
                assert dated_text(other_spec.brief) not in text
                for line in other_spec.red_lines:
                    assert line not in text
        if exercise.visibility.others_positions == "hidden":
            others = text.split("## What the others might do")[1].split("## ")[0]
            assert (
                "; wants" not in others and others.count("may decide") == len(scenario.actors) - 1
            )


def test_dated_text_dates_fact_ids():
    assert dated_text("as F19 says") == "as F19, late 2022 says"
    assert dated_text("F99 is unknown") == "F99 is unknown"


def test_brief_command_writes_markdown_and_html_per_seat(tmp_path):
    path = SCENARIOS / "exercises" / "iran_saudi_talks.yaml"
    done = run_cli("brief", str(path), "--out", str(tmp_path / "brief"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in (tmp_path / "brief").iterdir())
    seats = ["baghdad", "kataib_hezbollah", "public", "riyadh", "tehran"]
    assert names == sorted([f"{s}.{ext}" for s in seats for ext in ("html", "md")])
    page = (tmp_path / "brief" / "tehran.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "@media print" in page and "Tehran" in page


def test_weight_names_the_stronger_actors(loaded):
    exercise, scenario = loaded
    actors = scenario.actors
    for seat in exercise.seats:
        text = private_briefing(exercise, scenario, seat).markdown()
        stronger = [
            a for a in actors if float(actors[a].capability) > float(actors[seat].capability)
        ]
        line = next(x for x in text.splitlines() if "Weight:" in x)
        for other in stronger:  # a rank alone ('3 of 9') meant nothing to students
            assert actors[other].name in line
        assert (f"the strongest of the {len(actors)} actors" in line) == (not stronger)
