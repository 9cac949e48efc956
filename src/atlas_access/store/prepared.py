"""Statements built with SQLAlchemy, compiled once per dialect, executed on the driver's own cursor.

This is the store's one way to run SQL. SQLAlchemy writes every statement, so one definition gives correct SQL
for SQLite and PostgreSQL. Its per-execution machinery (cache keys, execution contexts, result objects) cost more
than SQLite's own work for each statement on the request path (bench/RESULTS.md), so the store runs the compiled
SQL directly, inside the same transaction. Parameters are plain str, int, float and None; rows come back as
read-only mappings keyed by the statement's column names (give a column a ``label`` where two would share a name).

A list parameter (``param_list``, or a literal list in ``in_``) is expanded to one placeholder per value; the SQL
for each length is made once and kept. A statement whose lists are all literal is expanded when it is compiled.
"""

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from operator import itemgetter
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy import BindParameter, ClauseElement, Connection, Dialect, bindparam
from sqlalchemy.sql.compiler import SQLCompiler

if TYPE_CHECKING:
    from _typeshed import DataclassInstance
    from psycopg import AsyncCursor

R = TypeVar("R", bound="DataclassInstance")


class Row(Mapping[str, Any]):
    """One result row, read by column name. The names are shared by every row of a statement, so a row costs
    little more than its tuple of values (a list of 100,000 invitations is 100,000 rows)."""

    __slots__ = ("_index", "_values")

    def __init__(self, index: Mapping[str, int], values: Sequence[Any]) -> None:
        self._index = index
        self._values = values

    def __getitem__(self, name: str) -> Any:
        return self._values[self._index[name]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __repr__(self) -> str:
        return f"Row({dict(self)!r})"


def param(name: str) -> BindParameter[Any]:
    """A named parameter of a prepared statement, given at execution."""
    return bindparam(name, required=False)


def param_list(name: str) -> BindParameter[Any]:
    """A named list parameter, for ``column.in_(param_list("ids"))``: give a list (or tuple) at execution."""
    return bindparam(name, expanding=True, required=False)


@dataclass(frozen=True, slots=True)
class _Sql:
    text: str
    names: tuple[str, ...] | None  # the parameters' order, for drivers with positional parameters
    arguments: Callable[[Mapping[str, Any]], Any] = field(init=False)  # the values as the driver takes them

    def __post_init__(self) -> None:
        object.__setattr__(self, "arguments", _arguments(self.names))


def _arguments(names: tuple[str, ...] | None) -> Callable[[Mapping[str, Any]], Any]:
    """How a statement's values are given to the driver: by name as they are, or in ``names``' order (one
    ``itemgetter``: a statement's values are picked in C, not in a loop of the interpreter)."""
    if names is None:
        return lambda values: values
    if len(names) > 1:
        return itemgetter(*names)
    if names:
        (name,) = names
        return lambda values: (values[name],)
    return lambda _values: ()


@dataclass(slots=True)
class _Compiled:
    compiled: SQLCompiler
    plain: _Sql
    constants: dict[str, Any]
    columns: Mapping[str, int]  # each result column's position, shared by every row
    lists: tuple[str, ...]  # the names of list parameters
    expanded: dict[tuple[int, ...], _Sql]  # the SQL for each combination of list lengths


class Prepared:
    """One statement; its SQL for each dialect is compiled on first use and kept."""

    __slots__ = ("_build", "_compiled")

    def __init__(self, build: ClauseElement | Callable[[Dialect], ClauseElement]) -> None:
        self._build = build
        self._compiled: dict[str, _Compiled] = {}

    def _for(self, dialect: Dialect) -> _Compiled:
        found = self._compiled.get(dialect.name)
        if found is None:
            statement = self._build(dialect) if callable(self._build) else self._build
            compiled = cast(SQLCompiler, statement.compile(dialect=dialect))
            names = tuple(compiled.positiontup or ()) if dialect.positional else None
            columns = {
                name: position for position, name in enumerate(getattr(statement, "exported_columns", {}).keys())
            }
            lists = tuple(dict.fromkeys(compiled.bind_names[b] for b in compiled.binds.values() if b.expanding))
            assert lists or "__[POSTCOMPILE_" not in compiled.string, "only list parameters are expanded"
            found = _Compiled(compiled, _Sql(compiled.string, names), dict(compiled.params), columns, lists, {})
            if lists and all(isinstance(found.constants.get(name), list | tuple) for name in lists):
                found = _with_lists_expanded(found)  # only literal lists (``state.in_([...])``): expanded once
            self._compiled[dialect.name] = found
        return found

    def _execute(
        self, conn: Connection, params: dict[str, Any], server_side: bool = False
    ) -> tuple[Any, Mapping[str, int]]:
        compiled = self._for(conn.dialect)
        values = {**compiled.constants, **params} if compiled.constants else params
        sql = compiled.plain
        if compiled.lists:
            sql, values = _expanded(compiled, values)
        arguments = sql.arguments(values)
        dbapi_connection: Any = conn.connection.dbapi_connection
        if server_side and conn.dialect.name == "postgresql":
            cursor = dbapi_connection.cursor(name=f"atlas_access_{next(_CURSOR_NAMES)}")  # psycopg's server-side
        else:
            cursor = dbapi_connection.cursor()  # sqlite3 steps the statement as rows are fetched
        cursor.execute(sql.text, arguments)
        return cursor, compiled.columns

    def batches(self, conn: Connection, size: int, **params: Any) -> Iterator[list[Row]]:
        """The rows in lists of at most ``size``, each read when it is asked for (on PostgreSQL through a
        server-side cursor, inside the connection's transaction), so that a long result is never held whole.
        Close the iterator when done with it early."""
        cursor, columns = self._execute(conn, params, server_side=True)
        try:
            while found := cursor.fetchmany(size):
                yield [Row(columns, values) for values in found]
        finally:
            cursor.close()

    def rows(self, conn: Connection, **params: Any) -> list[Row]:
        cursor, columns = self._execute(conn, params)
        try:
            return [Row(columns, found) for found in cursor.fetchall()]
        finally:
            cursor.close()

    def first(self, conn: Connection, **params: Any) -> Row | None:
        cursor, columns = self._execute(conn, params)
        try:
            found = cursor.fetchone()
            return None if found is None else Row(columns, found)
        finally:
            cursor.close()

    def scalar(self, conn: Connection, **params: Any) -> Any:
        """The one column of the first row; None when there is no row."""
        cursor, _columns = self._execute(conn, params)
        try:
            found = cursor.fetchone()
        finally:
            cursor.close()
        if found is None:
            return None
        (value,) = found
        return value

    async def first_awaited(self, cursor: "AsyncCursor[Any]", dialect: Dialect, **params: Any) -> Row | None:
        """``first`` on a psycopg cursor of the event loop (``store.async_connections``), in its ``dialect``."""
        compiled = self._for(dialect)
        assert not compiled.lists, "a list parameter is expanded on a Connection only"
        values = {**compiled.constants, **params} if compiled.constants else params
        await cursor.execute(compiled.plain.text, compiled.plain.arguments(values))
        found = await cursor.fetchone()
        return None if found is None else Row(compiled.columns, found)

    def count(self, conn: Connection, **params: Any) -> int:
        """Run a write; the number of rows it changed."""
        cursor, _columns = self._execute(conn, params)
        try:
            return int(cursor.rowcount)
        finally:
            cursor.close()


def _with_lists_expanded(compiled: _Compiled) -> _Compiled:
    """A statement whose every list is a literal one, with its SQL expanded now: each execution then takes the plain
    path (its values are constants, never given at execution)."""
    sql, constants = _expanded(compiled, dict(compiled.constants))
    return _Compiled(compiled.compiled, sql, constants, compiled.columns, (), {})


def _expanded(compiled: _Compiled, values: dict[str, Any]) -> tuple[_Sql, dict[str, Any]]:
    """The SQL with one placeholder per list value, and the values under the names it uses."""
    lengths = tuple(len(values[name] or ()) for name in compiled.lists)
    flat = dict(values)
    for name in compiled.lists:
        for index, value in enumerate(cast(Sequence[Any], flat.pop(name) or ()), start=1):
            flat[f"{name}_{index}"] = value  # SQLAlchemy's names for the values of an expanded list
    sql = compiled.expanded.get(lengths)
    if sql is None:
        state = compiled.compiled.construct_expanded_state(values)
        assert set(state.parameters) <= set(flat), "expanded parameter names changed"
        names = tuple(state.positiontup) if state.positiontup is not None else None
        sql = compiled.expanded[lengths] = _Sql(state.statement, names)
    return sql, flat


@contextmanager
def savepoint(conn: Connection) -> Iterator[None]:
    """Run a block in a savepoint: if it raises, what it wrote is undone and the transaction stays usable."""
    with conn.begin_nested():
        yield


def is_integrity_error(conn: Connection, error: BaseException) -> bool:
    """Whether ``error`` is the driver's refusal of a write by a constraint (a unique index, say)."""
    return isinstance(error, conn.dialect.loaded_dbapi.IntegrityError)


def as_record(record: type[R], row: Row, /, **computed: Any) -> R:
    """A record (a dataclass of ``core``) of ``row``: each field from the column of the same name, except the
    ``computed`` ones (decoded JSON, enums, what other statements found)."""
    names = _FIELDS.get(record)
    if names is None:
        names = _FIELDS[record] = tuple(field.name for field in fields(record))
    return record(**{name: row[name] for name in names if name not in computed}, **computed)


_FIELDS: dict[type[Any], tuple[str, ...]] = {}
_CURSOR_NAMES = itertools.count()
