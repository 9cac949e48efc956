"""The pytest plugin of atlas-access (loaded by pytest through the package's ``pytest11`` entry point): fixtures
for a real server, reset to its start-up state before each test, and for the application in process.

See ``atlas_access.testing`` for the fixtures, docs/testing.md for a walk-through, and ``examples/pytest/`` for a
test file to copy.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from atlas_access.testing.server import BASELINE, Server

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from atlas_access.client import AsyncAtlasClient, AtlasClient

IN_PROCESS_URL = "http://atlas-access.test"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("atlas_access_args", "extra `atlas-access serve` arguments for atlas_access_server", type="args")


@pytest.fixture(scope="session")
def atlas_access_server(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Iterator[Server]:
    """A real ``atlas-access serve`` for the whole session (127.0.0.1, a free port, a temporary data directory),
    its start-up state saved as the baseline each test begins from."""
    args = tuple(pytestconfig.getini("atlas_access_args") or ())
    with Server.start(tmp_path_factory.mktemp("atlas-access"), args=args) as server:
        server.save(BASELINE)
        yield server


@pytest.fixture
def atlas_access(atlas_access_server: Server) -> Server:
    """The session's server, brought back to its start-up state (bootstrap, seed file, clock) for this test."""
    atlas_access_server.restore(BASELINE)
    return atlas_access_server


@pytest.fixture
def atlas_client(atlas_access: Server) -> Iterator[AtlasClient]:
    """An SDK client of the fresh server, with the bootstrap organization owner's API key (Digest)."""
    from atlas_access.client import AtlasClient

    keys = atlas_access.bootstrap
    with AtlasClient(
        atlas_access.base_url, public_api_key=keys["publicKey"], private_api_key=keys["privateKey"]
    ) as client:
        yield client


@pytest.fixture
def atlas_access_app(tmp_path: Path) -> Iterator[tuple[Starlette, dict[str, Any]]]:
    """The application in this process, on a fresh database of its own, and its bootstrap credentials: for
    ``httpx.ASGITransport`` (no port, no process)."""
    from atlas_access.server.runtime import ServerConfig, open_server

    opened = open_server(ServerConfig(data_dir=tmp_path / "atlas-access", base_url=IN_PROCESS_URL, rate_limits=False))
    assert opened.first_start is not None
    try:
        yield opened.app, opened.first_start
    finally:
        opened.state.db.dispose()


@pytest.fixture
def atlas_async_client(atlas_access_app: tuple[Starlette, dict[str, Any]]) -> AsyncAtlasClient:
    """An asyncio SDK client of the in-process application, with the bootstrap API key; open it in the test's
    own event loop (``async with atlas_async_client as client: ...``), so any asyncio runner will do."""
    import httpx

    from atlas_access.client import AsyncAtlasClient

    app, keys = atlas_access_app
    return AsyncAtlasClient(
        IN_PROCESS_URL,
        public_api_key=keys["publicKey"],
        private_api_key=keys["privateKey"],
        transport=httpx.ASGITransport(app=app),
    )
