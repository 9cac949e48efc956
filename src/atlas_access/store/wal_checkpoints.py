"""SQLite: most of the write-ahead log copied into the database by a thread of its own, not inside the loop's COMMIT.

SQLite checkpoints on its own when a COMMIT leaves the log at 1,000 pages or more: that COMMIT copies the log's
pages into the database file and syncs both files before it returns. On the event loop, where a group of units of
work commits (``store.group_commit``), that was a stall of several milliseconds every tenth of a second under load,
most of it waiting for the disk, and every request of the group waited for it (bench/RESULTS.md).

``Checkpoints`` copies the log from a thread with its own connection, woken by each group's COMMIT: it waits
``GATHER_SECONDS`` for more pages to copy at once, then runs a PASSIVE checkpoint, which never blocks a writer or a
reader. The log itself only starts over (and stops growing) when a write transaction begins with every page of it
copied, and under load a group is nearly always open or about to be. So the loop's own connection keeps SQLite's
automatic checkpoint, at ``LOOP_CHECKPOINT_PAGES``: when the log reaches that size, the COMMIT copies what the
thread has not copied yet (the last few groups' pages), and the next group starts the log over. The thread's
connection syncs as the loop's does (``synchronous``), so durability is unchanged.
"""

import logging
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger("atlas_access.store")

LOOP_CHECKPOINT_PAGES = 4000
"""The loop connection's own automatic checkpoint (about 16 MB of log): it copies what is left and lets the log
start over; it also bounds the log should the thread fall behind or fail."""
GATHER_SECONDS = 0.05
"""How long a woken thread waits for more pages before it copies: waiting longer copies each page fewer times,
shorter keeps each checkpoint's burst of copying and syncing small (bench/RESULTS.md)."""


class Checkpoints:
    """The checkpoint thread of one SQLite database file; ``committed`` wakes it, ``stop`` ends it."""

    def __init__(self, path: Path, synchronous: str) -> None:
        self._path = path
        self._synchronous = synchronous
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._failed = False
        self.checkpoints = 0
        """How many checkpoints this thread has run to their end."""
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
        try:
            busy, _pages, _copied = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.Error as problem:
            if not self._failed:  # said once: the loop's own checkpoint keeps the log bounded meanwhile
                log.warning("a WAL checkpoint failed, the committing connection checkpoints instead: %s", problem)
                self._failed = True
            return
        self._failed = False
        if not busy:  # busy: the loop's own checkpoint was running
            self.checkpoints += 1
