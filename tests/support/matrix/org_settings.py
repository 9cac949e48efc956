"""Valid requests for the RBAC matrix: organization settings and delegation settings, the deprecated user-role
replacements, ``addGroupAccessUser`` and ``migrateGroup`` (docs/org-settings.md).

Changes that change nothing keep the shared state: the settings are set to what they are, the pending users of the
home organization and project (``world.org_user``, ``world.group_user``) get the roles they hold. ``migrateGroup``
moves a project of the home organization made for it (where every project-role holder holds its role, as in the
home project; made anew once one has moved) to the other organization, naming that organization's owner API key
in the body, as a caller that owns only the source organization must.
"""

from __future__ import annotations

import itertools

from sqlalchemy import Connection

from atlas_access.core.members import API_KEY, SERVICE_ACCOUNT
from atlas_access.store import members
from support.matrix.world import HOLDERS, Request, World

DELEGATION = "application/vnd.atlas.2025-03-12+json"
ACCESS = "application/vnd.atlas.2023-02-01+json"
MIGRATE = "application/vnd.atlas.2024-05-30+json"
_names = itertools.count()


def _movable(world: World) -> str:
    """The home organization's project that ``migrateGroup`` may move, where every project-role holder (API key and
    service account) holds its role, as in the home project. The roles are written in the store directly: the API
    grants keys and accounts no Cloud Manager-only role (``GROUP_USER_ADMIN``...), which some holders hold."""
    found = world.shared.get("movable")
    if isinstance(found, str) and world.still_there("project", found):
        return found
    body = {"name": f"matrix-movable-{next(_names)}", "orgId": world.home_org}
    project = str(world.made("POST", "/api/atlas/v2/groups", body)["id"])
    home = world.orgs["home"]

    def grant(conn: Connection) -> None:
        for label, holder in HOLDERS.items():
            if holder.group_roles:
                for kind, credentials in ((API_KEY, home["digest"]), (SERVICE_ACCOUNT, home["bearer"])):
                    member_id = credentials[label]["id"]
                    members.set_project_roles(conn, project, member_id, holder.group_roles, 0, kind=kind)

    world.server.opened.state.db.run_sync(grant)
    world.shared["movable"] = project
    return project


def request(world: World, operation: str) -> Request | None:
    """One request valid in every respect but the caller's permission; None for another area's operation."""
    org = f"/api/atlas/v2/orgs/{world.home_org}"
    group = f"/api/atlas/v2/groups/{world.home_group}"
    match operation:
        case "getOrgSettings":
            return Request("GET", f"{org}/settings", None, 200)
        case "updateOrgSettings":
            return Request("PATCH", f"{org}/settings", {"genAIFeaturesEnabled": True}, 200)
        case "getOrgDelegationSettings":
            return Request("GET", f"{org}/delegationSettings", None, 200, accept=DELEGATION)
        case "updateOrgDelegationSettings":
            body = {"delegatedMcpAccess": "DISALLOWED"}
            return Request("PATCH", f"{org}/delegationSettings", body, 200, accept=DELEGATION)
        case "updateOrgUserRoles":
            return Request("PUT", f"{org}/users/{world.org_user}/roles", {"orgRoles": ["ORG_MEMBER"]}, 200)
        case "updateGroupUserRoles":
            path = f"{group}/users/{world.group_user}/roles"
            return Request("PUT", path, {"groupRoles": ["GROUP_READ_ONLY"]}, 200)
        case "addGroupAccessUser":
            body = {"username": world.username(), "roles": ["GROUP_READ_ONLY"]}
            return Request("POST", f"{group}/access", body, 200, accept=ACCESS)
        case "migrateGroup":
            away = world.orgs["away"]
            key = away["digest"]["org:ORG_OWNER"]
            body = {
                "destinationOrgId": away["id"],
                "destinationOrgPublicApiKey": key["publicKey"],
                "destinationOrgPrivateApiKey": key["privateKey"],
            }
            return Request("POST", f"/api/atlas/v2/groups/{_movable(world)}:migrate", body, 200, accept=MIGRATE)
    return None
