"""Users who are members of an organization or a project: who they are, their roles and teams.

Roles are JSON lists; the functions here read and replace them whole. Callers that must keep an
organization's last owner take the organization's row lock first (``lock_org``).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Connection, Select, delete, func, select, update

from atlas_access.store import json_columns
from atlas_access.store.tables import (
    org_members,
    organizations,
    project_members,
    project_teams,
    projects,
    team_members,
    teams,
    users,
)
from atlas_access.store.upsert import insert_if_absent

USER = "USER"
_Query = TypeVar("_Query", bound=Select[Any])


@dataclass(frozen=True, slots=True)
class Member:
    """An active user of an organization (or a project), with what it holds there."""

    id: str
    username: str
    first_name: str
    last_name: str
    country: str | None
    mobile_number: str | None
    created_at: int
    last_auth: int | None
    roles: tuple[str, ...]  # organization roles, or project roles for a project's member
    group_roles: dict[str, tuple[str, ...]] = field(default_factory=dict)  # project id -> roles, in the org
    team_ids: tuple[str, ...] = ()


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


def _narrowed(query: _Query, username: str | None, user_id: str | None) -> _Query:
    """Only the user with this username or id, when given."""
    if username is not None:
        query = query.where(users.c.username == username)
    if user_id is not None:
        query = query.where(users.c.id == user_id)
    return query


def lock_org(conn: Connection, org_id: str) -> None:
    """Serialise changes to an organization's owners (a row lock on PostgreSQL; SQLite writes are serial).

    ``FOR NO KEY UPDATE``: it serialises owner changes among themselves without conflicting with the key-share
    lock every write in the organization already holds (two such writes upgrading to ``FOR UPDATE`` would
    deadlock)."""
    conn.execute(select(organizations.c.id).where(organizations.c.id == org_id).with_for_update(key_share=True))


def project_roles_in_org(conn: Connection, org_id: str, member_ids: list[str]) -> dict[str, dict[str, tuple[str, ...]]]:
    """Each member's roles in the organization's projects (member id -> project id -> roles), oldest first."""
    group_roles: dict[str, dict[str, tuple[str, ...]]] = defaultdict(dict)
    for member_id, group_id, roles in conn.execute(
        select(project_members.c.member_id, project_members.c.group_id, project_members.c.roles)
        .join(projects, projects.c.id == project_members.c.group_id)
        .where(projects.c.org_id == org_id, project_members.c.member_id.in_(member_ids))
        .order_by(project_members.c.created_at, project_members.c.group_id)
    ):
        group_roles[member_id][group_id] = json_columns.load_strings(roles)
    return group_roles


def org_members_of(
    conn: Connection, org_id: str, username: str | None = None, user_id: str | None = None
) -> list[Member]:
    """The organization's active users with org roles, project roles in its projects and its teams."""
    query = (
        select(*_USER_COLUMNS, org_members.c.roles)
        .join(org_members, org_members.c.member_id == users.c.id)
        .where(org_members.c.org_id == org_id, org_members.c.member_kind == USER)
    )
    rows = conn.execute(_narrowed(query, username, user_id)).all()
    if not rows:
        return []
    ids = [row[0] for row in rows]
    group_roles = project_roles_in_org(conn, org_id, ids)
    team_ids: dict[str, list[str]] = defaultdict(list)
    for user_id_, team_id in conn.execute(
        select(team_members.c.user_id, team_members.c.team_id)
        .join(teams, teams.c.id == team_members.c.team_id)
        .where(teams.c.org_id == org_id, team_members.c.user_id.in_(ids))
        .order_by(teams.c.created_at, teams.c.id)
    ):
        team_ids[user_id_].append(team_id)
    return [
        Member(
            *row[:8],
            roles=json_columns.load_strings(row[8]),
            group_roles=group_roles.get(row[0], {}),
            team_ids=tuple(team_ids.get(row[0], ())),
        )
        for row in rows
    ]


def project_members_of(
    conn: Connection, group_id: str, username: str | None = None, user_id: str | None = None
) -> list[Member]:
    """The project's active users with their project roles."""
    query = (
        select(*_USER_COLUMNS, project_members.c.roles)
        .join(project_members, project_members.c.member_id == users.c.id)
        .where(project_members.c.group_id == group_id, project_members.c.member_kind == USER)
    )
    return [
        Member(*row[:8], roles=json_columns.load_strings(row[8]))
        for row in conn.execute(_narrowed(query, username, user_id))
    ]


def roles_through_teams(conn: Connection, group_id: str) -> dict[str, tuple[str, ...]]:
    """The project roles each user holds through the teams assigned to the project (in assignment order)."""
    rows = conn.execute(
        select(team_members.c.user_id, project_teams.c.roles)
        .join(project_teams, project_teams.c.team_id == team_members.c.team_id)
        .where(project_teams.c.group_id == group_id)
        .order_by(project_teams.c.created_at, project_teams.c.team_id)
    )
    held: dict[str, dict[str, None]] = {}
    for user_id, roles in rows:
        held.setdefault(user_id, {}).update(dict.fromkeys(json_columns.load_strings(roles)))
    return {user_id: tuple(roles) for user_id, roles in held.items()}


def org_users_with_role(conn: Connection, org_id: str, role: str) -> list[str]:
    """Ids of the organization's users that hold ``role``."""
    rows = conn.execute(
        select(org_members.c.member_id, org_members.c.roles).where(
            org_members.c.org_id == org_id, org_members.c.member_kind == USER
        )
    )
    return [member_id for member_id, roles in rows if role in json_columns.load_strings(roles)]


def oldest_org_user_with_role(conn: Connection, org_id: str, role: str) -> str | None:
    """The id of the organization's user who has held a membership longest among those with ``role``."""
    rows = conn.execute(
        select(org_members.c.member_id, org_members.c.roles)
        .where(org_members.c.org_id == org_id, org_members.c.member_kind == USER)
        .order_by(org_members.c.created_at, org_members.c.member_id)
    )
    return next((member_id for member_id, roles in rows if role in json_columns.load_strings(roles)), None)


# Membership writes serve every kind of member (users, API keys, service accounts): ``kind`` is written when the
# member joins.


def set_org_roles(conn: Connection, org_id: str, member_id: str, roles: Iterable[str]) -> None:
    conn.execute(
        update(org_members)
        .where(org_members.c.org_id == org_id, org_members.c.member_id == member_id)
        .values(roles=json_columns.dump(list(roles)))
    )


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
    conn.execute(
        update(project_members)
        .where(project_members.c.group_id == group_id, project_members.c.member_id == member_id)
        .values(roles=dumped)
    )
    return False


def remove_from_project(conn: Connection, group_id: str, member_id: str) -> bool:
    """End the membership of the project; False if there was none."""
    result = conn.execute(
        delete(project_members).where(project_members.c.group_id == group_id, project_members.c.member_id == member_id)
    )
    return result.rowcount == 1


def add_to_team(conn: Connection, team_id: str, user_id: str) -> bool:
    return insert_if_absent(conn, team_members, {"team_id": team_id, "user_id": user_id})


def remove_from_team(conn: Connection, team_id: str, user_id: str) -> bool:
    result = conn.execute(
        delete(team_members).where(team_members.c.team_id == team_id, team_members.c.user_id == user_id)
    )
    return result.rowcount == 1


def remove_from_org(conn: Connection, org_id: str, user_id: str) -> bool:
    """End the membership: the org roles, the project roles in its projects and its teams. False if none."""
    removed = conn.execute(
        delete(org_members).where(org_members.c.org_id == org_id, org_members.c.member_id == user_id)
    ).rowcount
    if removed != 1:
        return False
    org_projects = select(projects.c.id).where(projects.c.org_id == org_id)
    conn.execute(
        delete(project_members).where(
            project_members.c.member_id == user_id, project_members.c.group_id.in_(org_projects)
        )
    )
    org_teams = select(teams.c.id).where(teams.c.org_id == org_id)
    conn.execute(delete(team_members).where(team_members.c.user_id == user_id, team_members.c.team_id.in_(org_teams)))
    return True


def user_exists(conn: Connection, user_id: str) -> bool:
    return bool(conn.execute(select(func.count()).select_from(users).where(users.c.id == user_id)).scalar_one())


def describe_user(
    conn: Connection, user_id: str, country: str | None, mobile_number: str | None, last_auth: int | None
) -> None:
    conn.execute(
        update(users)
        .where(users.c.id == user_id)
        .values(country=country, mobile_number=mobile_number, last_auth=last_auth)
    )


def touch_last_auth(conn: Connection, user_id: str, now: int) -> None:
    conn.execute(update(users).where(users.c.id == user_id).values(last_auth=now))
