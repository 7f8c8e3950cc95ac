"""docs/example.ipynb runs from top to bottom in a fresh kernel and prints what it shows.

The stored outputs are what a reader sees; each code cell's printed text (stdout and its
result's text) is compared with them, so the notebook cannot go stale. Images, widgets and
warnings on stderr are not compared. To store new outputs after changing the notebook:
``.venv/bin/python -m tests.docs.test_notebook``.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat", reason="the dev extra is not installed")
nbclient = pytest.importorskip("nbclient", reason="the dev extra is not installed")
pytest.importorskip("ipykernel", reason="the dev extra is not installed")

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "docs" / "example.ipynb"
WIDGET = "application/vnd.jupyter.widget-view+json"


def this_python_kernel(folder: Path) -> dict[str, str]:
    """A ``python3`` kernel spec for this interpreter in ``folder``: the notebook runs with the
    project's packages whatever kernels the machine has installed."""
    spec = folder / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec.joinpath("kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "Python 3", "language": "python"}),
        encoding="utf-8",
    )
    return {"JUPYTER_PATH": str(folder)}


def execute(notebook: Any, work: Path) -> Any:
    ran = copy.deepcopy(notebook)
    client = nbclient.NotebookClient(
        ran,
        timeout=600,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(work)}},
    )
    client.execute()
    return ran


def printed(cell: Any) -> list[str]:
    """What a cell printed and returned, as text."""
    found = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream" and output["name"] == "stdout":
            found.append(output["text"])
        elif output["output_type"] == "execute_result" and WIDGET not in output["data"]:
            found.append(output["data"].get("text/plain", ""))
    return found


def code_cells(notebook: Any) -> list[Any]:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def test_the_notebook_runs_and_prints_what_it_shows(tmp_path: Path, monkeypatch):
    for name, value in this_python_kernel(tmp_path / "jupyter").items():
        monkeypatch.setenv(name, value)
    stored = nbformat.read(NOTEBOOK, as_version=4)
    ran = execute(stored, tmp_path)
    for before, after in zip(code_cells(stored), code_cells(ran), strict=True):
        assert printed(after) == printed(before), after.source
    assert any(printed(cell) for cell in code_cells(ran))  # there is text to compare
    view = code_cells(ran)[-1]  # the interactive view, shown as a widget
    assert any(WIDGET in output.get("data", {}) for output in view.outputs)


def store_outputs() -> None:
    """Run the notebook and store its outputs, without stderr (warnings name this machine)
    and without the widgets' state (a large blob; the view is live only in a kernel)."""
    import os
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        os.environ.update(this_python_kernel(Path(scratch) / "jupyter"))
        ran = execute(nbformat.read(NOTEBOOK, as_version=4), Path(scratch))
    for cell in code_cells(ran):
        cell.outputs = [
            o for o in cell.outputs if not (o["output_type"] == "stream" and o["name"] == "stderr")
        ]
    ran.metadata.pop("widgets", None)
    nbformat.write(ran, NOTEBOOK)


if __name__ == "__main__":
    store_outputs()
