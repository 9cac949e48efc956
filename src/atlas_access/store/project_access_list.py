"""A project's IP access list (``project_access_list``): one row per entry, keyed by the project and the entry's
canonical CIDR block, so that one block is on a list once (the primary key holds that rule).

Reads take the server's ``now`` and leave out temporary entries whose end has come; ``expired`` finds those for
the write that removes them (``services.project_access_list``).
"""

from sqlalchemy import Connection, delete, or_, select, update

from atlas_access.core.network_access import AccessEntry
from atlas_access.store.prepared import Prepared, Row, as_record, param
from atlas_access.store.tables import project_access_list
from atlas_access.store.upsert import insert_if_absent

__all__ = ["AccessEntry"]

_T = project_access_list
_COLUMNS = (_T.c.group_id, _T.c.cidr, _T.c.comment, _T.c.delete_after, _T.c.created_at)
_ALIVE = or_(_T.c.delete_after.is_(None), _T.c.delete_after > param("now"))
# Oldest first, then by block, for a stable order (ours: MongoDB documents none).
_ENTRIES = Prepared(
    select(*_COLUMNS).where(_T.c.group_id == param("group"), _ALIVE).order_by(_T.c.created_at, _T.c.cidr)
)
_ENTRY = Prepared(select(*_COLUMNS).where(_T.c.group_id == param("group"), _T.c.cidr == param("cidr"), _ALIVE))
_EXPIRED = Prepared(
    select(*_COLUMNS)
    .where(_T.c.group_id == param("group"), _T.c.delete_after <= param("now"))
    .order_by(_T.c.delete_after, _T.c.cidr)
)
_UPDATE = Prepared(
    update(_T)
    .where(_T.c.group_id == param("group"), _T.c.cidr == param("cidr"))
    .values(comment=param("comment"), delete_after=param("delete_after"))
)
_REMOVE = Prepared(delete(_T).where(_T.c.group_id == param("group"), _T.c.cidr == param("cidr")))


def _entry(row: Row) -> AccessEntry:
    return as_record(AccessEntry, row)


def entries(conn: Connection, group_id: str, now: int) -> list[AccessEntry]:
    """The project's entries still on the list at ``now``, oldest first."""
    return [_entry(row) for row in _ENTRIES.rows(conn, group=group_id, now=now)]


def entry(conn: Connection, group_id: str, cidr: str, now: int) -> AccessEntry | None:
    """One entry by its canonical block, if it is on the list at ``now``."""
    row = _ENTRY.first(conn, group=group_id, cidr=cidr, now=now)
    return None if row is None else _entry(row)


def expired(conn: Connection, group_id: str, now: int) -> list[AccessEntry]:
    """The temporary entries whose end has come by ``now`` and that are still stored, by their end."""
    return [_entry(row) for row in _EXPIRED.rows(conn, group=group_id, now=now)]


def add(conn: Connection, added: AccessEntry) -> bool:
    """Store a new entry unless the list holds its block already (an expired one included); True when stored."""
    values = {
        "group_id": added.group_id,
        "cidr": added.cidr,
        "comment": added.comment,
        "delete_after": added.delete_after,
        "created_at": added.created_at,
    }
    return insert_if_absent(conn, _T, values)


def change(conn: Connection, changed: AccessEntry) -> bool:
    """Write an entry's comment and end; False if it is not stored (any more)."""
    values = {"comment": changed.comment, "delete_after": changed.delete_after}
    return _UPDATE.count(conn, group=changed.group_id, cidr=changed.cidr, **values) == 1


def remove(conn: Connection, group_id: str, cidr: str) -> bool:
    """Remove one entry; False if there was none."""
    return _REMOVE.count(conn, group=group_id, cidr=cidr) == 1
