"""Access-list entries as requests give them, one reading for API keys' and service accounts' lists.

The body is an array of ``{ipAddress}`` or ``{cidrBlock}`` (the spec's ``UserAccessListRequest`` and
``ServiceAccountIPAccessListEntry``); the path names one entry by its address, or by its CIDR block with the slash
escaped (``10.0.0.0%2F24``, which the server has decoded by the time a route sees it).

Ours: a value that is not one address (``ipAddress``) or not an address with a prefix length (``cidrBlock``) is 400
``INVALID_JSON_ATTRIBUTE`` naming the field and the item's place; an empty array or an item with neither field is
400 ``MISSING_ATTRIBUTE``; an item giving two different entries is 400 ``INVALID_ATTRIBUTE`` (the same entry given
both ways is one entry); the same entry twice in one request counts once. A path entry that is neither is 400
``INVALID_PATH_PARAMETER``.
"""

import ipaddress

from atlas_access.core.access_list import normalise
from atlas_access.core.errors import ApiError
from atlas_access.server.wire import body as bodies
from atlas_access.server.wire.body import WireModel

EITHER = "ipAddress or cidrBlock"


class AccessListEntryIn(WireModel):
    """One item of a create body."""

    ipAddress: str | None = None
    cidrBlock: str | None = None


def _invalid(index: int, name: str, text: str) -> ApiError:
    return ApiError("INVALID_JSON_ATTRIBUTE", name, fields=[(f"{index}.{name}", text)])


def _cidr(index: int, item: AccessListEntryIn) -> str:
    """The item's entry in canonical CIDR form (``10.0.0.1/32``)."""
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


def cidrs_given(raw: bytes, content_type: str | None) -> list[str]:
    """The entries of a create body, canonical, each once, in the order given."""
    items = bodies.validate_list(AccessListEntryIn, raw, content_type)
    if not items:
        raise ApiError("MISSING_ATTRIBUTE", EITHER, fields=[(EITHER, "At least one entry is required.")])
    return list(dict.fromkeys(_cidr(index, item) for index, item in enumerate(items)))


def path_entry(text: str) -> str:
    """``{ipAddress}`` of a path, canonical (a doubly escaped slash is accepted too)."""
    try:
        return normalise(text.replace("%2F", "/").replace("%2f", "/"))
    except ValueError:
        raise ApiError("INVALID_PATH_PARAMETER", "ipAddress") from None
