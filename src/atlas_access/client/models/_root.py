"""What describes the Admin API itself: the root status with the caller's API key (2023-01-01), the control
plane's addresses (2023-11-15), the event types (2023-01-01) and the rate limits (2025-03-12); names are the
spec's schemas."""

from __future__ import annotations

from pydantic import Field

from atlas_access.client.models._common import AtlasModel, Link
from atlas_access.client.models._users import CloudAccessRoleAssignment

__all__ = [
    "AccessListItemView",
    "ApiKey",
    "ControlPlaneIPAddresses",
    "EventTypeDetails",
    "Gateway",
    "GatewayIpAddresses",
    "InboundControlPlaneCloudProviderIPAddresses",
    "OutboundControlPlaneCloudProviderIPAddresses",
    "RateLimitEndpointSetCapacity",
    "RateLimitEndpointSetEndpoint",
    "RateLimitEndpointSetRefillDurationSeconds",
    "RateLimitEndpointSetRefillRate",
    "RateLimitEndpointSetResponse",
    "SystemStatus",
]


class AccessListItemView(AtlasModel):
    """An entry of an API key's access list: an address, or a CIDR block."""

    ip_address: str | None = None
    cidr_block: str | None = None


class ApiKey(AtlasModel):
    """The API key that called: its public key, access list and every role it holds."""

    id: str
    public_key: str
    access_list: list[AccessListItemView] = Field(default_factory=list)
    roles: list[CloudAccessRoleAssignment] = Field(default_factory=list)


class SystemStatus(AtlasModel):
    """The Admin API's status for the caller: ``api_key`` is the calling API key (``None`` for a service
    account), ``throttling`` whether calls are being slowed."""

    app_name: str
    build: str
    throttling: bool
    api_key: ApiKey | None = None
    links: list[Link] = Field(default_factory=list)


class _ProviderAddresses(AtlasModel):
    """Addresses by cloud provider, each a map of region to addresses."""

    aws: dict[str, list[str]] = Field(default_factory=dict)
    azure: dict[str, list[str]] = Field(default_factory=dict)
    gcp: dict[str, list[str]] = Field(default_factory=dict)


class InboundControlPlaneCloudProviderIPAddresses(_ProviderAddresses):
    """The addresses the control plane is reached at."""


class OutboundControlPlaneCloudProviderIPAddresses(_ProviderAddresses):
    """The addresses the control plane calls from."""


class GatewayIpAddresses(AtlasModel):
    """A gateway's addresses, inbound and outbound."""

    inbound: InboundControlPlaneCloudProviderIPAddresses | None = None
    outbound: OutboundControlPlaneCloudProviderIPAddresses | None = None


class Gateway(AtlasModel):
    """A gateway of the control plane and its addresses."""

    name: str | None = None
    ips: GatewayIpAddresses | None = None


class ControlPlaneIPAddresses(AtlasModel):
    """The control plane's addresses, to let them through a firewall."""

    inbound: InboundControlPlaneCloudProviderIPAddresses = Field(
        default_factory=InboundControlPlaneCloudProviderIPAddresses
    )
    outbound: OutboundControlPlaneCloudProviderIPAddresses = Field(
        default_factory=OutboundControlPlaneCloudProviderIPAddresses
    )
    gateways: list[Gateway] = Field(default_factory=list)


class EventTypeDetails(AtlasModel):
    """An event type: its name (``event_type``), what it means, and whether an alert can be set on it."""

    event_type: str
    description: str | None = None
    alertable: bool | None = None


class _RateLimitValue(AtlasModel):
    """A bucket's setting: ``value`` in force, and ``default_value`` when it differs."""

    value: int | None = None
    default_value: int | None = None


class RateLimitEndpointSetCapacity(_RateLimitValue):
    """How many calls the bucket holds when full."""


class RateLimitEndpointSetRefillRate(_RateLimitValue):
    """How many calls come back to the bucket every refill period."""


class RateLimitEndpointSetRefillDurationSeconds(_RateLimitValue):
    """The refill period, in seconds."""


class RateLimitEndpointSetEndpoint(AtlasModel):
    """An endpoint that draws on the bucket."""

    method: str
    path: str


class RateLimitEndpointSetResponse(AtlasModel):
    """A rate limit: the endpoints that share one token bucket, per ``scope`` (``IP``, ``GROUP``,
    ``ORGANIZATION``, ``USER``), and the bucket's capacity and refill."""

    endpoint_set_id: str
    endpoint_set_name: str | None = None
    scope: str | None = None
    endpoints: list[RateLimitEndpointSetEndpoint] = Field(default_factory=list)
    capacity: RateLimitEndpointSetCapacity | None = None
    refill_rate: RateLimitEndpointSetRefillRate | None = None
    refill_duration_seconds: RateLimitEndpointSetRefillDurationSeconds | None = None
