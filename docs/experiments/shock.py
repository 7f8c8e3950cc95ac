"""The shock experiment: a generic outside shock to the armed factions in a quiet month.

    .venv/bin/python docs/experiments/shock.py [--runs 100] [--month 2022-06] [--factor 3]

Runs the shipped baseline, carried on to April 2023, ``runs`` times with and without one
inject: a month's ``mobilisation`` of every faction by ``factor`` (a call to arms, a killing
abroad; nothing in the documents, a generic shock). Each pair shares its seed and its draw of
the uncertain judgements, so the two arms differ only by the shock. Writes
docs/validation/shock.png (attacks by month, strikes, factions whose campaign is suspended,
rounds of talks held: median and bands of each arm) and prints what the page quotes.
Descriptive: there is no target. Deterministic: the same arguments give the same figure.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

FIGURE = ROOT / "docs" / "validation" / "shock.png"
STEPS = 36  # May 2020 to April 2023: the baseline's 30 months and six more after the shock


def arms(runs: int, seed: int, month: str, factor: float):
    """(quiet, shocked) results: the same seeds and parameter draws, with and without the shock."""
    from sim.runner import run_scenario
    from sim.scenario import load_scenario
    from sim.scenario.uncertainty import sample_scenario, sampling_rng

    path = ROOT / "scenarios" / "baseline_2020.yaml"
    quiet = load_scenario(path, [f"calendar.steps={STEPS}"])
    factions = [a for a, spec in quiet.actors.items() if spec.kind == "faction"]
    shock = (
        f"events.injects.outside_shock={{date: {month}, label: an outside call to arms, "
        "source: judgement, reason: a generic shock for the experiment, effects: "
        f"[{{kind: mobilisation, actors: [{', '.join(factions)}], factor: {factor}}}]}}"
    )
    shocked = load_scenario(path, [f"calendar.steps={STEPS}", shock])
    seeds = np.random.SeedSequence(seed).generate_state(runs, dtype=np.uint64)
    out: tuple[list, list] = ([], [])
    for index, raw in enumerate(seeds):
        run_seed = int(raw) % 2**63
        for arm, scenario in zip(out, (quiet, shocked), strict=True):
            drawn = sample_scenario(scenario, sampling_rng(run_seed))
            arm.append(run_scenario(drawn, seed=run_seed, name=f"run{index}"))
    return out


def per_month(result, kind: str, **match: object) -> np.ndarray:
    """How many events of ``kind`` (with the given fields) each step, counts summed."""
    counts = np.zeros(len(result.rows))
    for event in result.events:
        if event["type"] == kind and all(event.get(k) == v for k, v in match.items()):
            counts[int(event["step"])] += int(event.get("count", 1))
    return counts


def suspended(result) -> np.ndarray:
    """Factions whose campaign is suspended at the end of each step (all go on at the start)."""
    level: dict[str, str] = {}
    counts = np.zeros(len(result.rows))
    changes: dict[int, list[tuple[str, str]]] = {}
    for event in result.events:
        if event["type"] == "campaign":
            changes.setdefault(int(event["step"]), []).append((event["actor"], event["level"]))
    for step in range(len(result.rows)):
        for actor, now in changes.get(step, []):
            level[actor] = now
        counts[step] = sum(v == "suspend" for v in level.values())
    return counts


SERIES = (  # panel title, how to count it per run, summed from the window's start
    ("Attacks per month", lambda r: per_month(r, "attack"), False),
    ("Strikes since Oct. 2021", lambda r: per_month(r, "strike"), True),
    ("Factions with their campaign suspended", suspended, False),
    ("Rounds of talks held since Oct. 2021", lambda r: per_month(r, "round", held=True), True),
)


def figure(quiet, shocked, month: str, factor: float) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    dates = quiet[0].series("date")
    x = np.arange(len(dates))
    start = dates.index("2021-10")  # a year before the shock to six months after
    fig, axes = plt.subplots(2, 2, figsize=(10, 6.4), dpi=100, sharex=True)
    arms = ((quiet, "tab:blue", "no shock"), (shocked, "tab:red", "shock"))
    for ax, (title, count, summed) in zip(axes.flat, SERIES, strict=True):
        for results, colour, label in arms:
            values = np.array([count(r) for r in results])[:, start:]
            if summed:
                values = np.cumsum(values, axis=1)
            xs = x[start:]
            ax.fill_between(
                xs,
                np.percentile(values, 5, 0),
                np.percentile(values, 95, 0),
                alpha=0.12,
                color=colour,
                linewidth=0,
            )
            ax.fill_between(
                xs,
                np.percentile(values, 25, 0),
                np.percentile(values, 75, 0),
                alpha=0.3,
                color=colour,
                linewidth=0,
            )
            ax.plot(xs, np.median(values, 0), color=colour, label=f"{label}: median")
            ax.plot(xs, values.mean(0), color=colour, linestyle=":", label=f"{label}: mean")
        ax.axvline(dates.index(month), color="black", linewidth=0.8, linestyle="--")
        ax.set_title(title, fontsize=10)
        ax.set_xticks(x[start::3], dates[start::3], rotation=45, fontsize=8)
    axes[0, 0].legend(fontsize=7, loc="upper left")
    fig.suptitle(
        f"An outside shock to every faction in {month} (intensity x{factor:g} for a month), "
        f"{len(quiet)} paired runs\nbands: 50% and 90% of runs; uncertainty: seed and parameters",
        fontsize=10,
    )
    fig.tight_layout()
    FIGURE.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(FIGURE, metadata={"Software": None})
    plt.close(fig)
    return FIGURE


def report(quiet, shocked, month: str) -> list[str]:
    """The numbers the page quotes."""
    step = quiet[0].series("date").index(month)

    def total(results, kind, first, last, **match):
        return np.array([per_month(r, kind, **match)[first : last + 1].sum() for r in results])

    attacks_q, attacks_s = total(quiet, "attack", step, step), total(shocked, "attack", step, step)
    after_q = total(quiet, "attack", step + 1, step + 3)
    after_s = total(shocked, "attack", step + 1, step + 3)
    strikes_q = total(quiet, "strike", step, step + 3)
    strikes_s = total(shocked, "strike", step, step + 3)
    escalated = total(shocked, "campaign", step, step, level="escalate") > 0
    answers = [
        e["level"]
        for r in shocked
        for e in r.events
        if e["type"] == "campaign" and e["struck"] and step <= e["step"] <= step + 3
    ]
    rounds_q = total(quiet, "round", step, step + 6, held=True)
    rounds_s = total(shocked, "round", step, step + 6, held=True)
    return [
        f"attacks in {month}: mean {attacks_q.mean():.2f} without, {attacks_s.mean():.2f} with "
        f"the shock (x{attacks_s.mean() / max(attacks_q.mean(), 1e-9):.1f}); variance with the "
        f"shock {attacks_s.var(ddof=1):.1f}",
        f"runs in which a faction escalated in {month}: {escalated.mean():.0%}",
        f"attacks in the 3 months after: mean {after_q.mean():.2f} without, {after_s.mean():.2f} "
        "with",
        f"strikes in {month} and the 3 months after: mean {strikes_q.mean():.2f} without, "
        f"{strikes_s.mean():.2f} with; runs with a strike: {(strikes_q > 0).mean():.0%} without, "
        f"{(strikes_s > 0).mean():.0%} with",
        "answers of struck factions in those months (shock): "
        + ", ".join(f"{answers.count(a)} {a}" for a in ("suspend", "go on", "escalate")),
        f"rounds held in {month} and the 6 months after: mean {rounds_q.mean():.2f} without, "
        f"{rounds_s.mean():.2f} with",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--month", default="2022-06")
    parser.add_argument("--factor", type=float, default=3.0)
    args = parser.parse_args()
    quiet, shocked = arms(args.runs, args.seed, args.month, args.factor)
    path = figure(quiet, shocked, args.month, args.factor)
    for line in report(quiet, shocked, args.month):
        print(line)
    print(f"wrote {path.relative_to(ROOT)} from {args.runs} paired runs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
