"""Units of work that only read (``Database.read``): a snapshot of what is committed, outside the write path."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from atlas_access.store import settings
from atlas_access.store.database import Database


def test_a_read_goes_on_while_another_process_holds_the_write_lock(db: Database, tmp_path: Path) -> None:
    asyncio.run(db.run(lambda conn: settings.put(conn, "k", "committed")))
    other = sqlite3.connect(tmp_path / "atlas-access.db", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE settings SET value = 'not yet' WHERE key = 'k'")
        started = time.monotonic()
        seen = asyncio.run(db.read(lambda conn: settings.get(conn, "k")))
        waited = time.monotonic() - started
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert seen == "committed"  # what is committed, never another writer's open transaction
    assert waited < 5  # the write path would have waited out the 10 s busy timeout


def test_a_read_sees_neither_the_open_group_nor_blocks_it(db: Database, tmp_path: Path) -> None:
    async def main() -> tuple[str | None, str | None]:
        write = asyncio.ensure_future(db.run(lambda conn: settings.put(conn, "k", "grouped")))
        await asyncio.sleep(0)  # the write's unit ran; its group commits on a later turn of the loop
        before = await db.read(lambda conn: settings.get(conn, "k"))
        await write
        after = await db.read(lambda conn: settings.get(conn, "k"))
        return before, after

    assert asyncio.run(main()) in (
        (None, "grouped"),  # read before the group's commit: not shown yet
        ("grouped", "grouped"),  # the group had committed already
    )


def test_a_read_that_writes_after_all_is_run_again_as_a_write(db: Database, tmp_path: Path) -> None:
    calls: list[int] = []

    def reads_then_writes(conn: Connection) -> str | None:
        calls.append(1)
        settings.put(conn, "written", "by a read")
        return settings.get(conn, "written")

    assert asyncio.run(db.read(reads_then_writes)) == "by a read"
    assert len(calls) == 2  # refused on the read-only connection, then run as a write
    with sqlite3.connect(tmp_path / "atlas-access.db") as other:
        assert other.execute("SELECT value FROM settings WHERE key = 'written'").fetchone() == ("by a read",)


def test_an_error_of_a_read_is_its_own(db: Database) -> None:
    def fails(conn: Connection) -> None:
        raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        asyncio.run(db.read(fails))
    assert asyncio.run(db.read(lambda conn: settings.get(conn, "missing"))) is None  # the connection still serves


def test_a_statement_through_sqlalchemy_itself_joins_the_snapshot(db: Database) -> None:
    asyncio.run(db.run(lambda conn: settings.put(conn, "k", "v")))

    def through_sqlalchemy(conn: Connection) -> object:
        return conn.execute(text("SELECT value FROM settings WHERE key = 'k'")).scalar()

    assert asyncio.run(db.read(through_sqlalchemy)) == "v"
    assert asyncio.run(db.read(lambda conn: settings.get(conn, "k"))) == "v"  # the connection was left clean
    assert asyncio.run(db.read(through_sqlalchemy)) == "v"
