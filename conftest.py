"""Tested docs: Sybil collects the shell and Python examples of the pages listed here and runs
them (``tests/docs/console.py`` says how). Add a page to ``PAGES`` once its examples are true."""

from sybil import Sybil
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser, SkipParser

from tests.docs.console import evaluate_bash, evaluate_console, setup, teardown

PAGES = [
    "README.md",
    "docs/model.md",
    "docs/run_gallery.md",
    "docs/benchmarks.md",
]

pytest_collect_file = Sybil(
    parsers=[
        SkipParser(),
        CodeBlockParser("console", evaluate_console),
        CodeBlockParser("bash", evaluate_bash),
        PythonCodeBlockParser(),
    ],
    patterns=PAGES,
    setup=setup,
    teardown=teardown,
).pytest()
