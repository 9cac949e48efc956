"""Row locks by id, one kind for every table a request holds while it writes under or about a row.

``shared``: ``FOR KEY SHARE``, for writes that only need the row to stay (adding rows that refer to it): they go
on side by side, and a delete waits for them. Otherwise ``FOR UPDATE``, for changing or deleting the row. The
statements are prepared once. On SQLite there is nothing to take: every write transaction begins IMMEDIATE, so
writes are serial and a row this transaction found is still there.
"""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, select

from atlas_access.store.prepared import Prepared, Row, param


class RowLock:
    """The row locks of one table; ``columns`` are what ``fetch`` reads with the lock (the id by default)."""

    def __init__(self, table: Table, columns: Sequence[ColumnElement[Any]] = ()) -> None:
        query = select(*(columns or (table.c.id,))).where(table.c.id == param("id"))
        self._plain = Prepared(query)
        self._locking = {
            True: Prepared(query.with_for_update(read=True, key_share=True)),
            False: Prepared(query.with_for_update()),
        }

    def take(self, conn: Connection, row_id: str, *, shared: bool) -> bool:
        """Lock the row; whether it is there (on SQLite, always: see the module)."""
        if conn.dialect.name == "sqlite":
            return True
        return self._locking[shared].first(conn, id=row_id) is not None

    def fetch(self, conn: Connection, row_id: str, *, shared: bool) -> Row | None:
        """Lock the row and read it; None if it is gone."""
        statement = self._plain if conn.dialect.name == "sqlite" else self._locking[shared]
        return statement.first(conn, id=row_id)
