"""The IP access lists of API keys and service accounts: one table, keyed by the credential's id.

Entries are kept in canonical CIDR form (``10.0.0.1/32``); a wire view turns a /32 (or /128) back into an
``ipAddress`` where the API shows one. Authentication reads the list through ``store.credentials``.
"""

from sqlalchemy import Connection, delete, select

from atlas_access.core.access_list import Entry, normalise
from atlas_access.store.prepared import Prepared, param
from atlas_access.store.tables import access_list_entries
from atlas_access.store.upsert import insert_if_absent

__all__ = ["Entry"]

_TABLE = access_list_entries
_ENTRIES = Prepared(
    select(_TABLE.c.cidr, _TABLE.c.comment, _TABLE.c.created_at)
    .where(_TABLE.c.owner_id == param("owner"))
    .order_by(_TABLE.c.created_at, _TABLE.c.cidr)
)
_REMOVE = Prepared(delete(_TABLE).where(_TABLE.c.owner_id == param("owner"), _TABLE.c.cidr == param("cidr")))
_REMOVE_ALL = Prepared(delete(_TABLE).where(_TABLE.c.owner_id == param("owner")))


def entries(conn: Connection, owner_id: str) -> list[Entry]:
    """The credential's entries, oldest first (then by CIDR, for a stable order)."""
    return [Entry(row["cidr"], row["comment"], row["created_at"]) for row in _ENTRIES.rows(conn, owner=owner_id)]


def entry(conn: Connection, owner_id: str, address_or_cidr: str) -> Entry | None:
    """One entry by address or CIDR (any form ``normalise`` accepts); None if absent or unparsable."""
    try:
        cidr = normalise(address_or_cidr)
    except ValueError:
        return None
    return next((found for found in entries(conn, owner_id) if found.cidr == cidr), None)


def add(conn: Connection, owner_id: str, address_or_cidr: str, comment: str, now: int) -> tuple[Entry, bool]:
    """Add an entry (ValueError if it is neither an address nor a CIDR block); the entry and whether it is new.
    Adding an entry that exists changes nothing (its first comment and date stay)."""
    cidr = normalise(address_or_cidr)
    values = {"owner_id": owner_id, "cidr": cidr, "comment": comment, "created_at": now}
    added = insert_if_absent(conn, _TABLE, values)
    found = entry(conn, owner_id, cidr)
    assert found is not None
    return found, added


def remove(conn: Connection, owner_id: str, address_or_cidr: str) -> bool:
    """Remove one entry; False if there was none (or the text is not an address or CIDR)."""
    try:
        cidr = normalise(address_or_cidr)
    except ValueError:
        return False
    return _REMOVE.count(conn, owner=owner_id, cidr=cidr) == 1


def remove_all(conn: Connection, owner_id: str) -> None:
    """Forget a credential's whole list (the credential is being deleted)."""
    _REMOVE_ALL.count(conn, owner=owner_id)
