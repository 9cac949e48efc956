"""``/api/atlas/v2/orgs/{orgId}/apiKeys``: an organization's programmatic API keys (2023-01-01).

Real (recorded, ``reference/recordings/atlasorgapikeys``): create answers 200 with the private key in full, reads
and updates show it masked, delete answers 204; lists are in public-key order. Unknown keys, and keys of another
organization, are 400 ``API_KEY_NOT_FOUND`` (the real catalog's status). Ours: a malformed ``apiUserId`` is 400
``INVALID_PATH_PARAMETER``; an update with neither ``desc`` nor ``roles`` is 400 ``MISSING_ATTRIBUTE`` (the spec asks
for at least one of the two).

A key's access list and its roles in projects are in ``api_key_access_list`` and ``project_api_keys``; the paths are in
``table``.
"""

from typing import Any

from atlas_access.server.routes.atlas_v2 import api_key_shapes as wire
from atlas_access.server.services import api_keys
from atlas_access.server.wire.body import require
from atlas_access.server.wire.endpoint import Call, Reply


def new_org_key(call: Call, org_id: str, body: wire.ApiKeyIn, desc_field: str = "desc") -> dict[str, Any]:
    """A new key of the organization with the description and roles ``body`` gives (``desc_field`` names where
    the description belongs when missing), shown with its private key in full: ``createOrgApiKey``, and the first
    key of ``createOrg``."""
    description: str = require(body.desc, desc_field)
    key, private_key = api_keys.create(call.ctx, org_id, description, wire.org_roles(body.roles, org_id))
    return wire.api_key_view(key, call.base_url, private_key)


def list_keys(call: Call) -> Reply:
    return Reply(200, wire.keys_page(call, api_keys.listing(call.ctx, call.the_org())))


def create_key(call: Call) -> Reply:
    """200, as the real cloud answers (recorded)."""
    org = call.the_org()
    return Reply(200, new_org_key(call, org.id, call.body(wire.ApiKeyIn)))


def get_key(call: Call) -> Reply:
    return Reply(200, wire.api_key_view(wire.key_of_path(call), call.base_url))


def update_key(call: Call) -> Reply:
    body = wire.update_body(call, "Give a new description, roles or both.")
    roles = None if body.roles is None else wire.org_roles(body.roles, call.the_org().id)
    updated = api_keys.update(call.ctx, wire.key_of_path(call), description=body.desc, org_roles=roles)
    return Reply(200, wire.api_key_view(updated, call.base_url))


def delete_key(call: Call) -> Reply:
    api_keys.delete(call.ctx, wire.key_of_path(call))
    return Reply(204)
