"""Briefings name every seat's actor, cite only facts that exist (with their dates), and keep
each seat's confidential text out of the other seats' briefings."""

from __future__ import annotations

import re

import pytest

from sim.classroom.briefing import briefings, dated_text, private_briefing, public_briefing
from sim.classroom.facts import catalogue
from sim.classroom.spec import load_exercise
from tests.conftest import SCENARIOS

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


def test_brief_command_writes_markdown_and_html_per_seat(tmp_path, cli):
    path = SCENARIOS / "exercises" / "iran_saudi_talks.yaml"
    done = cli("brief", str(path), "--out", str(tmp_path / "brief"), cwd=tmp_path)
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


def test_a_briefing_cites_only_facts_true_when_its_exercise_starts(loaded):
    exercise, scenario = loaded
    book = catalogue()
    start = scenario.calendar.start
    for doc in briefings(exercise, scenario):
        cited = set(FACT.findall(doc.markdown()))
        assert all(book.as_of[f] <= start for f in cited), sorted(
            f for f in cited if book.as_of[f] > start
        )


def test_the_may_2020_public_brief_keeps_the_future_for_the_debrief():
    exercise, scenario = load_exercise(SCENARIOS / "exercises" / "us_withdrawal_dialogue.yaml")
    text = public_briefing(exercise, scenario).markdown()
    # F09: the cut to 2,500 (July 2021); F19: five rounds of Iran-Saudi talks (to April 2022);
    # the October 2021 election (F27) is an inject of the record, not announced
    for later in ("F09", "F19", "F27", "2021-10", "Oct. 2021"):
        assert later not in text, later
    assert "F03" in text  # the January 2020 vote was known
    assert "later event(s) of the historical record" in text


def test_what_happened_next_lists_the_held_facts_in_order():
    from sim.calendar import Month
    from sim.classroom.debrief import what_happened_next

    _, scenario = load_exercise(SCENARIOS / "exercises" / "us_withdrawal_dialogue.yaml")
    page = "".join(what_happened_next(Month(2020, 5), scenario.calendar))
    book = catalogue()
    later = [f for f in book.facts if book.as_of[f] > Month(2020, 5)]
    assert later and all(f"{book.dated(f)}</td>" in page for f in later)
    assert "F03 (" not in page  # January 2020: in the briefing, not a revelation
    # months in order: F14 (2020-06) before F09 (2021-07) before F27 (2022-10)
    assert page.index("F14 (") < page.index("F09 (") < page.index("F27 (")
    p03 = page[page.index("P03 (") :].split("</tr>")[0]
    assert "outside the source documents" in p03  # a public-record fact, marked
    # the exercise runs 30 months from 2020-05, to 2022-10: F27 (Oct. 2022) falls inside it
    assert "after the exercise" not in page[page.index("F27 (") :].split("</tr>")[0]


def test_the_catalogue_refuses_a_fact_without_its_month(tmp_path):
    from sim.classroom.facts import read_catalogue
    from sim.errors import InputError

    path = tmp_path / "sources.yaml"
    path.write_text(
        "documents: {}\nfacts:\n  F01: {fact: a, docs: [], as_of: 2020-05}\n"
        "  F02: {fact: b, docs: [], as_of: 2020-13}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        read_catalogue(path)
    assert str(error.value).startswith(f"{path}:4: facts.F02.as_of: as_of must be")
    path.write_text("facts:\n  F01: {fact: a, docs: []}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"facts\.F01\.as_of"):
        read_catalogue(path)


def test_briefings_name_actors_issues_and_tracks_never_by_id(loaded):
    exercise, scenario = loaded
    ids = [*scenario.actors, *scenario.issues, *scenario.tracks]
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, ids)) + r")\b")
    for doc in briefings(exercise, scenario):
        found = pattern.search(doc.markdown())
        assert found is None, (doc.name, found)  # 'riyadh offers first' was one


def test_every_kind_of_decision_has_words_for_a_briefing():
    from agents.decisions import KINDS
    from sim.classroom.briefing import DECISIONS

    assert set(DECISIONS) == set(KINDS)


def test_the_public_brief_holds_back_the_dates_of_later_rounds():
    """Issue 19: the May-2020 brief listed every round of the documented calendar (the Iran-US
    offer of 2021-09 among them): the future. Now it tells how many are scheduled, not when."""
    from sim.classroom.briefing import public_briefing
    from sim.classroom.spec import load_exercise
    from tests.conftest import SCENARIOS

    exercise, scenario = load_exercise(SCENARIOS / "exercises" / "us_withdrawal_dialogue.yaml")
    text = str(public_briefing(exercise, scenario).blocks)
    assert "rounds in" not in text  # every dated round falls after May 2020
    assert "4 more round(s) of the historical calendar scheduled, dates held" in text
    assert "Baghdad (Kadhimi government) and Washington; 4 more" in text
    assert "the parties may also call rounds" in text  # the dialogue has no host
    assert "the parties (and the host) may also call rounds" in text  # the hosted talks
