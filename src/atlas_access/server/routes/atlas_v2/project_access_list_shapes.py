"""A project's IP access list on the wire: the create body (an array of ``NetworkPermissionEntry``), the path's
``{entryValue}``, and the entry as the API shows it.

As recorded (``reference/recordings/accesslists``): an entry is ``{cidrBlock, comment, deleteAfterDate, groupId,
ipAddress, links}``; an address is shown with both ``ipAddress`` and its ``/32`` ``cidrBlock``, and an entry links
to itself by its block with the slash escaped (``…/accessList/192.168.0.243%2F32``). ``comment`` and
``deleteAfterDate`` appear when the entry has them.

Reading a body (the codes are MongoDB's published ones): an address or block that is neither is 400
``INVALID_IP_ADDRESS_OR_CIDR_NOTATION`` (an item naming none of the three kinds too, as ``The address null …``);
two kinds in one item 400 ``MULTIPLE_VALUES_SPECIFIED_FOR_ONE_NETWORK_PERMISSION_ENTRY``; one entry twice in a
request 400 ``DUPLICATE_ADDRESSES_IN_INPUT``; a comment over 80 characters 400 ``INVALID_NETWORK_PERMISSION_COMMENT``;
a ``groupId`` other than the path's 400 ``GROUP_MISMATCH``. An AWS security group needs a network peering
connection, which no project here has: 400 ``CANNOT_USE_AWS_SECURITY_GROUP_WITHOUT_VPC_PEERING_CONNECTION`` (with a
``deleteAfterDate``, first 400 ``NETWORK_PERMISSION_EXPIRATION_NOT_SUPPORTED``). Ours: a ``cidrBlock`` without a
prefix length is the block of that one address; an empty array is 400 ``INVALID_JSON``; a ``deleteAfterDate`` that
is no ISO-8601 timestamp is 400 ``INVALID_JSON_ATTRIBUTE``; the read-only ``links`` is accepted and ignored.
"""

import ipaddress
from typing import Any

from atlas_access.core import access_list as access_list_rules
from atlas_access.core import network_access as rules
from atlas_access.core.clock import iso, parse_iso
from atlas_access.core.errors import ApiError
from atlas_access.core.network_access import AccessEntry, Wanted
from atlas_access.server.wire import body as bodies
from atlas_access.server.wire.body import WireModel


class NetworkPermissionEntryIn(WireModel):
    """One item of the create body."""

    ipAddress: str | None = None
    cidrBlock: str | None = None
    awsSecurityGroup: str | None = None
    comment: str | None = None
    deleteAfterDate: str | None = None
    groupId: str | None = None
    links: list[Any] | None = None  # read-only: the answers carry it, and clients may send an answer back


def access_list_path(group_id: str) -> str:
    """``/groups/{groupId}/accessList``: the project's IP access list."""
    return f"/api/atlas/v2/groups/{group_id}/accessList"


def _invalid_address(value: str | None, field: str) -> ApiError:
    shown = "null" if value is None else value
    return ApiError(
        "INVALID_IP_ADDRESS_OR_CIDR_NOTATION",
        value,
        detail=f"The address {shown} must be in valid IP address or CIDR notation.",
        fields=[(field, "An IPv4 or IPv6 address (ipAddress) or CIDR block (cidrBlock).")],
    )


def _canonical(value: str, field: str, *, single: bool) -> str:
    """An address (``single``) or a block in canonical CIDR form (``10.0.0.1/32``)."""
    if value != value.strip() or "%" in value or not value:
        raise _invalid_address(value, field)
    try:
        if single:
            return access_list_rules.normalise(str(ipaddress.ip_address(value)))
        return access_list_rules.normalise(value)
    except ValueError:
        raise _invalid_address(value, field) from None


def _delete_after(text: str | None, field: str, now: int) -> int | None:
    if text is None:
        return None
    try:
        when = parse_iso(text)
    except (ValueError, OverflowError):
        text = "An ISO-8601 timestamp, such as 2026-08-10T03:08:14Z."
        raise ApiError("INVALID_JSON_ATTRIBUTE", "deleteAfterDate", fields=[(field, text)]) from None
    return rules.check_delete_after(when, now)


def _wanted(index: int, item: NetworkPermissionEntryIn, group_id: str, now: int) -> Wanted:
    place = f"{index}."
    if item.groupId is not None and item.groupId != group_id:
        raise ApiError("GROUP_MISMATCH", item.groupId, fields=[(f"{place}groupId", "Must be the path's groupId.")])
    kinds = [kind for kind in (item.ipAddress, item.cidrBlock, item.awsSecurityGroup) if kind is not None]
    if len(kinds) > 1:
        raise ApiError(
            "MULTIPLE_VALUES_SPECIFIED_FOR_ONE_NETWORK_PERMISSION_ENTRY",
            fields=[(place.rstrip("."), "Give one of ipAddress, cidrBlock and awsSecurityGroup.")],
        )
    if item.awsSecurityGroup is not None:
        if item.deleteAfterDate is not None:
            raise ApiError("NETWORK_PERMISSION_EXPIRATION_NOT_SUPPORTED")
        raise ApiError("CANNOT_USE_AWS_SECURITY_GROUP_WITHOUT_VPC_PEERING_CONNECTION")
    if item.ipAddress is not None:
        cidr = _canonical(item.ipAddress, f"{place}ipAddress", single=True)
    elif item.cidrBlock is not None:
        cidr = _canonical(item.cidrBlock, f"{place}cidrBlock", single=False)
    else:
        raise _invalid_address(None, f"{place}ipAddress")
    comment = rules.check_comment(item.comment)
    return Wanted(cidr, comment, _delete_after(item.deleteAfterDate, f"{place}deleteAfterDate", now))


def entries_given(raw: bytes, content_type: str | None, group_id: str, now: int) -> list[Wanted]:
    """The entries of a create body, each canonical, in the order given."""
    items = bodies.validate_list(NetworkPermissionEntryIn, raw, content_type)
    if not items:
        raise ApiError("INVALID_JSON", detail="Received JSON does not match expected format: no entries.")
    wanted = [_wanted(index, item, group_id, now) for index, item in enumerate(items)]
    if len({one.cidr for one in wanted}) != len(wanted):
        raise ApiError("DUPLICATE_ADDRESSES_IN_INPUT")
    return wanted


def entry_of_path(text: str) -> str | None:
    """``{entryValue}`` as a canonical block (the server has decoded ``%2F``; a doubly escaped slash is read too);
    None when it names no address or block (an AWS security group, or anything else: no such entry here)."""
    value = text.replace("%2F", "/").replace("%2f", "/")
    if not value or value != value.strip() or "%" in value:
        return None
    try:
        return access_list_rules.normalise(value)
    except ValueError:
        return None


def entry_view(entry: AccessEntry, base_url: str) -> dict[str, Any]:
    """``NetworkPermissionEntry``."""
    segment = entry.cidr_block.replace("/", "%2F")
    view: dict[str, Any] = {"cidrBlock": entry.cidr_block}
    if entry.comment is not None:
        view["comment"] = entry.comment
    if entry.delete_after is not None:
        view["deleteAfterDate"] = iso(entry.delete_after)
    view["groupId"] = entry.group_id
    if entry.ip_address is not None:
        view["ipAddress"] = entry.ip_address
    view["links"] = [{"href": f"{base_url}{access_list_path(entry.group_id)}/{segment}", "rel": "self"}]
    return view


def status_view() -> dict[str, str]:
    """``NetworkPermissionEntryStatus``: always ACTIVE here (ours, ``core.network_access.ACTIVE``)."""
    return {"STATUS": rules.ACTIVE}
