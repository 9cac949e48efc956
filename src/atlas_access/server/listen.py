"""The listening socket, bound before anything else starts, so that a busy port is said plainly (and before any
banner), and ``--port 0`` is known as the port the system chose everywhere the server shows its URL."""

import socket

__all__ = ["PortUnavailable", "bind", "bound_port"]


class PortUnavailable(Exception):
    """The address cannot be listened on; the message says what to do."""


def bind(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host``:``port`` (0: a free port); uvicorn listens on it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as problem:
        sock.close()
        shown = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        if problem.errno == 98:  # EADDRINUSE
            raise PortUnavailable(
                f"{shown}: address already in use (another atlas-access?): choose another port with --port N or "
                "ATLAS_ACCESS_PORT=N, or --port 0 for a free one"
            ) from None
        raise PortUnavailable(f"cannot listen on {shown}: {problem.strerror or problem}") from None
    sock.set_inheritable(True)
    return sock


def bound_port(sock: socket.socket) -> int:
    port: int = sock.getsockname()[1]
    return port
