"""Valid requests for the RBAC matrix: database users and custom database roles of the home project.

Reads and changes that change nothing use one shared user and one shared role (``world.shared``); a create makes a
new name each time, and a delete gets a user or role made for its case, so that each one can succeed.
"""

from __future__ import annotations

import itertools
from typing import Any

from support.matrix.world import Request, World

_names = itertools.count()
_ROLES = [{"databaseName": "admin", "roleName": "readAnyDatabase"}]
_FIND = [{"action": "FIND", "resources": [{"db": "sales"}]}]


def _user_body(username: str) -> dict[str, Any]:
    # An X.509 user: no password to derive, so the matrix's many creates stay fast.
    return {"databaseName": "$external", "username": username, "x509Type": "MANAGED", "roles": _ROLES}


def _made_user(world: World) -> str:
    name = f"matrix-user-{next(_names)}"
    world.made("POST", f"/api/atlas/v2/groups/{world.home_group}/databaseUsers", _user_body(name))
    return name


def _made_role(world: World) -> str:
    name = f"matrix-role-{next(_names)}"
    world.made(
        "POST", f"/api/atlas/v2/groups/{world.home_group}/customDBRoles/roles", {"roleName": name, "actions": _FIND}
    )
    return name


def _shared(world: World, kind: str) -> str:
    if kind not in world.shared:
        world.shared[kind] = _made_user(world) if kind == "dbuser" else _made_role(world)
    found: str = world.shared[kind]
    return found


def request(world: World, operation: str) -> Request | None:
    """One request valid in every respect but the caller's permission; None for another area's operation."""
    users = f"/api/atlas/v2/groups/{world.home_group}/databaseUsers"
    roles = f"/api/atlas/v2/groups/{world.home_group}/customDBRoles/roles"
    match operation:
        case "listGroupDatabaseUsers":
            return Request("GET", users, None, 200)
        case "createGroupDatabaseUser":
            return Request("POST", users, _user_body(f"matrix-user-{next(_names)}"), 201)
        case "getGroupDatabaseUser":
            return Request("GET", f"{users}/$external/{_shared(world, 'dbuser')}", None, 200)
        case "updateGroupDatabaseUser":
            return Request("PATCH", f"{users}/$external/{_shared(world, 'dbuser')}", {"roles": _ROLES}, 200)
        case "deleteGroupDatabaseUser":
            path = f"{users}/$external/{_made_user(world)}"
            return Request("DELETE", path, None, 204, still_there=lambda: world.exists(path))
        case "listGroupCustomDbRoleRoles":
            return Request("GET", roles, None, 200)
        case "createGroupCustomDbRoleRole":
            return Request("POST", roles, {"roleName": f"matrix-role-{next(_names)}", "actions": _FIND}, 202)
        case "getGroupCustomDbRoleRole":
            return Request("GET", f"{roles}/{_shared(world, 'role')}", None, 200)
        case "updateGroupCustomDbRoleRole":
            return Request("PATCH", f"{roles}/{_shared(world, 'role')}", {"actions": _FIND}, 200)
        case "deleteGroupCustomDbRoleRole":
            path = f"{roles}/{_made_role(world)}"
            return Request("DELETE", path, None, 204, still_there=lambda: world.exists(path))
    return None
