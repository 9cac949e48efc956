"""Programmatic API keys as the Admin API shows them: the key row plus the roles its memberships hold.

A key belongs to one organization (``api_keys.org_id``). Its organization roles are its ``org_members`` row and
its project roles its ``project_members`` rows (``member_kind`` API_KEY), in projects of that organization.
Writes that change a key take its row first (``lock``), so that a key being deleted gains no membership meanwhile.
"""

from collections.abc import Iterable

from sqlalchemy import Connection, delete, select, update

from atlas_access.core.api_keys import ApiKey
from atlas_access.core.members import API_KEY
from atlas_access.store import access_lists, json_columns, members
from atlas_access.store.prepared import Prepared, Row, as_record, param, param_list
from atlas_access.store.row_locks import Lock, RowLock
from atlas_access.store.tables import api_keys, org_members, project_members
from atlas_access.store.upsert import insert

__all__ = ["ApiKey"]

_COLUMNS = (
    api_keys.c.id,
    api_keys.c.org_id,
    api_keys.c.public_key,
    api_keys.c.private_key_mask,
    api_keys.c.description,
    api_keys.c.created_at,
)
_BY_PUBLIC_KEY = (api_keys.c.public_key, api_keys.c.id)
_OF_ORG = Prepared(select(*_COLUMNS).where(api_keys.c.org_id == param("org")).order_by(*_BY_PUBLIC_KEY))
_OF_PROJECT = Prepared(
    select(*_COLUMNS)
    .join(project_members, project_members.c.member_id == api_keys.c.id)
    .where(
        project_members.c.group_id == param("group"),
        project_members.c.member_kind == API_KEY,
        api_keys.c.org_id == param("org"),
    )
    .order_by(*_BY_PUBLIC_KEY)
)
_FIND = Prepared(select(*_COLUMNS).where(api_keys.c.id == param("key"), api_keys.c.org_id == param("org")))
_ORG_ROLES = Prepared(
    select(org_members.c.member_id, org_members.c.roles).where(
        org_members.c.org_id == param("org"), org_members.c.member_id.in_(param_list("keys"))
    )
)
_SET_DESCRIPTION = Prepared(
    update(api_keys).where(api_keys.c.id == param("key")).values(description=param("description"))
)
_LEAVE_ORGS = Prepared(delete(org_members).where(org_members.c.member_id == param("key")))
_LEAVE_PROJECTS = Prepared(delete(project_members).where(project_members.c.member_id == param("key")))
_DELETE = Prepared(delete(api_keys).where(api_keys.c.id == param("key"), api_keys.c.org_id == param("org")))
_LOCK = RowLock(api_keys)


def _with_roles(conn: Connection, org_id: str, found: list[Row]) -> list[ApiKey]:
    if not found:
        return []
    ids = [row["id"] for row in found]
    org_roles = {
        row["member_id"]: json_columns.load_strings(row["roles"]) for row in _ORG_ROLES.rows(conn, org=org_id, keys=ids)
    }
    group_roles = members.project_roles_in_org(conn, org_id, ids)
    return [
        as_record(ApiKey, row, org_roles=org_roles.get(row["id"], ()), group_roles=dict(group_roles.get(row["id"], {})))
        for row in found
    ]


def of_org(conn: Connection, org_id: str) -> list[ApiKey]:
    """The organization's keys, by public key (the recorded order of ``listOrgApiKeys``)."""
    return _with_roles(conn, org_id, _OF_ORG.rows(conn, org=org_id))


def of_project(conn: Connection, org_id: str, group_id: str) -> list[ApiKey]:
    """The keys with roles of their own in the project, by public key (the recorded order of ``listGroupApiKeys``)."""
    return _with_roles(conn, org_id, _OF_PROJECT.rows(conn, org=org_id, group=group_id))


def find(conn: Connection, org_id: str, key_id: str) -> ApiKey | None:
    """The organization's key with this id; None if there is none (or it belongs to another organization)."""
    found = _with_roles(conn, org_id, _FIND.rows(conn, org=org_id, key=key_id))
    return found[0] if found else None


def add(
    conn: Connection,
    key: ApiKey,
    ha1_sealed: str,
) -> None:
    """Store a new key (its roles are given by ``set_org_roles`` and ``set_project_roles``). ``ha1_sealed``, its
    HA1 sealed with the credential key (``server.auth.ha1_seal``), is all Digest needs: the private key itself is
    never stored, nor HA1 in clear."""
    values = {
        "id": key.id,
        "org_id": key.org_id,
        "public_key": key.public_key,
        "ha1_sealed": ha1_sealed,
        "private_key_mask": key.private_key_mask,
        "description": key.description,
        "created_at": key.created_at,
    }
    insert(conn, api_keys, values)


def lock(conn: Connection, key_id: str, mode: Lock = Lock.DELETE) -> bool:
    """Take the key's row lock (PostgreSQL; SQLite writes are serial); False if the key is gone. Any change of
    the key, its roles or its access list takes it outright (``Lock.DELETE``), so that it waits for a delete."""
    return _LOCK.take(conn, key_id, mode)


def set_description(conn: Connection, key_id: str, description: str) -> None:
    _SET_DESCRIPTION.count(conn, key=key_id, description=description)


def set_org_roles(conn: Connection, org_id: str, key_id: str, roles: Iterable[str], now: int) -> None:
    """Replace the key's organization roles (making it a member of the organization if it was not one)."""
    members.put_org_member(conn, org_id, key_id, roles, now, kind=API_KEY)


def set_project_roles(conn: Connection, group_id: str, key_id: str, roles: Iterable[str], now: int) -> bool:
    """Replace the key's roles in the project, making it a member if needed; True if it was not one before."""
    return members.set_project_roles(conn, group_id, key_id, roles, now, kind=API_KEY)


remove_from_project = members.remove_from_project


def delete_key(conn: Connection, org_id: str, key_id: str) -> bool:
    """Remove the key with its memberships and its access list; False if it was already gone."""
    _LEAVE_ORGS.count(conn, key=key_id)
    _LEAVE_PROJECTS.count(conn, key=key_id)
    access_lists.remove_all(conn, key_id)
    return _DELETE.count(conn, key=key_id, org=org_id) == 1
