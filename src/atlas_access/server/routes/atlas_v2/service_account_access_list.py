"""A service account's IP access list (2024-08-05), under its organization and under a project it is assigned to.

The spec: the POST body is a bare array of ``{ipAddress}`` or ``{cidrBlock}`` and the answer the paginated list;
the DELETE path's ``{ipAddress}`` is an address or a URL-escaped CIDR block (``10.0.0.0%2F24``). A non-empty list
limits where the account's tokens may be used (WIRE.md section 5), not where they are minted.

Ours, as for API keys' lists: a value that is not a valid address (``ipAddress``) or CIDR block (``cidrBlock``) is
400 ``INVALID_JSON_ATTRIBUTE`` naming the field (``badRequestDetail`` says which item); an empty array or an item
with neither field is 400 ``MISSING_ATTRIBUTE``; an item giving two different entries is 400 ``INVALID_ATTRIBUTE``
(the same entry given both ways, as the lists show it, is accepted). An entry the list
already has is 409 ``ACCESS_LIST_ENTRY_ALREADY_EXISTS`` and the request adds nothing. A DELETE path that is no
address or block is 400 ``INVALID_PATH_PARAMETER``; one the list lacks 404 ``ACCESS_LIST_ENTRY_NOT_FOUND``.
"""

import ipaddress

from pydantic import ValidationError

from atlas_access.core.access_list import normalise
from atlas_access.core.errors import ApiError
from atlas_access.core.ratelimit import BucketRule
from atlas_access.core.roles import Surface
from atlas_access.server import rate_rules
from atlas_access.server.routes.atlas_v2 import service_account_wire as wire
from atlas_access.server.services import service_accounts
from atlas_access.server.wire import body as bodies
from atlas_access.server.wire import paging
from atlas_access.server.wire.endpoint import Call, Endpoint, Reply
from atlas_access.store.access_lists import Entry
from atlas_access.store.service_accounts import Account

EITHER = "ipAddress or cidrBlock"


def _listing(call: Call, account: Account, found: list[Entry]) -> Reply:
    page = paging.page_of(call.query)
    results = [wire.entry_view(entry) for entry in found[page.offset : page.offset + page.size]]
    path = wire.scope_path(call, account, "/accessList")
    return Reply(200, paging.paginated(results, len(found), page, call.base_url, path, call.query.multi_items()))


def list_entries(call: Call) -> Reply:
    account, _ = wire.account_in_scope(call)
    return _listing(call, account, service_accounts.access_list(call.ctx, account))


def _items(call: Call) -> list[wire.AccessListEntryIn]:
    """The body: a JSON array of entries (each checked like any body: strict types, no unknown attributes)."""
    if not call.raw_body.strip():
        raise ApiError("MALFORMED_JSON")
    bodies.check_media_type(call.content_type)
    data = bodies.parse_json(call.raw_body)
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ApiError("INVALID_JSON")
    items = []
    for index, item in enumerate(data):
        try:
            items.append(wire.AccessListEntryIn.model_validate(item))
        except ValidationError as error:
            raise _translated(index, error) from None
    return items


def _translated(index: int, error: ValidationError) -> ApiError:
    first = error.errors(include_url=False)[0]
    name = ".".join(str(part) for part in first["loc"])
    field = f"{index}.{name}"
    if first["type"] == "extra_forbidden":
        return ApiError("INVALID_ATTRIBUTE", name, fields=[(field, "This attribute is not allowed here.")])
    return ApiError("INVALID_JSON_ATTRIBUTE", name, fields=[(field, first["msg"])])


def _invalid(index: int, name: str, text: str) -> ApiError:
    return ApiError("INVALID_JSON_ATTRIBUTE", name, fields=[(f"{index}.{name}", text)])


def _cidr(index: int, item: wire.AccessListEntryIn) -> str:
    """The item's entry in canonical CIDR form."""
    found: list[str] = []
    if item.ipAddress is not None:
        try:
            found.append(normalise(str(ipaddress.ip_address(item.ipAddress.strip()))))
        except ValueError:
            raise _invalid(index, "ipAddress", f"Not an IPv4 or IPv6 address: {item.ipAddress!r}.") from None
    if item.cidrBlock is not None:
        try:
            if "/" not in item.cidrBlock:
                raise ValueError(item.cidrBlock)
            found.append(normalise(item.cidrBlock))
        except ValueError:
            raise _invalid(index, "cidrBlock", f"Not a CIDR block: {item.cidrBlock!r}.") from None
    if not found:
        raise ApiError("MISSING_ATTRIBUTE", EITHER, fields=[(str(index), f"Give {EITHER}.")])
    if len(set(found)) > 1:
        text = "ipAddress and cidrBlock name different entries: give one of them."
        raise ApiError("INVALID_ATTRIBUTE", "cidrBlock", fields=[(f"{index}.cidrBlock", text)])
    return found[0]


def create_entries(call: Call) -> Reply:
    """``create{Org,Group}ServiceAccountAccessList``: 200 with the whole list afterwards."""
    account, _ = wire.account_in_scope(call)
    cidrs = [_cidr(index, item) for index, item in enumerate(_items(call))]
    if not cidrs:
        raise ApiError("MISSING_ATTRIBUTE", EITHER, fields=[(EITHER, "At least one entry is required.")])
    found = service_accounts.add_to_access_list(call.ctx, account, cidrs, group_id=wire.group_id_of(call))
    return _listing(call, account, found)


def _path_entry(call: Call) -> str:
    """``{ipAddress}``: an address or a CIDR block, its ``/`` escaped as ``%2F`` (decoded once by the server;
    a doubly escaped one is accepted too)."""
    raw = call.path["ipAddress"].replace("%2F", "/").replace("%2f", "/")
    try:
        return normalise(raw)
    except ValueError:
        raise ApiError("INVALID_PATH_PARAMETER", "ipAddress") from None


def delete_entry(call: Call) -> Reply:
    account, _ = wire.account_in_scope(call)
    cidr = _path_entry(call)
    service_accounts.remove_from_access_list(call.ctx, account, cidr, group_id=wire.group_id_of(call))
    return Reply(204)


def _endpoints(scope: str, prefix: str, rate: BucketRule) -> tuple[Endpoint, ...]:
    path = prefix + "/serviceAccounts/{clientId}/accessList"
    return (
        Endpoint(V2, f"list{scope}ServiceAccountAccessList", "GET", path, list_entries, rate),
        Endpoint(V2, f"create{scope}ServiceAccountAccessList", "POST", path, create_entries, rate),
        # ``:path``: a CIDR block's escaped ``/`` arrives decoded, as a second path segment.
        Endpoint(
            V2, f"delete{scope}ServiceAccountAccessListEntry", "DELETE", path + "/{ipAddress:path}", delete_entry, rate
        ),
    )


V2 = Surface.ATLAS_V2
ENDPOINTS: tuple[Endpoint, ...] = (
    *_endpoints("Org", "/api/atlas/v2/orgs/{orgId}", rate_rules.ATLAS_ORGS),
    *_endpoints("Group", "/api/atlas/v2/groups/{groupId}", rate_rules.ATLAS_GROUPS),
)
