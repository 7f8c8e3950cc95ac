"""The ``bargain`` examples in docs/bargaining.md run and print what the page shows."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

PAGE = ROOT / "docs" / "bargaining.md"


def console_blocks() -> list[tuple[str, str]]:
    blocks = re.findall(r"```console\n\$ python run.py (.+?)\n(.*?)```", PAGE.read_text(), re.S)
    return [(command, output) for command, output in blocks]


def test_the_page_has_examples() -> None:
    assert len(console_blocks()) >= 2


@pytest.mark.parametrize(("command", "output"), console_blocks(), ids=lambda x: x[:40])
def test_example_prints_what_the_page_shows(command: str, output: str, tmp_path: Path) -> None:
    (tmp_path / "scenarios").symlink_to(ROOT / "scenarios")
    result = run_cli(*shlex.split(command), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == output
