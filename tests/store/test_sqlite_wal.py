"""SQLite's write-ahead log must not grow without bound under a steady stream of commits."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from atlas_access.store import migrate, settings
from atlas_access.store.database import Database
from atlas_access.store.wal_checkpoints import SAFETY_PAGES, Checkpoints


def test_wal_stays_bounded_under_many_commits(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        migrate.upgrade(database)
        for number in range(4000):  # each commit writes at least one 4 KiB page to the WAL
            database.run_sync(lambda conn, n=number: settings.put(conn, f"k{n % 50}", "v" * 200 + str(n)))
        wal = tmp_path / "x.db-wal"
        # Without checkpoints this is 16 MB or more; SQLite's autocheckpoint keeps it near 1000 pages.
        assert wal.stat().st_size < 8 * 1024 * 1024
        assert database.run_sync(lambda conn: settings.get(conn, "k49")) == "v" * 200 + "3999"
    finally:
        database.dispose()


# The server's way: groups of units of work commit on the event loop, and a thread of their own copies the log
# into the database (store.wal_checkpoints).

_PAGE = 4096
_FRAME = 24 + _PAGE  # a WAL frame: its header and one page


def _write(database: Database, groups: int, *, first: int = 0, per_group: int = 10) -> int:
    """``groups`` group commits of ``per_group`` new settings of ~3 KB each (about a page each); the last number."""

    async def main() -> int:
        number = first
        for _group in range(groups):
            units = []
            for _unit in range(per_group):
                number += 1
                units.append(database.run(lambda conn, n=number: settings.put(conn, f"k{n}", f"{n:08d}" * 375)))
            await asyncio.gather(*units)
        return number

    return asyncio.run(main())


def _in_database_file(path: Path, key: str) -> bool:
    """Whether ``key`` is in the database file itself, the log left out (copied there by a checkpoint)."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?immutable=1", uri=True)) as file_only:
        return file_only.execute("SELECT 1 FROM settings WHERE key = ?", (key,)).fetchone() is not None


def test_the_checkpoint_thread_copies_the_log_whole_and_the_log_starts_over(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    database = Database(f"sqlite:///{path}")
    try:
        migrate.upgrade(database)
        database.start_checkpoints()
        last = _write(database, 150)  # ~1,500 pages: under the loop's own threshold of SAFETY_PAGES
        deadline = time.monotonic() + 10
        while not _in_database_file(path, f"k{last}") and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _in_database_file(path, f"k{last}"), "the last commit was not copied into the database file"
        after_first = Path(f"{path}-wal").stat().st_size
        _write(database, 150, first=last)  # as much again: if the log did not start over, it would double
        assert Path(f"{path}-wal").stat().st_size < 1.5 * after_first
    finally:
        database.dispose()


def test_the_loop_leaves_checkpoints_to_the_thread_yet_keeps_the_log_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Checkpoints, "_checkpoint", lambda _self, _connection: None)  # a thread that falls behind
    path = tmp_path / "x.db"
    database = Database(f"sqlite:///{path}")
    try:
        migrate.upgrade(database)
        database.start_checkpoints()
        last = _write(database, 250)  # ~2,500 pages
        # The group's COMMIT did not checkpoint at SQLite's default 1,000 pages: the thread is meant to.
        assert Path(f"{path}-wal").stat().st_size > 1500 * _FRAME
        last = _write(database, 500, first=last)  # ~5,000 pages more
        # Behind as the thread is, the loop's own checkpoint at SAFETY_PAGES bounds the log (~16 MB, docs/).
        assert SAFETY_PAGES <= 4000
        assert Path(f"{path}-wal").stat().st_size < 4100 * _FRAME
        assert database.run_sync(lambda conn: settings.get(conn, f"k{last}")) == f"{last:08d}" * 375
    finally:
        database.dispose()


def test_dispose_ends_the_checkpoint_thread(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'x.db'}")
    migrate.upgrade(database)
    database.start_checkpoints()
    assert any(thread.name == "atlas-access-checkpoints" for thread in threading.enumerate())
    database.dispose()
    assert not any(thread.name == "atlas-access-checkpoints" for thread in threading.enumerate())


def test_a_checkpoint_thread_that_cannot_open_the_file_says_so_and_ends(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    checkpoints = Checkpoints(tmp_path / "no such directory" / "x.db", "NORMAL")
    with caplog.at_level(logging.WARNING, logger="atlas_access.store"):
        checkpoints.start()
        checkpoints.committed()
        checkpoints.stop()
    assert "WAL checkpoints stay on the committing connection" in caplog.text
