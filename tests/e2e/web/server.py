"""The classroom server as a real process on 127.0.0.1 with a free port and its own data folder,
so a test can kill it with SIGKILL and start it again on the same folder."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """``run.py classroom serve`` in a subprocess; ``url`` is its base address."""

    def __init__(self, data: Path, max_pages: int = 60) -> None:
        self.data = Path(data)
        self.port = free_port()
        self.max_pages = max_pages
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.groups: list[int] = []  # each start's process group
        self.facilitator = ""

    def start(self) -> Server:
        command = [sys.executable, "run.py", "classroom", "serve", "--port", str(self.port)]
        command += ["--data", str(self.data), "--max-pages", str(self.max_pages)]
        self.log = self.data.with_name(f"{self.data.name}-server.log")
        with self.log.open("a") as errors:
            self.process = subprocess.Popen(
                command, cwd=ROOT, stdout=subprocess.PIPE, stderr=errors, text=True,
                start_new_session=True,  # its ensemble children in its group, for stop()
            )  # fmt: skip
        self.groups.append(self.process.pid)
        line = self.process.stdout.readline()
        assert line.startswith("facilitator: "), line + self.log.read_text()
        self.facilitator = line.split()[1]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise AssertionError("the server did not start listening")

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, nothing is flushed."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self._close_pipes()

    def stop(self) -> None:
        """The end of the test: the server, and the ensemble children it (or an earlier, killed
        server on this folder) left running, which would otherwise take the cores for a minute."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for group in self.groups:
            with contextlib.suppress(ProcessLookupError):  # none of the group left
                os.killpg(group, signal.SIGKILL)
        if self.process:
            self._close_pipes()

    def _close_pipes(self) -> None:
        if self.process.stdout:
            self.process.stdout.close()
