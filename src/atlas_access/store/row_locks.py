"""Row locks by id: the one way a transaction holds a row it writes under or about, with an explicit mode.

On PostgreSQL each mode is a ``SELECT ... FOR <mode>`` prepared once per table. On SQLite there is nothing to
take: every write transaction begins IMMEDIATE, so writes are serial and a row this transaction found is still
there.
"""

import enum
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, Table, select

from atlas_access.store.prepared import Prepared, Row, param


class Lock(enum.Enum):
    """How a transaction holds a row until it commits."""

    KEEP = "FOR KEY SHARE"
    """The row must stay while rows that refer to it are written: such writes go on side by side, and a delete
    of the row waits for them."""
    CHANGE = "FOR NO KEY UPDATE"
    """The row's own state changes (an organization's owners, say): changes wait for each other, not for KEEP."""
    DELETE = "FOR UPDATE"
    """The row (or the row itself with what hangs on it) goes: waits for every other lock."""


def _locking(query: Select[Any], mode: Lock) -> Select[Any]:
    if mode is Lock.KEEP:
        return query.with_for_update(read=True, key_share=True)
    if mode is Lock.CHANGE:
        return query.with_for_update(key_share=True)
    return query.with_for_update()


class RowLock:
    """The row locks of one table; ``columns`` are what ``fetch`` reads with the lock (the id by default)."""

    def __init__(self, table: Table, columns: Sequence[ColumnElement[Any]] = ()) -> None:
        query = select(*(columns or (table.c.id,))).where(table.c.id == param("id"))
        self._plain = Prepared(query)
        self._locking = {mode: Prepared(_locking(query, mode)) for mode in Lock}

    def take(self, conn: Connection, row_id: str, mode: Lock) -> bool:
        """Lock the row; whether it is there (on SQLite, always: see the module)."""
        if conn.dialect.name == "sqlite":
            return True
        return self._locking[mode].first(conn, id=row_id) is not None

    def fetch(self, conn: Connection, row_id: str, mode: Lock) -> Row | None:
        """Lock the row and read it; None if it is gone."""
        statement = self._plain if conn.dialect.name == "sqlite" else self._locking[mode]
        return statement.first(conn, id=row_id)
