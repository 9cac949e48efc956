"""Organizations, projects, users and who is a member of what, with which roles."""

from dataclasses import dataclass

from sqlalchemy import Connection, and_, bindparam, select, update

from atlas_access.store import json_columns
from atlas_access.store.tables import (
    org_members,
    organizations,
    project_members,
    projects,
    team_members,
    teams,
    users,
)
from atlas_access.store.upsert import insert_if_absent

USER = "USER"
API_KEY = "API_KEY"
SERVICE_ACCOUNT = "SERVICE_ACCOUNT"


@dataclass(frozen=True, slots=True)
class Org:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Project:
    id: str
    name: str
    org_id: str
    org_name: str


_OM = org_members.alias("om")
_PM = project_members.alias("pm")

_ORG_WITH_ROLES = (
    select(organizations.c.id, organizations.c.name, _OM.c.roles)
    .select_from(
        organizations.outerjoin(_OM, and_(_OM.c.org_id == organizations.c.id, _OM.c.member_id == bindparam("member")))
    )
    .where(organizations.c.id == bindparam("org"))
)

_PROJECT_WITH_ROLES = (
    select(
        projects.c.id,
        projects.c.name,
        projects.c.org_id,
        organizations.c.name.label("org_name"),
        _OM.c.roles.label("org_roles"),
        _PM.c.roles.label("group_roles"),
    )
    .select_from(
        projects.join(organizations, organizations.c.id == projects.c.org_id)
        .outerjoin(_OM, and_(_OM.c.org_id == projects.c.org_id, _OM.c.member_id == bindparam("member")))
        .outerjoin(_PM, and_(_PM.c.group_id == projects.c.id, _PM.c.member_id == bindparam("member")))
    )
    .where(projects.c.id == bindparam("group"))
)


def _roles(text: str | None) -> frozenset[str] | None:
    return None if text is None else frozenset(json_columns.load_strings(text))


def org_with_roles(conn: Connection, org_id: str, member_id: str) -> tuple[Org, frozenset[str] | None] | None:
    """The organization and the member's roles in it (None when not a member); None if no such org."""
    row = conn.execute(_ORG_WITH_ROLES, {"org": org_id, "member": member_id}).first()
    if row is None:
        return None
    return Org(row.id, row.name), _roles(row.roles)


def project_with_roles(
    conn: Connection, group_id: str, member_id: str
) -> tuple[Project, frozenset[str] | None, frozenset[str] | None] | None:
    """The project, the member's org roles and project roles; None if no such project."""
    row = conn.execute(_PROJECT_WITH_ROLES, {"group": group_id, "member": member_id}).first()
    if row is None:
        return None
    project = Project(row.id, row.name, row.org_id, row.org_name)
    return project, _roles(row.org_roles), _roles(row.group_roles)


def create_org(conn: Connection, org_id: str, name: str, now: int) -> Org:
    conn.execute(organizations.insert().values(id=org_id, name=name, created_at=now))
    return Org(org_id, name)


def create_project(conn: Connection, group_id: str, org: Org, name: str, now: int) -> Project:
    conn.execute(projects.insert().values(id=group_id, org_id=org.id, name=name, created_at=now))
    return Project(group_id, name, org.id, org.name)


def org_roles(conn: Connection, org_id: str, member_id: str) -> frozenset[str] | None:
    row = conn.execute(
        select(org_members.c.roles).where(org_members.c.org_id == org_id, org_members.c.member_id == member_id)
    ).first()
    return None if row is None else _roles(row.roles)


def project_roles(conn: Connection, group_id: str, member_id: str) -> frozenset[str] | None:
    row = conn.execute(
        select(project_members.c.roles).where(
            project_members.c.group_id == group_id, project_members.c.member_id == member_id
        )
    ).first()
    return None if row is None else _roles(row.roles)


def grant_org_roles(conn: Connection, org_id: str, member_id: str, kind: str, roles: tuple[str, ...], now: int) -> None:
    """Make ``member_id`` an organization member, or add ``roles`` to the roles it has."""
    values = {"org_id": org_id, "member_id": member_id, "member_kind": kind, "created_at": now}
    if insert_if_absent(conn, org_members, {**values, "roles": json_columns.dump(roles)}):
        return
    held = org_roles(conn, org_id, member_id) or frozenset()
    merged = tuple(sorted(held)) + tuple(r for r in roles if r not in held)
    conn.execute(
        update(org_members)
        .where(org_members.c.org_id == org_id, org_members.c.member_id == member_id)
        .values(roles=json_columns.dump(merged))
    )


def grant_project_roles(
    conn: Connection, group_id: str, member_id: str, kind: str, roles: tuple[str, ...], now: int
) -> None:
    """Make ``member_id`` a project member, or add ``roles`` to the roles it has."""
    values = {"group_id": group_id, "member_id": member_id, "member_kind": kind, "created_at": now}
    if insert_if_absent(conn, project_members, {**values, "roles": json_columns.dump(roles)}):
        return
    held = project_roles(conn, group_id, member_id) or frozenset()
    merged = tuple(sorted(held)) + tuple(r for r in roles if r not in held)
    conn.execute(
        update(project_members)
        .where(project_members.c.group_id == group_id, project_members.c.member_id == member_id)
        .values(roles=json_columns.dump(merged))
    )


def user_id_by_username(conn: Connection, username: str) -> str | None:
    value: str | None = conn.execute(select(users.c.id).where(users.c.username == username)).scalar()
    return value


def ensure_user(conn: Connection, user_id: str, username: str, first: str, last: str, now: int) -> str:
    """The id of the user with this username, creating it if needed."""
    values = {"id": user_id, "username": username, "first_name": first, "last_name": last, "created_at": now}
    insert_if_absent(conn, users, values)
    existing = user_id_by_username(conn, username)
    assert existing is not None
    return existing


def is_active_org_member(conn: Connection, org_id: str, username: str) -> bool:
    statement = (
        select(org_members.c.member_id)
        .join(users, users.c.id == org_members.c.member_id)
        .where(org_members.c.org_id == org_id, users.c.username == username)
    )
    return conn.execute(statement).first() is not None


def is_active_project_member(conn: Connection, group_id: str, username: str) -> bool:
    statement = (
        select(project_members.c.member_id)
        .join(users, users.c.id == project_members.c.member_id)
        .where(project_members.c.group_id == group_id, users.c.username == username)
    )
    return conn.execute(statement).first() is not None


def existing_projects_of_org(conn: Connection, org_id: str, group_ids: tuple[str, ...]) -> set[str]:
    if not group_ids:
        return set()
    rows = conn.execute(select(projects.c.id).where(projects.c.org_id == org_id, projects.c.id.in_(group_ids)))
    return {row.id for row in rows}


def existing_teams_of_org(conn: Connection, org_id: str, team_ids: tuple[str, ...]) -> set[str]:
    if not team_ids:
        return set()
    rows = conn.execute(select(teams.c.id).where(teams.c.org_id == org_id, teams.c.id.in_(team_ids)))
    return {row.id for row in rows}


def add_to_teams(conn: Connection, user_id: str, team_ids: tuple[str, ...]) -> None:
    """Add a user to those of ``team_ids`` that still exist."""
    for team_id in team_ids:
        if conn.execute(select(teams.c.id).where(teams.c.id == team_id)).first() is not None:
            insert_if_absent(conn, team_members, {"team_id": team_id, "user_id": user_id})
