"""Tested docs: Sybil collects the shell and Python examples of the pages listed here and runs
them (``tests/docs/console.py`` says how). Every page of docs/ is checked: a new page's examples
must be true from the start."""

from sybil import Sybil
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser, SkipParser

from tests.docs.console import (
    FileBlockParser,
    evaluate_bash,
    evaluate_console,
    setup,
    teardown,
)

PAGES = ["README.md", "docs/*.md"]

pytest_collect_file = Sybil(
    parsers=[
        SkipParser(),
        FileBlockParser(),
        CodeBlockParser("console", evaluate_console),
        CodeBlockParser("bash", evaluate_bash),
        PythonCodeBlockParser(),
    ],
    patterns=PAGES,
    setup=setup,
    teardown=teardown,
).pytest()
