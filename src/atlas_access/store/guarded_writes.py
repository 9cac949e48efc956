"""Writes made by one statement on PostgreSQL, awaited on the event loop and guarded by the access generation.

A request whose whole unit of work is one change (cancelling an invitation: lock the organization or project,
move the invitation, record the event) costs six round trips as a unit, each with its share of the driver's
work and PostgreSQL's: BEGIN, the access generation, the lock, the UPDATE, the INSERT, COMMIT, run in a worker
thread. Here the same change is one statement in autocommit, on a connection of the event loop
(``store.async_connections``). Its first part is the guard: it takes the scope's lock only if the access
generation still has the value the request's kept answers were read under (``server.access_cache``), so that a
revoked token, a removed role or a moved clock is seen as by the unit. The rest follows only from the lock held:
the conditional UPDATE the unit makes, and, only if it moved the invitation, the event the unit writes
(``store.events.about_invitation``, the same INSERT).

Nothing is written unless all of it is: the statement is one transaction. When the guard fails, the scope is gone
or nothing moved, the statement has changed nothing, and the request is answered by its unit of work as before
(docs/guarded-writes.md).
"""

import functools
from dataclasses import dataclass

import psycopg
from sqlalchemy import Dialect, Table, exists, func, select, update

from atlas_access.core.events import Actor
from atlas_access.core.invitations import Kind, State
from atlas_access.store import access_generation
from atlas_access.store.async_connections import AsyncConnections, libpq_url
from atlas_access.store.events import about_invitation, about_invitation_values
from atlas_access.store.prepared import Prepared, param
from atlas_access.store.tables import events, invitations, organizations, projects

__all__ = ["Cancellation", "GuardedWrites"]

POOL_SIZE = 8
"""Connections per process: a statement holds one for a round trip, so a few serve many requests at once."""


@dataclass(frozen=True, slots=True)
class Cancellation:
    """An invitation to move to ``to_state``, as ``store.invitations.transition`` would with ``kind`` and
    ``scope_id``, under the scope's lock, with its event (``store.events.about_invitation``)."""

    invitation_id: str
    kind: Kind
    scope_id: str  # the organization's id, or the project's for a project invitation
    from_states: tuple[State, ...]
    to_state: State
    org_id: str  # the event's organization
    event_type: str
    event_id: str
    actor: Actor
    now: int


class GuardedWrites:
    """The guarded statements of one PostgreSQL database (``url``, as SQLAlchemy names it)."""

    def __init__(self, url: str, dialect: Dialect, setup: tuple[str, ...] = ()) -> None:
        self._connections = AsyncConnections(libpq_url(url), POOL_SIZE, setup)
        self._dialect = dialect

    async def cancel(self, generation: int, change: Cancellation) -> bool:
        """Make ``change`` if the access generation is still ``generation``; whether it was made (if not, nothing
        was written)."""
        statement = _cancellation(change.kind is Kind.GROUP, tuple(sorted(state.value for state in change.from_states)))
        event = about_invitation_values(
            change.event_id,
            change.event_type,
            actor=change.actor,
            now=change.now,
            org_id=change.org_id,
            invitation_id=change.invitation_id,
        )
        values = {
            **event,
            "generation": generation,
            "scope": change.scope_id,
            "kind": change.kind.value,
            "to": change.to_state.value,
        }
        async with self._connections.cursor() as cursor:
            if cursor is None:  # no connection can be made now: the unit of work meets the same and answers it
                return False
            try:
                row = await statement.first_awaited(cursor, self._dialect, **values)
            except psycopg.Error:
                if cursor.connection.broken:  # whether it committed is unknown: as a unit whose COMMIT failed
                    raise
                return False  # refused as a whole (a deadlock, a lock timeout): nothing was written
        return row is not None and row["recorded"] == 1

    def close(self) -> None:
        self._connections.close()


@functools.cache
def _cancellation(in_project: bool, from_states: tuple[str, ...]) -> Prepared:
    scope: Table = projects if in_project else organizations
    held = (
        select(scope.c.id)
        .where(scope.c.id == param("scope"), access_generation.holds())
        .with_for_update(read=True, key_share=True)  # the unit's Lock.KEEP
        .cte("held")
    )
    moved = (
        update(invitations)
        .where(
            invitations.c.id == param("invitation"),
            invitations.c.state.in_(list(from_states)),
            invitations.c.kind == param("kind"),
            invitations.c.scope_id == param("scope"),
            exists(select(held.c.id)),
        )
        .values(state=param("to"), state_changed_at=param("now"))
        .returning(invitations.c.id)
        .cte("moved")
    )
    # The event reads the invitation as the statement found it: its project and invitee, which no change moves.
    recorded = about_invitation(only_if=exists(select(moved.c.id))).returning(events.c.id).cte("recorded")
    return Prepared(
        select(
            select(func.count()).select_from(held).scalar_subquery().label("held"),
            select(func.count()).select_from(recorded).scalar_subquery().label("recorded"),
        )
    )
