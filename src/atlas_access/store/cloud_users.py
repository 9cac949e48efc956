"""MongoDB Cloud users as the legacy users API sees them (``/api/atlas/v2/users``): the user, every organization
and project it holds roles in, its teams, the organizations that invited it, and the password hash of a user made
by ``createUser`` (``cloud_user_passwords``; the password itself is never stored)."""

from sqlalchemy import Connection, select

from atlas_access.core.invitations import State
from atlas_access.core.members import USER, Member
from atlas_access.store import json_columns
from atlas_access.store.prepared import Prepared, Row, as_record, param
from atlas_access.store.tables import (
    cloud_user_passwords,
    invitations,
    org_members,
    project_members,
    projects,
    team_members,
    users,
)
from atlas_access.store.upsert import insert

_COLUMNS = (
    users.c.id,
    users.c.username,
    users.c.first_name,
    users.c.last_name,
    users.c.country,
    users.c.mobile_number,
    users.c.created_at,
    users.c.last_auth,
)
_BY_ID = Prepared(select(*_COLUMNS).where(users.c.id == param("user")))
_BY_NAME = Prepared(select(*_COLUMNS).where(users.c.username == param("username")))
_ORG_ROLES = Prepared(
    select(org_members.c.org_id, org_members.c.roles)
    .where(org_members.c.member_id == param("user"), org_members.c.member_kind == USER)
    .order_by(org_members.c.created_at, org_members.c.org_id)
)
_PROJECT_ROLES = Prepared(
    select(project_members.c.group_id, project_members.c.roles, projects.c.org_id)
    .join(projects, projects.c.id == project_members.c.group_id)
    .where(project_members.c.member_id == param("user"), project_members.c.member_kind == USER)
    .order_by(project_members.c.created_at, project_members.c.group_id)
)
_TEAMS = Prepared(select(team_members.c.team_id).where(team_members.c.user_id == param("user")))
_INVITING_ORGS = Prepared(
    select(invitations.c.org_id).where(
        invitations.c.username == param("username"), invitations.c.state == State.PENDING.value
    )
)


def _member(conn: Connection, row: Row) -> Member:
    teams = tuple(sorted(found["team_id"] for found in _TEAMS.rows(conn, user=row["id"])))
    return as_record(Member, row, roles=(), group_roles={}, team_ids=teams)


def by_id(conn: Connection, user_id: str) -> Member | None:
    row = _BY_ID.first(conn, user=user_id)
    return None if row is None else _member(conn, row)


def by_username(conn: Connection, username: str) -> Member | None:
    row = _BY_NAME.first(conn, username=username)
    return None if row is None else _member(conn, row)


def org_roles(conn: Connection, user_id: str) -> list[tuple[str, tuple[str, ...]]]:
    """(organization id, roles) of every organization the user is a member of, oldest membership first."""
    return [(r["org_id"], json_columns.load_strings(r["roles"])) for r in _ORG_ROLES.rows(conn, user=user_id)]


def project_roles(conn: Connection, user_id: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """(project id, its organization's id, roles) of every project the user is a member of."""
    rows = _PROJECT_ROLES.rows(conn, user=user_id)
    return [(r["group_id"], r["org_id"], json_columns.load_strings(r["roles"])) for r in rows]


def inviting_orgs(conn: Connection, username: str) -> set[str]:
    """The organizations (and projects' organizations) with an invitation pending for this username."""
    return {r["org_id"] for r in _INVITING_ORGS.rows(conn, username=username)}


def set_password_hash(conn: Connection, user_id: str, password_hash: str) -> None:
    insert(conn, cloud_user_passwords, {"user_id": user_id, "password_hash": password_hash})
