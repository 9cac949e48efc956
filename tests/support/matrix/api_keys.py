"""Valid requests for the RBAC matrix: programmatic API keys, their access lists and their projects.

What the cases share (made once by the home organization's owner): one key of the home organization that is in the
home project, with one access-list entry. Deletes consume a key, an entry or a project membership made for the case.
"""

from __future__ import annotations

import itertools
from typing import Any

from support.matrix.world import Request, World

_addresses = itertools.count(1)


def _org_keys(world: World) -> str:
    return f"/api/atlas/v2/orgs/{world.home_org}/apiKeys"


def _group_keys(world: World) -> str:
    return f"/api/atlas/v2/groups/{world.home_group}/apiKeys"


def _new_key(world: World, roles: list[str] | None = None) -> dict[str, Any]:
    body = {"desc": "matrix key", "roles": roles or ["ORG_MEMBER"]}
    made: dict[str, Any] = world.made("POST", _org_keys(world), body)
    return made


def _shared_key(world: World) -> str:
    """A key in the home project, with the shared access-list entry."""
    if "api_key" not in world.shared:
        key = _new_key(world)
        world.made("POST", f"{_group_keys(world)}/{key['id']}", [{"roles": ["GROUP_READ_ONLY"]}])
        world.made("POST", f"{_org_keys(world)}/{key['id']}/accessList", [{"ipAddress": "10.66.0.1"}])
        world.shared["api_key"] = key["id"]
    return str(world.shared["api_key"])


def _address() -> str:
    n = next(_addresses)
    return f"10.77.{n // 250}.{n % 250 + 1}"


def request(world: World, operation: str) -> Request | None:
    """One request valid in every respect but the caller's permission; None for another area's operation."""
    org_keys, group_keys = _org_keys(world), _group_keys(world)
    match operation:
        case "listOrgApiKeys":
            return Request("GET", org_keys, None, 200)
        case "createOrgApiKey":
            return Request("POST", org_keys, {"desc": "matrix made", "roles": ["ORG_READ_ONLY"]}, 200)
        case "getOrgApiKey":
            return Request("GET", f"{org_keys}/{_shared_key(world)}", None, 200)
        case "updateOrgApiKey":
            return Request("PATCH", f"{org_keys}/{_shared_key(world)}", {"desc": "matrix key"}, 200)
        case "deleteOrgApiKey":
            path = f"{org_keys}/{_new_key(world)['id']}"
            return Request("DELETE", path, None, 204, still_there=lambda: world.exists(path))
        case "listOrgApiKeyAccessListEntries":
            return Request("GET", f"{org_keys}/{_shared_key(world)}/accessList", None, 200)
        case "createOrgApiKeyAccessListEntry":
            body: Any = [{"ipAddress": _address()}]
            return Request("POST", f"{org_keys}/{_shared_key(world)}/accessList", body, 200)
        case "getOrgApiKeyAccessListEntry":
            return Request("GET", f"{org_keys}/{_shared_key(world)}/accessList/10.66.0.1", None, 200)
        case "deleteOrgApiKeyAccessListEntry":
            entries = f"{org_keys}/{_shared_key(world)}/accessList"
            address = _address()
            world.made("POST", entries, [{"ipAddress": address}])
            path = f"{entries}/{address}"
            return Request("DELETE", path, None, 204, still_there=lambda: world.exists(path))
        case "listGroupApiKeys":
            return Request("GET", group_keys, None, 200)
        case "createGroupApiKey":
            return Request("POST", group_keys, {"desc": "matrix made", "roles": ["GROUP_READ_ONLY"]}, 200)
        case "addGroupApiKey":
            body = [{"roles": ["GROUP_READ_ONLY"]}]
            return Request("POST", f"{group_keys}/{_shared_key(world)}", body, 204)
        case "updateGroupApiKeyRoles":
            return Request("PATCH", f"{group_keys}/{_shared_key(world)}", {"roles": ["GROUP_READ_ONLY"]}, 200)
        case "removeGroupApiKey":
            key_id = _new_key(world)["id"]
            world.made("POST", f"{group_keys}/{key_id}", [{"roles": ["GROUP_READ_ONLY"]}])

            def in_project() -> bool:
                listed = world.made("GET", f"{group_keys}?itemsPerPage=500")["results"]
                return any(item["id"] == key_id for item in listed)

            return Request("DELETE", f"{group_keys}/{key_id}", None, 204, still_there=in_project)
    return None
