"""Emptying every table, for the local control API's reset (``POST /api/local/v1/reset``)."""

from sqlalchemy import Connection, delete

from atlas_access.store.prepared import Prepared
from atlas_access.store.tables import metadata

# Children before parents, so that no foreign key is ever broken on the way.
_EMPTY = tuple(Prepared(delete(table)) for table in reversed(metadata.sorted_tables))


def empty(conn: Connection) -> None:
    """Delete every row of every table, settings (the clock offset, the admin token) included."""
    for statement in _EMPTY:
        statement.count(conn)
