"""``run.py run``'s arguments as a user (or a script with an unset variable) types them."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("run", ""), "error: FILE: is empty; name a scenario file or id, or leave it out\n"),
        (
            ("run", "baseline_2020", "--out", " "),
            "error: --out: is empty; name a folder, or leave it out\n",
        ),
    ],
)
def test_an_empty_argument_is_refused_not_taken_for_the_default(tmp_path, cli, args, message):
    """run.py run "$SCENARIO" with SCENARIO unset once ran the default scenario."""
    done = cli(*args, cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", message)
    assert list(tmp_path.iterdir()) == []
