"""``/api/public/v1.0`` organization and project invitations, Cloud Manager's form of the same resource.

Cloud Manager's docs print ``/invitations/`` in one example; that path is served as an alias of ``/invites/``.
"""

from atlas_access.core.roles import Surface
from atlas_access.server import rate_rules
from atlas_access.server.routes.invitation_handlers import endpoints
from atlas_access.server.wire.endpoint import Endpoint


def _endpoints(word: str) -> tuple[Endpoint, ...]:
    return endpoints(
        Surface.CLOUD_MANAGER_V1,
        f"/api/public/v1.0/orgs/{{orgId}}/{word}",
        f"/api/public/v1.0/groups/{{groupId}}/{word}",
        rate_rules.CLOUD_MANAGER_ORGS,
        rate_rules.CLOUD_MANAGER_GROUPS,
    )


ENDPOINTS = _endpoints("invites") + _endpoints("invitations")
