"""``/api/public/v1.0`` organization and project invitations, Cloud Manager's form of the same resource.

Cloud Manager's docs print ``/invitations/`` in one example; that path is served as an alias of ``/invites/``.
"""

from atlas_access.core.roles import Surface
from atlas_access.server import rate_rules
from atlas_access.server.routes import invitation_handlers as h
from atlas_access.server.wire.endpoint import Endpoint

CM = Surface.CLOUD_MANAGER_V1
ORGS, GROUPS = rate_rules.CLOUD_MANAGER_ORGS, rate_rules.CLOUD_MANAGER_GROUPS


def _endpoints(word: str) -> tuple[Endpoint, ...]:
    org = f"/api/public/v1.0/orgs/{{orgId}}/{word}"
    group = f"/api/public/v1.0/groups/{{groupId}}/{word}"
    return (
        Endpoint(CM, "listOrgInvites", "GET", org, h.list_org, ORGS),
        Endpoint(CM, "createOrgInvite", "POST", org, h.create_org, ORGS),
        Endpoint(CM, "updateOrgInvites", "PATCH", org, h.update_org_by_username, ORGS),
        Endpoint(CM, "getOrgInvite", "GET", org + "/{invitationId}", h.get_org, ORGS),
        Endpoint(CM, "updateOrgInviteById", "PATCH", org + "/{invitationId}", h.update_org_by_id, ORGS),
        Endpoint(CM, "deleteOrgInvite", "DELETE", org + "/{invitationId}", h.delete_org, ORGS),
        Endpoint(CM, "listGroupInvites", "GET", group, h.list_group, GROUPS),
        Endpoint(CM, "createGroupInvite", "POST", group, h.create_group, GROUPS),
        Endpoint(CM, "updateGroupInvites", "PATCH", group, h.update_group_by_username, GROUPS),
        Endpoint(CM, "getGroupInvite", "GET", group + "/{invitationId}", h.get_group, GROUPS),
        Endpoint(CM, "updateGroupInviteById", "PATCH", group + "/{invitationId}", h.update_group_by_id, GROUPS),
        Endpoint(CM, "deleteGroupInvite", "DELETE", group + "/{invitationId}", h.delete_group, GROUPS),
    )


ENDPOINTS = _endpoints("invites") + _endpoints("invitations")
