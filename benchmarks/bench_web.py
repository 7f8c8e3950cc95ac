"""By hand: the web classroom under load (issues 9 and 19).

    python benchmarks/bench_web.py [--sessions 5] [--pages 10] [--turns 10]
    python benchmarks/bench_web.py --class [--pages 30] [--turns 8]

Target: 5 concurrent sessions of 10 seat pages each, every decision answered over WebSockets
as soon as it shows: no lost answer, no error, and the 95th percentile of the time from an
answer to each page of its session receiving the new state under 500 ms on 2 cores.

The server is a real ``run.py classroom serve`` process on 127.0.0.1; the pages are WebSocket
clients in this process (no browser: the browser tests cover the pages themselves). The
exercise puts every actor of the baseline scenario in a seat (9 seats; the scenario has no
10th actor), so the 10th page of each session is a second page on the first seat, watching;
the facilitator of each session opens the next turn when a turn is done.

With ``--class`` (issue 19): one session of ``us_withdrawal_dialogue.yaml`` playing
simultaneous turns, its 30 pages on the 6 person seats (5 a seat). Each turn one page a seat
sends its orders, another says something in public and privately to the next seat, Baghdad
proposes a deal on the strategic dialogue that Washington accepts; the rest watch. Target: no
orders, message, proposal or reply lost, no error, and the 95th percentile of the time from a
send to every page of the session receiving the next state at most 300 ms on 2 cores.
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
    parser.add_argument(
        "--class",
        dest="simultaneous",
        action="store_true",
        help="one simultaneous session with messages and proposals",
    )
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--pages", type=int, default=None)
    parser.add_argument("--turns", type=int, default=None)
    args = parser.parse_args()
    if args.simultaneous:
        return simultaneous(args.pages or 30, args.turns or 8)
    args.pages = args.pages or 10
    args.turns = args.turns or 10

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
    p95 = percentile(latencies, 0.95)
    print(machine())
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


def machine() -> str:
    return (
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )


def percentile(ordered: list[float], share: float) -> float:
    return ordered[int(share * (len(ordered) - 1))]


def simultaneous(pages: int, turns: int) -> int:
    """The issue-19 class: one simultaneous session, ``pages`` pages on its 6 person seats."""
    from tests.e2e.web import class_load
    from tests.e2e.web.server import Server

    per_seat = max(2, pages // len(class_load.people()))
    with tempfile.TemporaryDirectory() as scratch:
        server = Server(Path(scratch) / "data", max_pages=pages + 10).start()
        try:
            result = class_load.run(server, per_seat, turns)
        finally:
            server.stop()
    room, sent, stored = result["room"], result["sent"], result["stored"]
    latencies = sorted(room.latencies)
    lost = sum(sent[kind] - stored[kind] for kind in sent)
    p95 = percentile(latencies, 0.95)
    print(machine())
    print(
        f"1 session ({class_load.EXERCISE}, simultaneous) x {room.pages} pages "
        f"on {len(result['seats'])} seats, {turns} turns"
    )
    print("acknowledged: " + ", ".join(f"{kind} {n}" for kind, n in sent.items()))
    print("stored:       " + ", ".join(f"{kind} {n}" for kind, n in stored.items()))
    print(f"lost: {lost}")
    print(f"errors: {len(room.errors)}" + (f" (first: {room.errors[0]})" if room.errors else ""))
    print(
        f"send -> every page's update: {len(latencies)} deliveries; "
        f"median {1000 * statistics.median(latencies):.0f} ms, "
        f"p95 {1000 * p95:.0f} ms, max {1000 * latencies[-1]:.0f} ms"
    )
    print(f"wall time {result['wall']:.1f} s")
    return 0 if lost == 0 and not room.errors and p95 <= 0.3 else 1


if __name__ == "__main__":
    raise SystemExit(main())
