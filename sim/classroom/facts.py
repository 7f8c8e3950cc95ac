"""The fact catalogue (``scenarios/sources.yaml``): facts by ID with the documents and dates
they come from, so briefings cite every fact by ID and date."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from sim.paths import SOURCES


@dataclass(frozen=True)
class Catalogue:
    facts: dict[str, dict]
    documents: dict[str, dict]

    def dated(self, fact_id: str) -> str:
        """``F19 (late 2022)``: the fact's ID and the dates of the documents it comes from."""
        docs = self.facts[fact_id].get("docs", [])
        dates = sorted({str(self.documents[d]["date"]) for d in docs if d in self.documents})
        return f"{fact_id} ({'; '.join(dates)})" if dates else fact_id

    def text(self, fact_id: str) -> str:
        return str(self.facts[fact_id]["fact"])


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    data = yaml.safe_load(SOURCES.read_text(encoding="utf-8"))
    return Catalogue(dict(data.get("facts", {})), dict(data.get("documents", {})))
