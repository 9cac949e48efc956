"""Emptying every table, for the local control API's reset (``POST /api/local/v1/reset``)."""

from sqlalchemy import Connection, delete

from atlas_access.store.prepared import Prepared
from atlas_access.store.tables import access_generation, metadata

# Children before parents, so that no foreign key is ever broken on the way. The access generation is kept: it
# only ever counts up (the deletes move it), so no process takes what it knew before for what is there after.
_EMPTY = tuple(Prepared(delete(table)) for table in reversed(metadata.sorted_tables) if table is not access_generation)


def empty(conn: Connection) -> None:
    """Delete every row of every table, settings (the clock offset, the admin token) included; the access
    generation counts on."""
    for statement in _EMPTY:
        statement.count(conn)
