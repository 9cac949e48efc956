"""Valid requests for the RBAC matrix: creating, renaming and deleting organizations."""

from __future__ import annotations

from support.matrix.world import Request, World


def request(world: World, operation: str) -> Request | None:
    """One request valid in every respect but the caller's permission; None for another area's operation.

    ``deleteOrg`` names the home organization, which has projects: a caller who may delete it gets 409
    ``ORG_NOT_EMPTY`` (the permission check passed; the state refused), everyone else the 401 of their role.
    ``createOrg`` acts in the caller's own organization, so it gives its new organization a first API key
    rather than an owner user (who would have to be a member of the caller's organization).
    """
    org = f"/api/atlas/v2/orgs/{world.home_org}"
    match operation:
        case "createOrg":
            name = f"matrix-org-{world.username().split('@')[0]}"
            key = {"desc": "first key", "roles": ["ORG_OWNER"]}
            return Request("POST", "/api/atlas/v2/orgs", {"name": name, "apiKey": key}, 201)
        case "updateOrg":
            return Request("PATCH", org, {"name": "Home"}, 200)
        case "deleteOrg":
            return Request("DELETE", org, None, 409)
    return None
