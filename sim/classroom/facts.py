"""The fact catalogue (``scenarios/sources.yaml``): facts by ID with the documents and dates
they come from, so briefings cite every fact by ID and date; and the month each fact became
true (``as_of``), so a briefing cites only what was known when its exercise starts and the
debrief reveals the rest."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from sim.calendar import Month
from sim.errors import InputError
from sim.paths import SOURCES

AS_OF = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Catalogue:
    facts: dict[str, dict]
    documents: dict[str, dict]
    as_of: dict[str, Month]  # the month each fact became true

    def dated(self, fact_id: str) -> str:
        """``F19 (late 2022)``: the fact's ID and the dates of the documents it comes from."""
        docs = self.facts[fact_id].get("docs", [])
        dates = sorted({str(self.documents[d]["date"]) for d in docs if d in self.documents})
        return f"{fact_id} ({'; '.join(dates)})" if dates else fact_id

    def text(self, fact_id: str) -> str:
        return str(self.facts[fact_id]["fact"])

    def known(self, fact_id: str, month: Month) -> bool:
        """The fact was true by ``month`` (an unknown ID is not)."""
        return fact_id in self.as_of and self.as_of[fact_id] <= month

    def later(self, month: Month) -> list[str]:
        """The facts that became true after ``month``, in the order they did."""
        ids = [f for f, when in self.as_of.items() if when > month]
        return sorted(ids, key=lambda f: (self.as_of[f], f))

    def outside(self, fact_id: str) -> bool:
        """From the public record, not from the five source documents."""
        return bool(self.facts[fact_id].get("outside_documents"))


def read_catalogue(path: Path) -> Catalogue:
    """The catalogue in ``path``; an InputError names the file, line and key of a fact whose
    ``as_of`` is missing or not a month ``YYYY-MM``."""
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    facts = dict(data.get("facts", {}))
    lines = text.splitlines()
    as_of = {}
    for fact_id, fact in facts.items():
        value = fact.get("as_of") if isinstance(fact, dict) else None
        match = AS_OF.match(value) if isinstance(value, str) else None
        if match is None or not 1 <= int(match.group(2)) <= 12:
            line = next(
                (n for n, x in enumerate(lines, 1) if x.lstrip().startswith(f"{fact_id}:")), None
            )
            raise InputError(
                f"as_of must be the month the fact became true, YYYY-MM; got {value!r}",
                file=str(path),
                line=line,
                key=f"facts.{fact_id}.as_of",
            )
        as_of[fact_id] = Month(int(match.group(1)), int(match.group(2)))
    return Catalogue(facts, dict(data.get("documents", {})), as_of)


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    return read_catalogue(SOURCES)
