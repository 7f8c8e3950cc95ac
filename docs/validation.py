"""Write docs/validation.md: the calibrated baseline against the documented record.

    .venv/bin/python docs/validation.py [--runs 200]

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


RUN_ON_STEPS = 54  # the baseline's 30 months and two more years: to Oct. 2024
RUN_ON_FROM = "2022-11"  # the first month past the baseline's calendar


def ensemble(runs: int, seed: int, steps: int | None = None):
    """The calibrated baseline, ``runs`` times: a seed and a parameter draw per run (run on to
    ``steps`` months with nothing added when given)."""
    from sim.runner import run_scenario
    from sim.scenario import load_scenario
    from sim.scenario.uncertainty import sample_scenario, sampling_rng

    sets = [] if steps is None else [f"calendar.steps={steps}"]
    base = load_scenario(ROOT / "scenarios" / "baseline_2020.yaml", sets)
    seeds = np.random.SeedSequence(seed).generate_state(runs, dtype=np.uint64)
    results = []
    for index, run_seed in enumerate(seeds):
        drawn = sample_scenario(base, sampling_rng(int(run_seed) % 2**63))
        results.append(run_scenario(drawn, seed=int(run_seed) % 2**63, name=f"run{index}"))
    return results


def fan(results, column: str, title: str, path: Path, documented=(), mark: str = "") -> Path:
    """Median, 50% and 90% bands of a series over the ensemble, documented points on top; a
    dashed line at month ``mark`` (the end of the documented calendar) when given."""
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
    if mark in dates:
        ax.axvline(dates.index(mark), color="grey", linestyle="--", linewidth=1)
        ax.annotate(
            "calendar ends",
            (dates.index(mark), 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(-4, -12),
            textcoords="offset points",
            ha="right",
            fontsize=8,
            color="grey",
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


def run_on_rows(results) -> dict[str, str]:
    """What the actors did past the calendar: rounds called and by whom, agreements, how far
    each issue moved, and the share of runs in which something moved each year."""
    from collections import Counter

    first = results[0].series("date").index(RUN_ON_FROM)
    callers: Counter[tuple[str, str]] = Counter()
    results_by_track: Counter[tuple[str, str]] = Counter()
    agreements: Counter[str] = Counter()
    for result in results:
        for event in result.events:
            if event["step"] <= first:
                continue
            if event["type"] == "convened":
                callers[(event["track"], event["by"])] += 1
            elif event["type"] == "round":
                results_by_track[(event["track"], event["result"])] += 1
            elif event["type"] == "agreement":
                agreements[event["track"]] += 1
    runs = len(results)
    called = "\n".join(
        f"| {track} | {by} | {n / runs:.2f} |" for (track, by), n in sorted(callers.items())
    )
    rounds = "\n".join(
        f"| {track} | {result} | {n / runs:.2f} |"
        for (track, result), n in sorted(results_by_track.items())
    )
    issues = []
    for column, label in (
        ("status_quo:us_troops", "US troops"),
        ("status_quo:iran_saudi_ties", "Iran-Saudi relations"),
        ("status_quo:faction_integration", "factions under state command"),
    ):
        values = np.array([r.series(column) for r in results], dtype=float)
        start, end = values[:, first - 1], values[:, -1]
        moved = np.mean(np.abs(end - start) > 1e-6)
        issues.append(
            f"| {label} | {np.median(start):,.4g} | {np.median(end):,.4g} | "
            f"{np.percentile(end, 5):,.4g}–{np.percentile(end, 95):,.4g} | {moved:.0%} |"
        )
    dates = results[0].series("date")
    years = []
    for year in sorted({d[:4] for d in dates[first:]}):
        steps = {i for i, d in enumerate(dates) if d.startswith(year) and i >= first}
        shares = [
            np.mean([_happened(r, steps, kind) for r in results])
            for kind in ("round", "agreement", "status_quo:us_troops", "status_quo:iran_saudi_ties")
        ]
        months = f"{min(dates[i] for i in steps)} to {max(dates[i] for i in steps)}"
        years.append(f"| {months} | " + " | ".join(f"{share:.0%}" for share in shares) + " |")
    return {
        "run_on_called": called or "| (none) | | |",
        "run_on_rounds": rounds or "| (none) | | |",
        "run_on_issues": "\n".join(issues),
        "run_on_years": "\n".join(years),
        "run_on_agreements": f"{sum(agreements.values()) / runs:.2f}",
    }


def _happened(result, steps: set[int], what: str) -> bool:
    """Whether a round was held, an agreement made, or an issue's status quo moved (``what`` a
    series column) in these steps."""
    if what.startswith("status_quo:"):
        values = result.series(what)
        return any(abs(values[i] - values[i - 1]) > 1e-6 for i in steps)
    return any(
        e["type"] == what and e["step"] in steps and e.get("held", True) for e in result.events
    )


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
    run_on = ensemble(args.runs, args.seed, RUN_ON_STEPS)
    sys.path.insert(0, str(ROOT / "docs" / "experiments"))
    import shock  # the shock experiment's own script: the page quotes what it prints

    shock_runs = min(args.runs, 100)
    quiet, shocked = shock.arms(shock_runs, 2022, "2022-06", 3.0)
    shock.figure(quiet, shocked, "2022-06", 3.0)
    shock_lines = "\n".join(f"- {line}" for line in shock.report(quiet, shocked, "2022-06"))
    fan(
        run_on,
        "status_quo:us_troops",
        "Run-on: US troops in Iraq to Oct. 2024 (nothing added past Oct. 2022)",
        FIGURES / "run_on_troops.png",
        DOCUMENTED["status_quo:us_troops"],
        mark="2022-10",
    )
    fan(
        run_on,
        "status_quo:iran_saudi_ties",
        "Run-on: Iran-Saudi relations to Oct. 2024 (nothing added past Oct. 2022)",
        FIGURES / "run_on_iran_saudi_ties.png",
        mark="2022-10",
    )
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
        **run_on_rows(run_on),
        shock_runs=shock_runs,
        shock_lines=shock_lines,
    )
    (ROOT / "docs" / "validation.md").write_text(page, encoding="utf-8")
    print(f"wrote docs/validation.md and {FIGURES.relative_to(ROOT)}/ from {args.runs} runs")
    return 0


TEMPLATE = """# Validation: the calibrated baseline against the documented record

This page is written by `.venv/bin/python docs/validation.py --runs {runs}`; do not edit it by hand. It
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

"Runs inside" is the share of runs within the target's tolerance (a troop level within 5%, a
count in its range, an event that must or must not happen in its months).

## Parameters that touch a fit target

Every number the troop and Iran-Saudi targets depend on, where it comes from, and why it is not
the target itself (issue 18: no actor's ideal, salience or capability is set from a documented
outcome). Calibrated numbers are fitted by the loss, never typed in.

| parameter | value | source | why it is not the target |
|---|---|---|---|
| `issues.us_troops.status_quo` | 5,200 | F09 | the documented starting level (May 2020), not a later level |
| Baghdad's `us_troops` position | 2,000 (range 1,000–3,500, drawn) | judgement (F24, F30) | Kadhimi asked for combat units out and trainers kept (F24); no number is documented; not 2,500 (P02) nor 3,000 (P01) |
| Washington's `us_troops` position | 3,000 | F10, F11 | the negotiators' aim (a training and counter-terrorism role); it wears down under attacks (`attack_concession`) and agreements and orders move the level, not the aim itself |
| Washington's `order_ideals.us_troops` | 0 | F11 | Trump wanted out; each order closes the calibrated share `order_cut` of the gap, so the level an order reaches is fitted, not typed |
| `biden_keeps_advisers_2021_01` | the president's aim becomes his negotiators' position | F10 | no level is set (the inject used to set Washington's position to the documented 2,500, F09: removed) |
| Baghdad's `mandates.expel_foreign_forces` | 0 troops, support 0.517 | F03 | the January 2020 vote (170 of 329 seats) presses for talks; it sets no level or timetable |
| `order_propensity`, `order_cut`, `attack_concession` | fitted | calibrated | rates the documents do not give |
| `tracks.strategic_dialogue.agreement_chance` | fitted | calibrated | a rate |
| `tracks.strategic_dialogue.max_change_per_step` | 1,500 per month | judgement (F08) | logistics: how fast bases can be handed over, not where the level ends |
| `tracks.strategic_dialogue.rounds` | 2020-06, 2020-08, 2021-04, 2021-07 | F06 | the documented calendar, as invitations the parties may refuse and between which they may call rounds of their own; the held-back count of dialogue rounds checks that they do neither |
| `tracks.iran_saudi_talks.rounds` | five dates, 2021-04 to 2022-04 | F19 | F19 counts five rounds; the dates are invitations, so the count target tests that nobody refused and no extra round was called, which the model decides |
| `tracks.iran_saudi_talks.agreement_chance`, `step_limit` | fitted | calibrated | the chance a round agrees and the size of a step: rates and sizes the documents do not give |
| `convening.rate`, `round_cost`, `min_months`, `patience`; `host_standing` | 3, 0.02, 2, 3; 0.05 | judgement | how readily actors call rounds; the same for every track, not tuned to a date |
| `dynamics.attack_rate`, Washington's `strike_resolve`, `strike_threshold` | fitted | calibrated | rates behind the June 2021 strikes target (F21) |

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

## Run-on: two years past the calendar, nothing added

The same {runs} runs (same seeds, same parameter draws) continued to Oct. 2024: no dated round,
no inject after the baseline's last, nothing else changed. Past Oct. 2022 every round is one
an actor called ([model.md, 7.7](model.md#77-negotiation-rounds)). Descriptive: there are no
documented targets for these months in the model.

Rounds called past Oct. 2022, per run, by track and by who called them:

| track | called by | rounds per run |
|---|---|---|
{run_on_called}

Their results, per run:

| track | result | rounds per run |
|---|---|---|
{run_on_rounds}

Agreements past Oct. 2022: {run_on_agreements} per run. How each issue moved from Oct. 2022 to
Oct. 2024 (medians over runs; the share of runs in which it moved at all):

| issue | Oct. 2022 | Oct. 2024 | 90% of runs in Oct. 2024 | runs where it moved |
|---|---|---|---|---|
{run_on_issues}

Share of runs in which something happened, by year: a round held, an agreement made, the
troop level or the Iran-Saudi index moved (faction command moves every month with arrests and
attacks, so it is not shown):

| months | a round held | an agreement | troops moved | Iran-Saudi moved |
|---|---|---|---|---|
{run_on_years}

![Run-on: US troops](validation/run_on_troops.png)

![Run-on: Iran-Saudi relations](validation/run_on_iran_saudi_ties.png)

## Do resolve and propensity matter?

`.venv/bin/python run.py sweep scenarios/sweeps/withdrawal_resolve_sobol.yaml` then
`.venv/bin/python run.py analyze DIR --outcome final_status_quo.us_troops` (and the other
outcomes; a Saltelli design, 1,024 runs of the calibrated baseline with common seeds; measured
2026-12-07 on the baseline of issue 18: talks called by the actors, campaigns decided by the
factions, recalibrated) gives these Sobol total indices with 95% bootstrap intervals:

| outcome | Washington's strike resolve, ST | Kataib Hezbollah's attack propensity, ST |
|---|---|---|
| final US troops | 0.041 [0.030, 0.052] | 0.99 [0.86, 1.12] |
| attacks over the run | 0.039 [0.028, 0.050] | 0.99 [0.86, 1.13] |
| mean tension | 0.030 [0.018, 0.042] | 0.97 [0.85, 1.10] |
| US strikes (0 or 1 in most runs; `analyze` asks for N = 1,024) | 0.19 [0.12, 0.27] | 0.85 [0.73, 0.97] |

The factions' readiness to attack drives the drawdown (attacks wear down Washington's troop
preference, and Washington then calls rounds to act on it) and the violence; Washington's resolve
moves them a little: a strike costs the struck faction strength and cohesion, and the faction
then decides whether to suspend, go on or escalate.

## Shock experiment (descriptive, no target)

`.venv/bin/python docs/experiments/shock.py` runs the baseline, carried on to April 2023, 100
times with and without one generic outside shock: in June 2022, a quiet month, every armed
faction is mobilised (a `mobilisation` inject, intensity and what its campaign buys x3 for one
month; a call to arms or a killing abroad, not an event of the documents). Each pair of runs
shares its seed and its draw of the uncertain judgements, so the arms differ only by the shock.

![Shock](validation/shock.png)

What the paired runs show ({shock_runs} pairs, written by the same script):

{shock_lines}

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
- **The documented calendar is still an input.** The baseline keeps the dated rounds (F06,
  F19) as invitations; between and after them the actors call rounds of their own. The count
  targets (five Iran-Saudi rounds, four dialogue rounds) therefore test whether anyone refused an
  invitation or called an extra round, not whether the model finds the dates. A baseline with no
  dates at all is the run-on's question, not a fit.
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
