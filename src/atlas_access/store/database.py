"""Engines, connections and the unit of work.

SQLite (default) runs in WAL mode with ``synchronous`` as a setting (NORMAL by default: a commit survives
a killed process, not a power cut). PostgreSQL is for several processes or hosts.

Units of work are synchronous functions of a Connection inside one transaction. On SQLite they run
inline on the event loop: a commit costs tens of microseconds and SQLite has one writer anyway, so a
thread hop would only add latency. On PostgreSQL they run in worker threads.

A unit that only reads (``Database.read``) runs on SQLite on a connection of its own in a deferred transaction:
a snapshot of what is committed, taken without the write lock and without waiting for a group's COMMIT. That
connection is ``query_only``: a unit that tries to write there is refused by SQLite itself, rolled back, and run
again as a write (``Database.run``), so a read that writes can only be slower, never wrong.
"""

import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, TypeAlias, TypeVar

from anyio import CapacityLimiter, to_thread
from sqlalchemy import Connection, Engine, create_engine, event, exc, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.pool import ConnectionPoolEntry

from atlas_access.store.async_connections import readable
from atlas_access.store.group_commit import GroupCommit
from atlas_access.store.guarded_writes import GuardedWrites
from atlas_access.store.prepared import savepoint
from atlas_access.store.wal_checkpoints import LOOP_CHECKPOINT_PAGES, Checkpoints

__all__ = [
    "Autocommit",
    "Database",
    "Synchronous",
    "SynchronousCommit",
    "Transaction",
    "normalise_url",
    "redacted",
    "savepoint",
    "sqlite_file",
    "sqlite_url",
]

log = logging.getLogger("atlas_access.store")
T = TypeVar("T")
Synchronous = Literal["OFF", "NORMAL", "FULL"]
SynchronousCommit = Literal["on", "off"]
POSTGRES_POOL_SIZE = 16
"""Connections per process on PostgreSQL, and as many threads running units of work: a thread never waits for a
connection, and a process never holds more connections than it can use (plus a few for overflow)."""
Transaction: TypeAlias = Connection
"""One unit of work's transaction. Code outside ``store`` only passes it on to store functions."""
Autocommit: TypeAlias = Connection
"""A connection in no transaction, for a statement that is its own snapshot (``Database.autocommit_reader``)."""


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` and ``postgres://`` and pick the psycopg 3 driver for them."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'atlas-access.db'}"


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL; None for an in-memory database or another engine."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(str(parsed.database))


def check_url(url: str) -> None:
    """ValueError unless ``url`` is a SQLite or PostgreSQL URL this server can open (checked before it listens)."""
    try:
        backend = make_url(normalise_url(url)).get_backend_name()
    except Exception as problem:
        raise ValueError(f"unparsable database URL: {problem}") from None
    if backend not in ("sqlite", "postgresql"):
        raise ValueError(f"unsupported database URL {redacted(url)!r}: use sqlite:///PATH or postgresql://...")


def redacted(url: str) -> str:
    """A database URL fit to print: its password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(unparsable URL)"


class Database:
    """One engine and the way to run units of work on it."""

    def __init__(
        self,
        url: str,
        *,
        sqlite_synchronous: Synchronous = "NORMAL",
        postgres_synchronous_commit: SynchronousCommit = "off",
        pool_size: int = POSTGRES_POOL_SIZE,
    ) -> None:
        check_url(url)
        self.url = normalise_url(url)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._kept: list[Connection] = []
        self._threads = 1
        self._limiter: CapacityLimiter | None = None
        parsed = make_url(self.url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        if self.is_sqlite:
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(
                self.url, connect_args={"check_same_thread": False}, hide_parameters=True
            )
            self._install_sqlite_pragmas(sqlite_synchronous)
            self._synchronous = sqlite_synchronous
            self._checkpoints: Checkpoints | None = None
            self._group = GroupCommit(self._thread_connection)
        else:  # PostgreSQL: check_url admits nothing else
            self.engine = create_engine(
                self.url, pool_size=pool_size, max_overflow=pool_size // 2, hide_parameters=True
            )
            _install_postgres_settings(self.engine, postgres_synchronous_commit)
            self._threads = pool_size
        self.guarded: GuardedWrites | None = None
        """PostgreSQL: the changes made by one statement on the event loop (``store.guarded_writes``)."""
        if not self.is_sqlite:
            setup = (_synchronous_commit(postgres_synchronous_commit),)
            self.guarded = GuardedWrites(self.url, self.engine.dialect, setup)

    def _install_sqlite_pragmas(self, synchronous: Synchronous) -> None:
        def on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
            # Let SQLAlchemy's BEGIN take the write lock up front (no lock upgrades that deadlock).
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA synchronous={synchronous}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.close()

        def on_begin(conn: Connection) -> None:
            # A writer takes the write lock at once. A reader's transaction is opened by ``_in_snapshot``; should
            # SQLAlchemy begin one inside it, that joins it.
            dbapi: Any = conn.connection.dbapi_connection
            if not conn.connection.info.get(_READER):
                dbapi.execute("BEGIN IMMEDIATE")
            elif not dbapi.in_transaction:
                dbapi.execute("BEGIN")

        event.listen(self.engine, "connect", on_connect)
        event.listen(self.engine, "begin", on_begin)

    def run_sync(self, work: Callable[[Connection], T]) -> T:
        """Run ``work`` in one transaction: committed if it returns, rolled back if it raises."""
        if self.is_sqlite:
            self._group.flush()  # a group of units of work open on this thread commits first
            conn = self._thread_connection()
            with conn.begin():
                return work(conn)
        lost = False
        try:
            with self.engine.begin() as conn:
                try:
                    return work(conn)
                except Exception:
                    lost = _lost(conn)
                    raise
        except Exception:
            if not lost:
                raise
        # The connection broke inside the transaction, before its COMMIT was sent (PostgreSQL restarted, or an
        # administrator ended the session just as it was checked out): nothing was committed, and the pool has
        # given up the connections of before. The unit runs once more, on a new one.
        log.warning("a PostgreSQL connection was lost before its COMMIT: the unit of work runs again on a new one")
        with self.engine.begin() as conn:
            return work(conn)

    def _thread_connection(self) -> Connection:
        """SQLite: each thread keeps its connection, sparing a pool checkout and reset per unit of work."""
        conn: Connection | None = getattr(self._local, "conn", None)
        if conn is None or conn.closed or conn.invalidated:
            conn = self._local.conn = self._keep(self.engine.connect())
            # A group's units each run in a savepoint, whose journal keeps every page the unit changes that the
            # group had changed before. Past 64 KiB SQLite writes that journal to a temporary file, made and deleted
            # again for each group: a write to it per page and unit. In memory it lasts as long as the group.
            # (Long lists sort on connections of their own, ``streamed_reads``, where SQLite's default stays.)
            conn.connection.dbapi_connection.execute("PRAGMA temp_store=MEMORY")  # type: ignore[union-attr]
        return conn

    def _thread_reader(self) -> Connection:
        """SQLite: each thread's connection for units that only read (``query_only``, deferred BEGIN)."""
        conn: Connection | None = getattr(self._local, "reader", None)
        if conn is None or conn.closed or conn.invalidated:
            conn = self.engine.connect()
            conn.connection.info[_READER] = True
            conn.connection.dbapi_connection.execute("PRAGMA query_only=ON")  # type: ignore[union-attr]
            self._local.reader = self._keep(conn)
        return conn

    def autocommit_reader(self) -> Autocommit | None:
        """SQLite: this thread's reader connection (``_thread_reader``) as it is between units of work, in no
        transaction, where each statement reads a snapshot of its own; None on PostgreSQL. For a guarded read
        (``store.invitations.get_guarded``), which is one statement."""
        if not self.is_sqlite:
            return None
        conn = self._thread_reader()
        return None if conn.connection.dbapi_connection.in_transaction else conn  # type: ignore[union-attr]

    def _keep(self, conn: Connection) -> Connection:
        with self._lock:
            self._kept.append(conn)
        return conn

    async def run(self, work: Callable[[Connection], T]) -> T:
        """``run_sync`` from async code: inline for SQLite, in a group commit (``store.group_commit``); in a worker
        thread for PostgreSQL."""
        if self.is_sqlite:
            return await self._group.run(work)
        if self._limiter is None:  # made here: a limiter belongs to the running event loop
            self._limiter = CapacityLimiter(self._threads)
        return await to_thread.run_sync(self.run_sync, work, limiter=self._limiter)

    async def read(self, work: Callable[[Connection], T]) -> T:
        """``run`` for a unit that only reads: on SQLite a snapshot of what is committed, outside the group commit
        (module doc); a unit that writes after all is run again by ``run``. On PostgreSQL the same as ``run``."""
        if not self.is_sqlite:
            return await self.run(work)
        conn = self._thread_reader()
        try:
            return _in_snapshot(conn, work)
        except (exc.OperationalError, sqlite3.OperationalError) as problem:
            if not _refused_as_read_only(problem):
                raise
        return await self.run(work)

    def start_checkpoints(self) -> None:
        """SQLite on a file: from now on a thread of its own copies most of the write-ahead log into the database,
        instead of the COMMIT of a group on the event loop (``store.wal_checkpoints``). The server's lifespan calls
        it."""
        path = sqlite_file(self.url) if self.is_sqlite else None
        if path is None or self._checkpoints is not None:
            return
        self._checkpoints = Checkpoints(path, self._synchronous)
        self._checkpoints.start()
        self._group.committed = self._group_committed

    def _group_committed(self, conn: Connection) -> None:
        checkpoints = self._checkpoints
        if checkpoints is None:
            return
        record = conn.connection
        if not record.info.get(_CHECKPOINTS_ELSEWHERE):  # the connection's first COMMIT since: its own at a bigger log
            record.dbapi_connection.execute(f"PRAGMA wal_autocheckpoint={LOOP_CHECKPOINT_PAGES}")  # type: ignore[union-attr]
            record.info[_CHECKPOINTS_ELSEWHERE] = True
        checkpoints.committed()

    def has_table(self, name: str) -> bool:
        """Whether the database has this table (the migrations have run far enough)."""
        return self.run_sync(lambda conn: inspect(conn).has_table(name))

    def dispose(self) -> None:
        if self.is_sqlite:
            self._group.flush()
            if self._checkpoints is not None:
                self._checkpoints.stop()
                self._checkpoints = None
        if self.guarded is not None:
            self.guarded.close()
        with self._lock:
            kept, self._kept = self._kept, []
        for conn in kept:
            conn.close()
        self.engine.dispose()


_READER = "atlas_reader"  # in a connection's info: it serves units that only read
_CHECKPOINTS_ELSEWHERE = "atlas_checkpoints_elsewhere"  # in a connection's info: its automatic checkpoint is raised


def _in_snapshot(conn: Connection, work: Callable[[Connection], T]) -> T:
    """Run ``work`` in a read transaction opened on the driver's connection: the statements of the store run there
    (``store.prepared``), and SQLAlchemy's transaction bookkeeping, a third of a small read's cost, is left out.
    Should something begin SQLAlchemy's transaction after all, it joins this one (``on_begin``) and ends with it."""
    dbapi: Any = conn.connection.dbapi_connection
    dbapi.execute("BEGIN")
    try:
        result = work(conn)
    except BaseException:
        if conn.in_transaction():
            conn.rollback()
        if dbapi.in_transaction:
            dbapi.execute("ROLLBACK")
        raise
    if conn.in_transaction():
        conn.commit()
    if dbapi.in_transaction:
        dbapi.execute("COMMIT")
    return result


def _refused_as_read_only(problem: Exception) -> bool:
    """SQLite refused a write on a ``query_only`` connection (SQLITE_READONLY), as the driver raised it (the store
    runs statements on the driver's cursor) or as SQLAlchemy wrapped it."""
    original = problem.orig if isinstance(problem, exc.DBAPIError) else problem
    return isinstance(original, sqlite3.OperationalError) and original.sqlite_errorcode == sqlite3.SQLITE_READONLY


def _lost(conn: Connection) -> bool:
    """Whether a PostgreSQL unit's connection is gone (closed by the server, or given up by SQLAlchemy)."""
    if conn.invalidated or conn.closed:
        return True
    dbapi: Any = conn.connection.dbapi_connection
    return dbapi is None or bool(dbapi.closed) or bool(dbapi.broken)


def _synchronous_commit(setting: SynchronousCommit) -> str:
    return f"SET synchronous_commit = {'on' if setting == 'on' else 'off'}"


def _install_postgres_settings(engine: Engine, synchronous_commit: SynchronousCommit) -> None:
    """``synchronous_commit`` on every connection, and a check at checkout that costs no round trip.

    With ``off`` a commit returns before PostgreSQL has flushed its WAL to disk: a killed server process loses
    nothing it acknowledged (the database has it), a crash of PostgreSQL itself or of the machine can lose the
    last fraction of a second of commits (at most three times ``wal_writer_delay``), never consistency; ``on``
    waits for the flush. Instead of SQLAlchemy's ``pool_pre_ping`` (a ``SELECT 1`` round trip per unit of work),
    a pooled connection is given up if its socket has something to read while idle: the server closed it (a
    restart, an administrator's kill) or has a notice for it; either way a new connection serves instead."""

    def on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        dbapi_connection.execute(_synchronous_commit(synchronous_commit))
        dbapi_connection.autocommit = autocommit

    def on_checkout(dbapi_connection: Any, _record: ConnectionPoolEntry, _proxy: Any) -> None:
        if dbapi_connection.closed or readable(dbapi_connection.fileno()):
            raise exc.DisconnectionError("the server closed the connection while it was idle")

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "checkout", on_checkout)
