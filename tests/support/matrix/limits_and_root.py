"""Valid requests for the RBAC matrix: a project's limits and IP addresses, the default limits, the root, event
types, rate limits and the legacy users API's reads (docs/limits-and-root.md).

``setGroupLimit`` sets the clusters limit to its default and ``deleteGroupLimit`` removes a limit: both leave the
project as it was. ``createUser`` grants roles where the caller must own them, which a permission table of
caller-scoped rules cannot express: its cases are in tests/server/test_legacy_users.py.
"""

from __future__ import annotations

from support.matrix.world import Request, World

PREVIEW = "application/vnd.atlas.preview+json"
RATE = "application/vnd.atlas.2025-03-12+json"
CLUSTERS = "atlas.project.deployment.clusters"


def request(world: World, operation: str) -> Request | None:
    """One request valid in every respect but the caller's permission; None for another area's operation."""
    limits = f"/api/atlas/v2/groups/{world.home_group}/limits"
    user = world.orgs["home"]["users"][0]
    match operation:
        case "listGroupLimits":
            return Request("GET", limits, None, 200)
        case "getGroupLimit":
            return Request("GET", f"{limits}/{CLUSTERS}", None, 200)
        case "setGroupLimit":
            return Request("PATCH", f"{limits}/{CLUSTERS}", {"value": 25}, 200)
        case "deleteGroupLimit":
            return Request("DELETE", f"{limits}/{CLUSTERS}", None, 204)
        case "getGroupIpAddresses":
            return Request("GET", f"/api/atlas/v2/groups/{world.home_group}/ipAddresses", None, 200)
        case "listDefaultGroupLimits":
            return Request("GET", "/api/atlas/v2/defaultGroupLimits", None, 200, accept=PREVIEW)
        case "getDefaultGroupLimit":
            return Request("GET", "/api/atlas/v2/defaultGroupLimits/NUM_CLUSTERS", None, 200, accept=PREVIEW)
        case "getSystemStatus":
            return Request("GET", "/api/atlas/v2", None, 200)
        case "listEventTypes":
            return Request("GET", "/api/atlas/v2/eventTypes", None, 200)
        case "listRateLimits":
            return Request("GET", "/api/atlas/v2/rateLimits", None, 200, accept=RATE)
        case "getRateLimit":
            return Request("GET", "/api/atlas/v2/rateLimits/api.atlas.v2.groups:GROUP", None, 200, accept=RATE)
        case "getUser":
            return Request("GET", f"/api/atlas/v2/users/{user['id']}", None, 200)
        case "getUserByName":
            return Request("GET", f"/api/atlas/v2/users/byName/{user['username']}", None, 200)
    return None
