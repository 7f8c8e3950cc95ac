"""Sybil evaluators that make the docs' shell examples tests.

- A ``console`` block is a transcript: lines starting with ``$ `` are commands; the lines after
  one, up to the next command, are what it prints (stdout and stderr together). The output is
  compared with doctest's checker, so ``...`` stands for any text (run ids, timings) and runs of
  whitespace compare equal. Exit status is not checked: a transcript may show an error.
- A ``bash`` block is a list of commands (``\\`` continues a line, ``#`` starts a comment); each
  must exit with status 0.

Commands (and Python examples) run in a scratch folder per page that holds links to the
repository's ``run.py``, ``docs``, ``benchmarks``, ``sim`` and ``agents`` and a copy of
``scenarios``, so ``results/`` and ``--out`` folders land there, and ``python``, ``python3`` and
``.venv/bin/python`` are this interpreter.
- A block whose info line names a file, `` ```yaml file=example.yaml ``, is written to that
  file in the scratch folder (Markdown shows it as YAML), so the commands after it read the very
  text the page shows.

A command that is only ``python run.py ARGS`` (no pipe, redirection, glob or variable) is
forked by a program server (``program_server.py``, a process of its own that imported the
program once) and runs ``run.py`` with the same arguments, folder and environment, stdout and
stderr one file as a pipe takes them, and its own exit; without the second or so each new
interpreter spends importing Mesa, pandas and matplotlib again. Every other command goes to
``bash``; tests/e2e run the real ``python run.py`` as a process of its own.

Pages skip an example with Sybil's ``<!-- skip: next -->``; slow ones use
``<!-- skip: next if(not SLOW, reason="slow") -->`` and run when ``CROSSROADS_SLOW_DOCS=1``.
"""

from __future__ import annotations

import atexit
import doctest
import json
import os
import re
import select
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sybil import Document, Example, Region
from sybil.parsers.markdown.lexers import RawFencedCodeBlockLexer

ROOT = Path(__file__).resolve().parents[2]
LINKED = ("run.py", "docs", "benchmarks", "sim", "agents", "pyproject.toml")
COPIED = ("scenarios",)  # copied, not linked: paths the program prints stay under the page's folder
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
TIMEOUT = 300


def setup(namespace: dict[str, Any]) -> None:
    """A scratch folder for the page, with the repository and this Python linked in."""
    work = Path(tempfile.mkdtemp(prefix="crossroads-docs-"))
    for name in LINKED:
        (work / name).symlink_to(ROOT / name)
    for name in COPIED:
        shutil.copytree(ROOT / name, work / name)
    bin_dir = work / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for name in ("python", "python3"):  # a wrapper, not a link: the venv is found from its path
        wrapper = bin_dir / name
        wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
        wrapper.chmod(0o755)
    namespace["WORK"] = work
    namespace["SLOW"] = os.environ.get("CROSSROADS_SLOW_DOCS") == "1"
    namespace["HOME_DIR"] = os.getcwd()
    os.chdir(work)  # Python examples read what the page's commands wrote, as a reader's would


def teardown(namespace: dict[str, Any]) -> None:
    os.chdir(namespace["HOME_DIR"])
    shutil.rmtree(namespace["WORK"], ignore_errors=True)


PYTHONS = ("python", "python3", ".venv/bin/python")
SHELL = re.compile(r"[|&;<>$`*?~(){}\[\]!#\\\n]")  # what only a shell would read
QUOTED = re.compile(r"'[^']*'|\"[^\"$`\\]*\"")  # quoted text with nothing a shell expands
_servers: list[subprocess.Popen[bytes]] = []


def program_arguments(command: str) -> list[str] | None:
    """ARGS of a command that is only ``python run.py ARGS``, else None (a job for bash)."""
    if SHELL.search(QUOTED.sub("", command)):
        return None
    words = shlex.split(command)
    if len(words) < 2 or words[0] not in PYTHONS or words[1] != "run.py":
        return None
    return words[2:]


def _reply(server: subprocess.Popen[bytes], timeout: float) -> int:
    """The server's next answer line, a number."""
    assert server.stdout is not None
    ready, _, _ = select.select([server.stdout], [], [], timeout)
    line = server.stdout.readline() if ready else b""  # unbuffered: what select saw is all
    if not line.strip():
        raise subprocess.TimeoutExpired("the docs' program server", timeout)
    return int(line)


def _stop_server() -> None:
    """At the end of the tests: the server reads the end of its input and exits."""
    for server in _servers:
        if server.stdin is not None:
            server.stdin.close()
        server.wait(timeout=30)


def run_program(
    args: list[str], work: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """``python run.py ARGS`` forked by the program server, stdout and stderr together."""
    if not _servers or _servers[0].poll() is not None:
        if not _servers:
            atexit.register(_stop_server)
        _servers[:] = [
            subprocess.Popen(
                [sys.executable, "-m", "tests.docs.program_server"],
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                bufsize=0,
            )
        ]
    server = _servers[0]
    assert server.stdin is not None
    with tempfile.NamedTemporaryFile(prefix="crossroads-docs-out-", delete=False) as file:
        output = file.name
    try:
        request = {"args": args, "work": str(work), "env": env, "output": output}
        server.stdin.write((json.dumps(request) + "\n").encode())
        pid = _reply(server, 60)
        try:
            status = _reply(server, TIMEOUT)
        except subprocess.TimeoutExpired:
            os.kill(pid, signal.SIGKILL)
            raise
        text = Path(output).read_text(encoding="utf-8", errors="backslashreplace")
    finally:
        os.unlink(output)
    return subprocess.CompletedProcess(["run.py", *args], status, text)


def run(command: str, namespace: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    work: Path = namespace["WORK"]
    env = dict(os.environ)
    env["PATH"] = f"{work / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["COLUMNS"] = "100"  # argparse wraps help text to the terminal
    args = program_arguments(command)
    if args is not None:
        return run_program(args, work, env)
    return subprocess.run(
        ["bash", "-c", command],
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=TIMEOUT,
    )


def transcript(text: str) -> list[tuple[str, str]]:
    """(command, expected output) pairs of a console block."""
    pairs: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.startswith("$ "):
            pairs.append((line[2:], []))
        elif pairs:
            pairs[-1][1].append(line)
        elif line.strip():
            raise ValueError(f"console block must start with '$ ': {line!r}")
    joined = []
    for command, output in pairs:
        while command.endswith("\\") and output:
            command = command[:-1] + " " + output.pop(0).strip()
        joined.append((command, "\n".join(output).strip() + "\n"))
    return joined


def evaluate_console(example: Example) -> str | None:
    checker = doctest.OutputChecker()
    for command, expected in transcript(example.parsed):
        got = run(command, example.namespace).stdout
        if expected.strip() and not checker.check_output(expected, got, FLAGS):
            return f"$ {command}\n--- the page shows:\n{expected}--- the program prints:\n{got}"
        if not expected.strip() and got.strip():
            return f"$ {command}\n--- the page shows no output; the program prints:\n{got}"
    return None


def commands(text: str) -> list[str]:
    """The commands of a bash block, continuation lines joined, comments dropped."""
    found: list[str] = []
    pending = ""
    for line in text.splitlines():
        line = pending + line
        if line.rstrip().endswith("\\"):
            pending = line.rstrip()[:-1] + " "
            continue
        pending = ""
        code = line.split(" #", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if code:
            found.append(code)
    return found


def evaluate_bash(example: Example) -> str | None:
    for command in commands(example.parsed):
        done = run(command, example.namespace)
        if done.returncode != 0:
            return f"$ {command}\nexit status {done.returncode}:\n{done.stdout}"
    return None


class FileBlockParser:
    """`` ```yaml file=NAME `` blocks: their text is written to NAME in the page's folder."""

    def __init__(self) -> None:
        self.lexer = RawFencedCodeBlockLexer(
            info_pattern=re.compile(r"\w+ file=(?P<name>[\w./-]+)$\n", re.MULTILINE),
        )

    def __call__(self, document: Document) -> Iterable[Region]:
        for region in self.lexer(document):
            region.parsed = region.lexemes["source"]
            region.evaluator = write_file
            yield region


def write_file(example: Example) -> str | None:
    name = str(example.region.lexemes["name"])
    target = example.namespace["WORK"] / name
    if ".." in Path(name).parts or target.exists():
        raise ValueError(f"file= must name a new file in the page's folder, got {name!r}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(str(example.parsed), encoding="utf-8")
    return None
