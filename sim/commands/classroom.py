"""``run.py classroom serve``: the web classroom (a facilitator page and a page per seat).

The web stack (FastAPI, uvicorn, Jinja2, segno) is an optional extra, imported only when the
server starts: ``pip install -e ".[web]"``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

INSTALL = 'the web classroom needs its extra: pip install -e ".[web]"'


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "classroom",
        help="serve classroom exercises in the browser (facilitator and seat pages)",
        description="Web classroom: a facilitator page and a page per seat, live over WebSockets; "
        "sessions are kept in the data folder and survive a restart.",
    )
    actions = parser.add_subparsers(
        dest="action", metavar="ACTION", required=True, help="what to do (serve)"
    )
    serve = actions.add_parser("serve", help="start the server")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument(
        "--data", default="results/classroom", help="folder of sessions (results/classroom)"
    )
    serve.add_argument(
        "--max-pages",
        type=int,
        default=60,
        help="open pages allowed per seat, and for the facilitator (60)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    # lazy: sim.errors loads dataclasses and inspect, which --help does not need
    from sim.errors import InputError

    if not 0 < args.port < 65536:
        raise InputError(f"must be a port number, got {args.port}", file="--port")
    if not 1 <= args.max_pages <= 10_000:
        raise InputError(f"must be between 1 and 10000, got {args.max_pages}", file="--max-pages")
    try:
        # lazy: the web extra is optional; a missing one is the error below
        import uvicorn

        from sim.web.app import create_app
    except ImportError as missing:
        raise InputError(f"{INSTALL} ({missing.name} is missing)", file="classroom") from None
    # lazy: after the web extra is known to be there
    from sim.out_folder import check_writable
    from sim.web.listen import bind

    data = Path(args.data)
    check_writable(data, "--data")
    listener = bind(args.host, args.port)  # a port in use or a bogus host: before any folder
    app = create_app(data, args.max_pages)
    shown = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    secret = app.state.rooms.secret
    print(f"facilitator: http://{shown}:{args.port}/facilitator?key={secret}", flush=True)
    if args.host in ("0.0.0.0", "::"):
        print("  (listening on every address: use this machine's address in the links)")
    config = uvicorn.Config(app, log_level="warning", ws_max_size=64_000)
    uvicorn.Server(config).run(sockets=[listener])
    return 0
