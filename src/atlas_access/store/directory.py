"""Organizations, projects, users and who is a member of what, with which roles."""

import functools
from typing import Any

from sqlalchemy import Connection, and_, delete, exists, or_, select, update

from atlas_access.core.directory import Org, Project, ProjectWithRoles, Tag
from atlas_access.core.members import API_KEY, SERVICE_ACCOUNT, USER
from atlas_access.store import json_columns, members
from atlas_access.store.changes import Change, guarded
from atlas_access.store.prepared import Prepared, Row, as_record, param
from atlas_access.store.row_locks import Lock, RowLock
from atlas_access.store.tables import (
    api_keys,
    custom_db_roles,
    database_users,
    invitations,
    ldap_verify_requests,
    org_members,
    organizations,
    project_access_list,
    project_audit_logs,
    project_cas,
    project_limits,
    project_members,
    project_settings,
    project_teams,
    projects,
    role_mapping_grants,
    teams,
    user_certificates,
    user_security,
    users,
)
from atlas_access.store.upsert import insert, insert_if_absent

__all__ = [
    "API_KEY",
    "SERVICE_ACCOUNT",
    "USER",
    "Org",
    "Project",
    "ProjectWithRoles",
    "Tag",
]

_OM = org_members.alias("om")
_PM = project_members.alias("pm")

_ORG_WITH_ROLES = Prepared(
    select(
        organizations.c.id,
        organizations.c.name,
        _OM.c.roles.label("org_roles"),
        organizations.c.skip_default_alerts,
    )
    .select_from(
        organizations.outerjoin(_OM, and_(_OM.c.org_id == organizations.c.id, _OM.c.member_id == param("member")))
    )
    .where(organizations.c.id == param("org"))
)
_PROJECT_COLUMNS = (
    projects.c.id,
    projects.c.name,
    projects.c.org_id,
    organizations.c.name.label("org_name"),
    projects.c.created_at,
    _OM.c.roles.label("org_roles"),
    _PM.c.roles.label("group_roles"),
    projects.c.tags,
    projects.c.with_default_alerts,
)
_PROJECTS_WITH_ROLES = (
    projects.join(organizations, organizations.c.id == projects.c.org_id)
    .outerjoin(_OM, and_(_OM.c.org_id == projects.c.org_id, _OM.c.member_id == param("member")))
    .outerjoin(_PM, and_(_PM.c.group_id == projects.c.id, _PM.c.member_id == param("member")))
)
_PROJECT_WITH_ROLES = Prepared(
    select(*_PROJECT_COLUMNS).select_from(_PROJECTS_WITH_ROLES).where(projects.c.id == param("group"))
)
_PROJECTS_NAMED = Prepared(
    select(*_PROJECT_COLUMNS)
    .select_from(_PROJECTS_WITH_ROLES)
    .where(projects.c.name == param("name"))
    .order_by(projects.c.id)
)
# Candidates for a member's project lists: projects of its organizations and projects it is a member of.
_PROJECTS_OF_MEMBER = Prepared(
    select(*_PROJECT_COLUMNS)
    .select_from(_PROJECTS_WITH_ROLES)
    .where(or_(_OM.c.roles.is_not(None), _PM.c.roles.is_not(None)))
)
_ORGS_OF_MEMBER = Prepared(
    select(organizations.c.id, organizations.c.name, organizations.c.skip_default_alerts)
    .join(org_members, org_members.c.org_id == organizations.c.id)
    .where(org_members.c.member_id == param("member"))
)
_ORG_ROLES = Prepared(
    select(org_members.c.roles).where(org_members.c.org_id == param("org"), org_members.c.member_id == param("member"))
)
_PROJECT_ROLES = Prepared(
    select(project_members.c.roles).where(
        project_members.c.group_id == param("group"), project_members.c.member_id == param("member")
    )
)
_USER_BY_NAME = Prepared(select(users.c.id).where(users.c.username == param("username")))
_ORG_MEMBER_BY_NAME = Prepared(
    select(org_members.c.member_id)
    .join(users, users.c.id == org_members.c.member_id)
    .where(org_members.c.org_id == param("org"), users.c.username == param("username"))
)
_PROJECT_MEMBER_BY_NAME = Prepared(
    select(project_members.c.member_id)
    .join(users, users.c.id == project_members.c.member_id)
    .where(project_members.c.group_id == param("group"), users.c.username == param("username"))
)
_TEAM_ORG = Prepared(select(teams.c.org_id).where(teams.c.id == param("team")))
_PROJECT_ORG = Prepared(select(projects.c.org_id).where(projects.c.id == param("group")))
_ANY_ORG = Prepared(select(exists().where(organizations.c.id.is_not(None))))
_ID_IN_USE = Prepared(
    select(
        exists().where(organizations.c.id == param("id"))
        | exists().where(projects.c.id == param("id"))
        | exists().where(teams.c.id == param("id"))
        | exists().where(api_keys.c.id == param("id"))
    )
)
_UPDATE_PROJECT = Prepared(
    update(projects)
    .where(projects.c.id == param("id"))
    .values(name=param("name"), tags=param("tags"), with_default_alerts=param("with_default_alerts"))
)
_DELETE_PROJECT = (
    Prepared(delete(role_mapping_grants).where(role_mapping_grants.c.group_id == param("group"))),
    Prepared(delete(project_members).where(project_members.c.group_id == param("group"))),
    Prepared(delete(project_teams).where(project_teams.c.group_id == param("group"))),
    Prepared(delete(invitations).where(invitations.c.group_id == param("group"))),
    Prepared(delete(project_access_list).where(project_access_list.c.group_id == param("group"))),
    Prepared(delete(project_audit_logs).where(project_audit_logs.c.group_id == param("group"))),
    Prepared(delete(project_settings).where(project_settings.c.group_id == param("group"))),
    Prepared(delete(user_certificates).where(user_certificates.c.group_id == param("group"))),
    Prepared(delete(project_cas).where(project_cas.c.group_id == param("group"))),
    Prepared(delete(ldap_verify_requests).where(ldap_verify_requests.c.group_id == param("group"))),
    Prepared(delete(user_security).where(user_security.c.group_id == param("group"))),
    Prepared(delete(database_users).where(database_users.c.group_id == param("group"))),
    Prepared(delete(custom_db_roles).where(custom_db_roles.c.group_id == param("group"))),
    Prepared(delete(project_limits).where(project_limits.c.group_id == param("group"))),
)
_DELETE_PROJECT_ROW = Prepared(delete(projects).where(projects.c.id == param("group")))


def _roles(text: str | None) -> frozenset[str] | None:
    return None if text is None else _role_set(text)


@functools.lru_cache(maxsize=1024)
def _role_set(text: str) -> frozenset[str]:
    """Decoded once per distinct text: every request's role check reads the caller's roles."""
    return frozenset(json_columns.load_strings(text))


def org_with_roles(conn: Connection, org_id: str, member_id: str) -> tuple[Org, frozenset[str] | None] | None:
    """The organization and the member's roles in it (None when not a member); None if no such org."""
    row = _ORG_WITH_ROLES.first(conn, org=org_id, member=member_id)
    if row is None:
        return None
    return _org(row), _roles(row["org_roles"])


def _org(row: Row) -> Org:
    return Org(row["id"], row["name"], bool(row["skip_default_alerts"]))


def _project_with_roles(row: Row) -> ProjectWithRoles:
    project = as_record(Project, row, tags=load_tags(row["tags"]), with_default_alerts=bool(row["with_default_alerts"]))
    return project, _roles(row["org_roles"]), _roles(row["group_roles"])


def project_with_roles(conn: Connection, group_id: str, member_id: str) -> ProjectWithRoles | None:
    """The project, the member's org roles and project roles; None if no such project."""
    row = _PROJECT_WITH_ROLES.first(conn, group=group_id, member=member_id)
    return None if row is None else _project_with_roles(row)


def projects_named(conn: Connection, name: str, member_id: str) -> list[ProjectWithRoles]:
    """Every project with this exact name (names are unique within an organization only), with the member's roles."""
    return [_project_with_roles(row) for row in _PROJECTS_NAMED.rows(conn, name=name, member=member_id)]


# Lists are in code-point order of the name, then id, as MongoDB Cloud's (recorded: "Atlas CLI E2E",
# "AutogeneratedCommands-e2e-424", "accessList-e2e-149"); sorted here so every database engine agrees.


def projects_of_member(conn: Connection, member_id: str) -> list[ProjectWithRoles]:
    """The projects of the member's organizations and those it is a member of, by name, with its roles there."""
    found = [_project_with_roles(row) for row in _PROJECTS_OF_MEMBER.rows(conn, member=member_id)]
    return sorted(found, key=lambda one: (one[0].name, one[0].id))


def orgs_of_member(conn: Connection, member_id: str) -> list[Org]:
    """The organizations the member holds a role in, by name."""
    return sorted(map(_org, _ORGS_OF_MEMBER.rows(conn, member=member_id)), key=_by_name)


def _by_name(org: Org) -> tuple[str, str]:
    return org.name, org.id


def any_org(conn: Connection) -> bool:
    """Whether the database holds any organization."""
    return bool(_ANY_ORG.scalar(conn))


def id_in_use(conn: Connection, resource_id: str) -> bool:
    """Whether an organization, a project, a team or an API key has this id."""
    return bool(_ID_IN_USE.scalar(conn, id=resource_id))


def create_org(conn: Connection, org_id: str, name: str, now: int, *, skip_default_alerts: bool = False) -> Org:
    values = {"id": org_id, "name": name, "created_at": now, "skip_default_alerts": int(skip_default_alerts)}
    insert(conn, organizations, values)
    return Org(org_id, name, skip_default_alerts)


def create_project(conn: Connection, group_id: str, org: Org, name: str, now: int) -> Project:
    project = Project(group_id, name, org.id, org.name, now)
    insert(conn, projects, _project_row(project))
    return project


def load_tags(text: str | None) -> tuple[Tag, ...]:
    return tuple((item["key"], item["value"]) for item in json_columns.load(text))


def dump_tags(tags: tuple[Tag, ...]) -> str:
    return json_columns.dump([{"key": key, "value": value} for key, value in tags])


def _project_row(project: Project) -> dict[str, Any]:
    return {
        "id": project.id,
        "org_id": project.org_id,
        "name": project.name,
        "created_at": project.created_at,
        "tags": dump_tags(project.tags),
        "with_default_alerts": int(project.with_default_alerts),
    }


def insert_project(conn: Connection, project: Project) -> bool:
    """Create the project unless its organization already has one of that name (the unique index decides,
    so two racing creators cannot both win); True when created."""
    return insert_if_absent(conn, projects, _project_row(project))


_ORG_LOCK = RowLock(organizations)
_PROJECT_LOCK = RowLock(projects)


def lock_org(conn: Connection, org_id: str, mode: Lock) -> bool:
    """Take the organization's row lock (PostgreSQL); False if it is gone.

    Every write in the organization keeps it (``Lock.KEEP``), so that the organization cannot be deleted under it;
    a change of its owners takes ``Lock.CHANGE``; ``deleteOrg`` takes ``Lock.DELETE``.
    """
    return _ORG_LOCK.take(conn, org_id, mode)


def lock_project(conn: Connection, group_id: str, mode: Lock) -> bool:
    """Take the project's row lock (PostgreSQL); False if it is gone.

    Every write under the project keeps it (``Lock.KEEP``): it keeps the project from being deleted until the
    write commits, while other writes under it go on in parallel; ``deleteGroup`` takes ``Lock.DELETE``.
    """
    return _PROJECT_LOCK.take(conn, group_id, mode)


def update_project(conn: Connection, project: Project) -> Change:
    """Write the project's name, tags and alert flag: GONE if the project is gone, TAKEN (and nothing changes) if
    another project of the organization holds the name."""
    return guarded(
        conn,
        _UPDATE_PROJECT,
        id=project.id,
        name=project.name,
        tags=dump_tags(project.tags),
        with_default_alerts=int(project.with_default_alerts),
    )


def delete_project(conn: Connection, group_id: str) -> bool:
    """Remove the project with its memberships and its project invitations; False if it was already gone."""
    for statement in _DELETE_PROJECT:
        statement.count(conn, group=group_id)
    return _DELETE_PROJECT_ROW.count(conn, group=group_id) == 1


def org_roles(conn: Connection, org_id: str, member_id: str) -> frozenset[str] | None:
    return _roles(_ORG_ROLES.scalar(conn, org=org_id, member=member_id))


def project_roles(conn: Connection, group_id: str, member_id: str) -> frozenset[str] | None:
    return _roles(_PROJECT_ROLES.scalar(conn, group=group_id, member=member_id))


def _merged(held: frozenset[str] | None, roles: tuple[str, ...]) -> tuple[str, ...]:
    kept = tuple(sorted(held or ()))
    return kept + tuple(r for r in roles if r not in kept)


def grant_org_roles(conn: Connection, org_id: str, member_id: str, kind: str, roles: tuple[str, ...], now: int) -> None:
    """Make ``member_id`` an organization member, or add ``roles`` to the roles it has."""
    values = {"org_id": org_id, "member_id": member_id, "member_kind": kind, "created_at": now}
    if not insert_if_absent(conn, org_members, {**values, "roles": json_columns.dump(roles)}):
        members.set_org_roles(conn, org_id, member_id, _merged(org_roles(conn, org_id, member_id), roles))


def grant_project_roles(
    conn: Connection, group_id: str, member_id: str, kind: str, roles: tuple[str, ...], now: int
) -> None:
    """Make ``member_id`` a project member, or add ``roles`` to the roles it has."""
    values = {"group_id": group_id, "member_id": member_id, "member_kind": kind, "created_at": now}
    if not insert_if_absent(conn, project_members, {**values, "roles": json_columns.dump(roles)}):
        members.replace_project_roles(
            conn, group_id, member_id, _merged(project_roles(conn, group_id, member_id), roles)
        )


def user_id_by_username(conn: Connection, username: str) -> str | None:
    value: str | None = _USER_BY_NAME.scalar(conn, username=username)
    return value


def ensure_user(conn: Connection, user_id: str, username: str, first: str, last: str, now: int) -> str:
    """The id of the user with this username, creating it if needed."""
    values = {"id": user_id, "username": username, "first_name": first, "last_name": last, "created_at": now}
    insert_if_absent(conn, users, values)
    existing = user_id_by_username(conn, username)
    assert existing is not None
    return existing


def is_active_org_member(conn: Connection, org_id: str, username: str) -> bool:
    return _ORG_MEMBER_BY_NAME.first(conn, org=org_id, username=username) is not None


def is_active_project_member(conn: Connection, group_id: str, username: str) -> bool:
    return _PROJECT_MEMBER_BY_NAME.first(conn, group=group_id, username=username) is not None


def existing_projects_of_org(conn: Connection, org_id: str, group_ids: tuple[str, ...]) -> set[str]:
    return {group_id for group_id in set(group_ids) if _PROJECT_ORG.scalar(conn, group=group_id) == org_id}


def existing_teams_of_org(conn: Connection, org_id: str, team_ids: tuple[str, ...]) -> set[str]:
    return {team_id for team_id in set(team_ids) if _TEAM_ORG.scalar(conn, team=team_id) == org_id}
