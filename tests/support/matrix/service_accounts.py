"""Valid requests for the RBAC matrix: the service-account operations (Atlas v2, 2024-08-05).

Shared targets are made once by the home organization's owner: an account of the organization (``org``) and one
assigned to the home project (``group``), neither of them a matrix holder. What a successful case uses up (an
account to delete, to assign, a secret, an access-list entry) is made fresh for each case.
"""

from __future__ import annotations

import itertools
from typing import Any

from support.matrix.world import Request, World

ACCEPT = "application/vnd.atlas.2024-08-05+json"
_entries = itertools.count(1)


def _org_path(world: World) -> str:
    return f"/api/atlas/v2/orgs/{world.home_org}/serviceAccounts"


def _group_path(world: World) -> str:
    return f"/api/atlas/v2/groups/{world.home_group}/serviceAccounts"


def _body(roles: list[str]) -> dict[str, Any]:
    return {"name": "matrix account", "description": "matrix", "roles": roles, "secretExpiresAfterHours": 24}


def _new_account(world: World) -> str:
    """A fresh account of the home organization (ORG_MEMBER); its client id."""
    return str(world.made("POST", _org_path(world), _body(["ORG_MEMBER"]), accept=ACCEPT)["clientId"])


def _new_assigned_account(world: World) -> str:
    """A fresh account assigned to the home project (GROUP_READ_ONLY); its client id."""
    return str(world.made("POST", _group_path(world), _body(["GROUP_READ_ONLY"]), accept=ACCEPT)["clientId"])


def _shared(world: World, name: str) -> str:
    if name not in world.shared:
        world.shared[name] = _new_account(world) if name == "sa:org" else _new_assigned_account(world)
    return str(world.shared[name])


def _cidr() -> str:
    """An access-list block no case has used: 10.<n>.<n>.0/24."""
    n = next(_entries)
    return f"10.{n // 256 % 256}.{n % 256}.0/24"


def _secret_there(world: World, account_path: str, secret_id: str) -> bool:
    return secret_id in [s["id"] for s in world.made("GET", account_path, accept=ACCEPT)["secrets"]]


def _entry_there(world: World, account_path: str, cidr: str) -> bool:
    entries = world.made("GET", f"{account_path}/accessList", accept=ACCEPT)["results"]
    return cidr in [entry["cidrBlock"] for entry in entries]


def _scoped(world: World, operation: str, scope: str) -> Request | None:
    """The operations both scopes have, under ``/orgs/{orgId}`` ("Org") or ``/groups/{groupId}`` ("Group")."""
    if scope == "Org":
        account = f"{_org_path(world)}/{_shared(world, 'sa:org')}"
    else:
        account = f"{_group_path(world)}/{_shared(world, 'sa:group')}"
    match operation.replace(scope, "", 1):
        case "getServiceAccount":
            return Request("GET", account, None, 200, accept=ACCEPT)
        case "createServiceAccountSecret":
            return Request("POST", f"{account}/secrets", {"secretExpiresAfterHours": 24}, 201, accept=ACCEPT)
        case "deleteServiceAccountSecret":
            made = world.made("POST", f"{account}/secrets", {"secretExpiresAfterHours": 24}, accept=ACCEPT)
            return Request(
                "DELETE",
                f"{account}/secrets/{made['id']}",
                None,
                204,
                accept=ACCEPT,
                still_there=lambda: _secret_there(world, account, made["id"]),
            )
        case "listServiceAccountAccessList":
            return Request("GET", f"{account}/accessList", None, 200, accept=ACCEPT)
        case "createServiceAccountAccessList":
            return Request("POST", f"{account}/accessList", [{"cidrBlock": _cidr()}], 200, accept=ACCEPT)
        case "deleteServiceAccountAccessListEntry":
            cidr = _cidr()
            world.made("POST", f"{account}/accessList", [{"cidrBlock": cidr}], accept=ACCEPT)
            return Request(
                "DELETE",
                f"{account}/accessList/{cidr.replace('/', '%2F')}",
                None,
                204,
                accept=ACCEPT,
                still_there=lambda: _entry_there(world, account, cidr),
            )
    return None


def request(world: World, operation: str) -> Request | None:
    """One request valid in every respect but the caller's permission; None for another area's operation."""
    orgs, groups = _org_path(world), _group_path(world)
    match operation:
        case "listOrgServiceAccounts":
            return Request("GET", orgs, None, 200, accept=ACCEPT)
        case "createOrgServiceAccount":
            return Request("POST", orgs, _body(["ORG_MEMBER"]), 201, accept=ACCEPT)
        case "updateOrgServiceAccount":
            path = f"{orgs}/{_shared(world, 'sa:org')}"
            return Request("PATCH", path, {"description": "matrix changed"}, 200, accept=ACCEPT)
        case "deleteOrgServiceAccount":
            path = f"{orgs}/{_new_account(world)}"
            return Request("DELETE", path, None, 204, accept=ACCEPT, still_there=lambda: world.exists(path, ACCEPT))
        case "getOrgServiceAccountGroups":
            return Request("GET", f"{orgs}/{_shared(world, 'sa:group')}/groups", None, 200, accept=ACCEPT)
        case "listGroupServiceAccounts":
            return Request("GET", groups, None, 200, accept=ACCEPT)
        case "createGroupServiceAccount":
            return Request("POST", groups, _body(["GROUP_READ_ONLY"]), 201, accept=ACCEPT)
        case "updateGroupServiceAccount":
            path = f"{groups}/{_shared(world, 'sa:group')}"
            return Request("PATCH", path, {"roles": ["GROUP_READ_ONLY"]}, 200, accept=ACCEPT)
        case "deleteGroupServiceAccount":
            path = f"{groups}/{_new_assigned_account(world)}"
            return Request("DELETE", path, None, 204, accept=ACCEPT, still_there=lambda: world.exists(path, ACCEPT))
        case "inviteGroupServiceAccount":
            path = f"{groups}/{_new_account(world)}:invite"
            return Request("POST", path, {"roles": ["GROUP_READ_ONLY"]}, 200, accept=ACCEPT)
    for scope in ("Org", "Group"):
        if operation.startswith(("get" + scope, "create" + scope, "delete" + scope, "list" + scope)):
            found = _scoped(world, operation, scope)
            if found is not None:
                return found
    return None
