"""Server settings kept in the database so that every process shares them (the clock offset, the admin token's
hash, whether the first start happened). Signing and sealing keys are never kept here (``server.keys``)."""

from sqlalchemy import Connection, ScalarSelect, select, update

from atlas_access.store.prepared import Prepared, param
from atlas_access.store.tables import settings
from atlas_access.store.upsert import insert_if_absent

CLOCK_OFFSET = "clock_offset_seconds"
_GET = Prepared(select(settings.c.value).where(settings.c.key == param("key")))
_SET = Prepared(update(settings).where(settings.c.key == param("key")).values(value=param("value")))


def clock_offset_column() -> ScalarSelect[str]:
    """The clock offset as a column, so that a lookup on the request path can bring it along."""
    return select(settings.c.value).where(settings.c.key == CLOCK_OFFSET).scalar_subquery()


def get(conn: Connection, key: str) -> str | None:
    value: str | None = _GET.scalar(conn, key=key)
    return value


def put(conn: Connection, key: str, value: str) -> None:
    if not insert_if_absent(conn, settings, {"key": key, "value": value}):
        _SET.count(conn, key=key, value=value)


def put_if_absent(conn: Connection, key: str, value: str) -> bool:
    """Store ``value`` unless the setting exists; True when stored (of racing processes, one is)."""
    return insert_if_absent(conn, settings, {"key": key, "value": value})


def offset_seconds(stored: str | None) -> int:
    return int(stored) if stored else 0


def clock_offset(conn: Connection) -> int:
    return offset_seconds(get(conn, CLOCK_OFFSET))
