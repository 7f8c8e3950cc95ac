"""The calibration folder: ``calibration.json``, the optuna journal, ``trials.csv`` and results.

``calibration.json`` says what the study fits (the resolved calibration, the scenario's hash,
the ensemble seeds). ``--resume`` refuses a folder whose study fitted something else, so a
resumed study never mixes trials of two problems; only ``search.trials`` may grow.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sim.atomic import write_text_atomic
from sim.calibrate.prepare import Prepared, scenario_sha256
from sim.errors import InputError
from sim.sweep.store import csv_line

MANIFEST, JOURNAL, TRIALS = "calibration.json", "study.journal", "trials.csv"
REPORT_MD, REPORT_JSON, FIGURE, OVERLAY = "report.md", "report.json", "trials.png", "overlay.yaml"
IDENTITY = ("scenario_sha256", "parameters", "targets", "ensemble", "seeds", "search", "loss")


def manifest(prepared: Prepared) -> dict[str, Any]:
    from sim.sweep.plan import versions

    cal = prepared.calibration
    spec = cal.spec.model_dump(mode="json")
    return {
        "format": 1,
        "name": cal.spec.name,
        "calibration_file": str(cal.file),
        "scenario": str(cal.scenario),
        "scenario_sha256": scenario_sha256(prepared.context.raw),
        "parameters": spec["parameters"],
        "targets": spec["targets"],
        "ensemble": spec["ensemble"],
        "seeds": list(prepared.seeds),
        "search": {k: v for k, v in spec["search"].items() if k != "trials"},
        "trials": spec["search"]["trials"],
        "loss": spec["loss"],
        "steps": spec["steps"],
        "versions": versions(),
    }


class StudyFolder:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @property
    def journal(self) -> Path:
        return self.path / JOURNAL

    def create(self, content: dict[str, Any]) -> None:
        """Start a new study; a folder with anything in it is refused (use --resume)."""
        if self.path.exists() and not self.path.is_dir():
            raise InputError("exists and is not a folder", file=str(self.path))
        if self.path.exists() and any(self.path.iterdir()):
            raise InputError(
                "folder is not empty: give --resume to continue its study, or another --out",
                file=str(self.path),
            )
        self.path.mkdir(parents=True, exist_ok=True)
        write_text_atomic(self.path / MANIFEST, json.dumps(content, indent=2) + "\n")

    def resume(self, content: dict[str, Any]) -> None:
        """Continue the study in this folder if it fits the same problem."""
        file = self.path / MANIFEST
        if not self.path.is_dir() or not file.is_file():
            raise InputError(
                "--resume: no calibration.json here (start without --resume)", file=str(self.path)
            )
        try:
            old = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise InputError(
                f"--resume: cannot read calibration.json: {error}", file=str(file)
            ) from None
        for key in IDENTITY:
            if old.get(key) != content.get(key):
                raise InputError(
                    f"--resume: the calibration's '{key}' changed since this study began; "
                    "start a new folder with --out",
                    file=str(file),
                )
        write_text_atomic(file, json.dumps({**old, "trials": content["trials"]}, indent=2) + "\n")

    def write_trials(self, header: list[str], rows: list[list[Any]]) -> None:
        text = csv_line(header) + "".join(csv_line(row) for row in rows)
        write_text_atomic(self.path / TRIALS, text)
