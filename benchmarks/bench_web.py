"""By hand: the web classroom under load (issue 9).

    python benchmarks/bench_web.py [--sessions 5] [--pages 10] [--turns 10]

Target: 5 concurrent sessions of 10 seat pages each, every decision answered over WebSockets
as soon as it shows: no lost answer, no error, and the 95th percentile of the time from an
answer to each page of its session receiving the new state under 500 ms on 2 cores.

The server is a real ``run.py classroom serve`` process on 127.0.0.1; the pages are WebSocket
clients in this process (no browser: the browser tests cover the pages themselves). The
exercise puts every actor of the baseline scenario in a seat (9 seats; the scenario has no
10th actor), so the 10th page of each session is a second page on the first seat, watching;
the facilitator of each session opens the next turn when a turn is done.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--turns", type=int, default=10)
    args = parser.parse_args()

    from tests.e2e.web import load
    from tests.e2e.web.server import Server

    with tempfile.TemporaryDirectory() as scratch:
        server = Server(Path(scratch) / "data", max_pages=args.pages + 5).start()
        try:
            result = load.run(server, args.sessions, args.pages, args.turns)
        finally:
            server.stop()
    rooms = result["rooms"]
    latencies = sorted(x for room in rooms for x in room.latencies)
    answers = sum(room.acknowledged for room in rooms)
    lost = sum(room.acknowledged - result["stored"][room.id] for room in rooms)
    errors = [e for room in rooms for e in room.errors]
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"{args.sessions} sessions x {args.pages} pages, {args.turns} turns each")
    print(
        f"answers acknowledged: {answers}; stored: {sum(result['stored'].values())}; lost: {lost}"
    )
    print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    print(
        f"answer -> every page's update: {len(latencies)} deliveries; "
        f"median {1000 * statistics.median(latencies):.0f} ms, "
        f"p95 {1000 * p95:.0f} ms, max {1000 * latencies[-1]:.0f} ms"
    )
    print(f"wall time {result['wall']:.1f} s")
    return 0 if lost == 0 and not errors and p95 < 0.5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
