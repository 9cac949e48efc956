"""The whole state as one JSON document, and back: ``atlas-access export`` and ``import``, and the local API's
snapshots (docs/snapshots.md).

A state document is ``{"format": "atlas-access-state", "version": 1, "schemaRevision": "<migration>", "tables":
{"<table>": [{"<column>": value, ...}, ...]}}``: every row of every table below, by column name and as stored
(secrets as hashes, API keys' HA1 sealed, mails sealed), each table's rows in the order of their primary key.

Two tables never travel: ``revoked_tokens`` and ``digest_nonce_uses``. They protect against replay, by the real
clock; a load keeps the target's, so that loading an older state brings no revoked token or used nonce back to
life (as moving the clock back does not). The signing and sealing keys are never in the database, so never in a
document. Settings the caller names in ``kept_settings`` (the local admin token's hash) stay as the target has
them, when it has them: loading a state does not lock its caller out of the server it loads into.

A load replaces the state in one transaction: every check first, then every row deleted (children first) and
every row of the document inserted (parents first). A document of an older schema revision is migrated on the
way: its rows go into a scratch SQLite database at that revision, which the migrations bring to this version's,
and the rows come from there. Anything wrong (format, version, a newer or unknown revision, an unknown table or
column, a value of the wrong type, a row the database's constraints refuse) raises ``StateError`` and, since the
caller's transaction then rolls back, changes nothing.
"""

import functools
import itertools
import operator
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Dialect,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    column,
    create_engine,
    delete,
    insert,
    inspect,
    select,
    table,
    text,
)
from sqlalchemy.exc import IntegrityError

from atlas_access.store import migrate, settings
from atlas_access.store.prepared import Prepared, savepoint
from atlas_access.store.tables import access_generation, digest_nonce_uses, metadata, rate_buckets, revoked_tokens

__all__ = ["FORMAT", "STAYING", "TRAVELLING", "VERSION", "Loaded", "StateError", "dump", "head_revision", "load"]

FORMAT = "atlas-access-state"
VERSION = 1
STAYING = frozenset({revoked_tokens.name, digest_nonce_uses.name, rate_buckets.name, access_generation.name})
"""Tables a state document never carries, and a load leaves as they are (the access generation counts on: the
load's writes move it)."""
TRAVELLING: tuple[Table, ...] = tuple(t for t in metadata.sorted_tables if t.name not in STAYING)
"""The tables a state document carries, parents before children."""

Progress = Callable[[str, int], None]
"""Told each table's name and row count once it has been read or written."""

_HEADER = ("format", "version", "schemaRevision", "tables")
_REVISION = re.compile(r"\d{4}")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL (PostgreSQL's text refuses it) and half surrogate pairs
_INT32 = (-(2**31), 2**31 - 1)
_INT64 = (-(2**63), 2**63 - 1)
_DEADLOCK = "40P01"
_LOCK_ATTEMPTS = 5

_VERSION_OF = Prepared(select(table("alembic_version", column("version_num")).c.version_num))
_ROWS = {t.name: Prepared(select(t)) for t in TRAVELLING}
_EMPTY = {t.name: Prepared(delete(t)) for t in TRAVELLING}
_LOCKED_TABLES = ", ".join(t.name for t in TRAVELLING)
# PostgreSQL: SHARE lets readers and other dumps on while writers wait (a dump reads one consistent state);
# EXCLUSIVE lets only plain reads on, which see the previous state until the load commits.
_LOCK = {mode: Prepared(text(f"LOCK TABLE {_LOCKED_TABLES} IN {mode} MODE")) for mode in ("SHARE", "EXCLUSIVE")}


class StateError(Exception):
    """A state cannot be dumped from this database, or a document cannot be loaded into it; the message says
    why, in words for the person who gave it."""


@dataclass(frozen=True, slots=True)
class Loaded:
    """What a load did."""

    schema_revision: str  # the document's; migrated when it is not the head
    rows: Mapping[str, int]  # rows written, by table
    notes: tuple[str, ...] = ()  # what of the document was left out, and why


@functools.cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(migrate.alembic_config())


@functools.cache
def _known_revisions() -> frozenset[str]:
    return frozenset(script.revision for script in _scripts().walk_revisions())


def head_revision() -> str:
    """This version's schema revision (the newest migration)."""
    head = _scripts().get_current_head()
    assert head is not None
    return head


def dump(conn: Connection, progress: Progress | None = None) -> dict[str, Any]:
    """The whole state as a state document. The database must be at this version's schema revision (the server
    migrates it on start). On PostgreSQL, writers wait while it reads, so that the rows make one state."""
    revision = _revision_of(conn)
    if revision != head_revision():
        raise StateError(_not_at_head(revision))
    _hold(conn, "SHARE")
    tables: dict[str, list[dict[str, Any]]] = {}
    for travelling in TRAVELLING:
        order = operator.itemgetter(*(key.name for key in travelling.primary_key.columns))
        tables[travelling.name] = sorted((dict(row) for row in _ROWS[travelling.name].rows(conn)), key=order)
        if progress is not None:
            progress(travelling.name, len(tables[travelling.name]))
    return {"format": FORMAT, "version": VERSION, "schemaRevision": revision, "tables": tables}


def load(
    conn: Connection,
    document: object,
    *,
    kept_settings: Collection[str] = (),
    ha1_sealing: migrate.Ha1Sealing | None = None,
    progress: Progress | None = None,
    trusted: bool = False,
) -> Loaded:
    """Replace the whole state with ``document``'s, in the caller's transaction (which must roll back when this
    raises ``StateError``). ``kept_settings`` stay as the target has them, if it has them. ``ha1_sealing`` seals
    the HA1 a document of a revision before 0007 holds in clear (``migrate.upgrade``'s); without it such a
    document is refused. ``trusted``: the document is one ``dump`` of this version made (a saved snapshot), whose
    rows need no checks before the database's own."""
    revision, tables = _header(document)
    if revision == head_revision():
        rows = (
            {t.name: tables.get(t.name, []) for t in TRAVELLING}
            if trusted
            else _checked(tables, {t.name: t for t in TRAVELLING})
        )
        notes: tuple[str, ...] = ()
    else:
        rows, notes = _migrated(tables, revision, ha1_sealing)
    target = _revision_of(conn)
    if target != head_revision():
        raise StateError(_not_at_head(target))
    _hold(conn, "EXCLUSIVE")
    kept = {key: value for key in kept_settings if (value := settings.get(conn, key)) is not None}
    for travelling in reversed(TRAVELLING):
        _EMPTY[travelling.name].count(conn)
    for travelling in TRAVELLING:
        written = rows[travelling.name]
        if written:
            _insert_all(conn, travelling, written)
        if progress is not None:
            progress(travelling.name, len(written))
    for key, value in kept.items():
        settings.put(conn, key, value)
    return Loaded(revision, {name: len(written) for name, written in rows.items()}, notes)


def _insert_all(conn: Connection, into: Table, rows: list[dict[str, Any]]) -> None:
    """One executemany on the driver's cursor (SQLAlchemy's per-row parameter handling would cost as much as the
    inserts); a row the database refuses is a ``StateError``."""
    sql, names = _insert_sql(conn.dialect, into)
    values = rows if names is None else [tuple(row[name] for name in names) for row in rows]
    driver = conn.dialect.loaded_dbapi
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(sql, values)
    except (driver.IntegrityError, driver.DataError) as problem:
        cause = str(problem).strip().splitlines()[0]
        raise StateError(f"the rows of table {into.name} break the database's rules: {cause}") from None
    finally:
        cursor.close()


_INSERTS: dict[tuple[str, str], tuple[str, tuple[str, ...] | None]] = {}


def _insert_sql(dialect: Dialect, into: Table) -> tuple[str, tuple[str, ...] | None]:
    """The INSERT of every column of ``into`` for ``dialect``, and the order of its values where the driver takes
    them by position (None: by name)."""
    found = _INSERTS.get((dialect.name, into.name))
    if found is None:
        compiled = insert(into).values({c.name: bindparam(c.name) for c in into.columns}).compile(dialect=dialect)
        names = tuple(compiled.positiontup or ()) if dialect.positional else None
        found = _INSERTS[(dialect.name, into.name)] = (compiled.string, names)
    return found


def _revision_of(conn: Connection) -> str | None:
    found: str | None = _VERSION_OF.scalar(conn)
    return found


def _not_at_head(revision: str | None) -> str:
    return (
        f"the database is at schema revision {revision or '(none)'}, not this version's {head_revision()}: start "
        "`atlas-access serve` with it once, which migrates it"
    )


def _hold(conn: Connection, mode: str) -> None:
    """On PostgreSQL, lock the state's tables in ``mode``, all at once or not at all: a deadlock with a request
    that holds one of them (PostgreSQL ends our wait then) is tried again. SQLite's write transaction holds the
    whole database already."""
    if conn.dialect.name != "postgresql":
        return
    for attempt in itertools.count(1):
        try:
            with savepoint(conn):
                _LOCK[mode].count(conn)
            return
        except Exception as problem:
            if getattr(problem, "sqlstate", None) != _DEADLOCK or attempt >= _LOCK_ATTEMPTS:
                raise


def _header(document: object) -> tuple[str, Mapping[str, Any]]:
    """The document's schema revision and tables, once its header is one this version reads."""
    if not isinstance(document, dict):
        raise StateError("a state document is a JSON object")
    if document.get("format") != FORMAT:
        raise StateError(f'this is not a state document: its "format" must be "{FORMAT}"')
    version = document.get("version")
    if type(version) is not int or version != VERSION:
        raise StateError(f"state documents of version {version!r} are unknown to this server, which reads version 1")
    unknown = sorted(set(document) - set(_HEADER))
    if unknown:
        raise StateError(f"unknown attribute {unknown[0]!r} (a state document has {', '.join(_HEADER)})")
    revision = document.get("schemaRevision")
    head = head_revision()
    if not isinstance(revision, str) or revision not in _known_revisions():
        if isinstance(revision, str) and _REVISION.fullmatch(revision) and revision > head:
            raise StateError(
                f"it was written by a newer version of atlas-access (schema revision {revision}; this one knows up to "
                f"{head}): load it with that version or a newer one"
            )
        raise StateError(f"unknown schema revision {revision!r} (this version knows 0001 to {head})")
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise StateError('"tables" must be an object of tables, each a list of rows')
    return revision, tables


def _checked(tables: Mapping[str, Any], schema: Mapping[str, Table]) -> dict[str, list[dict[str, Any]]]:
    """Every table of ``schema`` (a missing one is empty), each row checked against its columns."""
    unknown = sorted(set(tables) - set(schema))
    if unknown:
        why = "never travels in a state document" if unknown[0] in STAYING else "is unknown at this schema revision"
        raise StateError(f"table {unknown[0]} {why}")
    checked: dict[str, list[dict[str, Any]]] = {}
    for name, columns in schema.items():
        rows = tables.get(name, [])
        if not isinstance(rows, list):
            raise StateError(f"tables.{name} must be a list of rows")
        checks = {c.name: _check_of(c) for c in columns.columns}
        for index, row in enumerate(rows):
            if not isinstance(row, dict) or row.keys() != checks.keys():
                raise StateError(f"tables.{name}[{index}]: {_shape_problem(row, checks)}")
            for column_name, check in checks.items():
                problem = check(row[column_name])
                if problem is not None:
                    raise StateError(f"tables.{name}[{index}].{column_name}: {problem}")
        checked[name] = rows
    return checked


def _shape_problem(row: object, checks: Mapping[str, object]) -> str:
    if not isinstance(row, dict):
        return "a row is an object of its columns' values"
    unknown = sorted(set(row) - set(checks))
    if unknown:
        return f"unknown column {unknown[0]}"
    return f"no value for column {sorted(set(checks) - set(row))[0]}"


Check = Callable[[Any], str | None]


def _check_of(col: Column[Any]) -> Check:
    """What a value of ``col`` must be: its type, its length, and null only where the column allows it."""
    kind = col.type
    nullable = bool(col.nullable)

    def check(value: Any) -> str | None:
        if value is None:
            return None if nullable else "must not be null"
        if isinstance(kind, String):
            if not isinstance(value, str):
                return "must be a string"
            if kind.length is not None and len(value) > kind.length:
                return f"must be at most {kind.length} characters long"
            if _UNSTORABLE.search(value):
                return "must be text without NUL characters or halves of surrogate pairs"
            return None
        if isinstance(kind, Integer):
            low, high = _INT64 if isinstance(kind, BigInteger) else _INT32
            if type(value) is not int or not low <= value <= high:
                return f"must be an integer from {low} to {high}"
            return None
        if isinstance(kind, Float):
            return None if type(value) in (int, float) else "must be a number"
        return f"has a type ({kind}) a state document cannot hold"  # pragma: no cover - every column is above

    return check


def _migrated(
    tables: Mapping[str, Any], revision: str, ha1_sealing: migrate.Ha1Sealing | None
) -> tuple[dict[str, list[dict[str, Any]]], tuple[str, ...]]:
    """A document of an older schema revision, brought to this version's: its rows go into a scratch SQLite
    database at that revision, the migrations run to the head there, and the rows are read back. Keys an earlier
    version kept in its settings (before 0005) are left out: keys never travel."""
    left_out: list[str] = []
    engine = create_engine("sqlite://")  # in memory, one connection; no foreign keys, which the target checks
    try:
        with engine.begin() as conn:
            config = migrate.alembic_config()
            config.attributes.update(connection=conn, adopt_keys=lambda keys: left_out.extend(keys))
            config.attributes["ha1_sealing"] = ha1_sealing
            command.upgrade(config, revision)
            schema = _schema_of(conn)
            for name, rows in _checked(tables, schema).items():
                if rows:
                    try:
                        conn.execute(insert(schema[name]), rows)
                    except IntegrityError as problem:
                        cause = str(problem.orig).strip().splitlines()[0]
                        raise StateError(f"the rows of table {name} break the database's rules: {cause}") from None
            try:
                command.upgrade(config, "head")
            except RuntimeError as problem:  # HA1 in clear and no sealer (migration 0007)
                raise StateError(f"it cannot be migrated from schema revision {revision}: {problem}") from None
            migrated = {t.name: [dict(row) for row in conn.execute(select(t)).mappings()] for t in TRAVELLING}
    finally:
        engine.dispose()
    notes: tuple[str, ...] = ()
    if left_out:
        notes = (
            f"the document held {', '.join(sorted(left_out))} keys, which an earlier version kept in its settings: "
            "keys never travel, so they were left out (tokens, nonces and mail links made with them do not work here)",
        )
    return migrated, notes


def _schema_of(conn: Connection) -> dict[str, Table]:
    """The travelling tables of the scratch database as its migrations left them: columns, types, nullability."""
    found = inspect(conn)
    schema = MetaData()
    return {
        name: Table(
            name, schema, *(Column(c["name"], c["type"], nullable=c["nullable"]) for c in found.get_columns(name))
        )
        for name in found.get_table_names()
        if name != "alembic_version" and name not in STAYING
    }
