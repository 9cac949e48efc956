"""``/api/atlas/v2`` organization and project invitations (deprecated by MongoDB, sunset 2027-07-01)."""

from atlas_access.core.roles import Surface
from atlas_access.server import rate_rules
from atlas_access.server.routes import invitation_handlers as h
from atlas_access.server.wire.endpoint import Endpoint

V2 = Surface.ATLAS_V2
ORG = "/api/atlas/v2/orgs/{orgId}/invites"
GROUP = "/api/atlas/v2/groups/{groupId}/invites"
ORGS, GROUPS = rate_rules.ATLAS_ORGS, rate_rules.ATLAS_GROUPS

ENDPOINTS = (
    Endpoint(V2, "listOrgInvites", "GET", ORG, h.list_org, ORGS),
    Endpoint(V2, "createOrgInvite", "POST", ORG, h.create_org, ORGS),
    Endpoint(V2, "updateOrgInvites", "PATCH", ORG, h.update_org_by_username, ORGS),
    Endpoint(V2, "getOrgInvite", "GET", ORG + "/{invitationId}", h.get_org, ORGS),
    Endpoint(V2, "updateOrgInviteById", "PATCH", ORG + "/{invitationId}", h.update_org_by_id, ORGS),
    Endpoint(V2, "deleteOrgInvite", "DELETE", ORG + "/{invitationId}", h.delete_org, ORGS),
    Endpoint(V2, "listGroupInvites", "GET", GROUP, h.list_group, GROUPS),
    Endpoint(V2, "createGroupInvite", "POST", GROUP, h.create_group, GROUPS),
    Endpoint(V2, "updateGroupInvites", "PATCH", GROUP, h.update_group_by_username, GROUPS),
    Endpoint(V2, "getGroupInvite", "GET", GROUP + "/{invitationId}", h.get_group, GROUPS),
    Endpoint(V2, "updateGroupInviteById", "PATCH", GROUP + "/{invitationId}", h.update_group_by_id, GROUPS),
    Endpoint(V2, "deleteGroupInvite", "DELETE", GROUP + "/{invitationId}", h.delete_group, GROUPS),
)
