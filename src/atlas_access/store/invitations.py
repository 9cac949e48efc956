"""Invitation rows. Every state change is a conditional UPDATE: of two racing writers exactly one matches."""

import functools
import sqlite3
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Connection, and_, literal_column, or_, select, update

from atlas_access.core.invitations import VISIBLE, GroupRoleAssignment, Invitation, Kind, State
from atlas_access.store import access_generation, json_columns, kept_reads, streamed_reads
from atlas_access.store.database import Autocommit
from atlas_access.store.prepared import Prepared, Row, as_record, param, param_list
from atlas_access.store.streamed_reads import Batches
from atlas_access.store.tables import invitations, organizations, projects
from atlas_access.store.upsert import insert_if_absent

T = TypeVar("T")

_VISIBLE_STATES = sorted(state.value for state in VISIBLE)
_KINDS = {kind.value: kind for kind in Kind}  # a column's value to its member: a dict, not the Enum call
_STATES = {state.value: state for state in State}
_COLUMNS = (
    invitations.c.id,
    invitations.c.kind,
    invitations.c.org_id,
    organizations.c.name.label("org_name"),
    invitations.c.group_id,
    projects.c.name.label("group_name"),
    invitations.c.username,
    invitations.c.roles,
    invitations.c.team_ids,
    invitations.c.group_role_assignments,
    invitations.c.inviter_username,
    invitations.c.state,
    invitations.c.created_at,
    invitations.c.expires_at,
    invitations.c.pending_user_id,
)
_BASE = select(*_COLUMNS).select_from(
    invitations.join(organizations, organizations.c.id == invitations.c.org_id).outerjoin(
        projects, projects.c.id == invitations.c.group_id
    )
)
_BY_ID = Prepared(_BASE.where(invitations.c.id == param("id")))
_BY_ID_GUARDED = Prepared(_BASE.where(invitations.c.id == param("id"), access_generation.holds()))
_BY_PENDING_USER = Prepared(_BASE.where(invitations.c.pending_user_id == param("user")))
_BY_PENDING_USERS = Prepared(_BASE.where(invitations.c.pending_user_id.in_(param_list("users"))))
_BY_TOKEN_HASH = Prepared(_BASE.where(invitations.c.token_hash == param("hash")))
_VISIBLE_IN_SCOPE = (
    invitations.c.kind == param("kind"),
    invitations.c.scope_id == param("scope"),
    invitations.c.state.in_(_VISIBLE_STATES),
)
_ORDER = (invitations.c.created_at, invitations.c.id)
_VISIBLE = Prepared(_BASE.where(*_VISIBLE_IN_SCOPE).order_by(*_ORDER))
_VISIBLE_FOR_USERNAME = Prepared(
    _BASE.where(*_VISIBLE_IN_SCOPE, invitations.c.username == param("username")).order_by(*_ORDER)
)
_IN_SCOPE_FOR = (invitations.c.scope_id == param("scope"), invitations.c.username == param("username"))


# What a new invitation for a username replaces: one statement, which finds the username's invitations in the
# scope, of any state, through their own index (migration 0016) and keeps those to retire. (Before that index an OR
# of the two kinds scanned the scope, so each kind had a statement of its own.) The states are written in the SQL,
# not given as parameters: a parameter that decides whether the partial index of pending invitations might serve
# has SQLite prepare the statement again at every execution (15 µs against 2).
def _state_literal(state: State) -> ColumnElement[Any]:
    return literal_column(f"'{state.value}'")


_REPLACE = Prepared(
    update(invitations)
    .where(
        *_IN_SCOPE_FOR,
        or_(
            and_(invitations.c.state == _state_literal(State.PENDING), invitations.c.expires_at <= param("now")),
            invitations.c.state.in_([_state_literal(State.EXPIRED), _state_literal(State.REJECTED)]),
        ),
    )
    .values(state=State.REPLACED.value, state_changed_at=param("now"))
)


def _from_row(row: Row) -> Invitation:
    assignments = tuple(
        GroupRoleAssignment(item["groupId"], tuple(item["roles"]))
        for item in json_columns.load(row["group_role_assignments"])
    )
    return as_record(
        Invitation,
        row,
        kind=_KINDS[row["kind"]],
        roles=json_columns.load_strings(row["roles"]),
        team_ids=json_columns.load_strings(row["team_ids"]),
        group_role_assignments=assignments,
        state=_STATES[row["state"]],
    )


def dump_assignments(assignments: Iterable[GroupRoleAssignment]) -> str:
    return json_columns.dump([{"groupId": a.group_id, "roles": list(a.roles)} for a in assignments])


def get(conn: Connection, invitation_id: str) -> Invitation | None:
    row = _BY_ID.first(conn, id=invitation_id)
    return None if row is None else _from_row(row)


def get_guarded(
    conn: Autocommit, invitation_id: str, generation: int, shaped: Hashable, shape: Callable[[Invitation], T | None]
) -> T | None:
    """``get`` as one statement guarded by the access generation (``access_generation.holds``), as ``shape`` makes
    it (None: nothing to answer): None also when the generation is no longer ``generation``, or SQLite refused the
    read. Run outside a transaction, the statement is its own snapshot, and what ``shape`` made of its answer is kept
    until something is committed (``store.kept_reads``): ``shape`` must depend on nothing but the invitation and
    what ``shaped`` holds."""

    def read() -> T | None:
        found = _guarded(conn, invitation_id, generation)
        return None if found is None else shape(found)

    try:
        return kept_reads.kept(conn, (_BY_ID_GUARDED, invitation_id, generation, shaped), read)
    except sqlite3.OperationalError:  # refused now (busy, say): the unit of work reads it, as it always has
        return None


def _guarded(conn: Autocommit, invitation_id: str, generation: int) -> Invitation | None:
    row = _BY_ID_GUARDED.first(conn, id=invitation_id, generation=generation)
    return None if row is None else _from_row(row)


def by_pending_user_id(conn: Connection, user_id: str) -> Invitation | None:
    """The organization invitation whose pending user has this id, in whatever state it is now."""
    row = _BY_PENDING_USER.first(conn, user=user_id)
    return None if row is None else _from_row(row)


def by_pending_user_ids(conn: Connection, user_ids: list[str]) -> list[Invitation]:
    """The organization invitations whose pending users have these ids, in no particular order."""
    if not user_ids:
        return []
    return [_from_row(row) for row in _BY_PENDING_USERS.rows(conn, users=user_ids)]


def by_token_hash(conn: Connection, token_hash: str) -> Invitation | None:
    """The invitation an invitee's link belongs to, in whatever state it is now."""
    row = _BY_TOKEN_HASH.first(conn, hash=token_hash)
    return None if row is None else _from_row(row)


def visible(conn: Connection, kind: Kind, scope_id: str, username: str | None = None) -> list[Invitation]:
    """Invitations an endpoint shows (pending, expired, rejected), oldest first."""
    if username is None:
        rows = _VISIBLE.rows(conn, kind=kind.value, scope=scope_id)
    else:
        rows = _VISIBLE_FOR_USERNAME.rows(conn, kind=kind.value, scope=scope_id, username=username)
    return [_from_row(row) for row in rows]


def visible_batches(conn: Connection, kind: Kind, scope_id: str) -> Batches[Invitation]:
    """``visible`` without a username, a batch at a time (``streamed_reads``): read the first batch before the
    transaction ends."""
    return streamed_reads.read(conn, _VISIBLE, _from_row, kind=kind.value, scope=scope_id)


def insert(conn: Connection, invitation: Invitation, token_hash: str | None = None) -> bool:
    """Store a new PENDING invitation, with the SHA-256 of its link's token if it has one; False when one is
    already pending for that scope and username."""
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
        "token_hash": token_hash,
    }
    return insert_if_absent(conn, invitations, values)


def replace_for_new(conn: Connection, scope_id: str, username: str, now: int) -> int:
    """Retire what a new invitation for ``username`` replaces (a pending one past its expiry, expired and rejected
    ones), freeing the pending slot: they become REPLACED. How many there were."""
    return _REPLACE.count(conn, scope=scope_id, username=username, now=now)


@functools.cache
def _transition(from_states: tuple[State, ...], by_kind: bool, by_scope: bool, unexpired: bool) -> Prepared:
    conditions: list[ColumnElement[bool]] = [
        invitations.c.id == param("id"),
        invitations.c.state.in_([s.value for s in from_states]),
    ]
    if by_kind:
        conditions.append(invitations.c.kind == param("kind"))
    if by_scope:
        conditions.append(invitations.c.scope_id == param("scope"))
    if unexpired:
        conditions.append(invitations.c.expires_at > param("now"))
    return Prepared(
        update(invitations).where(and_(*conditions)).values(state=param("to"), state_changed_at=param("now"))
    )


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
    """Move one invitation to ``to`` if it is still in one of ``from_states``; whether this call moved it (an event
    about it can then be written from its row: ``events.record_about_invitation``)."""
    statement = _transition(tuple(sorted(from_states)), kind is not None, scope_id is not None, unexpired)
    params: dict[str, Any] = {"id": invitation_id, "to": to.value, "now": now}
    if kind is not None:
        params["kind"] = kind.value
    if scope_id is not None:
        params["scope"] = scope_id
    return statement.count(conn, **params) == 1


@functools.cache
def _update_grants(columns: tuple[str, ...]) -> Prepared:
    return Prepared(
        update(invitations)
        .where(invitations.c.id == param("id"), invitations.c.state.in_(_VISIBLE_STATES))
        .values({name: param(name) for name in columns})
    )


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
    return _update_grants(tuple(values)).count(conn, id=invitation_id, **values) == 1
