"""The per-point summary of a sweep: mean, median, p5 and p95 of each numeric outcome, and the
share of runs in which each track reached agreement."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

STATS = (("mean", np.mean), ("median", np.median), ("p5", None), ("p95", None))
_BOOL = {"True": 1.0, "False": 0.0, "true": 1.0, "false": 0.0, True: 1.0, False: 0.0}


def _is_bool(column: pd.Series) -> bool:
    """Yes/no values (True/False, or their text); a count that happens to be 0 or 1 in every run
    is a number (1 == True in Python, so a set test alone took it for a flag)."""
    if pd.api.types.is_bool_dtype(column):
        return True
    if pd.api.types.is_numeric_dtype(column):
        return False
    values = set(column.dropna().unique().tolist())
    return bool(values) and all(isinstance(v, str | bool) for v in values) and values <= set(_BOOL)


def outcome_kinds(table: pd.DataFrame, outcomes: list[str]) -> tuple[list[str], list[str]]:
    """(numeric outcomes, yes/no outcomes) among the columns of the ok runs."""
    ok = table[table["status"] == "ok"]
    numeric, flags = [], []
    for name in outcomes:
        column = ok[name]
        if _is_bool(column):
            flags.append(name)
        elif (
            pd.api.types.is_numeric_dtype(column)
            or column.dropna().empty
            or pd.to_numeric(column, errors="coerce").notna().all()
        ):
            numeric.append(name)
    return numeric, flags


def flag_values(column: pd.Series) -> pd.Series:
    return column.map(_BOOL).astype(float)


def point_order(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted(manifest["points"], key=lambda p: p["index"])


def summarise(table: pd.DataFrame, manifest: dict[str, Any]) -> pd.DataFrame:
    """One row per design point, in design order."""
    numeric, flags = outcome_kinds(table, manifest["outcomes"])
    agreed = [f for f in flags if f.startswith("tracks.") and f.endswith(".agreed")]
    groups = {key: rows for key, rows in table.groupby("point", sort=False)}
    records = []
    for point in point_order(manifest):
        rows = groups.get(point["key"], table.iloc[0:0])
        ok = rows[rows["status"] == "ok"]
        record: dict[str, Any] = {"point": point["index"], "key": point["key"]}
        record.update(point["values"])
        record["runs"] = len(rows)
        record["failed"] = int((rows["status"] == "failed").sum())
        for name in numeric:
            values = pd.to_numeric(ok[name], errors="coerce").dropna().to_numpy(float)
            empty = values.size == 0
            record[f"{name}:mean"] = np.nan if empty else float(np.mean(values))
            record[f"{name}:median"] = np.nan if empty else float(np.median(values))
            record[f"{name}:p5"] = np.nan if empty else float(np.percentile(values, 5))
            record[f"{name}:p95"] = np.nan if empty else float(np.percentile(values, 95))
        for name in agreed:
            values = flag_values(ok[name]).dropna()
            record[f"{name}:share"] = float(values.mean()) if len(values) else np.nan
        records.append(record)
    return pd.DataFrame.from_records(records)
