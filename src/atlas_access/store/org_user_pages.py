"""One page of an organization's users (the users API): its active members and pending users, merged and ordered
by username then id, counted and cut to the page by the database, so that a page of 500 out of 100,000 pending
invitations reads 500 keys, not 100,000 rows (docs/memory.md).

A pending user is a visible organization invitation whose username is not an active member's; its status is the
invitation's at ``now`` (a PENDING one past its expiry shows as INVITATION_EXPIRED), as ``core.members`` says.
"""

import functools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Dialect, Select, and_, case, func, literal, select, union_all
from sqlalchemy.sql.elements import ColumnElement

from atlas_access.core.invitations import VISIBLE, Kind, State
from atlas_access.core.members import USER, MembershipStatus
from atlas_access.store.prepared import Prepared, param, param_list
from atlas_access.store.tables import invitations, org_members, users

__all__ = ["Key", "page"]


@dataclass(frozen=True, slots=True)
class Key:
    """A user on the page: its id, and whether it is an active member (else a pending user)."""

    user_id: str
    active: bool


_STATUS = case(
    (
        and_(invitations.c.state == State.PENDING.value, invitations.c.expires_at > param("now")),
        MembershipStatus.PENDING.value,
    ),
    (invitations.c.state == State.REJECTED.value, MembershipStatus.INVITATION_REJECTED.value),
    else_=MembershipStatus.INVITATION_EXPIRED.value,
)


def _active(by_username: bool) -> Select[tuple[str, str, int]]:
    query = (
        select(users.c.username, users.c.id.label("user_id"), literal(1).label("active"))
        .join(org_members, org_members.c.member_id == users.c.id)
        .where(org_members.c.org_id == param("org"), org_members.c.member_kind == USER)
    )
    return query.where(users.c.username == param("username")) if by_username else query


def _pending(by_username: bool) -> Select[tuple[str, str, int]]:
    members = (
        select(users.c.username)
        .join(org_members, org_members.c.member_id == users.c.id)
        .where(org_members.c.org_id == param("org"), org_members.c.member_kind == USER)
    )
    query = select(
        invitations.c.username, invitations.c.pending_user_id.label("user_id"), literal(0).label("active")
    ).where(
        invitations.c.kind == Kind.ORG.value,
        invitations.c.scope_id == param("org"),
        invitations.c.state.in_(sorted(state.value for state in VISIBLE)),
        _STATUS.in_(param_list("statuses")),
        invitations.c.username.not_in(members),
    )
    return query.where(invitations.c.username == param("username")) if by_username else query


@functools.cache
def _statements(active: bool, pending: bool, by_username: bool) -> tuple[Prepared, Prepared]:
    """The page's keys and the count of all, for these parts of the list."""
    parts = [*([_active(by_username)] if active else []), *([_pending(by_username)] if pending else [])]
    keys = (union_all(*parts) if len(parts) > 1 else parts[0]).subquery("org_users")

    def ordered(dialect: Dialect) -> Select[tuple[str, int]]:
        # The order Python sorts strings in: by code point (PostgreSQL's default collation would differ).
        username: ColumnElement[str] = keys.c.username
        if dialect.name == "postgresql":
            username = username.collate("C")
        return (
            select(keys.c.user_id, keys.c.active)
            .order_by(username, keys.c.user_id)
            .limit(param("limit"))
            .offset(param("offset"))
        )

    return Prepared(ordered), Prepared(select(func.count()).select_from(keys))


def page(
    conn: Connection,
    org_id: str,
    *,
    active: bool,
    pending_statuses: frozenset[MembershipStatus],
    username: str | None,
    now: int,
    offset: int,
    size: int,
) -> tuple[list[Key], int]:
    """The keys of the users on the page, in order, and how many users the whole list has."""
    if not active and not pending_statuses:
        return [], 0
    keys, count = _statements(active, bool(pending_statuses), username is not None)
    params: dict[str, Any] = {"org": org_id, "username": username, "now": now}
    if pending_statuses:
        params["statuses"] = sorted(status.value for status in pending_statuses)
    total = int(count.scalar(conn, **params))
    rows = keys.rows(conn, **params, limit=size, offset=offset) if offset < total else []
    return [Key(row["user_id"], bool(row["active"])) for row in rows], total
