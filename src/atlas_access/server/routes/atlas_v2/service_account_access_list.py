"""A service account's IP access list (2024-08-05), under its organization and under a project it is assigned to.

The spec: the POST body is a bare array of ``{ipAddress}`` or ``{cidrBlock}`` and the answer the paginated list;
the DELETE path's ``{ipAddress}`` is an address or a URL-escaped CIDR block (``10.0.0.0%2F24``). A non-empty list
limits where the account's tokens may be used (docs/wire.md §5), not where they are minted.

Ours, as for API keys' lists: bodies and paths are read by ``server/wire/access_list_body.py``. An entry the list
already has is 409 ``ACCESS_LIST_ENTRY_ALREADY_EXISTS`` and the request adds nothing; a DELETE of one the list
lacks is 404 ``ACCESS_LIST_ENTRY_NOT_FOUND``.
"""

from atlas_access.core.access_list import Entry
from atlas_access.core.service_accounts import Account
from atlas_access.server.routes.atlas_v2 import service_account_shapes as wire
from atlas_access.server.services import service_accounts
from atlas_access.server.wire import access_list_body, paging
from atlas_access.server.wire.endpoint import Call, Reply


def _listing(call: Call, account: Account, found: list[Entry]) -> Reply:
    path = wire.scope_path(call, account, "/accessList")
    return Reply(200, paging.page_body(call.query, call.base_url, path, found, wire.entry_view))


def list_entries(call: Call) -> Reply:
    account, _ = wire.account_in_scope(call)
    return _listing(call, account, service_accounts.access_list(call.ctx, account))


def create_entries(call: Call) -> Reply:
    """``create{Org,Group}ServiceAccountAccessList``: 200 with the whole list afterwards."""
    account, _ = wire.account_in_scope(call)
    cidrs = access_list_body.cidrs_given(call.raw_body, call.content_type)
    found = service_accounts.add_to_access_list(call.ctx, account, cidrs, group_id=wire.group_id_of(call))
    return _listing(call, account, found)


def delete_entry(call: Call) -> Reply:
    account, _ = wire.account_in_scope(call)
    cidr = access_list_body.path_entry(call.path["ipAddress"])
    service_accounts.remove_from_access_list(call.ctx, account, cidr, group_id=wire.group_id_of(call))
    return Reply(204)
