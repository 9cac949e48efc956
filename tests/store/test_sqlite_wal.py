"""SQLite's write-ahead log must not grow without bound under a steady stream of commits."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from atlas_access.store import migrate, settings
from atlas_access.store.database import Database
from atlas_access.store.wal_checkpoints import LOOP_CHECKPOINT_PAGES, Checkpoints


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


def _write(database: Database, groups: int, *, first: int = 0, per_group: int = 10, pause: float = 0.0) -> int:
    """``groups`` group commits of ``per_group`` new settings of ~3 KB each (about a page each), ``pause`` seconds
    apart; the last number."""

    async def main() -> int:
        number = first
        for _group in range(groups):
            units = []
            for _unit in range(per_group):
                number += 1
                units.append(database.run(lambda conn, n=number: settings.put(conn, f"k{n}", f"{n:08d}" * 375)))
            await asyncio.gather(*units)
            if pause:
                await asyncio.sleep(pause)
        return number

    return asyncio.run(main())


def _log_restarts(path: Path) -> int:
    """How many times the log has started over: its header's checkpoint sequence number (SQLite's WAL format)."""
    with open(f"{path}-wal", "rb") as wal:
        return int.from_bytes(wal.read(16)[12:16], "big")


@dataclass
class _Served:
    """A migrated SQLite database as the server runs it, its checkpoint thread started; its file."""

    database: Database
    path: Path
    thread: Checkpoints

    def wal_size(self) -> int:
        return Path(f"{self.path}-wal").stat().st_size

    def assert_bounded_and_whole(self, last: int) -> None:
        """The log under the loop's own bound (~16 MB, docs/group-commit.md), and the last setting written whole."""
        assert LOOP_CHECKPOINT_PAGES <= 4000
        assert self.wal_size() < 4100 * _FRAME
        assert self.database.run_sync(lambda conn: settings.get(conn, f"k{last}")) == f"{last:08d}" * 375


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[_Served]:
    started: list[Checkpoints] = []
    start = Checkpoints.start
    monkeypatch.setattr(Checkpoints, "start", lambda self: (started.append(self), start(self))[1])
    path = tmp_path / "x.db"
    database = Database(f"sqlite:///{path}")
    try:
        migrate.upgrade(database)
        database.start_checkpoints()
        yield _Served(database, path, started[0])
    finally:
        database.dispose()


def test_the_thread_copies_while_the_loop_writes_and_the_log_starts_over(served: _Served) -> None:
    before = _log_restarts(served.path)
    last = _write(served.database, 900, pause=0.001)  # ~9,000 pages, a group every millisecond or so
    assert served.thread.checkpoints >= 3  # the thread copied as the loop wrote
    # The loop's own checkpoint copied what was left at LOOP_CHECKPOINT_PAGES, and the log started over.
    assert _log_restarts(served.path) - before >= 2
    served.assert_bounded_and_whole(last)


def test_with_the_thread_stuck_the_loop_checkpoints_only_at_its_own_bound(
    served: _Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Checkpoints, "_checkpoint", lambda _self, _connection: None)
    last = _write(served.database, 250)  # ~2,500 pages
    # The group's COMMIT did not checkpoint at SQLite's default 1,000 pages: the thread is meant to copy.
    assert served.wal_size() > 1500 * _FRAME
    last = _write(served.database, 500, first=last)  # ~5,000 pages more
    # Stuck as the thread is, the loop's own checkpoint bounds the log.
    served.assert_bounded_and_whole(last)


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
