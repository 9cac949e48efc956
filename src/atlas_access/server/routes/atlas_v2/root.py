"""The root of the Admin API and what describes it: ``GET /api/atlas/v2`` (``getSystemStatus``), ``/eventTypes``
(``listEventTypes``) and ``/rateLimits`` (``listRateLimits``, ``getRateLimit``, 2025-03-12).

- The status is ``SystemStatus`` ``{apiKey, appName, build, links, throttling}``: the calling API key with its access
  list (``{cidrBlock, ipAddress}``) and its roles (``{orgId, roleName}``, ``{groupId, roleName}``) wherever it holds
  them; ``build`` the SHA-1 of this server's version (ours: a 40-hex digest as the spec's shape has it); ``throttling``
  false. A service account is no API key: ``apiKey`` is null for it (the spec's ``ApiKey`` is nullable; ours).
- The event types are ``EventTypeDetails`` ``{alertable, description, eventType}`` in a paginated list, by name:
  the spec's and every type this server writes (``services.event_types``); the descriptions are ours.
- A rate limit is ``RateLimitEndpointSetResponse``: the buckets this server enforces, one per endpoint set and
  scope (``services.rate_limits``). The shape has no remaining capacity: ``RateLimit-Remaining`` on each answer
  says that.
"""

import hashlib
from typing import Any

from atlas_access import __version__
from atlas_access.core import access_list
from atlas_access.server.auth.principal import API_KEY
from atlas_access.server.services import event_types, rate_limits
from atlas_access.server.wire import paging
from atlas_access.server.wire.endpoint import Call, Reply
from atlas_access.store import credentials, directory

ROOT_PATH = "/api/atlas/v2"
EVENT_TYPES_PATH = "/api/atlas/v2/eventTypes"
RATE_LIMITS_PATH = "/api/atlas/v2/rateLimits"
APP_NAME = "MongoDB Atlas"  # the spec's one value
BUILD = hashlib.sha1(__version__.encode(), usedforsecurity=False).hexdigest()


def _access_entry(cidr: str) -> dict[str, Any]:
    named = access_list.shown(cidr)
    block = access_list.block(cidr)
    return {"cidrBlock": block, "ipAddress": None if named == block else named}


def _key_view(call: Call) -> dict[str, Any] | None:
    principal = call.principal
    if principal.kind != API_KEY:
        return None
    roles: list[dict[str, str]] = []
    for org in directory.orgs_of_member(call.conn, principal.id):
        held = directory.org_roles(call.conn, org.id, principal.id) or frozenset()
        roles += [{"orgId": org.id, "roleName": role} for role in sorted(held)]
    for project, _org_roles, group_roles in directory.projects_of_member(call.conn, principal.id):
        roles += [{"groupId": project.id, "roleName": role} for role in sorted(group_roles or ())]
    return {
        "accessList": [_access_entry(cidr) for cidr in credentials.access_list(call.conn, principal.id)],
        "id": principal.id,
        "publicKey": principal.name,
        "roles": roles,
    }


def get_status(call: Call) -> Reply:
    return Reply(
        200,
        {
            "apiKey": _key_view(call),
            "appName": APP_NAME,
            "build": BUILD,
            "links": [{"href": f"{call.base_url}{ROOT_PATH}", "rel": "self"}],
            "throttling": False,
        },
    )


def list_event_types(call: Call) -> Reply:
    def view(found: event_types.EventType) -> dict[str, Any]:
        return {"alertable": found.alertable, "description": found.description, "eventType": found.name}

    return Reply(200, paging.page_body(call.query, call.base_url, EVENT_TYPES_PATH, event_types.all_types(), view))


def _set_view(endpoint_set: rate_limits.EndpointSet) -> dict[str, Any]:
    rule = endpoint_set.rule
    return {
        "capacity": {"value": rule.capacity},
        "endpointSetId": endpoint_set.id,
        "endpointSetName": endpoint_set.name,
        "endpoints": [{"method": method, "path": path} for method, path in endpoint_set.endpoints],
        "refillDurationSeconds": {"value": rule.interval_seconds},
        "refillRate": {"value": rule.refill},
        "scope": endpoint_set.scope,
    }


def list_rate_limits(call: Call) -> Reply:
    found = rate_limits.endpoint_sets(rate_limits.filters(call.query))
    return Reply(200, paging.page_body(call.query, call.base_url, RATE_LIMITS_PATH, found, _set_view))


def get_rate_limit(call: Call) -> Reply:
    rate_limits.filters(call.query)  # checked as the list checks them
    return Reply(200, _set_view(rate_limits.endpoint_set(call.path["endpointSetId"])))
