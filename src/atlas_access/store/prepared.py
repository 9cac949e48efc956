"""Statements built with SQLAlchemy, compiled once per dialect, executed on the driver's own cursor.

SQLAlchemy writes every statement, so one definition gives correct SQL for SQLite and PostgreSQL. Its
per-execution machinery (cache keys, execution contexts, result objects) cost more than SQLite's own work
for each statement on the request path (bench/RESULTS.md), so the store runs the compiled SQL directly,
inside the same transaction. Parameters and results are plain str, int and None.
"""

from collections.abc import Callable
from typing import Any, cast

from sqlalchemy import BindParameter, ClauseElement, Connection, Dialect, bindparam
from sqlalchemy.sql.compiler import SQLCompiler

Row = tuple[Any, ...]


def param(name: str) -> BindParameter[Any]:
    """A named parameter of a prepared statement, given at execution."""
    return bindparam(name, required=False)


class Prepared:
    """One statement; its SQL for each dialect is compiled on first use and kept."""

    __slots__ = ("_build", "_compiled")

    def __init__(self, build: ClauseElement | Callable[[Dialect], ClauseElement]) -> None:
        self._build = build
        self._compiled: dict[str, tuple[str, tuple[str, ...] | None, dict[str, Any]]] = {}

    def _sql(self, dialect: Dialect) -> tuple[str, tuple[str, ...] | None, dict[str, Any]]:
        found = self._compiled.get(dialect.name)
        if found is None:
            statement = self._build(dialect) if callable(self._build) else self._build
            compiled = cast(
                SQLCompiler, statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
            )
            names = tuple(compiled.positiontup or ()) if dialect.positional else None
            found = self._compiled[dialect.name] = (compiled.string, names, dict(compiled.params))
        return found

    def _execute(self, conn: Connection, params: dict[str, Any]) -> Any:
        sql, names, constants = self._sql(conn.dialect)
        values = {**constants, **params} if constants else params
        arguments = tuple(values[name] for name in names) if names is not None else values
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        cursor.execute(sql, arguments)
        return cursor

    def rows(self, conn: Connection, **params: Any) -> list[Row]:
        cursor = self._execute(conn, params)
        try:
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def first(self, conn: Connection, **params: Any) -> Row | None:
        cursor = self._execute(conn, params)
        try:
            row = cursor.fetchone()
            return None if row is None else tuple(row)
        finally:
            cursor.close()

    def scalar(self, conn: Connection, **params: Any) -> Any:
        row = self.first(conn, **params)
        return None if row is None else row[0]

    def count(self, conn: Connection, **params: Any) -> int:
        """Run a write; the number of rows it changed."""
        cursor = self._execute(conn, params)
        try:
            return int(cursor.rowcount)
        finally:
            cursor.close()
