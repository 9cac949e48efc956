"""Requests released at the same moment, for race tests against a server in this process's threads."""

from __future__ import annotations

import threading
from collections.abc import Callable

import httpx

from support.server import LocalServer

__all__ = ["at_once"]


def at_once(server: LocalServer, calls: list[Callable[[httpx.Client], httpx.Response]], accept: str) -> list[int]:
    """Run the calls at once, each with its own client (the bootstrap owner's key); their statuses in order.
    Each client takes its Digest challenge before the start line, so that the requests themselves meet."""
    barrier = threading.Barrier(len(calls))
    statuses: list[int] = [0] * len(calls)

    def run(index: int) -> None:
        with httpx.Client(
            base_url=server.base_url,
            auth=httpx.DigestAuth(server.bootstrap["publicKey"], server.bootstrap["privateKey"]),
            headers={"Accept": accept},
            trust_env=False,
            timeout=30,
        ) as client:
            client.get("/api/private/ipinfo")
            barrier.wait()
            statuses[index] = calls[index](client).status_code

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses
