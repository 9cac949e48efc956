"""``/api/atlas/v2/orgs/{orgId}/apiKeys``: an organization's programmatic API keys (2023-01-01).

Real (recorded, ``reference/recordings/atlasorgapikeys``): create answers 200 with the private key in full, reads
and updates show it masked, delete answers 204; lists are in public-key order. Unknown keys, and keys of another
organization, are 400 ``API_KEY_NOT_FOUND`` (the real catalog's status). Ours: a malformed ``apiUserId`` is 400
``INVALID_PATH_PARAMETER``; an update with neither ``desc`` nor ``roles`` is 400 ``MISSING_ATTRIBUTE`` (the spec asks
for at least one of the two).

``ENDPOINTS`` also carries the access-list and project routes of the keys (``api_key_access_list``,
``project_api_keys``).
"""

from atlas_access.core.errors import ApiError
from atlas_access.core.roles import Surface
from atlas_access.server import rate_rules
from atlas_access.server.routes.atlas_v2 import api_key_access_list, project_api_keys
from atlas_access.server.routes.atlas_v2 import api_key_shapes as wire
from atlas_access.server.services import api_keys
from atlas_access.server.wire import paging
from atlas_access.server.wire.body import require
from atlas_access.server.wire.endpoint import Call, Endpoint, Reply
from atlas_access.server.wire.path_ids import API_KEY_ID


def list_keys(call: Call) -> Reply:
    org = call.the_org()
    found = api_keys.listing(call.ctx, org)
    path = f"/api/atlas/v2/orgs/{org.id}/apiKeys"
    return Reply(
        200, paging.page_body(call.query, call.base_url, path, found, lambda key: wire.api_key_view(key, call.base_url))
    )


def create_key(call: Call) -> Reply:
    """200, as the real cloud answers (recorded)."""
    org = call.the_org()
    body = call.body(wire.ApiKeyIn)
    description: str = require(body.desc, "desc")
    key, private_key = api_keys.create(call.ctx, org.id, description, wire.org_roles(body.roles, org.id))
    return Reply(200, wire.api_key_view(key, call.base_url, private_key))


def get_key(call: Call) -> Reply:
    key = api_keys.find(call.ctx, call.the_org().id, wire.key_id_of(call))
    return Reply(200, wire.api_key_view(key, call.base_url))


def update_key(call: Call) -> Reply:
    org = call.the_org()
    key_id = wire.key_id_of(call)
    body = call.body(wire.ApiKeyIn)
    if body.desc is None and body.roles is None:
        field = "desc or roles"
        raise ApiError("MISSING_ATTRIBUTE", field, fields=[(field, "Give a new description, roles or both.")])
    roles = None if body.roles is None else wire.org_roles(body.roles, org.id)
    key = api_keys.find(call.ctx, org.id, key_id)
    updated = api_keys.update(call.ctx, key, description=body.desc, org_roles=roles)
    return Reply(200, wire.api_key_view(updated, call.base_url))


def delete_key(call: Call) -> Reply:
    key = api_keys.find(call.ctx, call.the_org().id, wire.key_id_of(call))
    api_keys.delete(call.ctx, key)
    return Reply(204)


V2 = Surface.ATLAS_V2
KEYS = "/api/atlas/v2/orgs/{orgId}/apiKeys"
ONE = KEYS + "/{apiUserId}"
_RATE = rate_rules.ATLAS_ORGS
ENDPOINTS = (
    Endpoint(V2, "listOrgApiKeys", "GET", KEYS, list_keys, _RATE),
    Endpoint(V2, "createOrgApiKey", "POST", KEYS, create_key, _RATE),
    Endpoint(V2, "getOrgApiKey", "GET", ONE, get_key, _RATE, ids=(API_KEY_ID,)),
    Endpoint(V2, "updateOrgApiKey", "PATCH", ONE, update_key, _RATE, ids=(API_KEY_ID,)),
    Endpoint(V2, "deleteOrgApiKey", "DELETE", ONE, delete_key, _RATE, ids=(API_KEY_ID,)),
    *api_key_access_list.ENDPOINTS,
    *project_api_keys.ENDPOINTS,
)
