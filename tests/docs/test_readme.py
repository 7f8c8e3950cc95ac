"""README's table of shipped scenarios names every scenario ``run.py list`` lists, and only
those: a new scenario (``regional_mediation/iran_saudi_offers`` was missing) is added to both."""

from __future__ import annotations

import re

from sim.commands.list_scenarios import shipped_scenarios
from sim.paths import SCENARIOS
from tests.conftest import ROOT


def readme_scenarios() -> list[str]:
    """The first column of the table under '## Shipped scenarios'."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Shipped scenarios", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([^`]+)` \|", section, flags=re.MULTILINE)


def test_the_table_names_every_shipped_scenario() -> None:
    shipped = [p.relative_to(SCENARIOS).with_suffix("").as_posix() for p in shipped_scenarios()]
    assert len(shipped) == 10  # nine before iran_saudi_offers' row was added
    assert sorted(readme_scenarios()) == shipped
