"""The run's event log: every decision with its reason, and every event, as plain records."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agents.decisions import Choice, Decision


def _plain(value: Any) -> Any:
    """Floats rounded to 6 places so logs stay readable and identical across platforms."""
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class EventLog:
    """Append-only list of records; each knows its step, date and type."""

    keeps = True
    """Whether records are kept (a :class:`SilentLog` keeps none)."""

    def __init__(self, clock) -> None:
        self._clock = clock
        self.records: list[dict[str, Any]] = []

    def event(self, type_: str, **fields: Any) -> None:
        step, date = self._clock()
        self.records.append({"step": step, "date": date, "type": type_, **_plain(fields)})

    def decision(self, decision: Decision, choice: Choice) -> None:
        """The record :meth:`event` would make of the decision's fields, built directly (most
        records are decisions; only the answer can hold a float)."""
        step, date = self._clock()
        record: dict[str, Any] = {
            "step": step,
            "date": date,
            "type": "decision",
            "actor": decision.actor,
            "decision": decision.kind,
        }
        if decision.track is not None:
            record["track"] = decision.track
        record["choice"] = _plain(choice.value)
        record["reason"] = choice.reason
        self.records.append(record)


class SilentLog(EventLog):
    """A log that keeps nothing: for runs whose events nobody reads (a sweep's rows are built
    from outcomes and series), which spares the copy of every decision's fields."""

    keeps = False

    def event(self, type_: str, **fields: Any) -> None:
        pass

    def decision(self, decision: Decision, choice: Choice) -> None:
        pass
