"""Programmatic API keys on the wire: request bodies in, ``ApiKeyUserDetails`` and access-list entries out.

Real (recorded): ``{desc, id, links, privateKey, publicKey, roles}``; ``links`` is the key's own
``/orgs/{orgId}/apiKeys/{id}`` even when listed under a project; roles are ``{orgId, roleName}`` and
``{groupId, roleName}`` objects in one list. An access-list entry is ``{cidrBlock, count, created, ipAddress, links}``
where a single address also shows as ``ipAddress`` and as a ``/32`` ``cidrBlock``.

Ours: roles are listed organization roles first, then each project's (oldest membership first), each in the order
granted: the real cloud's order varies from one call to the next (recorded: List and List_Compact differ).
A range shows ``cidrBlock`` only, and links to itself with the slash escaped (``10.0.0.0%2F24``, the form the spec
asks for in the path). ``count`` is always 0 and ``lastUsed``/``lastUsedAddress`` never appear: this server does
not count uses of an entry on the authentication path.
"""

from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

from pydantic import StringConstraints

from atlas_access.core.access_list import Entry
from atlas_access.core.api_keys import ApiKey
from atlas_access.core.clock import iso
from atlas_access.core.errors import ApiError
from atlas_access.core.roles import valid_group_roles, valid_org_roles
from atlas_access.server.services import api_keys
from atlas_access.server.services.credentials import PRIVATE_KEY_MASK_PREFIX as MASK_PREFIX
from atlas_access.server.wire import paging
from atlas_access.server.wire.body import WireModel
from atlas_access.server.wire.endpoint import Call

M = TypeVar("M", bound=WireModel)
Description = Annotated[str, StringConstraints(min_length=1, max_length=250)]  # the spec's desc


class ApiKeyIn(WireModel):
    """``CreateAtlasOrganizationApiKey``, ``UpdateAtlasOrganizationApiKey``, ``CreateAtlasProjectApiKey`` and
    ``UpdateAtlasProjectApiKey``: the same two fields; which are required is the operation's business."""

    desc: Description | None = None
    roles: list[str] | None = None


class RoleAssignmentIn(WireModel):
    """``UserAccessRoleAssignment``, one item of ``addGroupApiKey``'s body. ``userId`` (read-only in the spec) is
    accepted when it names the key of the path."""

    roles: list[str] | None = None
    userId: str | None = None


# --- reading the request ------------------------------------------------------------------------------------------


def key_id_of(call: Call) -> str:
    """The ``apiUserId`` path parameter (its form checked by the pipeline: ``path_ids.API_KEY_ID``)."""
    return call.path["apiUserId"]


def key_of_path(call: Call) -> ApiKey:
    """The key ``apiUserId`` names, of the organization the path acts in (itself or through one of its projects);
    400 ``API_KEY_NOT_FOUND`` if it has none of that id."""
    return api_keys.find(call.ctx, call.the_org().id, key_id_of(call))


def update_body(call: Call, hint: str) -> ApiKeyIn:
    """An update's body: a new ``desc``, new ``roles`` or both; neither is 400 ``MISSING_ATTRIBUTE`` (the spec asks
    for at least one), with ``hint``."""
    body = call.body(ApiKeyIn)
    if body.desc is None and body.roles is None:
        field = "desc or roles"
        raise ApiError("MISSING_ATTRIBUTE", field, fields=[(field, hint)])
    return body


def _missing_roles() -> ApiError:
    return ApiError("MISSING_API_KEY_ROLES", fields=[("roles", "At least one role is required.")])


def org_roles(values: list[str] | None, org_id: str) -> tuple[str, ...]:
    """Organization roles for a key: one or more (400 ``MISSING_API_KEY_ROLES``), each an Atlas organization role
    (400 ``INVALID_ROLE_FOR_ORG``, the catalog's code, as the users API answers)."""
    if not values:
        raise _missing_roles()
    return valid_org_roles(values, org_id)


def project_roles(values: list[str] | None, group_id: str) -> tuple[str, ...]:
    """Project roles for a key: one or more, each an Atlas project role (400 ``INVALID_ROLE_FOR_GROUP``)."""
    if not values:
        raise _missing_roles()
    return valid_group_roles(values, group_id)


# --- answers ------------------------------------------------------------------------------------------------------


def key_href(key: ApiKey, base_url: str) -> str:
    return f"{base_url}/api/atlas/v2/orgs/{key.org_id}/apiKeys/{key.id}"


MASK_KEEPS = 12


def shown_mask(stored: str) -> str:
    """The recorded form of the masked private key. A key stored before the mask kept twelve characters (it kept
    four) shows its own characters and stars for the rest, so that the shape is always the recorded one."""
    if stored.startswith(MASK_PREFIX) and len(stored) == len(MASK_PREFIX) + MASK_KEEPS:
        return stored
    kept = stored.lstrip("*")[-MASK_KEEPS:]
    return MASK_PREFIX + kept.rjust(MASK_KEEPS, "*")


def roles_view(key: ApiKey) -> list[dict[str, str]]:
    roles = [{"orgId": key.org_id, "roleName": role} for role in key.org_roles]
    for group_id, held in key.group_roles.items():
        roles += [{"groupId": group_id, "roleName": role} for role in held]
    return roles


def api_key_view(key: ApiKey, base_url: str, private_key: str | None = None) -> dict[str, Any]:
    """``ApiKeyUserDetails``: ``private_key`` in full only when the key was just made."""
    return {
        "desc": key.description,
        "id": key.id,
        "links": [{"href": key_href(key, base_url), "rel": "self"}],
        "privateKey": private_key if private_key is not None else shown_mask(key.private_key_mask),
        "publicKey": key.public_key,
        "roles": roles_view(key),
    }


def keys_page(call: Call, found: Sequence[ApiKey]) -> dict[str, Any]:
    """The requested page of ``found`` in the list envelope, each key with its private key masked; the links are
    those of the keys of the project the path names, else of its organization."""
    if call.project is not None:
        path = f"/api/atlas/v2/groups/{call.project.id}/apiKeys"
    else:
        path = f"/api/atlas/v2/orgs/{call.the_org().id}/apiKeys"
    return paging.page_body(call.query, call.base_url, path, found, lambda key: api_key_view(key, call.base_url))


def entry_path_segment(entry: Entry) -> str:
    return entry.single_address or entry.cidr_block.replace("/", "%2F")


def entry_view(entry: Entry, key: ApiKey, base_url: str) -> dict[str, Any]:
    """``UserAccessListResponse``."""
    view: dict[str, Any] = {
        "cidrBlock": entry.cidr_block,
        "count": 0,
        "created": iso(entry.created_at),
        "links": [{"href": f"{key_href(key, base_url)}/accessList/{entry_path_segment(entry)}", "rel": "self"}],
    }
    if entry.single_address is not None:
        view["ipAddress"] = entry.single_address
    return view
