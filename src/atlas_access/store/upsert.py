"""Dialect-aware INSERT ... ON CONFLICT DO NOTHING, the race-free way to claim a unique key."""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite


def insert_if_absent(conn: Connection, table: Table, values: Mapping[str, Any]) -> bool:
    """Insert one row unless it would violate a unique constraint; True when inserted.

    Unlike catching IntegrityError, this leaves a PostgreSQL transaction usable.
    """
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(**values).on_conflict_do_nothing()
    # SQLAlchemy does not keep an INSERT's rowcount by default, and psycopg reports -1 once the cursor closes.
    return conn.execute(statement.execution_options(preserve_rowcount=True)).rowcount == 1
