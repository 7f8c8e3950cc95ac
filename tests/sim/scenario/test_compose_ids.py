"""Injects, rules and script entries are keyed by id: a child adds, changes, replaces or removes
one by its id, nothing of the parent's is lost silently, and ``validate`` says what changed."""

from __future__ import annotations

import pytest

from sim.errors import InputError
from sim.scenario import load_scenario
from sim.scenario.compose import child_changes
from tests.conftest import MINIMAL, SCENARIOS

PARENT = MINIMAL + (
    "events:\n"
    "  injects:\n"
    "    visit:\n"
    "      date: 2021-02\n"
    "      label: A visit\n"
    "      effects: [{kind: tension, by: 0.1}]\n"
    "    strike:\n"
    "      date: 2021-03\n"
    "      label: A strike\n"
    "      effects: [{kind: tension, by: 0.2}]\n"
    "  rules:\n"
    "    calm:\n"
    "      label: Calm\n"
    "      probability: 0.5\n"
    "      effects: [{kind: tension, by: -0.1}]\n"
)

LINE = {name.strip(" :"): n for n, name in enumerate(PARENT.splitlines(), 1) if name.endswith(":")}


@pytest.fixture
def parent(write):
    return write("parent.yaml", PARENT)


def test_a_child_keeps_the_parents_injects_and_adds_its_own(write, parent):
    child = write(
        "child.yaml",
        "extends: parent.yaml\nevents:\n  injects:\n    talks:\n      date: 2021-04\n"
        "      label: Talks\n      effects: [{kind: tension, by: -0.3}]\n",
    )
    injects = load_scenario(child).events.injects
    assert list(injects) == ["visit", "strike", "talks"]  # the parent's first, in their order
    assert injects["talks"].label == "Talks"


def test_giving_an_id_again_changes_that_entry_key_by_key(write, parent):
    child = write(
        "child.yaml",
        "extends: parent.yaml\nevents:\n  injects:\n    strike:\n      date: 2021-05\n",
    )
    strike = load_scenario(child).events.injects["strike"]
    assert str(strike.date) == "2021-05"
    assert strike.label == "A strike"  # kept from the parent
    (change,) = child_changes(child)
    assert change.action == "changes"
    assert change.path == ("events", "injects", "strike")
    assert change.keys == ("date",)
    assert (change.where.line, change.was.line) == (4, LINE["strike"])
    assert change.where.file.endswith("child.yaml") and change.was.file.endswith("parent.yaml")


def test_remove_drops_entries_by_path_and_is_reported(write, parent):
    child = write(
        "child.yaml",
        "extends: parent.yaml\nremove:\n  - events.injects.visit\n  - events.rules.calm\n",
    )
    scenario = load_scenario(child)
    assert list(scenario.events.injects) == ["strike"]
    assert scenario.events.rules == {}
    first, second = (str(c) for c in child_changes(child))
    assert first.endswith(
        f"child.yaml:3: removes events.injects.visit, was {parent}:{LINE['visit']}"
    )
    assert second.endswith(f"child.yaml:4: removes events.rules.calm, was {parent}:{LINE['calm']}")


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("remove: [events.injects.visti]\n", "the parents have no 'events.injects.visti'", 2),
        (
            "remove: [events.injects.visit]\nevents: {injects: {visit: {date: 2021-05}}}\n",
            "is removed and given again",
            2,
        ),
        ("remove: events.injects.visit\n", "remove must list dotted paths", 2),
        ("remove: [events..visit]\n", "expected a dotted path", 2),
    ],
)
def test_bad_removals_name_the_line(write, parent, text, message, line):
    child = write("child.yaml", "extends: parent.yaml\n" + text)
    with pytest.raises(InputError, match=message) as caught:
        load_scenario(child)
    assert caught.value.line == line
    assert caught.value.file.endswith("child.yaml")


def test_remove_without_extends_is_an_error(write):
    path = write("alone.yaml", MINIMAL + "remove: [tracks.talks]\n")
    with pytest.raises(InputError, match="remove needs extends"):
        load_scenario(path)


def test_the_old_list_form_is_refused_with_the_new_form_shown(write):
    text = MINIMAL + (
        "events:\n  injects:\n    - date: 2021-03\n      label: x\n"
        "      effects: [{kind: tension, by: 0.1}]\n"
    )
    with pytest.raises(InputError, match="injects are keyed by id") as caught:
        load_scenario(write("old.yaml", text))
    assert caught.value.key == "events.injects"
    assert caught.value.line == len(MINIMAL.splitlines()) + 2


def test_an_unknown_reference_in_an_inject_names_its_id(write):
    text = MINIMAL + (
        "events:\n  injects:\n    visit:\n      date: 2021-03\n      label: x\n"
        "      effects: [{kind: trust, actor: washingon, toward: baghdad, by: 0.1}]\n"
    )
    with pytest.raises(InputError, match="unknown actor 'washingon'") as caught:
        load_scenario(write("ref.yaml", text))
    assert caught.value.key == "events.injects.visit.effects[0].actor"


def test_script_entries_are_keyed_and_extended_by_a_child(write):
    base = write("base.yaml", MINIMAL)
    write(
        "child.yaml",
        "extends: base.yaml\nactors:\n  washington:\n    policy:\n      name: scripted\n"
        "      script:\n        wait: {date: 2021-02, decision: accept, choice: false}\n",
    )
    grandchild = write(
        "grandchild.yaml",
        "extends: child.yaml\nactors:\n  washington:\n    policy:\n      script:\n"
        "        offer: {date: 2021-02, decision: offer, choice: 5200, track: talks}\n",
    )
    assert base.exists()
    script = load_scenario(grandchild).actors["washington"].policy.script
    assert list(script) == ["wait", "offer"]
    assert script["wait"].choice is False


def test_shipped_children_keep_the_baselines_events_unless_they_say_so():
    baseline = set(load_scenario(SCENARIOS / "baseline_2020.yaml").events.injects)
    assert len(baseline) == 8
    kept = {
        "us_withdrawal/biden_transition.yaml": {
            "white_house_visit_2020_08",
            "basra_arrests_2020_08",
        },
        "us_withdrawal/trump_three_year.yaml": {"biden_keeps_advisers_2021_01"},
        "us_withdrawal/fast_exit_after_escalation.yaml": set(),
    }
    for name, removed in kept.items():
        path = SCENARIOS / name
        injects = set(load_scenario(path).events.injects)
        assert injects >= baseline - removed, name
        assert not injects & removed, name
        reported = {c.path[-1] for c in child_changes(path) if c.action == "removes"}
        assert reported == removed, name
        text = path.read_text()
        if removed:  # a removal comes with a comment that says why, just above it
            assert text.split("remove:")[0].rstrip().splitlines()[-1].startswith("#"), name


def test_validate_prints_one_line_per_change(tmp_path, cli):
    path = SCENARIOS / "us_withdrawal" / "trump_three_year.yaml"
    result = cli("validate", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("ok: ")
    baseline = (SCENARIOS / "baseline_2020.yaml").read_text().splitlines()
    was = baseline.index("    white_house_visit_2020_08:") + 1
    assert any(
        "replaces events.injects.white_house_visit_2020_08 (label), was " in line
        and line.endswith(f"baseline_2020.yaml:{was}")
        for line in lines
    )
    assert any("removes events.injects.biden_keeps_advisers_2021_01" in line for line in lines)


def test_a_childs_sourced_number_replaces_the_parents_whole(write):
    write(
        "base.yaml",
        MINIMAL.replace(
            "capability: 0.5", "capability: {value: 0.5, source: [F09], range: [0.4, 0.6]}"
        ),
    )
    child = write(
        "child.yaml",
        "extends: base.yaml\nactors:\n  baghdad:\n"
        "    capability: {value: 0.9, source: judgement, reason: counterfactual}\n",
    )
    capability = load_scenario(child).actors["baghdad"].capability
    assert capability == 0.9
    assert capability.uncertainty is None  # the parent's range is not inherited
    assert (capability.source, capability.reason) == ("judgement", "counterfactual")
    (change,) = child_changes(child)
    assert change.keys == ("capability",)
