"""``client.events``: the Go SDK's ``EventsApi`` (organization and project events, 2023-01-01).

Every invitation and membership change writes one event (``INVITED_TO_ORG``, ``ORG_INVITATION_DELETED``,
``JOINED_GROUP`` ...). ``min_date``/``max_date`` take a ``datetime`` (naive means UTC) or an ISO 8601 string.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Unpack

from atlas_access.client.api._methods import CountedPage, Methods, typed, walk

if TYPE_CHECKING:
    from atlas_access.client.models import EventTypeDetails, EventViewForNdsGroup, EventViewForOrg, Paginated

__all__ = ["EventsApi"]

Moment = datetime | str | None


class EventsApi(Methods, typed_calls="Events"):
    """The audit trail of organizations and projects, newest first."""

    @typed
    def list_org_events(
        org_id: str,
        *,
        event_type: Sequence[str] | None = None,
        min_date: Moment = None,
        max_date: Moment = None,
        include_raw: bool | None = None,
        **page: Unpack[CountedPage],
    ) -> Paginated[EventViewForOrg]:
        """One page of the organization's events, of the given types, between the dates."""

    @walk
    def iter_org_events(
        org_id: str,
        *,
        event_type: Sequence[str] | None = None,
        min_date: Moment = None,
        max_date: Moment = None,
        items_per_page: int = 100,
    ) -> Iterator[EventViewForOrg]:
        """Every matching event of the organization, page after page."""

    @typed
    def get_org_event(org_id: str, event_id: str, *, include_raw: bool | None = None) -> EventViewForOrg:
        """One event of the organization."""

    @typed
    def list_project_events(
        group_id: str,
        *,
        event_type: Sequence[str] | None = None,
        excluded_event_type: Sequence[str] | None = None,
        min_date: Moment = None,
        max_date: Moment = None,
        include_raw: bool | None = None,
        **page: Unpack[CountedPage],
    ) -> Paginated[EventViewForNdsGroup]:
        """One page of the project's events, of the given types (or all but the excluded), between the dates."""

    @walk
    def iter_project_events(
        group_id: str,
        *,
        event_type: Sequence[str] | None = None,
        min_date: Moment = None,
        max_date: Moment = None,
        items_per_page: int = 100,
    ) -> Iterator[EventViewForNdsGroup]:
        """Every matching event of the project, page after page."""

    @typed
    def get_project_event(group_id: str, event_id: str, *, include_raw: bool | None = None) -> EventViewForNdsGroup:
        """One event of the project."""

    @typed
    def list_event_types(**page: Unpack[CountedPage]) -> Paginated[EventTypeDetails]:
        """One page of the event types (``eventType``, what it means, whether it can raise an alert), by name."""

    @walk
    def iter_event_types(*, items_per_page: int = 100) -> Iterator[EventTypeDetails]:
        """Every event type, page after page."""

    # the spec's operation ids
    list_group_events = list_project_events

    get_group_event = get_project_event
