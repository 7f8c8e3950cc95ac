"""Kill -9 of a bargaining batch with --table loses nothing confirmed: the table is written
once, atomically, after every file ran, so a batch killed midway leaves the table of the last
completed batch byte for byte and no partial or temporary file; a rerun completes."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import KTAB, ROOT

FILES = 200  # 80 actors each, about 0.1 s a file here: the batch outlives the kill by far
RERUN = 12  # the rerun runs the first few only, to keep the test short


def start(tmp_path: Path, table: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "run.py"), "bargain", "in", "--table", str(table), "--quiet"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )


def test_sigkill_mid_batch_keeps_the_confirmed_table_and_a_rerun_completes(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(FILES):
        shutil.copy(KTAB / "dummyData-a080.csv", folder / f"issue{i:03d}.csv")
    table = tmp_path / "table.csv"
    confirmed = b"file,model,status\nearlier.csv,smp,ok\n"  # what an earlier batch wrote
    table.write_bytes(confirmed)

    batch = start(tmp_path, table)
    time.sleep(1.5)
    assert batch.poll() is None, "the batch finished before it could be killed"
    batch.send_signal(signal.SIGKILL)
    out, _ = batch.communicate(timeout=60)
    assert batch.returncode == -signal.SIGKILL and out == ""
    assert table.read_bytes() == confirmed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "table.csv"]

    for extra in sorted(folder.iterdir())[RERUN:]:
        extra.unlink()
    rerun = start(tmp_path, table)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    rows = list(csv.DictReader(table.open()))
    assert [Path(r["file"]).name for r in rows] == [f"issue{i:03d}.csv" for i in range(RERUN)]
    assert {r["status"] for r in rows} == {"ok"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "table.csv"]
