"""What a guarded read found is kept while nothing is committed to the SQLite database (``store.kept_reads``)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from atlas_access.store import kept_reads, settings
from atlas_access.store.database import Autocommit, Database


def _reader(db: Database) -> Autocommit:
    conn = db.autocommit_reader()
    assert conn is not None, "SQLite has a reader outside transactions"
    return conn


def _counted(conn: Autocommit, reads: list[str], key: str) -> str | None:
    def read() -> str | None:
        reads.append(key)
        return settings.get(conn, "k")

    return kept_reads.kept(conn, key, read)


def test_an_answer_is_kept_until_a_commit_of_this_process(db: Database) -> None:
    asyncio.run(db.run(lambda conn: settings.put(conn, "k", "first")))
    conn, reads = _reader(db), []
    assert [_counted(conn, reads, "a") for _ in range(3)] == ["first"] * 3
    assert reads == ["a"]
    asyncio.run(db.run(lambda conn: settings.put(conn, "k", "second")))  # the writer is another connection
    assert _counted(conn, reads, "a") == "second"
    assert reads == ["a", "a"]


def test_a_commit_of_another_process_drops_every_answer(db: Database, tmp_path: Path) -> None:
    asyncio.run(db.run(lambda conn: settings.put(conn, "k", "first")))
    conn, reads = _reader(db), []
    assert (_counted(conn, reads, "a"), _counted(conn, reads, "b")) == ("first", "first")
    other = sqlite3.connect(tmp_path / "atlas-access.db", isolation_level=None)
    try:
        other.execute("UPDATE settings SET value = 'elsewhere' WHERE key = 'k'")
    finally:
        other.close()
    assert (_counted(conn, reads, "a"), _counted(conn, reads, "b")) == ("elsewhere", "elsewhere")
    assert reads == ["a", "b", "a", "b"]


def test_an_open_transaction_elsewhere_changes_nothing(db: Database, tmp_path: Path) -> None:
    asyncio.run(db.run(lambda conn: settings.put(conn, "k", "committed")))
    conn, reads = _reader(db), []
    assert _counted(conn, reads, "a") == "committed"
    other = sqlite3.connect(tmp_path / "atlas-access.db", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE settings SET value = 'not yet' WHERE key = 'k'")
        assert _counted(conn, reads, "a") == "committed"
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert _counted(conn, reads, "a") == "committed"
    assert reads == ["a"]


def test_no_more_than_max_kept_the_oldest_goes_first(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kept_reads, "MAX_KEPT", 2)
    conn, reads = _reader(db), []
    for key in ("a", "b", "c", "b", "c", "a"):
        _counted(conn, reads, key)
    assert reads == ["a", "b", "c", "a"]


def test_inside_a_unit_of_work_there_is_no_autocommit_reader(db: Database) -> None:
    """A guarded read is one statement outside a transaction; while the thread's reader is in one (a unit of work
    that only reads), it is not offered."""
    seen = asyncio.run(db.read(lambda conn: (settings.get(conn, "k"), db.autocommit_reader())))
    assert seen == (None, None)
    assert db.autocommit_reader() is not None
