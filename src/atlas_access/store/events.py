"""The audit trail: one row per state change, written in the transaction that makes the change.

``targets`` are what an event is about besides a user (the wire's ``targetPublicKey``, ``whitelistEntry``,
``teamId``...): kept as JSON in the ``raw`` column and shown as fields of the event.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, func, select

from atlas_access.core.ids import new_id
from atlas_access.store.tables import events
from atlas_access.store.upsert import insert


@dataclass(frozen=True, slots=True)
class Actor:
    """Who did it: an API key (``name`` = public key), a service account (client id), a user or the system."""

    kind: str
    id: str | None
    name: str | None
    remote_address: str | None = None


def record(
    conn: Connection,
    event_type: str,
    *,
    actor: Actor,
    now: int,
    org_id: str | None,
    group_id: str | None = None,
    target_username: str | None = None,
    targets: Mapping[str, str] | None = None,
) -> str:
    event_id = new_id()
    values = {
        "id": event_id,
        "org_id": org_id,
        "group_id": group_id,
        "event_type": event_type,
        "created_at": now,
        "actor_kind": actor.kind,
        "actor_id": actor.id,
        "actor_name": actor.name,
        "target_username": target_username,
        "remote_address": actor.remote_address,
        "raw": json.dumps(dict(targets), sort_keys=True) if targets else None,
    }
    insert(conn, events, values)
    return event_id


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    org_id: str | None
    group_id: str | None
    event_type: str
    created_at: int
    actor: Actor
    target_username: str | None
    targets: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events of an organization's (``group_id`` None) or a project's feed to show."""

    org_id: str | None = None
    group_id: str | None = None
    types: tuple[str, ...] = ()
    min_date: int | None = None
    max_date: int | None = None


def _where(feed: EventFilter) -> list[ColumnElement[bool]]:
    if feed.group_id is not None:
        conditions = [events.c.group_id == feed.group_id]
    else:
        conditions = [events.c.org_id == feed.org_id, events.c.group_id.is_(None)]
    if feed.types:
        conditions.append(events.c.event_type.in_(feed.types))
    if feed.min_date is not None:
        conditions.append(events.c.created_at >= feed.min_date)
    if feed.max_date is not None:
        conditions.append(events.c.created_at <= feed.max_date)
    return conditions


def _event(row: Row[Any]) -> Event:
    actor = Actor(row.actor_kind, row.actor_id, row.actor_name, row.remote_address)
    targets = json.loads(row.raw) if row.raw else {}
    return Event(row.id, row.org_id, row.group_id, row.event_type, row.created_at, actor, row.target_username, targets)


def feed(conn: Connection, which: EventFilter, offset: int, limit: int) -> tuple[list[Event], int]:
    """One page of a feed, newest first, and how many events the whole feed holds."""
    conditions = _where(which)
    rows = conn.execute(
        select(events)
        .where(*conditions)
        .order_by(events.c.created_at.desc(), events.c.id.desc())
        .offset(offset)
        .limit(limit)
    )
    total = conn.execute(select(func.count()).select_from(events).where(*conditions)).scalar_one()
    return [_event(row) for row in rows], int(total)


def get(conn: Connection, event_id: str) -> Event | None:
    row = conn.execute(select(events).where(events.c.id == event_id)).first()
    return None if row is None else _event(row)
