"""Dialect-aware INSERT ... ON CONFLICT DO NOTHING, the race-free way to claim a unique key."""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import ClauseElement, Connection, Dialect, Table
from sqlalchemy.dialects import postgresql, sqlite

from atlas_access.store.prepared import Prepared, param

_STATEMENTS: dict[tuple[str, tuple[str, ...]], Prepared] = {}


def _statement(table: Table, columns: tuple[str, ...]) -> Prepared:
    key = (table.name, columns)
    found = _STATEMENTS.get(key)
    if found is None:

        def build(dialect: Dialect) -> ClauseElement:
            values = {name: param(name) for name in columns}
            if dialect.name == "postgresql":
                return postgresql.insert(table).values(values).on_conflict_do_nothing()
            return sqlite.insert(table).values(values).on_conflict_do_nothing()

        found = _STATEMENTS[key] = Prepared(build)
    return found


def insert_if_absent(conn: Connection, table: Table, values: Mapping[str, Any]) -> bool:
    """Insert one row unless it would violate a unique constraint; True when inserted.

    Unlike catching IntegrityError, this leaves a PostgreSQL transaction usable.
    """
    return _statement(table, tuple(values)).count(conn, **values) == 1


def insert(conn: Connection, table: Table, values: Mapping[str, Any]) -> None:
    """A plain INSERT of one row through the prepared-statement path."""
    key = ("insert:" + table.name, tuple(values))
    found = _STATEMENTS.get(key)
    if found is None:
        found = _STATEMENTS[key] = Prepared(table.insert().values({name: param(name) for name in values}))
    found.count(conn, **values)
