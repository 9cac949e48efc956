"""An organization's settings (2023-01-01) and delegation settings (2025-03-12), and the deprecated calls that
replace a user's roles (2023-01-01); names are the spec's schemas."""

from __future__ import annotations

from pydantic import Field

from atlas_access.client.models._common import AtlasModel, Link

__all__ = [
    "CustomSessionTimeouts",
    "OrgDelegationSettingsResponse",
    "OrgDelegationSettingsUpdateRequest",
    "OrganizationSettings",
    "UpdateGroupRolesForUser",
    "UpdateOrgRolesForUser",
]


class CustomSessionTimeouts(AtlasModel):
    """How long a user's session in the organization may last, and may stay idle, in seconds."""

    absolute_session_timeout_in_seconds: int | None = None
    idle_session_timeout_in_seconds: int | None = None


class OrganizationSettings(AtlasModel):
    """An organization's settings; what an update gives changes, the rest stays.

    ``api_access_list_required``: every API key and service account must have an access list, and one without is
    refused on every call; ``max_service_account_secret_validity_in_hours`` bounds new service-account secrets;
    ``multi_factor_auth_required``, ``restrict_employee_access``, ``gen_ai_features_enabled``, the contacts and
    the session timeouts are kept and shown."""

    api_access_list_required: bool | None = None
    multi_factor_auth_required: bool | None = None
    restrict_employee_access: bool | None = None
    gen_ai_features_enabled: bool | None = Field(default=None, alias="genAIFeaturesEnabled")
    streams_cross_group_enabled: bool | None = None
    max_service_account_secret_validity_in_hours: int | None = None
    security_contact: str | None = None
    operations_contact: str | None = None
    custom_session_timeouts: CustomSessionTimeouts | None = None


class OrgDelegationSettingsResponse(AtlasModel):
    """Whether the organization lets MCP clients (``delegated_mcp_access``: ``DISALLOWED``, ``READ_ONLY``,
    ``READ_WRITE``) and partners (``delegated_partner_access``) act for its users, and how long their refresh
    tokens live (seconds)."""

    delegated_mcp_access: str | None = None
    delegated_partner_access: str | None = None
    idle_refresh_token_lifetime: int | None = None
    maximum_refresh_token_lifetime: int | None = None


class OrgDelegationSettingsUpdateRequest(OrgDelegationSettingsResponse):
    """What to change of the delegation settings: the fields given change, the rest stay."""


class UpdateOrgRolesForUser(AtlasModel):
    """A user's organization roles, all of them: what replaces them, and what they are afterwards."""

    org_roles: list[str] = Field(default_factory=list)
    links: list[Link] | None = None


class UpdateGroupRolesForUser(AtlasModel):
    """A user's project roles, all of them: what replaces them, and what they are afterwards."""

    group_roles: list[str] = Field(default_factory=list)
    links: list[Link] | None = None
