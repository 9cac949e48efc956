"""``client.project_ip_access_list``: the Go SDK's ``ProjectIPAccessListApi`` (2023-01-01): the addresses and
CIDR blocks that may reach a project's clusters.

An entry is named by its address or CIDR block (``10.0.0.0/24`` goes as ``10.0.0.0%2F24``). Methods carry the
Go SDK's pre-2026 names (``create_project_ip_access_list``) and the short ones of its 2025 releases
(``create_access_list_entry``); the spec's operation ids in snake case (``create_group_access_list_entry``) are
the same methods.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Unpack

from atlas_access.client.api._base import Body
from atlas_access.client.api._methods import CountedPage, Methods, typed, walk

if TYPE_CHECKING:
    from atlas_access.client.models import NetworkPermissionEntry, NetworkPermissionEntryStatus, Paginated

__all__ = ["ProjectIpAccessListApi"]


class ProjectIpAccessListApi(Methods, typed_calls="ProjectIpAccessList"):
    """The project's IP access list. Bodies are request models or dicts in the wire's names."""

    @typed
    def list_project_ip_access_lists(group_id: str, **page: Unpack[CountedPage]) -> Paginated[NetworkPermissionEntry]:
        """One page of the project's access list."""

    @walk
    def iter_project_ip_access_lists(group_id: str, *, items_per_page: int = 100) -> Iterator[NetworkPermissionEntry]:
        """Every entry of the project's access list, page after page."""

    @typed
    def create_project_ip_access_list(
        group_id: str, body: Sequence[NetworkPermissionEntry | Body], **page: Unpack[CountedPage]
    ) -> Paginated[NetworkPermissionEntry]:
        """Add entries (``[NetworkPermissionEntry(cidr_block="10.0.0.0/24", comment=...)]``); an entry that is
        there already takes the new comment and expiry. A page of the whole access list."""

    @typed
    def get_project_ip_list(group_id: str, entry_value: str) -> NetworkPermissionEntry:
        """One entry, by address or CIDR block; ``NotFound`` if the access list has no such entry."""

    @typed
    def get_project_ip_access_list_status(group_id: str, entry_value: str) -> NetworkPermissionEntryStatus:
        """Whether an entry applies yet (``ACTIVE``, ``PENDING``, ``FAILED``)."""

    @typed
    def delete_project_ip_access_list(group_id: str, entry_value: str) -> None:
        """Remove an entry."""

    # the names of the Go SDK's 2025 releases
    list_access_list_entries = list_project_ip_access_lists

    create_access_list_entry = create_project_ip_access_list

    get_access_list_entry = get_project_ip_list

    get_access_list_status = get_project_ip_access_list_status

    delete_access_list_entry = delete_project_ip_access_list

    # the post-2026 names (the spec's operation ids)
    list_group_access_list_entries = list_project_ip_access_lists

    create_group_access_list_entry = create_project_ip_access_list

    get_group_access_list_entry = get_project_ip_list

    get_group_access_list_status = get_project_ip_access_list_status

    delete_group_access_list_entry = delete_project_ip_access_list
