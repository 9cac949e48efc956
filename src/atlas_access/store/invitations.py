"""Invitation rows. Every state change is a conditional UPDATE: of two racing writers exactly one matches."""

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Row, and_, bindparam, select, update

from atlas_access.core.invitations import VISIBLE, GroupRoleAssignment, Invitation, Kind, State
from atlas_access.store import json_columns
from atlas_access.store.tables import invitations, organizations, projects
from atlas_access.store.upsert import insert_if_absent

_BASE = select(
    invitations,
    organizations.c.name.label("org_name"),
    projects.c.name.label("group_name"),
).select_from(
    invitations.join(organizations, organizations.c.id == invitations.c.org_id).outerjoin(
        projects, projects.c.id == invitations.c.group_id
    )
)
_BY_ID = _BASE.where(invitations.c.id == bindparam("id"))
_VISIBLE_STATES = sorted(state.value for state in VISIBLE)


def _from_row(row: Row[Any]) -> Invitation:
    assignments = tuple(
        GroupRoleAssignment(item["groupId"], tuple(item["roles"]))
        for item in json_columns.load(row.group_role_assignments)
    )
    return Invitation(
        id=row.id,
        kind=Kind(row.kind),
        org_id=row.org_id,
        org_name=row.org_name,
        group_id=row.group_id,
        group_name=row.group_name,
        username=row.username,
        roles=json_columns.load_strings(row.roles),
        team_ids=json_columns.load_strings(row.team_ids),
        group_role_assignments=assignments,
        inviter_username=row.inviter_username,
        state=State(row.state),
        created_at=row.created_at,
        expires_at=row.expires_at,
        pending_user_id=row.pending_user_id,
    )


def dump_assignments(assignments: Iterable[GroupRoleAssignment]) -> str:
    return json_columns.dump([{"groupId": a.group_id, "roles": list(a.roles)} for a in assignments])


def get(conn: Connection, invitation_id: str) -> Invitation | None:
    row = conn.execute(_BY_ID, {"id": invitation_id}).first()
    return None if row is None else _from_row(row)


def visible(conn: Connection, kind: Kind, scope_id: str, username: str | None = None) -> list[Invitation]:
    """Invitations an endpoint shows (pending, expired, rejected), oldest first."""
    statement = _BASE.where(
        invitations.c.kind == kind.value,
        invitations.c.scope_id == scope_id,
        invitations.c.state.in_(_VISIBLE_STATES),
    )
    if username is not None:
        statement = statement.where(invitations.c.username == username)
    statement = statement.order_by(invitations.c.created_at, invitations.c.id)
    return [_from_row(row) for row in conn.execute(statement)]


def insert(conn: Connection, invitation: Invitation) -> bool:
    """Store a new PENDING invitation; False when one is already pending for that scope and username."""
    values = {
        "id": invitation.id,
        "kind": invitation.kind.value,
        "org_id": invitation.org_id,
        "group_id": invitation.group_id,
        "scope_id": invitation.group_id if invitation.kind is Kind.GROUP else invitation.org_id,
        "username": invitation.username,
        "roles": json_columns.dump(invitation.roles),
        "team_ids": json_columns.dump(invitation.team_ids),
        "group_role_assignments": dump_assignments(invitation.group_role_assignments),
        "inviter_username": invitation.inviter_username,
        "state": invitation.state.value,
        "created_at": invitation.created_at,
        "expires_at": invitation.expires_at,
        "state_changed_at": invitation.created_at,
        "pending_user_id": invitation.pending_user_id,
    }
    return insert_if_absent(conn, invitations, values)


def settle_expired(conn: Connection, scope_id: str, username: str, now: int) -> None:
    """Store EXPIRED for a PENDING invitation past its expiry, freeing the pending slot."""
    conn.execute(
        update(invitations)
        .where(
            invitations.c.scope_id == scope_id,
            invitations.c.username == username,
            invitations.c.state == State.PENDING.value,
            invitations.c.expires_at <= now,
        )
        .values(state=State.EXPIRED.value, state_changed_at=now)
    )


def replace_finished(conn: Connection, scope_id: str, username: str, now: int) -> int:
    """Retire expired and rejected invitations for a username that a new invitation replaces."""
    result = conn.execute(
        update(invitations)
        .where(
            invitations.c.scope_id == scope_id,
            invitations.c.username == username,
            invitations.c.state.in_([State.EXPIRED.value, State.REJECTED.value]),
        )
        .values(state=State.REPLACED.value, state_changed_at=now)
    )
    return int(result.rowcount)


def transition(
    conn: Connection,
    invitation_id: str,
    *,
    to: State,
    now: int,
    from_states: Sequence[State],
    kind: Kind | None = None,
    scope_id: str | None = None,
    unexpired: bool = False,
) -> bool:
    """Move one invitation to ``to`` if it is still in one of ``from_states``; True if this call did it."""
    conditions = [invitations.c.id == invitation_id, invitations.c.state.in_([s.value for s in from_states])]
    if kind is not None:
        conditions.append(invitations.c.kind == kind.value)
    if scope_id is not None:
        conditions.append(invitations.c.scope_id == scope_id)
    if unexpired:
        conditions.append(invitations.c.expires_at > now)
    result = conn.execute(update(invitations).where(and_(*conditions)).values(state=to.value, state_changed_at=now))
    return result.rowcount == 1


def update_grants(
    conn: Connection,
    invitation_id: str,
    *,
    roles: tuple[str, ...] | None,
    team_ids: tuple[str, ...] | None = None,
    assignments: tuple[GroupRoleAssignment, ...] | None = None,
) -> bool:
    """Replace the roles, teams or project roles an invitation grants, if it is still visible."""
    values: dict[str, str] = {}
    if roles is not None:
        values["roles"] = json_columns.dump(roles)
    if team_ids is not None:
        values["team_ids"] = json_columns.dump(team_ids)
    if assignments is not None:
        values["group_role_assignments"] = dump_assignments(assignments)
    if not values:
        return True
    statement = update(invitations).where(invitations.c.id == invitation_id, invitations.c.state.in_(_VISIBLE_STATES))
    return conn.execute(statement.values(**values)).rowcount == 1
