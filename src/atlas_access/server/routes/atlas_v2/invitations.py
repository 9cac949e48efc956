"""``/api/atlas/v2`` organization and project invitations (deprecated by MongoDB, sunset 2027-07-01)."""

from atlas_access.core.roles import Surface
from atlas_access.server import rate_rules
from atlas_access.server.routes.invitation_handlers import endpoints

ENDPOINTS = endpoints(
    Surface.ATLAS_V2,
    "/api/atlas/v2/orgs/{orgId}/invites",
    "/api/atlas/v2/groups/{groupId}/invites",
    rate_rules.ATLAS_ORGS,
    rate_rules.ATLAS_GROUPS,
)
