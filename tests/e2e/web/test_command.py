"""``run.py classroom serve``: --help imports no web library, a missing web extra is one
error line with the install command, bad options are one error line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

HELP_IMPORTS = """
import sys, contextlib, io
from sim.cli import main
for argv in (["--help"], ["classroom", "--help"], ["classroom", "serve", "--help"]):
    with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):
        main(argv)
print(sorted(m for m in ("fastapi", "uvicorn", "starlette", "jinja2", "segno") if m in sys.modules))
"""

WITHOUT_EXTRA = """
import sys
sys.modules["fastapi"] = None  # as if the web extra were not installed
from sim.cli import main
sys.exit(main(["classroom", "serve", "--data", sys.argv[1]]))
"""


def python(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_help_imports_no_web_library():
    done = python(HELP_IMPORTS)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_missing_web_extra_says_how_to_install_it(tmp_path):
    done = python(WITHOUT_EXTRA, str(tmp_path / "data"))
    assert done.returncode == 2
    assert done.stderr == (
        'error: classroom: the web classroom needs its extra: pip install -e ".[web]" '
        "(fastapi is missing)\n"
    )
    assert not (tmp_path / "data").exists()


def test_bad_options_are_one_error_line(tmp_path, cli):
    done = cli("classroom", "serve", "--port", "70000", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == "error: --port: must be a port number, got 70000\n"
    done = cli("classroom", "serve", "--max-pages", "0", cwd=tmp_path)
    assert done.stderr == "error: --max-pages: must be between 1 and 10000, got 0\n"
    assert list(tmp_path.iterdir()) == []


def test_a_port_in_use_or_a_bogus_host_is_refused_before_any_folder(tmp_path, cli):
    import socket

    pytest.importorskip("uvicorn", reason="the web extra is not installed")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        data = tmp_path / "data"
        done = cli("classroom", "serve", "--port", port, "--data", str(data), cwd=tmp_path)
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr.startswith(f"error: --port {port}: ") and done.stderr.count("\n") == 1
    done = cli("classroom", "serve", "--host", "no-such-host.invalid", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("error: --host no-such-host.invalid: ")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("where", ["file", "under_file", "proc"])
def test_a_data_folder_that_cannot_be_written_is_refused(tmp_path, cli, where):
    (tmp_path / "taken").write_text("mine")
    data = {
        "file": tmp_path / "taken",
        "under_file": tmp_path / "taken" / "data",
        "proc": "/proc/crossroads-data",
    }[where]
    done = cli("classroom", "serve", "--data", str(data), cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.startswith(f"error: --data {data}: ")
    assert done.stderr.count("\n") == 1 and (tmp_path / "taken").read_text() == "mine"
