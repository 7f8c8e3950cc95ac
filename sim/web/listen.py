"""The server's listening socket, bound before anything else is made: a port in use or a host
that does not resolve is one line naming the option, and no data folder is created."""

from __future__ import annotations

import errno
import socket

from sim.errors import InputError


def bind(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` and listening, handed to the server as it is."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as error:
        reason = error.strerror if isinstance(error, socket.gaierror) else str(error)
        raise InputError(
            f"not an address of this machine ({reason})", file=f"--host {host}"
        ) from None
    family, kind, proto, _, address = found[0]
    listener = socket.socket(family, kind, proto)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(address)
        listener.listen(2048)
    except OSError as error:
        listener.close()
        if error.errno == errno.EADDRINUSE:
            raise InputError(
                "is in use by another program; pick another", file=f"--port {port}"
            ) from None
        raise InputError(
            f"cannot listen there ({error.strerror})", file=f"--host {host} --port {port}"
        ) from None
    listener.set_inheritable(True)
    return listener
