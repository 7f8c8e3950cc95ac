"""Checks that need the whole scenario: dangling references, scales, fact IDs, conditions."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

import yaml

from sim.paths import SOURCES
from sim.scenario.conditions import parse_condition, variable_problem
from sim.scenario.origins import KeyPath, Origins
from sim.scenario.quantity import FACT_ID
from sim.scenario.schema import Scenario, TableEffect, Track

Problem = tuple[KeyPath, str]
MAX_SCALE = 1e15
"""An issue's scale ends within ±1e15, so its width and every step along it stay finite."""


@cache
def known_fact_ids() -> frozenset[str]:
    """The fact IDs of the project's source catalogue (``scenarios/sources.yaml``)."""
    with SOURCES.open(encoding="utf-8") as handle:
        catalogue = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return frozenset(catalogue["facts"])


def _fact_ids(data: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """Every fact ID cited anywhere in the raw data, with its key path."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("source", "sources") and isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, str) and FACT_ID.match(item):
                        yield (*path, key, index), item
            else:
                yield from _fact_ids(value, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _fact_ids(item, (*path, index))


def _on_scale(scenario: Scenario, issue: str, value: float, path: KeyPath) -> Iterator[Problem]:
    scale = scenario.issues.get(issue)
    if scale is not None and not scale.min <= value <= scale.max:
        yield path, f"{value:g} is outside the scale of {issue} [{scale.min:g}, {scale.max:g}]"
    uncertainty = getattr(value, "uncertainty", None)
    if scale is not None and uncertainty is not None:
        try:
            what = f"the scale of {issue} [{scale.min:g}, {scale.max:g}]"
            uncertainty.bounded(float(scale.min), float(scale.max), what=what)
        except ValueError as error:
            yield path, str(error)


def _uncertain_scale_problems(scenario: Scenario) -> Iterator[Problem]:
    """A scale's ends are fixed (positions are drawn within them); its status quo may vary,
    within the scale."""
    for issue_id, issue in scenario.issues.items():
        for end in ("min", "max"):
            if getattr(getattr(issue, end), "uncertainty", None) is not None:
                yield ("issues", issue_id, end), "the ends of a scale cannot have a range or dist"
        if getattr(issue.status_quo, "uncertainty", None) is not None:
            path = ("issues", issue_id, "status_quo")
            yield from _on_scale(scenario, issue_id, issue.status_quo, path)


def _ref(kind: str, name: str | None, known: dict, path: KeyPath) -> Iterator[Problem]:
    if name is not None and name not in known:
        choices = ", ".join(sorted(known)) or "none"
        yield path, f"unknown {kind} '{name}' (known: {choices})"


def _actor_problems(scenario: Scenario) -> Iterator[Problem]:
    for actor_id, actor in scenario.actors.items():
        base: KeyPath = ("actors", actor_id)
        for issue, stance in actor.positions.items():
            yield from _ref("issue", issue, scenario.issues, (*base, "positions", issue))
            yield from _on_scale(
                scenario, issue, stance.position, (*base, "positions", issue, "position")
            )
        for other in actor.trust:
            yield from _ref("actor", other, scenario.actors, (*base, "trust", other))
            if other == actor_id:
                yield (*base, "trust", other), "an actor has no trust entry toward itself"
        yield from _ref(
            "actor", actor.behaviour.target, scenario.actors, (*base, "behaviour", "target")
        )
        yield from _ref(
            "actor", actor.behaviour.patron, scenario.actors, (*base, "behaviour", "patron")
        )
        for issue in actor.behaviour.order_issues:
            path = (*base, "behaviour", "order_issues", issue)
            yield from _ref("issue", issue, scenario.issues, path)
        for issue, ideal in actor.behaviour.order_ideals.items():
            path = (*base, "behaviour", "order_ideals", issue)
            yield from _ref("issue", issue, scenario.issues, path)
            if issue not in actor.behaviour.order_issues:
                yield path, f"an order ideal needs its issue in order_issues ({issue}: decrease)"
            yield from _on_scale(scenario, issue, ideal, path)
        for entry_id, decision in actor.policy.script.items():
            path = (*base, "policy", "script", entry_id, "track")
            yield from _ref("track", decision.track, scenario.tracks, path)
        for mandate_id, mandate in (actor.domestic.mandates if actor.domestic else {}).items():
            path = (*base, "domestic", "mandates", mandate_id)
            yield from _ref("issue", mandate.issue, scenario.issues, (*path, "issue"))
            yield from _on_scale(scenario, mandate.issue, mandate.to, (*path, "to"))
        parliament = actor.domestic.parliament if actor.domestic else None
        for bloc_id, bloc in (parliament.blocs if parliament else {}).items():
            bloc_path = (*base, "domestic", "parliament", "blocs", bloc_id)
            yield from _ref("actor", bloc.follows, scenario.actors, (*bloc_path, "follows"))
            for issue, stance in bloc.positions.items():
                yield from _ref("issue", issue, scenario.issues, (*bloc_path, "positions", issue))
                path = (*bloc_path, "positions", issue, "position")
                yield from _on_scale(scenario, issue, stance.position, path)


def _track_problems(scenario: Scenario, track_id: str, track: Track) -> Iterator[Problem]:
    base: KeyPath = ("tracks", track_id)
    for index, issue in enumerate(track.issues):
        yield from _ref("issue", issue, scenario.issues, (*base, "issues", index))
    for field in ("parties", "stakeholders", "must_accept", "ratification"):
        for index, actor in enumerate(getattr(track, field) or []):
            yield from _ref("actor", actor, scenario.actors, (*base, field, index))
    for field in ("host", "mediator"):
        yield from _ref("actor", getattr(track, field), scenario.actors, (*base, field))
    for index, actor in enumerate(track.must_accept or []):
        if actor in scenario.actors and actor not in track.parties:
            yield (*base, "must_accept", index), f"'{actor}' must accept but is not a party"
    for index, actor in enumerate(track.ratification):
        domestic = scenario.actors[actor].domestic if actor in scenario.actors else None
        if actor in scenario.actors and (domestic is None or domestic.parliament is None):
            yield (*base, "ratification", index), f"'{actor}' has no parliament to ratify"
    for field in ("max_change_per_step", "step_limit"):
        for issue in getattr(track, field):
            if issue not in track.issues:
                yield (*base, field, issue), f"'{issue}' is not an issue of the track"
    for actor in [*track.parties, *track.stakeholders]:
        if actor not in scenario.actors:
            continue
        for issue in track.issues:
            if issue in scenario.issues and issue not in scenario.actors[actor].positions:
                yield (*base, "parties"), f"'{actor}' has no position on '{issue}'"
    yield from _protocol_problems(scenario, track, base)
    if track.start and track.end and track.end.minus(track.start) < 0:
        yield (*base, "end"), "end is before start"
    calendar = scenario.calendar
    last = calendar.start.plus((calendar.steps - 1) * calendar.step_months)
    history = scenario.initial_state is not None  # a run from a state skips earlier dates
    for index, date in enumerate(track.rounds):
        before = date.minus(calendar.start) < 0
        if (before and not history) or date.minus(last) > calendar.step_months - 1:
            yield (
                (*base, "rounds", index),
                f"{date} is outside the run ({calendar.start} to {last})",
            )


def _protocol_problems(scenario: Scenario, track: Track, base: KeyPath) -> Iterator[Problem]:
    """Options the bargaining model does not know; actors who care for nothing on the table."""
    if track.protocol.name != "spatial":
        return
    if track.protocol.options:
        from sim.bargaining import OptionError, options_for

        try:
            options_for(track.protocol.model, track.protocol.options)
        except OptionError as error:
            key = () if error.key is None else (error.key,)
            yield (*base, "protocol", "options", *key), str(error)
        except ValueError as error:  # options that clash as a whole (min_turns > max_turns)
            yield (*base, "protocol", "options"), str(error)
    for actor_id in [*track.parties, *track.stakeholders]:
        actor = scenario.actors.get(actor_id)
        if actor and all(
            i not in actor.positions or actor.positions[i].salience == 0 for i in track.issues
        ):
            yield (*base, "parties"), f"'{actor_id}' has zero salience on every issue of the track"


def _effect_problems(scenario: Scenario, effects: list, base: KeyPath) -> Iterator[Problem]:
    for index, effect in enumerate(effects):
        path = (*base, "effects", index)
        for field, kind, known in (
            ("actor", "actor", scenario.actors),
            ("toward", "actor", scenario.actors),
            ("target", "actor", scenario.actors),
            ("issue", "issue", scenario.issues),
            ("track", "track", scenario.tracks),
        ):
            name = getattr(effect, field, None)
            yield from _ref(kind, name, known, (*path, field))
        for place, name in enumerate(getattr(effect, "actors", None) or []):
            where = (*path, "actors", place)
            yield from _ref("actor", name, scenario.actors, where)
            if name in scenario.actors and scenario.actors[name].kind != "faction":
                yield where, f"'{name}' is not a faction: only factions mobilise"
        issue = getattr(effect, "issue", None)
        target = getattr(effect, "to", None)
        holder = scenario.actors.get(getattr(effect, "actor", ""))
        holds = holder is None or issue not in scenario.issues or issue in holder.positions
        if effect.kind in ("position", "salience") and not holds:
            yield (*path, "issue"), f"'{effect.actor}' has no position on '{issue}'"
        ordered = holder is None or issue in holder.behaviour.order_issues
        if effect.kind == "order_ideal" and not ordered:
            yield (*path, "issue"), f"'{effect.actor}' may not order '{issue}' alone"
        on_scale = effect.kind in ("position", "status_quo", "unilateral", "order_ideal")
        if on_scale and issue is not None and target is not None:
            yield from _on_scale(scenario, issue, target, (*path, "to"))
        actor = scenario.actors.get(getattr(effect, "actor", ""))
        if effect.kind in ("domestic", "election") and actor is not None and not actor.domestic:
            yield (*path, "actor"), f"'{effect.actor}' has no domestic section"
        if effect.kind == "table":
            yield from table_problems(scenario, effect, path)
        if effect.kind == "seats" and effect.actor in scenario.actors:
            domestic = scenario.actors[effect.actor].domestic
            blocs = domestic.parliament.blocs if domestic and domestic.parliament else {}
            yield from _ref("bloc", effect.bloc, blocs, (*path, "bloc"))


def table_problems(scenario: Scenario, effect: TableEffect, path: KeyPath) -> Iterator[Problem]:
    """A tabled deal names parties of its track and a value on its scale for each of the
    track's issues, no other issue."""
    track = scenario.tracks.get(effect.track)
    if track is None:
        return
    for index, party in enumerate(effect.parties):
        if party not in track.parties:
            yield (*path, "parties", index), f"'{party}' is not a party of {effect.track}"
    if len(set(effect.parties)) != len(effect.parties):
        yield (*path, "parties"), "the two parties must differ"
    for issue in track.issues:
        if issue not in effect.deal:
            yield (*path, "deal"), f"the deal needs a value for {issue}"
    for issue, value in effect.deal.items():
        if issue not in track.issues:
            yield (*path, "deal", issue), f"'{issue}' is not an issue of {effect.track}"
        else:
            yield from _on_scale(scenario, issue, value, (*path, "deal", issue))


def _event_problems(scenario: Scenario) -> Iterator[Problem]:
    end = scenario.calendar.start.plus(scenario.calendar.steps * scenario.calendar.step_months)
    for inject_id, inject in scenario.events.injects.items():
        base: KeyPath = ("events", "injects", inject_id)
        offset = inject.date.minus(scenario.calendar.start)
        history = offset < 0 and scenario.initial_state is not None  # skipped: before the start
        if (offset < 0 or inject.date.minus(end) >= 0) and not history:
            first, last = scenario.calendar.start, end.plus(-1)
            yield (*base, "date"), f"{inject.date} is outside the run ({first} to {last})"
        yield from _effect_problems(scenario, inject.effects, base)
    names = (set(scenario.issues), set(scenario.actors), set(scenario.tracks))
    has_government = government_id(scenario) is not None
    for rule_id, rule in scenario.events.rules.items():
        base = ("events", "rules", rule_id)
        try:
            comparisons = parse_condition(rule.when)
        except ValueError as error:
            yield (*base, "when"), str(error)
            comparisons = []
        for comparison in comparisons:
            problem = variable_problem(comparison.variable, *names, has_government)
            family, *parts = comparison.variable.split(".")
            if (
                not problem
                and family == "position"
                and parts[1] not in scenario.actors[parts[0]].positions
            ):
                problem = f"'{parts[0]}' has no position on '{parts[1]}'"
            if problem:
                yield (*base, "when"), problem
        yield from _effect_problems(scenario, rule.effects, base)


def government_id(scenario: Scenario) -> str | None:
    """The actor whose domestic politics run: named, or the one government with a home front."""
    if scenario.government is not None:
        return scenario.government
    homes = [a for a, actor in scenario.actors.items() if actor.domestic is not None]
    return homes[0] if len(homes) == 1 else None


def _blamed(base: KeyPath, keys: tuple[str, ...], origins: Origins | None) -> KeyPath:
    """Of the keys that together break a rule, the one the user changed last: a --set one,
    else one written in another file than the first key (a child overriding its parent)."""
    where = {key: origins.nearest((*base, key)) if origins else None for key in keys}
    for key in keys:
        origin = where[key]
        if origin is not None and origin.line is None:
            return (*base, key)
    first = where[keys[0]]
    for key in keys[1:]:
        origin = where[key]
        if first is not None and origin is not None and origin.file != first.file:
            return (*base, key)
    return (*base, keys[0])


def _issue_problems(scenario: Scenario, origins: Origins | None) -> Iterator[Problem]:
    """Each issue's scale: min below max, the status quo on it; blamed on the changed key."""
    for issue_id, issue in scenario.issues.items():
        base: KeyPath = ("issues", issue_id)
        scale = f"[{issue.min:g}, {issue.max:g}]"
        for end in ("min", "max"):
            if abs(getattr(issue, end)) > MAX_SCALE:
                yield (*base, end), f"{getattr(issue, end):g} is past the limit of ±{MAX_SCALE:g}"
        if max(abs(issue.min), abs(issue.max)) > MAX_SCALE:
            continue
        if issue.max <= issue.min:
            yield (
                _blamed(base, ("max", "min"), origins),
                f"max ({issue.max:g}) must be above min ({issue.min:g})",
            )
        elif issue.status_quo < issue.min:
            yield (
                _blamed(base, ("status_quo", "min"), origins),
                f"status_quo {issue.status_quo:g} is below the scale {scale}",
            )
        elif issue.status_quo > issue.max:
            yield (
                _blamed(base, ("status_quo", "max"), origins),
                f"status_quo {issue.status_quo:g} is above the scale {scale}",
            )


def scenario_problems(
    scenario: Scenario, raw: dict[str, Any], origins: Origins | None = None
) -> Iterator[Problem]:
    """Every cross-reference problem of a validated scenario, in file order where possible.

    A broken issue scale is reported alone: every check against that scale would follow from it.
    """
    scales = list(_issue_problems(scenario, origins))
    if scales:
        yield from scales
        return
    known = known_fact_ids()
    for path, fact in _fact_ids(raw):
        if fact not in known:
            yield path, f"unknown fact ID '{fact}' (see scenarios/sources.yaml)"
    if scenario.government is not None:
        yield from _ref("actor", scenario.government, scenario.actors, ("government",))
        actor = scenario.actors.get(scenario.government)
        if actor is not None and actor.domestic is None:
            yield ("government",), f"'{scenario.government}' has no domestic section"
    yield from _uncertain_scale_problems(scenario)
    yield from _actor_problems(scenario)
    issue = scenario.dynamics.integration_issue
    yield from _ref("issue", issue, scenario.issues, ("dynamics", "integration_issue"))
    for track_id, track in scenario.tracks.items():
        yield from _track_problems(scenario, track_id, track)
    yield from _event_problems(scenario)
