"""The application reached in process (no socket): the server without its local control API, as
``serve --no-local-api`` runs it, and calls on it in order."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import anyio
import httpx

from atlas_access.server.runtime import OpenedServer, ServerConfig, open_server


@contextmanager
def opened_without_local_api(data_dir: Path) -> Iterator[OpenedServer]:
    opened = open_server(ServerConfig(data_dir=data_dir, local_api=False))
    try:
        yield opened
    finally:
        opened.state.db.dispose()


def ask(opened: OpenedServer, *calls: tuple[str, str], raise_app_exceptions: bool = True) -> list[httpx.Response]:
    """``(method, path)`` calls on the application, in order; with ``raise_app_exceptions=False`` an exception the
    application lets go after answering (as a server would log it) does not fail the call."""

    async def run() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=opened.app, raise_app_exceptions=raise_app_exceptions)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            return [await client.request(method, path) for method, path in calls]

    return anyio.run(run)
