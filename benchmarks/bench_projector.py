"""By hand: how soon the projector shows a new turn (issue 19, item 5).

    python benchmarks/bench_projector.py [--turns 10] [--projectors 3]

Target: the projector's long poll answers with the new turn within a fraction of a second of
the facilitator's **Next turn** (p95 under 300 ms on 2 cores), with several projectors open on
the session. The server is a real ``run.py classroom serve`` process on 127.0.0.1; the model
plays every seat, so each **Next turn** runs a whole turn at once (the slowest case for a page:
a turn's months and the render in one go). Measured from sending **Next turn** to each
projector's poll answering.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=9)
    parser.add_argument("--projectors", type=int, default=3)
    args = parser.parse_args()

    import httpx

    from tests.e2e.web.clients import Facilitator
    from tests.e2e.web.server import Server

    delays: list[float] = []
    with tempfile.TemporaryDirectory() as scratch:
        server = Server(Path(scratch) / "data").start()
        try:
            fac = Facilitator(server)
            room = fac.create(exercise="us_withdrawal_dialogue.yaml")
            page = fac.http.get(f"/facilitator/session/{room}").text
            link = re.search(r'href="(/projector/[A-Za-z0-9_-]+)"', page).group(1)
            control = fac.socket(room)
            for seat in fac.tokens(room):
                control.send({"type": "seat", "actor": seat, "holder": "model"})
            control.send({"type": "start"})
            hall = httpx.Client(base_url=server.url, trust_env=False, timeout=30)
            for _ in range(args.turns):
                seen = hall.get(f"{link}/state").json()["key"]
                answered: list[float] = []

                def poll(seen: str = seen, answered: list[float] = answered) -> None:
                    hall.get(f"{link}/state", params={"seen": seen})
                    answered.append(time.perf_counter())

                polls = [threading.Thread(target=poll) for _ in range(args.projectors)]
                for thread in polls:
                    thread.start()
                time.sleep(0.2)  # the polls are waiting
                sent = time.perf_counter()
                control.send({"type": "next"})
                for thread in polls:
                    thread.join()
                delays += [t - sent for t in answered]
            control.close()
        finally:
            server.stop()
    delays.sort()
    p95 = delays[int(0.95 * (len(delays) - 1))]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"{args.turns} turns, {args.projectors} projectors: {len(delays)} updates")
    print(
        f"Next turn -> projector's answer: median {1000 * statistics.median(delays):.0f} ms, "
        f"p95 {1000 * p95:.0f} ms, max {1000 * delays[-1]:.0f} ms"
    )
    return 0 if p95 < 0.3 else 1


if __name__ == "__main__":
    raise SystemExit(main())
