"""A run's results as pandas tables: the series a row per step, the event log a row per event."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from sim.results import RunResult


class Run:
    """What :func:`sim.run` returns: the run's tables, its outcomes and the plain result.

    Values are in issue units (troops, 0-100 scales), as in the files ``run.py`` writes.
    """

    def __init__(self, result: RunResult) -> None:
        self.result = result  # the plain record, as run.py writes it (rows, columns, state)

    def __repr__(self) -> str:
        return f"<Run {self.scenario_id} seed={self.seed}: {len(self.result.rows)} rows>"

    @property
    def scenario_id(self) -> str:
        return self.result.scenario_id

    @property
    def seed(self) -> int:
        return self.result.seed

    @property
    def outcomes(self) -> dict[str, Any]:
        """The headline outcomes (``outcomes.json``), nested."""
        return self.result.outcomes

    @cached_property
    def series(self) -> pd.DataFrame:
        """A row per step (step 0 is the start), indexed by step; ``series.csv``'s columns and
        numbers (floats rounded as the file writes them, not the engine's float noise)."""
        import pandas as pd

        from sim.output import series_value

        rows = [[series_value(value) for value in row] for row in self.result.rows]
        table = pd.DataFrame(rows, columns=self.result.columns)
        return table.set_index("step")

    @cached_property
    def events(self) -> pd.DataFrame:
        """The event log (``events.jsonl``): step, date, type, then each type's own fields."""
        import pandas as pd

        return pd.DataFrame.from_records(self.result.events)

    @cached_property
    def outcome_table(self) -> pd.Series:
        """The scalar outcomes with dotted names: one row of a sweep's ``runs.csv``."""
        import pandas as pd

        return pd.Series(self.result.flat_outcomes(), dtype=object)
