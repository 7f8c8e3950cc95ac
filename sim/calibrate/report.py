"""What a calibration writes from its finished trials: trials.csv, report, figure, overlay."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from sim.atomic import write_text_atomic
from sim.calibrate.folder import FIGURE, OVERLAY, REPORT_JSON, REPORT_MD
from sim.calibrate.loss import TargetScore
from sim.calibrate.prepare import Prepared
from sim.calibrate.trials import TrialResult
from sim.paths import ROOT


def best_trial(trials: list[TrialResult]) -> TrialResult:
    """The lowest loss; the earliest trial wins a tie."""
    return min(trials, key=lambda t: (t.loss, t.index))


def calibration_name(file: Path) -> str:
    """How an overlay names its calibration file: relative to the project when inside it."""
    try:
        return file.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return file.resolve().as_posix()


def overlay_text(prepared: Prepared, best: TrialResult, trials: int) -> str:
    """The overlay: each fitted value as a number that says it was calibrated, and by what."""
    name = calibration_name(prepared.calibration.file)
    values = {
        path: {"value": best.params[path], "source": "calibrated", "calibration": name}
        for path in prepared.calibration.spec.parameters
    }
    body = yaml.safe_dump(
        {"calibration": name, "set": values}, sort_keys=False, default_flow_style=None, width=200
    )
    header = (
        f"# Written by `python run.py calibrate {name}`: the best of {trials} trials "
        f"(trial {best.index}, loss {best.loss:.6g}).\n"
        "# Use it from a scenario with `overlays: [path/to/this.yaml]` (see docs/calibration.md).\n"
    )
    return header + body


def _interval(low: float | None, high: float | None) -> str:
    return "n/a" if low is None or high is None else f"[{low:.6g}, {high:.6g}]"


def _target_rows(prepared: Prepared, scores: list[TargetScore], held_back: bool) -> list[str]:
    specs = prepared.calibration.spec.targets
    described = {t.name: t.describe() for t in prepared.calibration.targets}
    lines = [
        "| target | sources | what | inside | median | 50% | 90% | distance |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for s in scores:
        spec = specs[s.name]
        if spec.held_back != held_back:
            continue
        median = "n/a" if s.median is None else f"{s.median:.6g}"
        lines.append(
            f"| {s.name} | {', '.join(spec.source)} | {described[s.name]} | {s.inside:.0%} | "
            f"{median} | {_interval(s.q25, s.q75)} | {_interval(s.q05, s.q95)} | "
            f"{s.distance:.3g} |"
        )
    return lines


def report_data(prepared: Prepared, trials: list[TrialResult]) -> dict[str, Any]:
    best = best_trial(trials)
    specs = prepared.calibration.spec.targets
    split: dict[str, list[dict[str, Any]]] = {"fit": [], "held_back": []}
    for s in best.scores:
        entry = {**s.as_dict(), "source": specs[s.name].source}
        split["held_back" if specs[s.name].held_back else "fit"].append(entry)
    return {
        "calibration": calibration_name(prepared.calibration.file),
        "trials": len(trials),
        "runs_per_trial": len(prepared.seeds),
        "best": {
            "trial": best.index,
            "loss": best.loss,
            "failed_runs": best.failed_runs,
            "params": best.params,
        },
        "targets": split,
    }


def report_markdown(prepared: Prepared, trials: list[TrialResult]) -> str:
    data = report_data(prepared, trials)
    best = best_trial(trials)
    spec = prepared.calibration.spec
    lines = [
        f"# Calibration {spec.name}",
        "",
        f"{data['calibration']}: {len(trials)} trials of {len(prepared.seeds)} runs each; "
        f"best trial {best.index}, loss {best.loss:.6g} ({best.failed_runs} failed runs).",
        "",
        "## Best parameters",
        "",
        "| parameter | value | bounds |",
        "|---|---|---|",
    ]
    for path, param in spec.parameters.items():
        scale = ", log" if param.log else ""
        lines.append(f"| {path} | {best.params[path]:.6g} | {list(param.bounds)}{scale} |")
    lines += ["", "## Fit targets (in the loss)", "", *_target_rows(prepared, best.scores, False)]
    if any(t.held_back for t in spec.targets.values()):
        lines += ["", "## Held-back targets (a check, never in the loss)", ""]
        lines += _target_rows(prepared, best.scores, True)
    lines += [
        "",
        "`inside`: share of the ensemble's runs within tolerance; `median`, `50%` and `90%`: "
        "the ensemble's median and central intervals; `distance`: the median's scaled distance "
        "(see docs/calibration.md).",
        "",
        f"![loss and shares by trial]({FIGURE})",
        "",
    ]
    return "\n".join(lines)


def figure_footer(prepared: Prepared) -> str:
    """The calibration a figure comes from, bottom right: its file, scenario and ensemble."""
    from sim.scenario_ids import scenario_id

    cal = prepared.calibration
    runs = len(prepared.seeds)
    return (
        f"calibration {cal.file.stem} of {scenario_id(cal.scenario)}, "
        f"{runs:,} run{'s' * (runs != 1)} a trial (master seed {cal.spec.ensemble.seed})"
    )


def draw(prepared: Prepared, trials: list[TrialResult]) -> Any:
    """Loss by trial (with the best so far) and each target's share inside by trial; the
    targets' legend beside the panel (inside it, it covered the lines), a footer naming the
    calibration."""
    # matplotlib: only when drawing
    import matplotlib

    matplotlib.use("Agg")
    # matplotlib: only when drawing
    import matplotlib.pyplot as plt
    from matplotlib.layout_engine import ConstrainedLayoutEngine
    from matplotlib.ticker import MaxNLocator

    index = [t.index for t in trials]
    losses = [t.loss for t in trials]
    best = [min(losses[: i + 1]) for i in range(len(losses))]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 6), sharex=True)
    strip = 0.2 / fig.get_figheight()  # room at the bottom for the footer
    fig.set_layout_engine(ConstrainedLayoutEngine(rect=(0, strip, 1, 1 - strip)))
    top.plot(index, losses, "o", ms=3, label="loss")
    top.plot(index, best, "-", label="best so far")
    top.set_ylabel("loss\n(scaled distance)", fontsize=9)
    top.set_title("Loss by trial (see docs/calibration.md, the loss)", loc="left", fontsize=10)
    top.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
    held = {n for n, t in prepared.calibration.spec.targets.items() if t.held_back}
    for target in prepared.calibration.targets:
        shares = [next(s.inside for s in t.scores if s.name == target.name) for t in trials]
        style = "--" if target.name in held else "-"
        label = target.name + (" (held back)" if target.name in held else "")
        bottom.plot(index, shares, style, marker="o", ms=3, label=label)
    bottom.set_ylabel("share of runs inside\nthe target (0–1)", fontsize=9)
    bottom.set_title("Each target: share of the trial's runs inside it", loc="left", fontsize=10)
    bottom.set_xlabel("trial (number)")
    bottom.xaxis.set_major_locator(MaxNLocator(integer=True))  # trials are whole numbers
    bottom.set_ylim(-0.05, 1.05)
    bottom.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
    fig.text(
        0.995, 0.005, figure_footer(prepared), ha="right", va="bottom", fontsize=7, color="0.45"
    )
    return fig


def figure(prepared: Prepared, trials: list[TrialResult], path: Path) -> None:
    """Draw the figure and write it whole (a partial file is renamed into place)."""
    import matplotlib.pyplot as plt

    fig = draw(prepared, trials)
    staging = path.with_name(f".{path.name}.partial.png")
    fig.savefig(staging, dpi=100, metadata={"Software": None})
    plt.close(fig)
    staging.replace(path)


def write_results(prepared: Prepared, trials: list[TrialResult], out: Path, overlay: Path) -> None:
    """The report (markdown, JSON, figure) in the folder, and the overlay in both places."""
    out = Path(out)
    write_text_atomic(out / REPORT_JSON, json.dumps(report_data(prepared, trials), indent=2) + "\n")
    write_text_atomic(out / REPORT_MD, report_markdown(prepared, trials))
    figure(prepared, trials, out / FIGURE)
    text = overlay_text(prepared, best_trial(trials), len(trials))
    write_text_atomic(out / OVERLAY, text)
    overlay.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(overlay, text)
