"""Programmatic API keys as the Admin API shows them: the key row plus the roles its memberships hold.

A key belongs to one organization (``api_keys.org_id``). Its organization roles are its ``org_members`` row and
its project roles its ``project_members`` rows (``member_kind`` API_KEY), in projects of that organization.
Writes that change a key take its row first (``lock``), so that a key being deleted gains no membership meanwhile.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, select, update

from atlas_access.store import access_lists, json_columns, members
from atlas_access.store.directory import API_KEY
from atlas_access.store.row_locks import RowLock
from atlas_access.store.tables import api_keys, org_members, project_members


@dataclass(frozen=True, slots=True)
class ApiKey:
    id: str
    org_id: str
    public_key: str
    private_key_mask: str
    description: str
    created_at: int
    org_roles: tuple[str, ...] = ()
    group_roles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # project id -> roles, oldest first


_COLUMNS = (
    api_keys.c.id,
    api_keys.c.org_id,
    api_keys.c.public_key,
    api_keys.c.private_key_mask,
    api_keys.c.description,
    api_keys.c.created_at,
)


def _with_roles(conn: Connection, org_id: str, found: Sequence[Sequence[Any]]) -> list[ApiKey]:
    if not found:
        return []
    ids = [row[0] for row in found]
    org_roles = {
        member_id: json_columns.load_strings(roles)
        for member_id, roles in conn.execute(
            select(org_members.c.member_id, org_members.c.roles).where(
                org_members.c.org_id == org_id, org_members.c.member_id.in_(ids)
            )
        )
    }
    group_roles = members.project_roles_in_org(conn, org_id, ids)
    return [
        ApiKey(
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            row[5],
            org_roles=org_roles.get(row[0], ()),
            group_roles=dict(group_roles.get(row[0], {})),
        )
        for row in found
    ]


def of_org(conn: Connection, org_id: str) -> list[ApiKey]:
    """The organization's keys, by public key (the recorded order of ``listOrgApiKeys``)."""
    rows = conn.execute(
        select(*_COLUMNS).where(api_keys.c.org_id == org_id).order_by(api_keys.c.public_key, api_keys.c.id)
    )
    return _with_roles(conn, org_id, rows.all())


def of_project(conn: Connection, org_id: str, group_id: str) -> list[ApiKey]:
    """The keys with roles of their own in the project, by public key (the recorded order of ``listGroupApiKeys``)."""
    rows = conn.execute(
        select(*_COLUMNS)
        .join(project_members, project_members.c.member_id == api_keys.c.id)
        .where(
            project_members.c.group_id == group_id,
            project_members.c.member_kind == API_KEY,
            api_keys.c.org_id == org_id,
        )
        .order_by(api_keys.c.public_key, api_keys.c.id)
    )
    return _with_roles(conn, org_id, rows.all())


def find(conn: Connection, org_id: str, key_id: str) -> ApiKey | None:
    """The organization's key with this id; None if there is none (or it belongs to another organization)."""
    rows = conn.execute(select(*_COLUMNS).where(api_keys.c.id == key_id, api_keys.c.org_id == org_id))
    found = _with_roles(conn, org_id, rows.all())
    return found[0] if found else None


_LOCK = RowLock(api_keys)


def lock(conn: Connection, key_id: str) -> bool:
    """Take the key's row lock (PostgreSQL; SQLite writes are serial); False if the key is gone."""
    return _LOCK.take(conn, key_id, shared=False)


def set_description(conn: Connection, key_id: str, description: str) -> None:
    conn.execute(update(api_keys).where(api_keys.c.id == key_id).values(description=description))


def set_org_roles(conn: Connection, org_id: str, key_id: str, roles: Iterable[str], now: int) -> None:
    """Replace the key's organization roles (making it a member of the organization if it was not one)."""
    members.put_org_member(conn, org_id, key_id, roles, now, kind=API_KEY)


def set_project_roles(conn: Connection, group_id: str, key_id: str, roles: Iterable[str], now: int) -> bool:
    """Replace the key's roles in the project, making it a member if needed; True if it was not one before."""
    return members.set_project_roles(conn, group_id, key_id, roles, now, kind=API_KEY)


remove_from_project = members.remove_from_project


def delete_key(conn: Connection, org_id: str, key_id: str) -> bool:
    """Remove the key with its memberships and its access list; False if it was already gone."""
    conn.execute(delete(org_members).where(org_members.c.member_id == key_id))
    conn.execute(delete(project_members).where(project_members.c.member_id == key_id))
    access_lists.remove_all(conn, key_id)
    result = conn.execute(delete(api_keys).where(api_keys.c.id == key_id, api_keys.c.org_id == org_id))
    return result.rowcount == 1
