"""Fog of war over the model's event log: which seat may read which record. Decided here, in one
table, so the seats' news, the projector and anything later agree on what is public.

Four audiences:

- ``public``: what every seat (and a lecture hall's projector) may read: deeds the world sees
  (attacks, strikes, truces, protests), what happens at a table the press reports (rounds
  called and how they ended, who refused or rejected, agreements, offers stated), and news
  announced to all (injects).
- ``parties``: only the actors a record names (its ``actor``, ``target`` or ``by``): a cell
  arrested is known to the government that arrested it and to the faction that lost it; the
  class sees only the count of arrests in the situation.
- ``own``: only the record's own actor: its own choices (the campaign level it set, every
  answer it gave but an offer).
- ``hidden``: no seat: the model's bookkeeping and numbers (effects, commitments, scenario
  rules that may move hidden positions, the model's reasons and dice). The facilitator reads
  them behind the "details" toggle.

A kind missing from the table is hidden: a new record type leaks nothing until someone decides.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, NamedTuple

Audience = Literal["public", "parties", "own", "hidden"]
Record = Mapping[str, object]


class Rule(NamedTuple):
    audience: Audience
    why: str


KINDS: dict[str, Rule] = {
    "attack": Rule("public", "rockets and bombs are seen and reported"),
    "strike": Rule("public", "an air strike is seen and claimed"),
    "spoil": Rule("public", "an attack on the talks is seen by every party"),
    "pause": Rule("public", "a truce is declared to be heeded"),
    "pause_end": Rule("public", "the end of a truce is seen in the next attacks"),
    "protest": Rule("public", "crowds in the streets are seen by all"),
    "round": Rule("public", "the press reports a round and who refused or rejected it"),
    "convened": Rule("public", "calling a round is announced"),
    "opened": Rule("public", "a new track is announced"),
    "abandon": Rule("public", "walking out of a track is announced"),
    "closed": Rule("public", "a closed track is seen by all"),
    "deadline": Rule("public", "the talks' last round is known to the parties and the press"),
    "agreement": Rule("public", "an agreement is signed in public"),
    "settled": Rule("public", "a final settlement is signed in public"),
    "defected": Rule("public", "walking away from a deal is seen as it stops"),
    "implemented": Rule("public", "a step carried out is seen on the ground"),
    "inject": Rule("public", "the scenario's and the facilitator's news are announced to all"),
    "government_formed": Rule("public", "a new government is sworn in publicly"),
    "arrest": Rule("parties", "a cell arrested is known to its captor and its faction only"),
    "campaign": Rule("own", "a faction's level of campaign is its own plan; others see attacks"),
    "decision": Rule("own", "an answer is its seat's own (an offer is public: see OFFER)"),
    "effect": Rule("hidden", "the model's numbers behind an event"),
    "rule": Rule("hidden", "a scenario rule may move hidden positions; the facilitator tells"),
    "commitment": Rule("hidden", "the model's schedule of a deal or order"),
    "deferred": Rule("hidden", "the model's schedule of a deal or order"),
    "superseded": Rule("hidden", "the model's schedule of a deal or order"),
    "rescinded": Rule("hidden", "the model's schedule of a deal or order"),
    "initial_state": Rule("hidden", "the model's start marker"),
    "mandate": Rule("hidden", "a parliament's standing demand, with the model's support number"),
}

PUBLIC_DECISIONS = frozenset({"offer"})
"""Answers stated at the table for all to hear: an offer (as :func:`view.public_offers`)."""

PARTY_KEYS = ("actor", "target", "by")


def audience(record: Record) -> Audience:
    """Who may read ``record`` (an offer is a public decision; a kind not in KINDS: no seat)."""
    kind = str(record.get("type"))
    if kind == "decision" and record.get("decision") in PUBLIC_DECISIONS:
        return "public"
    rule = KINDS.get(kind)
    return "hidden" if rule is None else rule.audience


def sees(record: Record, seat: str | None) -> bool:
    """May ``seat`` read ``record``? ``seat`` None is the public (a projector): public only."""
    shown = audience(record)
    if shown == "public":
        return True
    if seat is None or shown == "hidden":
        return False
    if shown == "own":
        return record.get("actor") == seat
    return any(record.get(key) == seat for key in PARTY_KEYS)
