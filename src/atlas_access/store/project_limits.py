"""A project's user-managed limits (``project_limits``): the values it has set, one row each, and the counts the
limits on people are about (members and pending invitations of the project)."""

from sqlalchemy import Connection, and_, delete, func, select, update

from atlas_access.core.invitations import Kind, State
from atlas_access.core.members import USER
from atlas_access.store.prepared import Prepared, param
from atlas_access.store.tables import invitations, project_limits, project_members
from atlas_access.store.upsert import insert_if_absent

_T = project_limits
_OF_PROJECT = Prepared(select(_T.c.name, _T.c.value).where(_T.c.group_id == param("group")))
_SET = Prepared(
    update(_T).where(_T.c.group_id == param("group_id"), _T.c.name == param("name")).values(value=param("value"))
)
_REMOVE = Prepared(delete(_T).where(_T.c.group_id == param("group"), _T.c.name == param("name")))
_MEMBERS = Prepared(
    select(func.count())
    .select_from(project_members)
    .where(project_members.c.group_id == param("group"), project_members.c.member_kind == USER)
)
_PENDING_INVITATIONS = Prepared(
    select(func.count())
    .select_from(invitations)
    .where(
        and_(
            invitations.c.group_id == param("group"),
            invitations.c.kind == Kind.GROUP.value,
            invitations.c.state == State.PENDING.value,
            invitations.c.expires_at > param("now"),
        )
    )
)


def overrides(conn: Connection, group_id: str) -> dict[str, int]:
    """The limits the project has set, by name."""
    return {row["name"]: int(row["value"]) for row in _OF_PROJECT.rows(conn, group=group_id)}


def put(conn: Connection, group_id: str, name: str, value: int) -> None:
    values = {"group_id": group_id, "name": name, "value": value}
    if not insert_if_absent(conn, _T, values):
        _SET.count(conn, **values)


def remove(conn: Connection, group_id: str, name: str) -> bool:
    """Back to the default; False if the project had not set it."""
    return _REMOVE.count(conn, group=group_id, name=name) == 1


def cloud_users(conn: Connection, group_id: str, now: int) -> int:
    """The project's MongoDB Cloud users: its member users and its pending, unexpired project invitations."""
    members = int(_MEMBERS.scalar(conn, group=group_id) or 0)
    return members + int(_PENDING_INVITATIONS.scalar(conn, group=group_id, now=now) or 0)
