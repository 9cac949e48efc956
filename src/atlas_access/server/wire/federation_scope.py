"""The scope of ``/federationSettings/{federationSettingsId}/...`` paths, which name no organization of their own
(docs/federation.md).

After the path's ids are checked: the federation must exist (404 ``FEDERATION_SETTINGS_NOT_FOUND``, ours). Under
``connectedOrgConfigs/{orgId}`` the caller's roles in that organization decide, as for ``/orgs/{orgId}`` (404
``ORG_NOT_FOUND``, 401 ``USER_CANNOT_ACCESS_ORG``, 401 ``USER_UNAUTHORIZED``); whether the organization is
connected to the federation is the operation's state, checked after. Elsewhere its roles in the federation's
connected organizations count together: in none of them, 401 ``USER_CANNOT_ACCESS_ORG``; an Organization Owner of
none, 401 ``USER_UNAUTHORIZED`` (the spec: "the Organization Owner role in one of the connected organizations").
"""

from collections.abc import Mapping

from atlas_access.core.directory import Org
from atlas_access.core.errors import ApiError
from atlas_access.core.roles import Rule, authorize
from atlas_access.server.auth.principal import Principal
from atlas_access.store import directory
from atlas_access.store import federation as store
from atlas_access.store.database import Transaction


def resolve(conn: Transaction, rule: Rule, path: Mapping[str, str], principal: Principal) -> Org | None:
    """The organization the path names (None for none), once the caller may act; the wire's error otherwise."""
    federation_id = path["federationSettingsId"]
    if store.get(conn, federation_id) is None:
        raise ApiError("FEDERATION_SETTINGS_NOT_FOUND", federation_id)
    org_id = path.get("orgId")
    if org_id is not None:
        found = directory.org_with_roles(conn, org_id, principal.id)
        if found is None:
            raise ApiError("ORG_NOT_FOUND", org_id)
        authorize(rule, scope_id=org_id, org_roles=found[1])
        return found[0]
    authorize(rule, scope_id=federation_id, org_roles=store.member_roles(conn, federation_id, principal.id))
    return None
