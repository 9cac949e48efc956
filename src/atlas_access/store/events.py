"""The audit trail: one row per state change, written in the transaction that makes the change.

``targets`` are what an event is about besides a user (the wire's ``targetPublicKey``, ``whitelistEntry``,
``teamId``...): kept as JSON in the ``raw`` column and shown as fields of the event.
"""

import functools
import json
from typing import Any, Unpack

from sqlalchemy import BigInteger, ColumnElement, Connection, Insert, String, bindparam, func, select

from atlas_access.core.events import Actor, Event, EventFilter, Where
from atlas_access.core.ids import new_id
from atlas_access.store.prepared import Prepared, Row, as_record, param, param_list
from atlas_access.store.tables import events, invitations
from atlas_access.store.upsert import insert

__all__ = ["Actor", "Event", "EventFilter"]

_BY_ID = Prepared(select(events).where(events.c.id == param("id")))


def record(conn: Connection, event_type: str, *, actor: Actor, now: int, **where: Unpack[Where]) -> str:
    event_id = new_id()
    targets = where.get("targets")
    values = {
        "id": event_id,
        "org_id": where["org_id"],
        "group_id": where.get("group_id"),
        "event_type": event_type,
        "created_at": now,
        "actor_kind": actor.kind,
        "actor_id": actor.id,
        "actor_name": actor.name,
        "target_username": where.get("target_username"),
        "remote_address": actor.remote_address,
        "raw": json.dumps(dict(targets), sort_keys=True) if targets else None,
    }
    insert(conn, events, values)
    return event_id


def about_invitation(only_if: ColumnElement[bool] | None = None) -> Insert:
    """The INSERT of an event about an invitation, its project and invitee read from the invitation's row by the
    INSERT itself; written only if ``only_if`` holds too. Its values: ``about_invitation_values``."""
    text = functools.partial(bindparam, type_=String, required=False)
    found = select(
        text("event_id"),
        text("org_id"),
        invitations.c.group_id,
        text("event_type"),
        bindparam("now", type_=BigInteger, required=False),
        text("actor_kind"),
        text("actor_id"),
        text("actor_name"),
        invitations.c.username,
        text("remote_address"),
    ).where(invitations.c.id == text("invitation"))
    columns = ("id", "org_id", "group_id", "event_type", "created_at", "actor_kind", "actor_id", "actor_name")
    return events.insert().from_select(
        [*columns, "target_username", "remote_address"], found if only_if is None else found.where(only_if)
    )


def about_invitation_values(
    event_id: str, event_type: str, *, actor: Actor, now: int, org_id: str, invitation_id: str
) -> dict[str, Any]:
    """The values ``about_invitation``'s statement takes."""
    return {
        "event_id": event_id,
        "org_id": org_id,
        "event_type": event_type,
        "now": now,
        "actor_kind": actor.kind,
        "actor_id": actor.id,
        "actor_name": actor.name,
        "remote_address": actor.remote_address,
        "invitation": invitation_id,
    }


_ABOUT_INVITATION = Prepared(about_invitation())


def record_about_invitation(
    conn: Connection, event_type: str, *, actor: Actor, now: int, org_id: str, invitation_id: str
) -> str:
    """``record`` for an invitation's change, its project and invitee read from the invitation's row by the INSERT
    itself (no statement to read them first)."""
    event_id = new_id()
    values = about_invitation_values(
        event_id, event_type, actor=actor, now=now, org_id=org_id, invitation_id=invitation_id
    )
    _ABOUT_INVITATION.count(conn, **values)
    return event_id


@functools.cache
def _feed(by_group: bool, by_type: bool, since: bool, until: bool) -> tuple[Prepared, Prepared]:
    """A page of one shape of feed, and its size."""
    conditions: list[ColumnElement[bool]]
    if by_group:
        conditions = [events.c.group_id == param("group")]
    else:
        conditions = [events.c.org_id == param("org"), events.c.group_id.is_(None)]
    if by_type:
        conditions.append(events.c.event_type.in_(param_list("types")))
    if since:
        conditions.append(events.c.created_at >= param("min_date"))
    if until:
        conditions.append(events.c.created_at <= param("max_date"))
    page = (
        select(events)
        .where(*conditions)
        .order_by(events.c.created_at.desc(), events.c.id.desc())
        .offset(param("offset"))
        .limit(param("limit"))
    )
    return Prepared(page), Prepared(select(func.count()).select_from(events).where(*conditions))


def _event(row: Row) -> Event:
    actor = Actor(row["actor_kind"], row["actor_id"], row["actor_name"], row["remote_address"])
    targets: dict[str, Any] = json.loads(row["raw"]) if row["raw"] else {}
    return as_record(Event, row, actor=actor, targets=targets)


def feed(conn: Connection, which: EventFilter, offset: int, limit: int) -> tuple[list[Event], int]:
    """One page of a feed, newest first, and how many events the whole feed holds."""
    shape = (which.group_id is not None, bool(which.types), which.min_date is not None, which.max_date is not None)
    page, size = _feed(*shape)
    params = {
        "group": which.group_id,
        "org": which.org_id,
        "types": list(which.types),
        "min_date": which.min_date,
        "max_date": which.max_date,
    }
    rows = page.rows(conn, offset=offset, limit=limit, **params)
    return [_event(row) for row in rows], int(size.scalar(conn, **params))


def get(conn: Connection, event_id: str) -> Event | None:
    row = _BY_ID.first(conn, id=event_id)
    return None if row is None else _event(row)
