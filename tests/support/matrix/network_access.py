"""Valid requests for the RBAC matrix: the home project's IP access list, auditing and settings.

Reads use one shared entry (``world.shared["access_entry"]``); a create adds a fresh address; a delete removes an
entry made for its case. Updates of auditing and settings give what the project already has (they change nothing,
so every case finds the same state).
"""

from __future__ import annotations

import itertools

from support.matrix.world import Request, World

_addresses = (f"198.18.{n // 250}.{n % 250 + 1}" for n in itertools.count())


def _entry(world: World) -> str:
    """A new entry of the home project's list; its address."""
    address = next(_addresses)
    world.made("POST", f"/api/atlas/v2/groups/{world.home_group}/accessList", [{"ipAddress": address}])
    return address


def _shared(world: World) -> str:
    if "access_entry" not in world.shared:
        world.shared["access_entry"] = _entry(world)
    found: str = world.shared["access_entry"]
    return found


def request(world: World, operation: str) -> Request | None:
    """One request valid in every respect but the caller's permission; None for another area's operation."""
    group = f"/api/atlas/v2/groups/{world.home_group}"
    entries = f"{group}/accessList"
    match operation:
        case "listGroupAccessListEntries":
            return Request("GET", entries, None, 200)
        case "createGroupAccessListEntry":
            return Request("POST", entries, [{"ipAddress": next(_addresses), "comment": "matrix"}], 201)
        case "getGroupAccessListEntry":
            return Request("GET", f"{entries}/{_shared(world)}", None, 200)
        case "getGroupAccessListStatus":
            return Request("GET", f"{entries}/{_shared(world)}%2F32/status", None, 200)
        case "deleteGroupAccessListEntry":
            path = f"{entries}/{_entry(world)}"
            return Request("DELETE", path, None, 204, still_there=lambda: world.exists(path))
        case "getGroupAuditLog":
            return Request("GET", f"{group}/auditLog", None, 200)
        case "updateGroupAuditLog":
            return Request("PATCH", f"{group}/auditLog", {"enabled": False}, 202)
        case "getGroupSettings":
            return Request("GET", f"{group}/settings", None, 200)
        case "updateGroupSettings":
            return Request("PATCH", f"{group}/settings", {"isDataExplorerEnabled": True}, 200)
    return None
