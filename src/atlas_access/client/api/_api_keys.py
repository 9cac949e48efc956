"""``client.programmatic_api_keys``: the Go SDK's ``ProgrammaticAPIKeysApi`` (2023-01-01): an organization's API
keys, their IP access lists, and the keys that hold roles in a project.

Methods carry the Go SDK's pre-2026 names (``list_api_keys``); the spec's operation ids in snake case
(``list_org_api_keys``) are the same methods. An access-list entry is named by its address (``192.0.2.7``) or
its CIDR block (``10.0.0.0/24``): the slash goes escaped (``%2F``), as the spec asks.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Unpack

from atlas_access.client.api._base import Body
from atlas_access.client.api._methods import CountedPage, Methods, typed, walk

if TYPE_CHECKING:
    from atlas_access.client.models import (
        ApiKeyUserDetails,
        CreateAtlasOrganizationApiKey,
        CreateAtlasProjectApiKey,
        Paginated,
        UpdateAtlasOrganizationApiKey,
        UpdateAtlasProjectApiKey,
        UserAccessListRequest,
        UserAccessListResponse,
        UserAccessRoleAssignment,
    )

__all__ = ["ProgrammaticApiKeysApi"]


class ProgrammaticApiKeysApi(Methods, typed_calls="ProgrammaticApiKeys"):
    """Organization and project API keys and their access lists. Bodies are request models or dicts in the wire's
    names."""

    @typed
    def list_api_keys(org_id: str, **page: Unpack[CountedPage]) -> Paginated[ApiKeyUserDetails]:
        """One page of the organization's API keys (private keys masked)."""

    @walk
    def iter_api_keys(org_id: str, *, items_per_page: int = 100) -> Iterator[ApiKeyUserDetails]:
        """Every API key of the organization, page after page."""

    @typed
    def create_api_key(org_id: str, body: CreateAtlasOrganizationApiKey | Body) -> ApiKeyUserDetails:
        """A new organization API key with organization roles; its ``private_key`` is whole in this answer only."""

    @typed
    def get_api_key(org_id: str, api_user_id: str) -> ApiKeyUserDetails:
        """One API key (``api_user_id`` is its id, not its public key), its private key masked."""

    @typed
    def update_api_key(org_id: str, api_user_id: str, body: UpdateAtlasOrganizationApiKey | Body) -> ApiKeyUserDetails:
        """A key's new description or organization roles."""

    @typed
    def delete_api_key(org_id: str, api_user_id: str) -> None:
        """Delete an API key (it stops authenticating at once)."""

    @typed
    def list_api_key_access_lists_entries(
        org_id: str, api_user_id: str, **page: Unpack[CountedPage]
    ) -> Paginated[UserAccessListResponse]:
        """One page of a key's access list: a key with entries is refused from any other address."""

    @walk
    def iter_api_key_access_lists_entries(
        org_id: str, api_user_id: str, *, items_per_page: int = 100
    ) -> Iterator[UserAccessListResponse]:
        """Every entry of a key's access list, page after page."""

    @typed
    def create_api_key_access_list(
        org_id: str, api_user_id: str, body: Sequence[UserAccessListRequest | Body]
    ) -> Paginated[UserAccessListResponse]:
        """Add entries (``[UserAccessListRequest(cidr_block="10.0.0.0/24")]``, or ``ip_address``) to a key's
        access list; the first page of the whole list."""

    @typed
    def get_api_key_access_list(org_id: str, api_user_id: str, ip_address: str) -> UserAccessListResponse:
        """One entry of a key's access list, by its address or its CIDR block (``10.0.0.0/24``)."""

    @typed
    def delete_api_key_access_list_entry(org_id: str, api_user_id: str, ip_address: str) -> None:
        """Remove one entry, by its address or its CIDR block, from a key's access list."""

    @typed
    def list_project_api_keys(group_id: str, **page: Unpack[CountedPage]) -> Paginated[ApiKeyUserDetails]:
        """One page of the keys that hold roles in a project (each with all its roles)."""

    @walk
    def iter_project_api_keys(group_id: str, *, items_per_page: int = 100) -> Iterator[ApiKeyUserDetails]:
        """Every key that holds roles in a project, page after page."""

    @typed
    def create_project_api_key(group_id: str, body: CreateAtlasProjectApiKey | Body) -> ApiKeyUserDetails:
        """A new key of the project's organization with project roles; ``private_key`` whole this once."""

    @typed
    def add_project_api_key(group_id: str, api_user_id: str, body: Sequence[UserAccessRoleAssignment | Body]) -> None:
        """Give an organization key project roles (``[UserAccessRoleAssignment(roles=[...])]``)."""

    @typed
    def update_api_key_roles(
        group_id: str, api_user_id: str, body: UpdateAtlasProjectApiKey | Body
    ) -> ApiKeyUserDetails:
        """Replace a key's roles in a project (or its description)."""

    @typed
    def remove_project_api_key(group_id: str, api_user_id: str) -> None:
        """Take a key out of a project; it stays in the organization."""

    # the post-2026 names (the spec's operation ids)
    list_org_api_keys = list_api_keys

    create_org_api_key = create_api_key

    get_org_api_key = get_api_key

    update_org_api_key = update_api_key

    delete_org_api_key = delete_api_key

    list_org_api_key_access_list_entries = list_api_key_access_lists_entries

    create_org_api_key_access_list_entry = create_api_key_access_list

    get_org_api_key_access_list_entry = get_api_key_access_list

    delete_org_api_key_access_list_entry = delete_api_key_access_list_entry

    list_group_api_keys = list_project_api_keys

    create_group_api_key = create_project_api_key

    add_group_api_key = add_project_api_key

    update_group_api_key_roles = update_api_key_roles

    remove_group_api_key = remove_project_api_key
