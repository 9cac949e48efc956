"""``client.root``: the Go SDK's ``RootApi``: the Admin API's status for the caller's API key (2023-01-01), and
the control plane's IP addresses (2023-11-15), which need no credentials. Methods carry the Go SDK's pre-2026
names (``return_all_control_plane_ip_addresses``) and its 2025 ones (``list_control_plane_addresses``); the spec's
operation ids in snake case (``list_control_plane_ip_addresses``) are the same methods.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from atlas_access.client.api._methods import Methods, typed

if TYPE_CHECKING:
    from atlas_access.client.models import ControlPlaneIPAddresses, SystemStatus

__all__ = ["RootApi"]


class RootApi(Methods, typed_calls="Root"):
    """The root of the Admin API."""

    @typed
    def get_system_status() -> SystemStatus:
        """The API's status and the calling API key, with its access list and every role it holds (``api_key``
        is ``None`` for a service account)."""

    @typed
    def return_all_control_plane_ip_addresses() -> ControlPlaneIPAddresses:
        """The control plane's inbound and outbound addresses, by cloud provider and region."""

    # the name of the Go SDK's 2025 releases
    list_control_plane_addresses = return_all_control_plane_ip_addresses

    # the post-2026 name (the spec's operation id)
    list_control_plane_ip_addresses = return_all_control_plane_ip_addresses
