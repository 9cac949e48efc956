"""The IP access lists of API keys and service accounts: one table, keyed by the credential's id.

Entries are kept in canonical CIDR form (``10.0.0.1/32``); a wire view turns a /32 (or /128) back into an
``ipAddress`` where the API shows one. Authentication reads the list through ``store.credentials``.
"""

from dataclasses import dataclass

from sqlalchemy import Connection, delete, select

from atlas_access.core.access_list import block, normalise, shown
from atlas_access.store.tables import access_list_entries
from atlas_access.store.upsert import insert_if_absent


@dataclass(frozen=True, slots=True)
class Entry:
    cidr: str  # canonical: ``10.0.0.0/24``, ``10.0.0.1/32``
    comment: str
    created_at: int

    @property
    def cidr_block(self) -> str:
        """The block as the API shows it (IPv6 in all eight groups)."""
        return block(self.cidr)

    @property
    def single_address(self) -> str | None:
        """The address when the entry is one host (an IPv4 /32, an IPv6 /128), else None."""
        named = shown(self.cidr)
        return None if named == self.cidr_block else named


def entries(conn: Connection, owner_id: str) -> list[Entry]:
    """The credential's entries, oldest first (then by CIDR, for a stable order)."""
    table = access_list_entries
    rows = conn.execute(
        select(table.c.cidr, table.c.comment, table.c.created_at)
        .where(table.c.owner_id == owner_id)
        .order_by(table.c.created_at, table.c.cidr)
    )
    return [Entry(row[0], row[1], row[2]) for row in rows]


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
    added = insert_if_absent(conn, access_list_entries, values)
    found = entry(conn, owner_id, cidr)
    assert found is not None
    return found, added


def remove(conn: Connection, owner_id: str, address_or_cidr: str) -> bool:
    """Remove one entry; False if there was none (or the text is not an address or CIDR)."""
    try:
        cidr = normalise(address_or_cidr)
    except ValueError:
        return False
    table = access_list_entries
    return conn.execute(delete(table).where(table.c.owner_id == owner_id, table.c.cidr == cidr)).rowcount == 1


def remove_all(conn: Connection, owner_id: str) -> None:
    """Forget a credential's whole list (the credential is being deleted)."""
    conn.execute(delete(access_list_entries).where(access_list_entries.c.owner_id == owner_id))
