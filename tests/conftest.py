"""Shared fixtures. Keep each concern in its own section."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.postgres import PostgresCluster, postgres_available
from support.server import LocalServer

# --- PostgreSQL ----------------------------------------------------------------------------------
# One throwaway cluster per test session (tests/support/postgres.py); each test gets its own database.
# PostgreSQL tests never skip in CI (CI=true): missing binaries fail them there.


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    reason = postgres_available()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    with PostgresCluster(fast=True) as cluster:
        yield cluster


@pytest.fixture
def postgres_url(postgres_cluster: PostgresCluster, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh database for this test; its SQLAlchemy URL. Dispose your engines before the test ends:
    the database is dropped WITH (FORCE) afterwards, which breaks connections still in a pool."""
    prefix = re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:40]
    name = f"t_{prefix}_{uuid.uuid4().hex[:8]}"
    url = postgres_cluster.create_database(name)
    yield url
    postgres_cluster.drop_database(name)


# --- A running server -----------------------------------------------------------------------------
# `server`: the real application under uvicorn on 127.0.0.1, SQLite in a temp dir, bootstrapped.


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LocalServer]:
    running = LocalServer(tmp_path / "data").start()
    yield running
    running.stop()


@pytest.fixture
def pg_server(tmp_path: Path, postgres_url: str) -> Iterator[LocalServer]:
    """The same server on a fresh PostgreSQL database."""
    running = LocalServer(tmp_path / "data", database_url=postgres_url).start()
    yield running
    running.stop()
