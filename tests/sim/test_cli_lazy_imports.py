"""The command layer imports inside functions only to keep ``--help`` and start-up light, and
says so: every function-level import in sim/cli.py and sim/commands/ carries a one-line
reason, on its line or on the comment line above its block of imports."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMMAND_LAYER = [ROOT / "sim" / "cli.py", *sorted((ROOT / "sim" / "commands").glob("*.py"))]
# play.py is being rewritten for typed decisions at the same time; its imports get their
# reasons there, and then it leaves this set
PENDING: set[str] = set()


def unexplained_imports(source: str) -> list[int]:
    """Line numbers of function-level imports with no reason: neither a comment on the line
    nor one above the run of imports (blank lines allowed) that the import belongs to."""
    lines = source.splitlines()
    functions = [
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]
    imports = {
        statement.lineno: statement
        for function in functions
        for statement in ast.walk(function)
        if isinstance(statement, ast.Import | ast.ImportFrom)
    }
    import_lines = {
        number
        for statement in imports.values()
        for number in range(statement.lineno, (statement.end_lineno or statement.lineno) + 1)
    }
    missing = []
    for number in sorted(imports):
        if "#" in lines[number - 1]:
            continue
        above = number - 1
        while above > 0 and (above in import_lines or not lines[above - 1].strip()):
            above -= 1
        if not lines[above - 1].strip().startswith("#"):
            missing.append(number)
    return missing


def test_every_function_level_import_of_the_command_layer_says_why():
    missing = {
        str(path.relative_to(ROOT)): lines
        for path in COMMAND_LAYER
        if (lines := unexplained_imports(path.read_text(encoding="utf-8")))
        and str(path.relative_to(ROOT)) not in PENDING
    }
    assert missing == {}


def test_an_import_without_a_reason_is_found_and_one_with_a_reason_is_not():
    source = (
        "def handle():\n"  # 1
        "    # lazy: numpy loads when the command runs\n"  # 2
        "    import numpy\n"  # 3
        "\n"  # 4
        "    import json\n"  # 5: same run of imports as line 3, covered by line 2
        "    print()\n"  # 6
        "    import csv\n"  # 7: after code, no comment
        "    import re  # lazy: only here\n"  # 8
    )
    assert unexplained_imports(source) == [7]
