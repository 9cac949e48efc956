"""Long lists read a batch at a time, on a connection of their own, after the request's transaction has ended.

A list of 100,000 invitations is 32 MB of JSON: read whole, its rows, records, views and text would all be held
at once (docs/memory.md). Instead the rows are read on a second connection, whose snapshot is taken inside the
request's transaction (the first batch is read there), so the list shows the state the request's checks saw:
on SQLite the request holds the write lock then, so no write commits in between; WAL lets the snapshot be read
while writers go on. The snapshot stays open until the last batch has been read, then is rolled back.

At most ``MAX_OPEN`` such reads are open at once in a process, which keeps them well inside the connection pool;
beyond that, or on an in-memory database (one connection), the rows are read in the request's own transaction.
"""

import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection
from sqlalchemy.pool import QueuePool

from atlas_access.store.prepared import Prepared, Row

__all__ = ["BATCH_ROWS", "MAX_OPEN", "Batches", "open_reads", "read"]

T = TypeVar("T")
BATCH_ROWS = 500
MAX_OPEN = 4

_lock = threading.Lock()
_open = 0


class Batches(Generic[T]):
    """Records in lists of ``size`` (the last may be shorter), in the statement's order; closed once exhausted.

    ``blocking``: reading a batch waits on the database server (PostgreSQL); call it off the event loop."""

    __slots__ = ("_close_connection", "_record", "_rows", "blocking", "size")

    def __init__(
        self,
        rows: Iterator[Sequence[Row]],
        record: Callable[[Row], T],
        *,
        blocking: bool = False,
        close_connection: Callable[[], None] | None = None,
    ) -> None:
        self._rows = rows
        self._record = record
        self._close_connection = close_connection
        self.blocking = blocking
        self.size = BATCH_ROWS

    def __iter__(self) -> Iterator[list[T]]:
        return self

    def __next__(self) -> list[T]:
        try:
            found = next(self._rows)
        except BaseException:
            self.close()
            raise
        return [self._record(row) for row in found]

    def close(self) -> None:
        """End the read: the cursor, then the snapshot and its connection. Closing twice is harmless."""
        close = getattr(self._rows, "close", None)
        if close is not None:
            close()
        if self._close_connection is not None:
            done, self._close_connection = self._close_connection, None
            done()


def read(conn: Connection, statement: Prepared, record: Callable[[Row], T], **params: Any) -> Batches[T]:
    """The rows of ``statement`` as records, read in batches on a snapshot taken now, inside ``conn``'s
    transaction. Nothing is read until the first batch is asked for: ask for it before the transaction ends."""
    sibling = _open_sibling(conn)
    if sibling is None:
        rows = statement.rows(conn, **params)
        chunks = (rows[start : start + BATCH_ROWS] for start in range(0, len(rows), BATCH_ROWS))
        return Batches(chunks, record)
    reader, finish = sibling
    rows_read = statement.batches(reader, BATCH_ROWS, **params)
    return Batches(rows_read, record, blocking=not _is_sqlite(conn), close_connection=finish)


def _is_sqlite(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


def _open_sibling(conn: Connection) -> tuple[Connection, Callable[[], None]] | None:
    """A second connection in a read-only snapshot, and how to end it; None when none can be had."""
    global _open
    if not isinstance(conn.engine.pool, QueuePool):  # an in-memory SQLite database has one connection
        return None
    with _lock:
        if _open >= MAX_OPEN:
            return None
        _open += 1
    try:
        if _is_sqlite(conn):
            reader = conn.engine.connect()
            # A deferred BEGIN: a reader, never the write lock (the engine's own BEGIN is IMMEDIATE).
            reader.connection.dbapi_connection.execute("BEGIN")  # type: ignore[union-attr]
        else:
            reader = conn.engine.connect().execution_options(isolation_level="REPEATABLE READ")
    except BaseException:
        _released()
        raise

    def finish() -> None:
        try:
            if _is_sqlite(conn):
                raw: Any = reader.connection.dbapi_connection
                if raw.in_transaction:
                    raw.execute("ROLLBACK")
            reader.close()  # PostgreSQL: the pool's reset rolls the snapshot back
        finally:
            _released()

    return reader, finish


def open_reads() -> int:
    """How many such reads are open in this process now."""
    with _lock:
        return _open


def _released() -> None:
    global _open
    with _lock:
        _open -= 1
