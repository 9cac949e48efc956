"""The guarded statements' connections (store/async_connections.py): at most ``size`` of them, each with its setup
run, a caller waiting when all are in use, one the server closed given up, and a new event loop starting over."""

from __future__ import annotations

import asyncio
import time

import pytest

from atlas_access.store.async_connections import AsyncConnections, libpq_url
from support.postgres import PostgresCluster

pytestmark = pytest.mark.postgres


def _backends(cluster: PostgresCluster, database: str) -> set[int]:
    with cluster.admin_connection() as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (database,)
        ).fetchall()
    return {int(row[0]) for row in rows}


async def _pid(connections: AsyncConnections) -> int:
    """The server process of the connection the block is given."""
    async with connections.cursor() as cursor:
        assert cursor is not None
        await cursor.execute("SELECT pg_backend_pid()")
        found = await cursor.fetchone()
        assert found is not None
        return int(found[0])


def test_at_most_size_connections_and_a_caller_waits_for_one(postgres_url: str) -> None:
    connections = AsyncConnections(libpq_url(postgres_url), 2, ("SET application_name = 'guarded-test'",))
    order: list[str] = []

    async def hold(name: str, seconds: float) -> int:
        async with connections.cursor() as cursor:
            assert cursor is not None
            order.append(f"{name} in")
            await cursor.execute("SELECT pg_backend_pid(), current_setting('application_name')")
            found = await cursor.fetchone()
            assert found is not None and found[1] == "guarded-test"  # the setup ran on it
            await asyncio.sleep(seconds)
            order.append(f"{name} out")
            return int(found[0])

    async def run() -> list[int]:
        first = asyncio.create_task(hold("first", 0.2))
        second = asyncio.create_task(hold("second", 0.2))
        await asyncio.sleep(0.05)
        third = asyncio.create_task(hold("third", 0))
        return list(await asyncio.gather(first, second, third))

    try:
        pids = asyncio.run(run())
    finally:
        connections.close()
    assert len(set(pids)) == 2  # the third used one of the two
    assert order.index("third in") > min(order.index("first out"), order.index("second out"))


def test_a_connection_the_server_ended_is_given_up(postgres_cluster: PostgresCluster, postgres_url: str) -> None:
    connections = AsyncConnections(libpq_url(postgres_url), 1)
    database = postgres_url.rsplit("/", 1)[1]

    async def run() -> tuple[int, int, int]:
        first = await _pid(connections)
        again = await _pid(connections)
        with postgres_cluster.admin_connection() as conn:
            conn.execute("SELECT pg_terminate_backend(%s)", (first,))
        await asyncio.sleep(0.2)  # the server's goodbye reaches the idle socket
        return first, again, await _pid(connections)

    try:
        first, again, after = asyncio.run(run())
    finally:
        connections.close()
    assert first == again  # kept between uses
    assert after != first  # a new connection in place of the ended one
    deadline = time.monotonic() + 5
    while _backends(postgres_cluster, database) and time.monotonic() < deadline:
        time.sleep(0.05)  # a backend leaves a moment after its socket closes
    assert _backends(postgres_cluster, database) == set()  # close() left none behind


def test_a_new_event_loop_starts_over_and_no_server_means_none(postgres_url: str) -> None:
    connections = AsyncConnections(libpq_url(postgres_url), 1)

    try:
        # Each loop its own connection, the first given up.
        assert asyncio.run(_pid(connections)) != asyncio.run(_pid(connections))
    finally:
        connections.close()
    nowhere = AsyncConnections("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2", 1)

    async def refused() -> object:
        async with nowhere.cursor() as cursor:
            return cursor

    assert asyncio.run(refused()) is None
