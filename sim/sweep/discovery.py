"""Scenario discovery: which ranges of the swept and drawn parameters lead to an outcome.

PRIM (Friedman & Fisher 1999; Bryant & Lempert 2010), from the EMA Workbench (BSD licence),
peels the parameter space towards the runs that meet the condition. Each step of the peeling
trajectory trades coverage (the share of those runs inside the box) for density (the share of
runs inside the box that meet it). We take the densest box that still covers ``MIN_COVERAGE`` of
the cases, then look for another box among the cases left, up to ``MAX_BOXES``. Extra-trees
feature scores (scikit-learn) rank the parameters by how much they tell the cases apart, box or
no box. A box is flagged when a restriction it makes could be chance (a quasi-p value above
``QP_LIMIT``, EMA Workbench's convention) or when it holds fewer than ``FEW_CASES`` cases.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.sweep.condition import Condition

MIN_COVERAGE = 0.8
MAX_BOXES = 3
MIN_CASES = 5  # a later box must hold at least this many cases of interest
MIN_LATER_COVERAGE = 0.1  # and a tenth of all cases, at a density above the base rate
#: the workbench's threshold both marks the cases (y >= it: the 1s) and drops a peeled box whose
#: last step is less dense than it; just above 0, every box with a case is kept, and we choose
#: along its trajectory ourselves (``_choose``)
KEEP_ANY = 1e-9
QP_LIMIT = 0.05  # a restricted side whose quasi-p is above it may be chance
FEW_CASES = 10  # fewer cases in a box: its density moves by 10 points with each case
TREES = 250
SEED = 20101001


@dataclass
class Box:
    """One box: its statistics and, per parameter, its limits and the full range."""

    number: int
    coverage: float
    density: float
    mass: float
    runs: int
    limits: pd.DataFrame  # index parameter; low, high, full_low, full_high, restricted, qp_*
    cases: int = 0  # runs inside the box that meet the condition

    @property
    def worst_qp(self) -> float:
        """The largest quasi-p value of its restricted sides (NaN when it restricts nothing)."""
        values = self.limits[["qp_low", "qp_high"]].to_numpy(float)
        return float(np.nanmax(values)) if np.isfinite(values).any() else float("nan")

    def restrictions(self) -> list[str]:
        """Each parameter the box restricts, with the quasi-p value of its weaker side, as EMA
        Workbench's inspect lists them: ``a (quasi-p 0.004)``."""
        found = []
        for name, row in self.limits[self.limits["restricted"].astype(bool)].iterrows():
            sides = [float(v) for v in (row["qp_low"], row["qp_high"]) if np.isfinite(v)]
            found.append(f"{name} (quasi-p {max(sides):.2g})" if sides else str(name))
        return found

    def warnings(self) -> list[str]:
        """Why the box may not be a finding: few cases, a restriction that may be chance."""
        found = []
        if self.cases < FEW_CASES:
            found.append(f"only {self.cases} cases")
        if not self.limits["restricted"].any():
            found.append("restricts nothing")
        elif self.worst_qp > QP_LIMIT:
            found.append(f"not significant (quasi-p {self.worst_qp:.2g} > {QP_LIMIT:g})")
        return found


@dataclass
class Discovery:
    condition: Condition
    cases: int
    runs: int
    trajectory: pd.DataFrame  # the first box's peeling trajectory, with 'chosen'
    boxes: list[Box]

    @property
    def base_rate(self) -> float:
        return self.cases / self.runs if self.runs else float("nan")


def inputs(table: pd.DataFrame, parameters: list[str]) -> pd.DataFrame:
    """The numeric swept parameters of the runs, as floats (PRIM peels numbers)."""
    found = {}
    for name in parameters:
        values = table[name]
        if pd.api.types.is_bool_dtype(values) or (
            values.astype(str).str.lower().isin(["true", "false"]).all()
        ):
            found[name] = values.astype(str).str.lower().eq("true").astype(float)
        else:
            numbers = pd.to_numeric(values, errors="coerce")
            if numbers.notna().all():
                found[name] = numbers.astype(float)
    return pd.DataFrame(found, index=table.index)


def _choose(trajectory: pd.DataFrame, scale: float) -> int:
    """The densest step whose coverage (of the cases still to explain) is at least 80%."""
    covering = trajectory[trajectory["coverage"] * scale >= MIN_COVERAGE - 1e-9]
    if covering.empty:
        return 0
    best = covering["density"].max()
    return int(covering.index[covering["density"] >= best - 1e-12][-1])


def _limits(box, step: int, x: pd.DataFrame) -> pd.DataFrame:
    """Per parameter: the box's range at ``step``, the full range, whether the box restricts
    it, and the quasi-p value of each restricted side (Bryant & Lempert's one-sided binomial
    test of dropping that bound; empty where the side is not restricted)."""
    lims = box.box_lims[step]  # rows 0 and 1: lower and upper bound, a column per parameter
    qp = box.qp[step]  # restricted parameter -> [lower side, upper side], -1 if unrestricted
    rows = []
    for name in x.columns:
        low, high = float(x[name].min()), float(x[name].max())
        sides = [np.nan if v < 0 else float(v) for v in qp.get(name, (-1, -1))]
        rows.append(
            {
                "parameter": name,
                "low": float(lims.loc[0, name]),
                "high": float(lims.loc[1, name]),
                "full_low": low,
                "full_high": high,
                "restricted": name in qp,
                "qp_low": sides[0],
                "qp_high": sides[1],
            }
        )
    return pd.DataFrame(rows).set_index("parameter")


def _prim_class() -> type:
    """EMA Workbench's PRIM, imported quietly: its package announces optional parts it lacks
    (ipyparallel) and imports pyplot, so the Agg backend is chosen first."""
    import sim.sweep.figures  # noqa: F401  (the Agg backend before EMA Workbench imports pyplot)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        # scikit-learn and the EMA Workbench take seconds: only for --discover
        from ema_workbench.analysis.prim import Prim

    logging.getLogger("EMA").setLevel(logging.WARNING)  # no per-box INFO lines on stderr
    return Prim


def run_prim(x: pd.DataFrame, met: np.ndarray, condition: Condition) -> Discovery:
    """Peel, choose, and repeat on the cases left, up to three boxes."""
    prim_class = _prim_class()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # the workbench concatenates empty frames
        warnings.simplefilter("ignore", DeprecationWarning)  # and drops columns in place
        finder = prim_class(x.reset_index(drop=True).astype(float), met.astype(int), KEEP_ANY)
        cases = int(met.sum())
        boxes: list[Box] = []
        trajectory = pd.DataFrame()
        left = cases
        while len(boxes) < MAX_BOXES and left >= (1 if not boxes else MIN_CASES):
            box = finder.find_box()
            if box is None:
                break
            columns = ["coverage", "density", "mass", "res_dim", "n", "k"]
            steps = box.peeling_trajectory[columns].reset_index(drop=True).astype(float)
            chosen = _choose(steps, cases / left)
            box.select(chosen)
            stats = steps.loc[chosen]
            if boxes and (
                stats["coverage"] < MIN_LATER_COVERAGE or stats["density"] <= cases / len(x)
            ):
                break  # too small, or no denser than the runs at large: nothing more to find
            if not boxes:
                trajectory = steps.assign(chosen=steps.index == chosen)
            boxes.append(
                Box(
                    len(boxes) + 1,
                    float(stats["coverage"]),
                    float(stats["density"]),
                    float(stats["mass"]),
                    int(stats["n"]),
                    _limits(box, chosen, x),
                    int(stats["k"]),
                )
            )
            left -= int(stats["k"])
    return Discovery(condition, cases, len(x), trajectory, boxes)


def feature_scores(x: pd.DataFrame, met: np.ndarray) -> pd.DataFrame:
    """Extra-trees importances (mean decrease in impurity) and their spread over the trees."""
    # scikit-learn and the EMA Workbench take seconds: only for --discover
    from sklearn.ensemble import ExtraTreesClassifier

    forest = ExtraTreesClassifier(n_estimators=TREES, random_state=SEED, n_jobs=1)
    forest.fit(x.to_numpy(float), met.astype(int))
    spread = np.std([tree.feature_importances_ for tree in forest.estimators_], axis=0)
    scores = pd.DataFrame(
        {"parameter": x.columns, "score": forest.feature_importances_, "spread": spread}
    )
    return scores.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)


def boxes_table(found: Discovery) -> pd.DataFrame:
    """One row per box and parameter: the box's range, the full range, quasi-p, box stats."""
    frames = []
    for box in found.boxes:
        frame = box.limits.reset_index()
        frame.insert(0, "box", box.number)
        frame["coverage"], frame["density"], frame["mass"] = box.coverage, box.density, box.mass
        frame["cases"], frame["warning"] = box.cases, "; ".join(box.warnings())
        frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
