"""Figures of one run, drawn from its plain data only (series, outcomes, events), so sweeps,
debriefs and the docs gallery can reuse them. One module per figure."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.results import RunResult

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

DEFAULT = ("positions", "status_quo", "violence", "domestic", "trust")
#: set once for all run figures. No font hinting: a fifth faster to draw, no harder to read at
#: 100 dpi. Titles at a fixed height: otherwise matplotlib measures every tick label of every
#: panel to lift titles clear of top ticks, which these figures do not have (same pixels, a
#: tenth less drawing work).
STYLE: dict[RcKeyType, Any] = {"text.hinting": "no_hinting", "axes.titley": 1.0}


def save_figures(result: RunResult, folder: Path) -> list[Path]:
    """Every figure the scenario's ``outputs.figures`` asks for, as PNG files in ``folder``;
    drawn in two processes where that is safe (``sim.plots.two_processes``)."""
    import matplotlib

    from sim.plots.domestic import domestic_figure
    from sim.plots.positions import positions_figure
    from sim.plots.status_quo import status_quo_figure
    from sim.plots.trust import trust_figure
    from sim.plots.two_processes import run_jobs
    from sim.plots.violence import violence_figure

    outputs = result.resolved.get("outputs", {})
    wanted = outputs.get("figures", list(DEFAULT))
    dpi = int(outputs.get("dpi", 100))
    jobs: list[tuple[Path, Callable[[], object]]] = []
    if "positions" in wanted:
        for issue in result.resolved["issues"]:
            path = folder / f"positions_{issue}.png"
            jobs.append((path, partial(positions_figure, result, issue, path, dpi)))
    simple = {"status_quo": status_quo_figure, "violence": violence_figure}
    if "stability" in result.columns:
        simple["domestic"] = domestic_figure
    if any(c.startswith("trust:") for c in result.columns):
        simple["trust"] = trust_figure
    for name, draw in simple.items():
        if name in wanted:
            path = folder / f"{name}.png"
            jobs.append((path, partial(draw, result, path, dpi)))
    with matplotlib.rc_context(STYLE):
        run_jobs([job for _, job in jobs])
    return [path for path, _ in jobs]
