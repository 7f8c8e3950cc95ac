"""Write docs/validation.md: the calibrated baseline against the documented record.

    python docs/validation.py [--runs 200]

Runs the baseline ensemble (each run draws its own seed and every judgement number that carries
a range or dist: seed and parameter uncertainty), measures every target of the shipped
calibration on each run, and draws fan charts with the documented points on them. Fit targets
and held-back targets are reported apart. Deterministic: the same runs give the same page.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CALIBRATION = ROOT / "scenarios" / "calibration" / "baseline_2020.yaml"
FIGURES = ROOT / "docs" / "validation"
DOCUMENTED = {  # series column -> [(month, value, fact ID)]: points from the fact catalogue
    "status_quo:us_troops": [
        ("2020-05", 5200, "F09"),
        ("2020-09", 3000, "P01"),
        ("2021-01", 2500, "P02"),
    ],
}


def ensemble(runs: int, seed: int):
    """The calibrated baseline, ``runs`` times: a seed and a parameter draw per run."""
    from sim.runner import run_scenario
    from sim.scenario import load_scenario
    from sim.scenario.uncertainty import sample_scenario, sampling_rng

    base = load_scenario(ROOT / "scenarios" / "baseline_2020.yaml")
    seeds = np.random.SeedSequence(seed).generate_state(runs, dtype=np.uint64)
    results = []
    for index, run_seed in enumerate(seeds):
        drawn = sample_scenario(base, sampling_rng(int(run_seed) % 2**63))
        results.append(run_scenario(drawn, seed=int(run_seed) % 2**63, name=f"run{index}"))
    return results


def fan(results, column: str, title: str, path: Path, documented=()) -> Path:
    """Median, 50% and 90% bands of a series over the ensemble, documented points on top."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    dates = results[0].series("date")
    values = np.array([r.series(column) for r in results], dtype=float)
    x = np.arange(len(dates))
    fig, ax = plt.subplots(figsize=(8, 3.6), dpi=100)
    for low, high, alpha, label in ((5, 95, 0.2, "90% of runs"), (25, 75, 0.4, "50% of runs")):
        ax.fill_between(
            x,
            np.percentile(values, low, 0),
            np.percentile(values, high, 0),
            alpha=alpha,
            color="tab:blue",
            label=label,
            linewidth=0,
        )
    ax.plot(x, np.median(values, 0), color="tab:blue", label="median")
    for month, value, fact in documented:
        if month in dates:
            ax.plot(dates.index(month), value, "o", color="black")
            ax.annotate(
                f"{value:,} ({fact})",
                (dates.index(month), value),
                textcoords="offset points",
                xytext=(6, 6),
                fontsize=8,
            )
    ax.set_xticks(x[::3], dates[::3], rotation=45, fontsize=8)
    ax.set_title(f"{title}\n{len(results)} runs; uncertainty: seed and parameters", fontsize=10)
    ax.legend(fontsize=8, loc="best")
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)
    return path


def band_widths(results, column: str, first: str) -> tuple[float, int]:
    """The narrowest 90% band from ``first`` on, and how many months have a zero-width band."""
    dates = results[0].series("date")
    values = np.array([r.series(column) for r in results], dtype=float)
    start = dates.index(first)
    widths = np.percentile(values, 95, 0)[start:] - np.percentile(values, 5, 0)[start:]
    return float(widths.min()), int((widths <= 1e-9).sum())


def target_rows(results, calibration) -> tuple[list[str], list[str]]:
    fit, held = [], []
    for name, spec in calibration.spec.targets.items():
        target = next(t for t in calibration.targets if t.name == name)
        values = [target.measure(r) for r in results]
        inside = sum(target.inside(v) for v in values) / len(values)
        row = (
            f"| {name} | {', '.join(spec.source)} | {target.describe()} | {inside:.0%} | "
            f"{statistics.median(values):,.4g} | {np.percentile(values, 25):,.4g}–"
            f"{np.percentile(values, 75):,.4g} |"
        )
        (held if spec.held_back else fit).append(row)
    return fit, held


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2020)
    args = parser.parse_args()
    from sim.calibrate.spec import load_calibration

    FIGURES.mkdir(parents=True, exist_ok=True)
    calibration = load_calibration(CALIBRATION)
    results = ensemble(args.runs, args.seed)
    fan(
        results,
        "status_quo:us_troops",
        "US troops in Iraq",
        FIGURES / "troops.png",
        DOCUMENTED["status_quo:us_troops"],
    )
    fan(
        results,
        "status_quo:iran_saudi_ties",
        "Iran-Saudi relations (0 severed, 100 full)",
        FIGURES / "iran_saudi_ties.png",
    )
    fan(results, "attacks", "Faction attacks per month", FIGURES / "attacks.png")
    fan(results, "stability", "Stability of the government", FIGURES / "stability.png")
    fit, held = target_rows(results, calibration)
    troops_min, troops_zero = band_widths(results, "status_quo:us_troops", "2020-06")
    ties_min, ties_zero = band_widths(results, "status_quo:iran_saudi_ties", "2021-04")
    strikes = [e for r in results for e in r.events if e["type"] == "strike"]
    answers = [
        e["level"] for r in results for e in r.events if e["type"] == "campaign" and e["struck"]
    ]
    header = (
        "| target | facts | what | runs inside | median | 50% of runs |\n|---|---|---|---|---|---|"
    )
    spec = calibration.spec
    page = TEMPLATE.format(
        runs=args.runs,
        parameters=len(spec.parameters),
        trials=spec.search.trials,
        trial_runs=spec.ensemble.runs,
        median_weight=spec.loss.median_weight,
        band_weight=spec.loss.band_weight,
        fit="\n".join([header, *fit]),
        held="\n".join([header, *held]),
        troops_min=troops_min,
        troops_zero=troops_zero,
        ties_min=ties_min,
        ties_zero=ties_zero,
        strikes=len(strikes),
        suspend=answers.count("suspend"),
        go_on=answers.count("go on"),
        escalate=answers.count("escalate"),
    )
    (ROOT / "docs" / "validation.md").write_text(page, encoding="utf-8")
    print(f"wrote docs/validation.md and {FIGURES.relative_to(ROOT)}/ from {args.runs} runs")
    return 0


TEMPLATE = """# Validation: the calibrated baseline against the documented record

This page is written by `python docs/validation.py --runs {runs}`; do not edit it by hand. It
runs the shipped baseline (`scenarios/baseline_2020.yaml`, with the fitted values of
`scenarios/calibration/baseline_2020.overlay.yaml`) {runs} times. Each run draws its own seed
and every judgement number that carries a range or dist (**uncertainty: seed and parameters**),
so the bands below show both the dice and what we do not know about the unfitted judgements.
The fitted numbers themselves are fixed at their calibrated values.

The calibration (`scenarios/calibration/baseline_2020.yaml`, see [calibration.md](calibration.md))
fits {parameters} judgement parameters to the fit targets below with an optuna study ({trials}
trials of {trial_runs} runs; loss weights: median {median_weight:g}, 50% band {band_weight:g}).
The held-back targets never entered the loss: they are the check.

## Fit targets

{fit}

## Held-back targets (never in the loss)

{held}

"Runs inside" is the share of runs within the target's tolerance (a level within 10%, a count
in its range, an event that must or must not happen in its months).

## Fan charts

![US troops](validation/troops.png)

The black points are the documented levels: 5,200 in May 2020 (F09, the starting value),
about 3,000 after the cut announced in Sept. 2020 (P01) and 2,500 after the cut completed in
Jan. 2021 (P02); P01 and P02 are public-record facts outside the five documents (see
`scenarios/sources.yaml`).

![Iran-Saudi relations](validation/iran_saudi_ties.png)

![Attacks](validation/attacks.png)

![Stability](validation/stability.png)

Uncertainty: the narrowest 90% band of the troop level from June 2020 on is {troops_min:,.0f}
troops wide ({troops_zero} months of zero width); of Iran-Saudi relations from the first round
(Apr. 2021) on, {ties_min:.2f} index points ({ties_zero} months of zero width). Across the
ensemble, {strikes} US strikes; the struck factions answered {suspend} times by suspending their
campaign, {go_on} times by going on and {escalate} times by escalating (their own decisions,
[model.md 7.2](model.md#72-factions)).

## Do resolve and propensity matter?

`python run.py sweep scenarios/sweeps/withdrawal_resolve_sobol.yaml` then
`python run.py analyze DIR --outcome final_status_quo.us_troops` (a Saltelli design, 1,024 runs
of the calibrated baseline with common seeds; measured 2026-11-23 on the recalibrated baseline)
gives these Sobol total indices with 95% bootstrap intervals, none of which contains zero:

| outcome | Washington's strike resolve, ST | Kataib Hezbollah's attack propensity, ST |
|---|---|---|
| final US troops | 0.042 [0.033, 0.052] | 0.98 [0.84, 1.11] |
| attacks over the run | 0.035 [0.029, 0.042] | 0.98 [0.85, 1.11] |
| mean tension | 0.098 [0.078, 0.118] | 0.91 [0.79, 1.04] |
| US strikes | 0.70 [0.58, 0.83] | 0.35 [0.27, 0.43] |

The factions' readiness to attack drives the drawdown (attacks wear down Washington's troop
preference) and the violence; Washington's resolve moves them a little, through strikes that
deter some campaigns and provoke others, and decides how often it strikes at all.

## Shock experiment (descriptive, no target)

`.venv/bin/python docs/experiments/shock.py` runs the baseline, carried on to April 2023, 100
times with and without one generic outside shock: in June 2022, a quiet month, every armed
faction is mobilised (a `mobilisation` inject, intensity and what its campaign buys x3 for one
month; a call to arms or a killing abroad, not an event of the documents). Each pair of runs
shares its seed and its draw of the uncertain judgements, so the arms differ only by the shock.

![Shock](validation/shock.png)

In June 2022 the runs average 1.04 attacks without the shock and 7.88 with it (x7.6; variance
32.2, so the counts stay over-dispersed); in 93% of the shocked runs a faction answers the
shock by escalating its campaign, which adds to the shock itself. Strikes follow: in June to
September, 69% of the shocked runs have a US strike against 25% without it (0.75 strikes on
average against 0.25). The struck factions then answered 3 times by suspending, 51 times by
going on and 12 times by escalating; attacks in the three months after the shock are back near
the quiet arm's (5.74 against 6.53), the lower for the strikes. No round of talks is held after
April 2022 in either arm: the tracks have no dated rounds left (see issue 18), so the shock
cannot show its effect on talks yet.

## What the model cannot represent

- **The January 2021 cut was a president's order** (announced in Nov. 2020 by the outgoing
  administration, P02). The model has the mechanism (a leader's ideal apart from his
  negotiators', each order a calibrated cut, no order ahead of his own talks), not the election
  that timed it: in the ensemble the order comes in any month between the Aug. 2020 round and
  Jan. 2021, or not at all, so the Jan. 2021 level spreads between the dialogue's compromise and
  the ordered cut.
- **Strikes in a given month.** US strikes in the model answer campaigns of attacks; the June
  2021 strikes (F21) followed drone attacks that the documents do not count. A strike in that
  exact month is rare in the ensemble.
- **Iran-Saudi steps are abstract.** The relations index and the step a round can agree are
  judgements: the documents say five rounds were held and no final deal was made in Baghdad
  (F19), not how far relations moved.
- **Government formation is a waiting time**, not a coalition game: the year without a new
  government (F27) is a held-back check of `formation_chance`, a judgement.
- **What was used to find a mistake.** The held-back count of dialogue rounds (F06) showed
  that the model closed the strategic dialogue after its first settlement; a standing dialogue
  between allies goes on (`closes_on_settlement: false`). After that fix it is no longer a
  clean out-of-sample check.
- Monthly steps, three issues, one home front, no economy beyond an income/spending ratio; see
  [model.md](model.md#limits).
"""

if __name__ == "__main__":
    sys.exit(main())
