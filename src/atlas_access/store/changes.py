"""What a write that a unique index may refuse did: the database's refusal is a result, not an exception."""

import enum

from sqlalchemy import Connection

from atlas_access.store.prepared import Prepared, is_integrity_error, savepoint


class Change(enum.Enum):
    DONE = "done"  # the row changed
    GONE = "gone"  # there is no such row (any more)
    TAKEN = "taken"  # another row holds the unique value (a name, say): nothing changed


def guarded(conn: Connection, statement: Prepared, **params: object) -> Change:
    """Run an UPDATE of one row in a savepoint, so that a unique index's refusal leaves the transaction usable."""
    try:
        with savepoint(conn):
            changed = statement.count(conn, **params)
    except Exception as error:
        if is_integrity_error(conn, error):
            return Change.TAKEN
        raise
    return Change.DONE if changed == 1 else Change.GONE
