"""The audit trail: one row per state change, written in the transaction that makes the change."""

from dataclasses import dataclass

from sqlalchemy import Connection

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
        "raw": None,
    }
    insert(conn, events, values)
    return event_id
