"""SQLite's write-ahead log must not grow without bound under a steady stream of commits."""

from __future__ import annotations

from pathlib import Path

from atlas_access.store import migrate, settings
from atlas_access.store.database import Database


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
