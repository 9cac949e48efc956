"""``client.federated_authentication``: the Go SDK's ``FederatedAuthenticationApi``: an organization's
federation, its identity providers (SAML and OIDC, workforce and workload; 2023-11-15), the organizations
connected to it and their role mappings (2023-01-01).

A federation is reached from an organization (``get_federation_settings(org_id).id``); the other calls name it
(``federation_settings_id``) and, for a connected organization, the organization. MongoDB Cloud's UI makes a
federation; against atlas-access the local API does (``POST /api/local/v1/orgs/{orgId}/federationSettings``).
Parameters come in the Go SDK's order (a role mapping's ``id`` before its ``org_id``). Methods carry the Go
SDK's pre-2026 names (``revoke_jwks_from_identity_provider``) and the short ones of its 2025 releases
(``revoke_identity_provider_jwks``); the spec's operation ids in snake case
(``revoke_federation_setting_identity_provider_jwks``) are the same methods.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Unpack

from atlas_access.client.api._base import Body
from atlas_access.client.api._methods import Methods, Page, typed, walk

if TYPE_CHECKING:
    from atlas_access.client.models import (
        AuthFederationRoleMapping,
        ConnectedOrgConfig,
        FederationIdentityProvider,
        FederationIdentityProviderUpdate,
        FederationOidcIdentityProviderUpdate,
        OrgFederationSettings,
        Paginated,
    )

__all__ = ["FederatedAuthenticationApi"]

Filter = Sequence[str] | None  # protocol: SAML, OIDC; idp_type: WORKFORCE, WORKLOAD


class FederatedAuthenticationApi(Methods, typed_calls="FederatedAuthentication"):
    """Federations, identity providers, connected organizations and role mappings. Bodies are request models or
    dicts in the wire's names."""

    @typed
    def get_federation_settings(org_id: str) -> OrgFederationSettings:
        """The organization's federation; ``NotFound`` if it has none."""

    @typed
    def delete_federation_app(federation_settings_id: str) -> None:
        """Delete a federation, with its identity providers and role mappings; the organizations connected to it
        are disconnected."""

    @typed
    def list_identity_providers(
        federation_settings_id: str,
        *,
        protocol: Filter = None,
        idp_type: Filter = None,
        **page: Unpack[Page],
    ) -> Paginated[FederationIdentityProvider]:
        """One page of the federation's identity providers, of the given protocols (``SAML``, ``OIDC``) and
        types (``WORKFORCE``, ``WORKLOAD``); none given means ``SAML`` and ``WORKFORCE``."""

    @walk
    def iter_identity_providers(
        federation_settings_id: str,
        *,
        protocol: Filter = None,
        idp_type: Filter = None,
        items_per_page: int = 100,
    ) -> Iterator[FederationIdentityProvider]:
        """Every identity provider of the federation of the given protocols and types, page after page."""

    @typed
    def create_identity_provider(
        federation_settings_id: str, body: FederationOidcIdentityProviderUpdate | Body
    ) -> FederationIdentityProvider:
        """A new OIDC identity provider (the API makes no SAML ones)."""

    @typed
    def get_identity_provider(federation_settings_id: str, identity_provider_id: str) -> FederationIdentityProvider:
        """One identity provider, by its ``id``."""

    @typed
    def update_identity_provider(
        federation_settings_id: str, identity_provider_id: str, body: FederationIdentityProviderUpdate | Body
    ) -> FederationIdentityProvider:
        """Change an identity provider: the fields given change, the rest stay."""

    @typed
    def delete_identity_provider(federation_settings_id: str, identity_provider_id: str) -> None:
        """Delete an identity provider; ``BadRequest`` while an organization signs in or reaches data with it."""

    @typed
    def get_identity_provider_metadata(federation_settings_id: str, identity_provider_id: str) -> str:
        """The SAML metadata (XML) of a SAML identity provider's connection, to give the identity provider."""

    @typed
    def revoke_jwks_from_identity_provider(federation_settings_id: str, identity_provider_id: str) -> None:
        """Forget the signing keys (JWKS) fetched from an OIDC identity provider, so that they are fetched
        anew."""

    @typed
    def list_connected_org_configs(federation_settings_id: str, **page: Unpack[Page]) -> Paginated[ConnectedOrgConfig]:
        """One page of the organizations connected to the federation."""

    @walk
    def iter_connected_org_configs(
        federation_settings_id: str, *, items_per_page: int = 100
    ) -> Iterator[ConnectedOrgConfig]:
        """Every organization connected to the federation, page after page."""

    @typed
    def get_connected_org_config(federation_settings_id: str, org_id: str) -> ConnectedOrgConfig:
        """One connected organization's configuration."""

    @typed
    def update_connected_org_config(
        federation_settings_id: str, org_id: str, body: ConnectedOrgConfig | Body
    ) -> ConnectedOrgConfig:
        """Change a connected organization's configuration: its identity providers, allowed domains and their
        restriction, the roles granted at sign-in. The fields given change, the rest stay."""

    @typed
    def remove_connected_org_config(federation_settings_id: str, org_id: str) -> None:
        """Disconnect an organization from the federation, with its role mappings."""

    @typed
    def list_role_mappings(federation_settings_id: str, org_id: str) -> Paginated[AuthFederationRoleMapping]:
        """The connected organization's role mappings."""

    @walk
    def iter_role_mappings(
        federation_settings_id: str, org_id: str, *, items_per_page: int = 100
    ) -> Iterator[AuthFederationRoleMapping]:
        """Every role mapping of the connected organization."""

    @typed
    def create_role_mapping(
        federation_settings_id: str, org_id: str, body: AuthFederationRoleMapping | Body
    ) -> AuthFederationRoleMapping:
        """A new role mapping: the organization and project roles that the users of ``external_group_name`` get
        at sign-in. ``BadRequest`` for a role that is not one of the organization's or the project's;
        ``Conflict`` if the group has a mapping already."""

    @typed
    def get_role_mapping(federation_settings_id: str, id: str, org_id: str) -> AuthFederationRoleMapping:
        """One role mapping."""

    @typed
    def update_role_mapping(
        federation_settings_id: str, id: str, org_id: str, body: AuthFederationRoleMapping | Body
    ) -> AuthFederationRoleMapping:
        """Replace a role mapping's group and roles."""

    @typed
    def delete_role_mapping(federation_settings_id: str, id: str, org_id: str) -> None:
        """Delete a role mapping."""

    # the names of the Go SDK's 2025 releases
    delete_federation_setting = delete_federation_app

    revoke_identity_provider_jwks = revoke_jwks_from_identity_provider

    # the post-2026 names (the spec's operation ids)
    get_org_federation_settings = get_federation_settings

    list_federation_setting_identity_providers = list_identity_providers

    create_federation_setting_identity_provider = create_identity_provider

    get_federation_setting_identity_provider = get_identity_provider

    update_federation_setting_identity_provider = update_identity_provider

    delete_federation_setting_identity_provider = delete_identity_provider

    get_federation_setting_identity_provider_metadata = get_identity_provider_metadata

    revoke_federation_setting_identity_provider_jwks = revoke_jwks_from_identity_provider

    list_federation_setting_connected_org_configs = list_connected_org_configs

    get_federation_setting_connected_org_config = get_connected_org_config

    update_federation_setting_connected_org_config = update_connected_org_config

    remove_federation_setting_connected_org_config = remove_connected_org_config

    list_federation_setting_connected_org_config_role_mappings = list_role_mappings

    create_federation_setting_connected_org_config_role_mapping = create_role_mapping

    get_federation_setting_connected_org_config_role_mapping = get_role_mapping

    update_federation_setting_connected_org_config_role_mapping = update_role_mapping

    delete_federation_setting_connected_org_config_role_mapping = delete_role_mapping
