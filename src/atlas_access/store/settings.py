"""Server settings kept in the database so that every process shares them (keys, clock offset)."""

from sqlalchemy import Connection, Table, bindparam, select, update

from atlas_access.store.tables import settings
from atlas_access.store.upsert import insert_if_absent

CLOCK_OFFSET = "clock_offset_seconds"
_GET = select(settings.c.value).where(settings.c.key == bindparam("k"))


def get(conn: Connection, key: str) -> str | None:
    value: str | None = conn.execute(_GET, {"k": key}).scalar_one_or_none()
    return value


def put(conn: Connection, key: str, value: str) -> None:
    if not insert_if_absent(conn, settings, {"key": key, "value": value}):
        conn.execute(update(settings).where(settings.c.key == key).values(value=value))


def get_or_create(conn: Connection, key: str, make: str) -> str:
    """The stored value, or ``make`` stored now (the first process to ask wins)."""
    insert_if_absent(conn, settings, {"key": key, "value": make})
    value = get(conn, key)
    assert value is not None
    return value


def clock_offset(conn: Connection) -> int:
    value = get(conn, CLOCK_OFFSET)
    return int(value) if value else 0


def settings_table() -> Table:
    return settings
