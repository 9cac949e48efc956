"""Moving a project to another organization (``migrateGroup``): the project row, its project invitations, and the
destination organization's new members. What stays behind (keys, service accounts, teams) is removed by their own
stores before."""

from sqlalchemy import Connection, update

from atlas_access.core.invitations import Kind
from atlas_access.core.members import USER
from atlas_access.store import json_columns
from atlas_access.store.changes import Change, guarded
from atlas_access.store.prepared import Prepared, param
from atlas_access.store.tables import invitations, org_members, projects
from atlas_access.store.upsert import insert_if_absent

_MOVE = Prepared(update(projects).where(projects.c.id == param("group")).values(org_id=param("org")))
_MOVE_INVITATIONS = Prepared(
    update(invitations)
    .where(invitations.c.kind == Kind.GROUP.value, invitations.c.group_id == param("group"))
    .values(org_id=param("org"))
)


def move(conn: Connection, group_id: str, org_id: str) -> Change:
    """The project and its project invitations now belong to ``org_id``: TAKEN (and nothing changes) if a project
    of that organization has the name, GONE if the project is gone."""
    moved = guarded(conn, _MOVE, group=group_id, org=org_id)
    if moved is Change.DONE:
        _MOVE_INVITATIONS.count(conn, group=group_id, org=org_id)
    return moved


def join_org(conn: Connection, org_id: str, user_id: str, roles: tuple[str, ...], now: int) -> bool:
    """Make a user a member of the organization with ``roles`` unless it is one already (whose roles stay)."""
    values = {
        "org_id": org_id,
        "member_id": user_id,
        "member_kind": USER,
        "roles": json_columns.dump(roles),
        "created_at": now,
    }
    return insert_if_absent(conn, org_members, values)
