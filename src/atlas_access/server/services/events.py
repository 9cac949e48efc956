"""The audit trail as the events API reads it: an organization's or a project's feed, and one event of it."""

from atlas_access.core.directory import Org, Project
from atlas_access.core.errors import ApiError
from atlas_access.core.events import Event, EventFilter
from atlas_access.server.services.context import Context
from atlas_access.store import events as store


def feed(ctx: Context, which: EventFilter, offset: int, limit: int) -> tuple[list[Event], int]:
    """One page of the events ``which`` selects, newest first, and how many there are in all."""
    return store.feed(ctx.conn, which, offset, limit)


def of_org(ctx: Context, org: Org, event_id: str) -> Event:
    """One of the organization's own events (not a project's), else 404 ``ORG_EVENT_NOT_FOUND``."""
    event = store.get(ctx.conn, event_id)
    if event is None or event.org_id != org.id or event.group_id is not None:
        raise ApiError("ORG_EVENT_NOT_FOUND", event_id, org.id)
    return event


def of_project(ctx: Context, project: Project, event_id: str) -> Event:
    """One of the project's events, else 404 ``EVENT_NOT_FOUND``."""
    event = store.get(ctx.conn, event_id)
    if event is None or event.group_id != project.id:
        raise ApiError("EVENT_NOT_FOUND", event_id, project.id)
    return event
