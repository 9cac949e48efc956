"""``/api/atlas/v2`` organization and project events (the audit trail every change writes)."""

import re
from typing import Any

from atlas_access.core.clock import iso, parse_iso
from atlas_access.core.errors import ApiError
from atlas_access.core.events import Event, EventFilter
from atlas_access.core.members import API_KEY, SERVICE_ACCOUNT, USER
from atlas_access.server.services import events
from atlas_access.server.wire import paging, query
from atlas_access.server.wire.endpoint import Call, Reply

_EVENT_TYPE = re.compile(r"[A-Z][A-Z0-9_]{0,99}")


def event_view(event: Event, base_url: str, include_raw: bool) -> dict[str, Any]:
    """An event as MongoDB Cloud shows it. Organization events link to ``groups/null/events/<id>``, as the
    real API's do. The actor: ``userId``/``username`` for a user, ``apiKeyId``/``publicKey`` for an API key
    or a service account (ours for the latter: its id and client id)."""
    view: dict[str, Any] = {
        "created": iso(event.created_at),
        "eventTypeName": event.event_type,
        "id": event.id,
        "isGlobalAdmin": False,
        "links": [
            {"href": f"{base_url}/api/atlas/v2/groups/{event.group_id or 'null'}/events/{event.id}", "rel": "self"}
        ],
        "orgId": event.org_id,
    }
    if event.group_id is not None:
        view["groupId"] = event.group_id
    if event.actor.remote_address is not None:
        view["remoteAddress"] = event.actor.remote_address
    if event.target_username is not None:
        view["targetUsername"] = event.target_username
    view.update(event.targets)
    if event.actor.kind == USER:
        view.update(userId=event.actor.id, username=event.actor.name)
    elif event.actor.kind in (API_KEY, SERVICE_ACCOUNT):
        view.update(apiKeyId=event.actor.id, publicKey=event.actor.name)
    if include_raw:
        view["raw"] = {
            "_t": "USER_AUDIT",
            "cre": view["created"],
            "eventType": event.event_type,
            "id": event.id,
            "orgId": event.org_id,
            "groupId": event.group_id,
        }
    return view


def _date(call: Call, name: str) -> int | None:
    value = call.query.get(name)
    if value is None:
        return None
    try:
        return parse_iso(value)
    except ValueError:
        raise ApiError("INVALID_QUERY_PARAMETER", name) from None


def _filter(call: Call, org_id: str | None, group_id: str | None) -> EventFilter:
    types = tuple(call.query.getlist("eventType"))
    if any(not _EVENT_TYPE.fullmatch(value) for value in types):
        raise ApiError("INVALID_QUERY_PARAMETER", "eventType")
    return EventFilter(org_id, group_id, types, _date(call, "minDate"), _date(call, "maxDate"))


def _list(call: Call, which: EventFilter, path: str) -> Reply:
    page = paging.page_of(call.query)
    include_raw = query.flag(call.query, "includeRaw")
    found, total = events.feed(call.ctx, which, page.offset, page.size)
    results = [event_view(event, call.base_url, include_raw) for event in found]
    return Reply(200, paging.paginated(results, total, page, call.base_url, path, call.query.multi_items()))


def list_org(call: Call) -> Reply:
    org = call.the_org()
    return _list(call, _filter(call, org.id, None), f"/api/atlas/v2/orgs/{org.id}/events")


def list_group(call: Call) -> Reply:
    project = call.the_project()
    return _list(call, _filter(call, None, project.id), f"/api/atlas/v2/groups/{project.id}/events")


def get_org(call: Call) -> Reply:
    event = events.of_org(call.ctx, call.the_org(), call.path["eventId"])
    return Reply(200, event_view(event, call.base_url, query.flag(call.query, "includeRaw")))


def get_group(call: Call) -> Reply:
    event = events.of_project(call.ctx, call.the_project(), call.path["eventId"])
    return Reply(200, event_view(event, call.base_url, query.flag(call.query, "includeRaw")))
