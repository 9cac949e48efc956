"""``/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}/accessList``: the IP access list of one key (2023-01-01).

Real (recorded, ``reference/recordings/atlasorgapikeyaccesslist``): create takes an array of ``{ipAddress}`` or
``{cidrBlock}`` and answers 200 with the key's whole list, paginated; delete answers 204; the path names an entry by
its address, or by its CIDR block with the slash escaped (``10.0.0.0%2F24``, the spec). A key whose list is not
empty may only be used from the addresses on it (403 ``IP_ADDRESS_NOT_ON_ACCESS_LIST``, checked by the request
pipeline for every request).

Ours: an entry the list already holds is 409 ``ACCESS_LIST_ENTRY_ALREADY_EXISTS`` (the spec lists a 409 here); an
entry that is not on the list is 404 ``ACCESS_LIST_ENTRY_NOT_FOUND``; bodies and paths are read by
``server/wire/access_list_body.py``, as for service accounts. Not done: the spec's "you cannot remove
the requesting IP address from the requesting organization API key" (the catalog has no code for it yet).
"""

from atlas_access.core.access_list import Entry
from atlas_access.core.api_keys import ApiKey
from atlas_access.server.routes.atlas_v2 import api_key_shapes as wire
from atlas_access.server.services import api_keys
from atlas_access.server.wire import access_list_body, paging
from atlas_access.server.wire.endpoint import Call, Reply


def _paginated(call: Call, key: ApiKey, found: list[Entry]) -> Reply:
    path = f"/api/atlas/v2/orgs/{key.org_id}/apiKeys/{key.id}/accessList"
    return Reply(
        200,
        paging.page_body(call.query, call.base_url, path, found, lambda one: wire.entry_view(one, key, call.base_url)),
    )


def list_entries(call: Call) -> Reply:
    key = wire.key_of_path(call)
    return _paginated(call, key, api_keys.access_list(call.ctx, key))


def create_entries(call: Call) -> Reply:
    paging.page_of(call.query)  # bad paging parameters fail before anything is written
    given = access_list_body.cidrs_given(call.raw_body, call.content_type)
    key = wire.key_of_path(call)
    return _paginated(call, key, api_keys.add_entries(call.ctx, key, given))


def get_entry(call: Call) -> Reply:
    text = access_list_body.path_entry(call.path["ipAddress"])
    key = wire.key_of_path(call)
    return Reply(200, wire.entry_view(api_keys.entry(call.ctx, key, text), key, call.base_url))


def delete_entry(call: Call) -> Reply:
    text = access_list_body.path_entry(call.path["ipAddress"])
    api_keys.remove_entry(call.ctx, wire.key_of_path(call), text)
    return Reply(204)
