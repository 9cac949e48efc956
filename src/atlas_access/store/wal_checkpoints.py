"""SQLite: the write-ahead log copied into the database by a thread of its own, not inside the loop's COMMIT.

SQLite checkpoints on its own when a COMMIT leaves the log at 1,000 pages or more: that COMMIT copies the log's
pages into the database file and syncs both files before it returns. On the event loop, where a group of units of
work commits (``store.group_commit``), that is a stall of several milliseconds every tenth of a second under load,
most of it waiting for the disk, and every request of the group waits for it (bench/RESULTS.md).

``Checkpoints`` takes that work to a thread with its own connection. The loop's connection keeps an automatic
checkpoint too, at ``SAFETY_PAGES``, so that the log stays bounded whatever the thread does. A PASSIVE checkpoint
never blocks writers or readers, but the log is only used from its start again (and stops growing) when a write
transaction begins with every page of it already copied. So the thread, woken by a commit, waits
``GATHER_SECONDS`` for more to copy at once, then checkpoints again and again, each time the pages written
meanwhile, until a round finds the log copied whole (at most ``ROUNDS``); the loop's next write then starts the
log over. The thread's connection syncs as the loop's does (``synchronous``), so durability is unchanged.
"""

import logging
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger("atlas_access.store")

SAFETY_PAGES = 4000
"""The loop connection's own automatic checkpoint: only reached if the thread falls behind (about 16 MB of log)."""
GATHER_SECONDS = 0.05
"""How long a woken thread waits for more pages before it copies: waiting longer copies each page fewer times,
shorter keeps each checkpoint's burst of copying and syncing small (bench/RESULTS.md)."""
ROUNDS = 4


class Checkpoints:
    """The checkpoint thread of one SQLite database file; ``committed`` wakes it, ``stop`` ends it."""

    def __init__(self, path: Path, synchronous: str) -> None:
        self._path = path
        self._synchronous = synchronous
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._failed = False
        self._thread = threading.Thread(target=self._run, name="atlas-access-checkpoints", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def committed(self) -> None:
        """A write transaction committed: the log has pages to copy. Cheap enough for every COMMIT."""
        if not self._wake.is_set():
            self._wake.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def _run(self) -> None:
        try:
            connection = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as problem:
            log.warning("WAL checkpoints stay on the committing connection: %s", problem)
            return
        try:
            connection.execute(f"PRAGMA synchronous={self._synchronous}")
            connection.execute("PRAGMA busy_timeout=10000")
            while True:
                self._wake.wait()
                self._wake.clear()
                if self._stopping.wait(GATHER_SECONDS):  # more pages to copy at once; and the way out
                    return
                self._checkpoint(connection)
        finally:
            connection.close()

    def _checkpoint(self, connection: sqlite3.Connection) -> None:
        """Copy the log, again while pages were written meanwhile, until a round finds it copied whole."""
        for _round in range(ROUNDS):
            try:
                busy, pages, copied = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            except sqlite3.Error as problem:
                if not self._failed:  # said once: the loop's own checkpoint keeps the log bounded meanwhile
                    log.warning("a WAL checkpoint failed, the committing connection checkpoints instead: %s", problem)
                    self._failed = True
                return
            self._failed = False
            if busy or pages == copied:
                return  # another checkpoint runs, or the log is copied whole: the next write starts it over
