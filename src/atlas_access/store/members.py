"""Users who are members of an organization or a project: who they are, their roles and teams.

Roles are JSON lists; the functions here read and replace them whole. Callers that must keep an
organization's last owner take the organization's row lock first (``directory.lock_org`` with ``Lock.CHANGE``).
"""

import functools
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Connection, delete, func, select, update

from atlas_access.core.members import USER, Member
from atlas_access.store import json_columns
from atlas_access.store.prepared import Prepared, Row, as_record, param, param_list
from atlas_access.store.tables import (
    org_members,
    project_members,
    project_teams,
    projects,
    team_members,
    teams,
    users,
)
from atlas_access.store.upsert import insert_if_absent

__all__ = ["USER", "Member"]

_USER_COLUMNS = (
    users.c.id,
    users.c.username,
    users.c.first_name,
    users.c.last_name,
    users.c.country,
    users.c.mobile_number,
    users.c.created_at,
    users.c.last_auth,
)
_PROJECT_ROLES_IN_ORG = Prepared(
    select(project_members.c.member_id, project_members.c.group_id, project_members.c.roles)
    .join(projects, projects.c.id == project_members.c.group_id)
    .where(projects.c.org_id == param("org"), project_members.c.member_id.in_(param_list("members")))
    .order_by(project_members.c.created_at, project_members.c.group_id)
)
_TEAMS_OF_USERS = Prepared(
    select(team_members.c.user_id, team_members.c.team_id)
    .join(teams, teams.c.id == team_members.c.team_id)
    .where(teams.c.org_id == param("org"), team_members.c.user_id.in_(param_list("members")))
    .order_by(teams.c.created_at, teams.c.id)
)
_ROLES_THROUGH_TEAMS = Prepared(
    select(team_members.c.user_id, project_teams.c.roles)
    .join(project_teams, project_teams.c.team_id == team_members.c.team_id)
    .where(project_teams.c.group_id == param("group"))
    .order_by(project_teams.c.created_at, project_teams.c.team_id)
)
_ORG_USERS_ROLES = Prepared(
    select(org_members.c.member_id, org_members.c.roles)
    .where(org_members.c.org_id == param("org"), org_members.c.member_kind == USER)
    .order_by(org_members.c.created_at, org_members.c.member_id)
)
_SET_ORG_ROLES = Prepared(
    update(org_members)
    .where(org_members.c.org_id == param("org"), org_members.c.member_id == param("member"))
    .values(roles=param("roles"))
)
_SET_PROJECT_ROLES = Prepared(
    update(project_members)
    .where(project_members.c.group_id == param("group"), project_members.c.member_id == param("member"))
    .values(roles=param("roles"))
)
_REMOVE_FROM_PROJECT = Prepared(
    delete(project_members).where(
        project_members.c.group_id == param("group"), project_members.c.member_id == param("member")
    )
)
_REMOVE_FROM_TEAM = Prepared(
    delete(team_members).where(team_members.c.team_id == param("team"), team_members.c.user_id == param("user"))
)
_REMOVE_FROM_ORG = Prepared(
    delete(org_members).where(org_members.c.org_id == param("org"), org_members.c.member_id == param("user"))
)
_LEAVE_ORG_PROJECTS = Prepared(
    delete(project_members).where(
        project_members.c.member_id == param("user"),
        project_members.c.group_id.in_(select(projects.c.id).where(projects.c.org_id == param("org"))),
    )
)
_LEAVE_ORG_TEAMS = Prepared(
    delete(team_members).where(
        team_members.c.user_id == param("user"),
        team_members.c.team_id.in_(select(teams.c.id).where(teams.c.org_id == param("org"))),
    )
)
_USER_EXISTS = Prepared(select(func.count()).select_from(users).where(users.c.id == param("user")))
_DESCRIBE_USER = Prepared(
    update(users)
    .where(users.c.id == param("user"))
    .values(country=param("country"), mobile_number=param("mobile_number"), last_auth=param("last_auth"))
)
_TOUCH_LAST_AUTH = Prepared(update(users).where(users.c.id == param("user")).values(last_auth=param("now")))


_MEMBERSHIPS = {"org": (org_members, org_members.c.org_id), "project": (project_members, project_members.c.group_id)}


@functools.cache
def _members_of(scope_kind: str, by_username: bool, by_id: bool) -> Prepared:
    """The users of one organization or project (the scope), with their roles there, narrowed as asked."""
    memberships, scope = _MEMBERSHIPS[scope_kind]
    query = (
        select(*_USER_COLUMNS, memberships.c.roles)
        .join(memberships, memberships.c.member_id == users.c.id)
        .where(scope == param("scope"), memberships.c.member_kind == USER)
    )
    if by_username:
        query = query.where(users.c.username == param("username"))
    if by_id:
        query = query.where(users.c.id == param("user"))
    return Prepared(query)


_ORG_MEMBERS_WITH_IDS = Prepared(
    select(*_USER_COLUMNS, org_members.c.roles)
    .join(org_members, org_members.c.member_id == users.c.id)
    .where(
        org_members.c.org_id == param("scope"),
        org_members.c.member_kind == USER,
        users.c.id.in_(param_list("users")),
    )
)


def _member_rows(conn: Connection, scope_kind: str, scope: str, username: str | None, user_id: str | None) -> list[Row]:
    statement = _members_of(scope_kind, username is not None, user_id is not None)
    return statement.rows(conn, scope=scope, username=username, user=user_id)


def _member(row: Row, group_roles: dict[str, tuple[str, ...]] | None = None, team_ids: tuple[str, ...] = ()) -> Member:
    roles = json_columns.load_strings(row["roles"])
    return as_record(Member, row, roles=roles, group_roles=group_roles or {}, team_ids=team_ids)


def project_roles_in_org(conn: Connection, org_id: str, member_ids: list[str]) -> dict[str, dict[str, tuple[str, ...]]]:
    """Each member's roles in the organization's projects (member id -> project id -> roles), oldest first."""
    group_roles: dict[str, dict[str, tuple[str, ...]]] = defaultdict(dict)
    for row in _PROJECT_ROLES_IN_ORG.rows(conn, org=org_id, members=member_ids):
        group_roles[row["member_id"]][row["group_id"]] = json_columns.load_strings(row["roles"])
    return group_roles


def org_members_of(
    conn: Connection, org_id: str, username: str | None = None, user_id: str | None = None
) -> list[Member]:
    """The organization's active users with org roles, project roles in its projects and its teams."""
    return _org_members(conn, org_id, _member_rows(conn, "org", org_id, username, user_id))


def org_members_with_ids(conn: Connection, org_id: str, user_ids: list[str]) -> list[Member]:
    """``org_members_of`` for these users only (those still members), in no particular order."""
    if not user_ids:
        return []
    return _org_members(conn, org_id, _ORG_MEMBERS_WITH_IDS.rows(conn, scope=org_id, users=user_ids))


def _org_members(conn: Connection, org_id: str, rows: list[Row]) -> list[Member]:
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    group_roles = project_roles_in_org(conn, org_id, ids)
    team_ids: dict[str, list[str]] = defaultdict(list)
    for row in _TEAMS_OF_USERS.rows(conn, org=org_id, members=ids):
        team_ids[row["user_id"]].append(row["team_id"])
    return [_member(row, group_roles.get(row["id"], {}), tuple(team_ids.get(row["id"], ()))) for row in rows]


def project_members_of(
    conn: Connection, group_id: str, username: str | None = None, user_id: str | None = None
) -> list[Member]:
    """The project's active users with their project roles."""
    return [_member(row) for row in _member_rows(conn, "project", group_id, username, user_id)]


def roles_through_teams(conn: Connection, group_id: str) -> dict[str, tuple[str, ...]]:
    """The project roles each user holds through the teams assigned to the project (in assignment order)."""
    held: dict[str, dict[str, None]] = {}
    for row in _ROLES_THROUGH_TEAMS.rows(conn, group=group_id):
        held.setdefault(row["user_id"], {}).update(dict.fromkeys(json_columns.load_strings(row["roles"])))
    return {user_id: tuple(roles) for user_id, roles in held.items()}


def org_users_with_role(conn: Connection, org_id: str, role: str) -> list[str]:
    """Ids of the organization's users that hold ``role``."""
    rows = _ORG_USERS_ROLES.rows(conn, org=org_id)
    return [row["member_id"] for row in rows if role in json_columns.load_strings(row["roles"])]


def oldest_org_user_with_role(conn: Connection, org_id: str, role: str) -> str | None:
    """The id of the organization's user who has held a membership longest among those with ``role``."""
    return next(iter(org_users_with_role(conn, org_id, role)), None)


# Membership writes serve every kind of member (users, API keys, service accounts): ``kind`` is written when the
# member joins.


def set_org_roles(conn: Connection, org_id: str, member_id: str, roles: Iterable[str]) -> None:
    _SET_ORG_ROLES.count(conn, org=org_id, member=member_id, roles=json_columns.dump(list(roles)))


def put_org_member(conn: Connection, org_id: str, member_id: str, roles: Iterable[str], now: int, *, kind: str) -> bool:
    """Replace the member's roles in the organization, making it a member if needed; True if it was not one."""
    values = {"org_id": org_id, "member_id": member_id, "member_kind": kind, "created_at": now}
    if insert_if_absent(conn, org_members, {**values, "roles": json_columns.dump(list(roles))}):
        return True
    set_org_roles(conn, org_id, member_id, roles)
    return False


def set_project_roles(
    conn: Connection, group_id: str, member_id: str, roles: Iterable[str], now: int, *, kind: str = USER
) -> bool:
    """Replace the member's roles in the project, making it a member if needed; True if it was not one before."""
    dumped = json_columns.dump(list(roles))
    values = {"group_id": group_id, "member_id": member_id, "member_kind": kind, "roles": dumped, "created_at": now}
    if insert_if_absent(conn, project_members, values):
        return True
    _SET_PROJECT_ROLES.count(conn, group=group_id, member=member_id, roles=dumped)
    return False


def replace_project_roles(conn: Connection, group_id: str, member_id: str, roles: Iterable[str]) -> bool:
    """Replace the member's roles in the project; False if it is not a member there."""
    dumped = json_columns.dump(list(roles))
    return _SET_PROJECT_ROLES.count(conn, group=group_id, member=member_id, roles=dumped) == 1


def remove_from_project(conn: Connection, group_id: str, member_id: str) -> bool:
    """End the membership of the project; False if there was none."""
    return _REMOVE_FROM_PROJECT.count(conn, group=group_id, member=member_id) == 1


def add_to_team(conn: Connection, team_id: str, user_id: str) -> bool:
    return insert_if_absent(conn, team_members, {"team_id": team_id, "user_id": user_id})


def remove_from_team(conn: Connection, team_id: str, user_id: str) -> bool:
    return _REMOVE_FROM_TEAM.count(conn, team=team_id, user=user_id) == 1


def remove_from_org(conn: Connection, org_id: str, user_id: str) -> bool:
    """End the membership: the org roles, the project roles in its projects and its teams. False if none."""
    if _REMOVE_FROM_ORG.count(conn, org=org_id, user=user_id) != 1:
        return False
    _LEAVE_ORG_PROJECTS.count(conn, org=org_id, user=user_id)
    _LEAVE_ORG_TEAMS.count(conn, org=org_id, user=user_id)
    return True


def user_exists(conn: Connection, user_id: str) -> bool:
    return bool(_USER_EXISTS.scalar(conn, user=user_id))


def describe_user(
    conn: Connection, user_id: str, country: str | None, mobile_number: str | None, last_auth: int | None
) -> None:
    _DESCRIBE_USER.count(conn, user=user_id, country=country, mobile_number=mobile_number, last_auth=last_auth)


def touch_last_auth(conn: Connection, user_id: str, now: int) -> None:
    _TOUCH_LAST_AUTH.count(conn, user=user_id, now=now)
