"""Teams of an organization, who is in them, and the projects they are assigned to (``project_teams``).

A team's name is unique within its organization, and the database holds that rule (the unique index on
``teams(org_id, name)``): a create claims the name with ``INSERT ... ON CONFLICT DO NOTHING``, a rename raises the
database's refusal, which ``rename`` answers as ``Change.TAKEN``. Writes that insert rows referring to a team
(members, project assignments) take the team's row with a key-share lock first (``lock``), and a delete takes it
outright, so that on PostgreSQL a delete and such a write wait for each other instead of one failing on a foreign
key.
"""

from sqlalchemy import Connection, delete, exists, select, update

from atlas_access.core.teams import Assignment, Team
from atlas_access.store import json_columns
from atlas_access.store.changes import Change, guarded
from atlas_access.store.prepared import Prepared, Row, param
from atlas_access.store.row_locks import Lock, RowLock
from atlas_access.store.tables import project_teams, team_members, teams, users
from atlas_access.store.upsert import insert_if_absent

__all__ = ["Assignment", "Team"]

_TEAM_COLUMNS = (teams.c.id, teams.c.org_id, teams.c.name, teams.c.created_at)
_BY_ID = Prepared(select(*_TEAM_COLUMNS).where(teams.c.id == param("team")))
_BY_NAME = Prepared(select(*_TEAM_COLUMNS).where(teams.c.org_id == param("org"), teams.c.name == param("name")))
_OF_ORG = Prepared(select(*_TEAM_COLUMNS).where(teams.c.org_id == param("org")))
_LOCK = RowLock(teams, _TEAM_COLUMNS)
_MEMBERS = Prepared(
    select(users.c.id, users.c.username)
    .join(team_members, team_members.c.user_id == users.c.id)
    .where(team_members.c.team_id == param("team"))
)
_ASSIGNMENT_COLUMNS = (
    project_teams.c.group_id,
    project_teams.c.team_id,
    project_teams.c.roles,
    project_teams.c.created_at,
)
# Assignments are listed in the order they were made (ours).
_ASSIGNMENTS = Prepared(
    select(*_ASSIGNMENT_COLUMNS)
    .where(project_teams.c.group_id == param("group"))
    .order_by(project_teams.c.created_at, project_teams.c.team_id)
)
_ASSIGNMENT = Prepared(
    select(*_ASSIGNMENT_COLUMNS).where(
        project_teams.c.group_id == param("group"), project_teams.c.team_id == param("team")
    )
)
_SET_ROLES = Prepared(
    update(project_teams)
    .where(project_teams.c.group_id == param("group"), project_teams.c.team_id == param("team"))
    .values(roles=param("roles"))
)
_UNASSIGN = Prepared(
    delete(project_teams).where(project_teams.c.group_id == param("group"), project_teams.c.team_id == param("team"))
)
_ASSIGNED_ANYWHERE = Prepared(select(exists().where(project_teams.c.team_id == param("team"))))
_RENAME = Prepared(update(teams).where(teams.c.id == param("team")).values(name=param("name")))
_DELETE_MEMBERS = Prepared(delete(team_members).where(team_members.c.team_id == param("team")))
_DELETE = Prepared(delete(teams).where(teams.c.id == param("team")))


def _team(row: Row | None) -> Team | None:
    return None if row is None else Team(row["id"], row["org_id"], row["name"], row["created_at"])


def _assignment(row: Row) -> Assignment:
    return Assignment(row["group_id"], row["team_id"], json_columns.load_strings(row["roles"]), row["created_at"])


def get(conn: Connection, team_id: str) -> Team | None:
    return _team(_BY_ID.first(conn, team=team_id))


def named(conn: Connection, org_id: str, name: str) -> Team | None:
    return _team(_BY_NAME.first(conn, org=org_id, name=name))


def of_org(conn: Connection, org_id: str) -> list[Team]:
    """The organization's teams in code-point order of the name, then id (ours, as the project lists); sorted here so
    that every database engine agrees."""
    teams_of_org = (_team(row) for row in _OF_ORG.rows(conn, org=org_id))
    return sorted((team for team in teams_of_org if team is not None), key=lambda team: (team.name, team.id))


def insert(conn: Connection, team: Team) -> bool:
    """Create the team unless its organization already has one of that name; True when created."""
    values = {"id": team.id, "org_id": team.org_id, "name": team.name, "created_at": team.created_at}
    return insert_if_absent(conn, teams, values)


def lock(conn: Connection, team_id: str, mode: Lock) -> Team | None:
    """The team, with its row lock (PostgreSQL; SQLite writes are serial); None if it is gone.

    ``Lock.KEEP`` for writes that add rows referring to the team; a delete takes ``Lock.DELETE``.
    """
    return _team(_LOCK.fetch(conn, team_id, mode))


def rename(conn: Connection, team_id: str, name: str) -> Change:
    """Give the team a new name: GONE if the team is gone, TAKEN (and nothing changes) if another team of the
    organization holds the name."""
    return guarded(conn, _RENAME, team=team_id, name=name)


def delete_team(conn: Connection, team_id: str) -> bool:
    """Remove the team and its memberships (its project assignments must be gone); False if it already was."""
    _DELETE_MEMBERS.count(conn, team=team_id)
    return _DELETE.count(conn, team=team_id) == 1


def members(conn: Connection, team_id: str) -> list[tuple[str, str]]:
    """(user id, username) of the team's members, by username."""
    found = [(row["id"], row["username"]) for row in _MEMBERS.rows(conn, team=team_id)]
    return sorted(found, key=lambda member: member[1])


def assignments(conn: Connection, group_id: str) -> list[Assignment]:
    """The teams assigned to the project, in the order they were assigned."""
    return [_assignment(row) for row in _ASSIGNMENTS.rows(conn, group=group_id)]


def assignment(conn: Connection, group_id: str, team_id: str) -> Assignment | None:
    row = _ASSIGNMENT.first(conn, group=group_id, team=team_id)
    return None if row is None else _assignment(row)


def assign(conn: Connection, assigned: Assignment) -> bool:
    """Assign the team to the project unless it already is (the primary key decides); True when assigned."""
    values = {
        "group_id": assigned.group_id,
        "team_id": assigned.team_id,
        "roles": json_columns.dump(assigned.roles),
        "created_at": assigned.created_at,
    }
    return insert_if_absent(conn, project_teams, values)


def set_roles(conn: Connection, group_id: str, team_id: str, roles: tuple[str, ...]) -> bool:
    """Replace the team's roles in the project; False if it is not assigned there (any more)."""
    return _SET_ROLES.count(conn, group=group_id, team=team_id, roles=json_columns.dump(roles)) == 1


def unassign(conn: Connection, group_id: str, team_id: str) -> bool:
    return _UNASSIGN.count(conn, group=group_id, team=team_id) == 1


def is_assigned(conn: Connection, team_id: str) -> bool:
    """Whether the team is assigned to any project."""
    return bool(_ASSIGNED_ANYWHERE.scalar(conn, team=team_id))
