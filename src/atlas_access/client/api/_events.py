"""``client.events``: the Go SDK's ``EventsApi`` (organization and project events, 2023-01-01).

Every invitation and membership change writes one event (``INVITED_TO_ORG``, ``ORG_INVITATION_DELETED``,
``JOINED_GROUP`` ...). ``min_date``/``max_date`` take a ``datetime`` (naive means UTC) or an ISO 8601 string.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from atlas_access.client.api._base import ApiGroup, calls, wire_time

if TYPE_CHECKING:
    from atlas_access.client.models import EventViewForNdsGroup, EventViewForOrg, Paginated

__all__ = ["EventsApi"]

Moment = datetime | str | None


class EventsApi(ApiGroup):
    """The audit trail of organizations and projects, newest first."""

    def list_org_events(
        self,
        org_id: str,
        *,
        event_type: Sequence[str] | None = None,
        min_date: Moment = None,
        max_date: Moment = None,
        include_raw: bool | None = None,
        items_per_page: int | None = None,
        page_num: int | None = None,
        include_count: bool | None = None,
    ) -> Paginated[EventViewForOrg]:
        """One page of the organization's events, of the given types, between the dates."""
        return self._run(
            calls.Events.list_org_events,
            org_id=org_id,
            event_type=event_type,
            min_date=wire_time(min_date),
            max_date=wire_time(max_date),
            include_raw=include_raw,
            items_per_page=items_per_page,
            page_num=page_num,
            include_count=include_count,
        )

    def iter_org_events(
        self,
        org_id: str,
        *,
        event_type: Sequence[str] | None = None,
        min_date: Moment = None,
        max_date: Moment = None,
        items_per_page: int = 100,
    ) -> Iterator[EventViewForOrg]:
        """Every matching event of the organization, page after page."""
        return self._iterate(
            calls.Events.list_org_events,
            items_per_page,
            org_id=org_id,
            event_type=event_type,
            min_date=wire_time(min_date),
            max_date=wire_time(max_date),
        )

    def get_org_event(self, org_id: str, event_id: str, *, include_raw: bool | None = None) -> EventViewForOrg:
        """One event of the organization."""
        op = calls.Events.get_org_event
        return self._run(op, org_id=org_id, event_id=event_id, include_raw=include_raw)

    def list_project_events(
        self,
        group_id: str,
        *,
        event_type: Sequence[str] | None = None,
        excluded_event_type: Sequence[str] | None = None,
        min_date: Moment = None,
        max_date: Moment = None,
        include_raw: bool | None = None,
        items_per_page: int | None = None,
        page_num: int | None = None,
        include_count: bool | None = None,
    ) -> Paginated[EventViewForNdsGroup]:
        """One page of the project's events, of the given types (or all but the excluded), between the dates."""
        return self._run(
            calls.Events.list_project_events,
            group_id=group_id,
            event_type=event_type,
            excluded_event_type=excluded_event_type,
            min_date=wire_time(min_date),
            max_date=wire_time(max_date),
            include_raw=include_raw,
            items_per_page=items_per_page,
            page_num=page_num,
            include_count=include_count,
        )

    def iter_project_events(
        self,
        group_id: str,
        *,
        event_type: Sequence[str] | None = None,
        min_date: Moment = None,
        max_date: Moment = None,
        items_per_page: int = 100,
    ) -> Iterator[EventViewForNdsGroup]:
        """Every matching event of the project, page after page."""
        return self._iterate(
            calls.Events.list_project_events,
            items_per_page,
            group_id=group_id,
            event_type=event_type,
            min_date=wire_time(min_date),
            max_date=wire_time(max_date),
        )

    def get_project_event(
        self, group_id: str, event_id: str, *, include_raw: bool | None = None
    ) -> EventViewForNdsGroup:
        """One event of the project."""
        op = calls.Events.get_project_event
        return self._run(op, group_id=group_id, event_id=event_id, include_raw=include_raw)

    # the spec's operation ids
    list_group_events = list_project_events
    get_group_event = get_project_event
