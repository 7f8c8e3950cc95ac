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
    """One row per design point, in design order. Statistics by one group-by per statistic over
    every outcome at once: a loop over points and outcomes took over a minute for a Saltelli
    design of 5,120 points."""
    numeric, flags = outcome_kinds(table, manifest["outcomes"])
    agreed = [f for f in flags if f.startswith("tracks.") and f.endswith(".agreed")]
    points = point_order(manifest)
    keys = pd.Index([p["key"] for p in points])
    front = pd.DataFrame.from_records(
        [{"point": p["index"], "key": p["key"], **p["values"]} for p in points]
    )
    by_point = table.groupby("point", sort=False)["status"]
    front["runs"] = by_point.size().reindex(keys, fill_value=0).to_numpy()
    failed = (table["status"] == "failed").groupby(table["point"], sort=False).sum()
    front["failed"] = failed.reindex(keys, fill_value=0).to_numpy().astype(int)
    ok = table[table["status"] == "ok"]
    parts = [front]
    if numeric:
        values = ok[numeric].apply(pd.to_numeric, errors="coerce").astype(float)
        grouped = values.groupby(ok["point"], sort=False)
        stats = {
            "mean": grouped.mean(),
            "median": grouped.median(),
            "p5": grouped.quantile(0.05),  # linear, as numpy's percentile
            "p95": grouped.quantile(0.95),
        }
        columns = {
            f"{name}:{stat}": frame[name].reindex(keys).to_numpy()
            for name in numeric
            for stat, frame in stats.items()
        }
        parts.append(pd.DataFrame(columns))
    if agreed:
        shares = ok[agreed].apply(flag_values).groupby(ok["point"], sort=False).mean()
        parts.append(
            pd.DataFrame({f"{n}:share": shares[n].reindex(keys).to_numpy() for n in agreed})
        )
    return pd.concat(parts, axis=1)
