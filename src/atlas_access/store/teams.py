"""Teams of an organization, who is in them, and the projects they are assigned to (``project_teams``).

A team's name is unique within its organization, and the database holds that rule (the unique index on
``teams(org_id, name)``): a create claims the name with ``INSERT ... ON CONFLICT DO NOTHING``, a rename raises the
database's IntegrityError, which the caller keeps in a savepoint. Writes that insert rows referring to a team
(members, project assignments) take the team's row with a key-share lock first (``lock``), and a delete takes it
outright, so that on PostgreSQL a delete and such a write wait for each other instead of one failing on a foreign
key.
"""

from dataclasses import dataclass

from sqlalchemy import Connection, delete, exists, select, update

from atlas_access.store import json_columns
from atlas_access.store.prepared import Prepared, Row, param
from atlas_access.store.row_locks import RowLock
from atlas_access.store.tables import project_teams, team_members, teams, users
from atlas_access.store.upsert import insert_if_absent


@dataclass(frozen=True, slots=True)
class Team:
    id: str
    org_id: str
    name: str
    created_at: int


@dataclass(frozen=True, slots=True)
class Assignment:
    """A team assigned to a project: every member of the team holds ``roles`` there."""

    group_id: str
    team_id: str
    roles: tuple[str, ...]
    created_at: int


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


def _team(row: Row | None) -> Team | None:
    return None if row is None else Team(row[0], row[1], row[2], row[3])


def _assignment(row: Row) -> Assignment:
    return Assignment(row[0], row[1], json_columns.load_strings(row[2]), row[3])


def get(conn: Connection, team_id: str) -> Team | None:
    return _team(_BY_ID.first(conn, team=team_id))


def named(conn: Connection, org_id: str, name: str) -> Team | None:
    return _team(_BY_NAME.first(conn, org=org_id, name=name))


def of_org(conn: Connection, org_id: str) -> list[Team]:
    """The organization's teams in code-point order of the name, then id (ours, as the project lists); sorted here so
    that every database engine agrees."""
    return sorted((Team(*row) for row in _OF_ORG.rows(conn, org=org_id)), key=lambda team: (team.name, team.id))


def insert(conn: Connection, team: Team) -> bool:
    """Create the team unless its organization already has one of that name; True when created."""
    values = {"id": team.id, "org_id": team.org_id, "name": team.name, "created_at": team.created_at}
    return insert_if_absent(conn, teams, values)


def lock(conn: Connection, team_id: str, *, shared: bool) -> Team | None:
    """The team, with its row lock (PostgreSQL; SQLite writes are serial); None if it is gone.

    ``shared``: a key-share lock, for writes that add rows referring to the team; a delete takes the row outright.
    """
    row = _LOCK.fetch(conn, team_id, shared=shared)
    return None if row is None else Team(*row)


def rename(conn: Connection, team_id: str, name: str) -> bool:
    """Give the team a new name; False if it is gone. A name another team of the organization holds raises the
    database's IntegrityError (the caller keeps it in a savepoint)."""
    # Through SQLAlchemy, not the driver's cursor: the unique index's failure must surface as its IntegrityError.
    return conn.execute(update(teams).where(teams.c.id == team_id).values(name=name)).rowcount == 1


def delete_team(conn: Connection, team_id: str) -> bool:
    """Remove the team and its memberships (its project assignments must be gone); False if it already was."""
    conn.execute(delete(team_members).where(team_members.c.team_id == team_id))
    return conn.execute(delete(teams).where(teams.c.id == team_id)).rowcount == 1


def members(conn: Connection, team_id: str) -> list[tuple[str, str]]:
    """(user id, username) of the team's members, by username."""
    return sorted(((row[0], row[1]) for row in _MEMBERS.rows(conn, team=team_id)), key=lambda member: member[1])


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
