"""Federated authentication: an organization's federation settings, its identity providers (SAML and OIDC,
workforce and workload, 2023-11-15), the organizations connected to it and their role mappings (2023-01-01);
names are the spec's schemas.

One identity provider model reads every kind, as the Go SDK's ``FederationIdentityProvider`` does: the fields of
the other protocol are ``None``. Bodies have their own models (``FederationOidcIdentityProviderUpdate`` to create,
``FederationIdentityProviderUpdate`` to change), which send only the fields given.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from atlas_access.client.models._common import AtlasModel

__all__ = [
    "AuthFederationRoleMapping",
    "ConnectedOrgConfig",
    "ConnectedOrgConfigRoleAssignment",
    "FederatedUser",
    "FederationIdentityProvider",
    "FederationIdentityProviderUpdate",
    "FederationOidcIdentityProviderUpdate",
    "OrgFederationSettings",
    "PemFileInfo",
    "PemFileInfoUpdate",
    "X509Certificate",
    "X509CertificateUpdate",
]


class OrgFederationSettings(AtlasModel):
    """An organization's federation: its ``id`` (the ``federation_settings_id`` of the other calls), the
    domains verified for it, whether any connected organization has role mappings, and the legacy id
    (``okta_idp_id``) and status of the SAML identity provider users sign in with, if one is active."""

    id: str
    federated_domains: list[str] = Field(default_factory=list)
    has_role_mappings: bool | None = None
    identity_provider_id: str | None = None
    identity_provider_status: str | None = None


class ConnectedOrgConfigRoleAssignment(AtlasModel):
    """One role a role mapping grants: an organization role (``org_id``) or a project role (``group_id``)."""

    role: str
    org_id: str | None = None
    group_id: str | None = None


class AuthFederationRoleMapping(AtlasModel):
    """The roles users of an external group (a group claim of the identity provider) get in a connected
    organization and its projects. ``id`` is only in answers."""

    external_group_name: str
    role_assignments: list[ConnectedOrgConfigRoleAssignment] = Field(default_factory=list)
    id: str | None = None


class FederatedUser(AtlasModel):
    """A member of a connected organization whose username is outside its allowed domains."""

    email_address: str
    federation_settings_id: str
    first_name: str
    last_name: str
    user_id: str | None = None


class ConnectedOrgConfig(AtlasModel):
    """An organization connected to a federation: who may sign in (``domain_allow_list``, enforced when
    ``domain_restriction_enabled``), the organization roles every user gets at sign-in
    (``post_auth_role_grants``), the SAML identity provider users sign in with (``identity_provider_id``, its
    legacy id) and the OIDC ones for data access (``data_access_identity_provider_ids``), and its role mappings.
    As a body: the fields given change, the rest stay; ``org_id``, ``role_mappings`` and ``user_conflicts`` are
    only in answers."""

    org_id: str | None = None
    domain_restriction_enabled: bool | None = None
    domain_allow_list: list[str] | None = None
    post_auth_role_grants: list[str] | None = None
    identity_provider_id: str | None = None
    data_access_identity_provider_ids: list[str] | None = None
    instant_user_provisioning_disabled: bool | None = None
    role_mappings: list[AuthFederationRoleMapping] | None = None
    user_conflicts: list[FederatedUser] | None = None


class X509Certificate(AtlasModel):
    """One certificate of a SAML identity provider, as answers show it: its validity."""

    not_after: datetime | None = None
    not_before: datetime | None = None


class PemFileInfo(AtlasModel):
    """The certificates a SAML identity provider signs with, and the name of the file they came in."""

    certificates: list[X509Certificate] = Field(default_factory=list)
    file_name: str | None = None


class X509CertificateUpdate(AtlasModel):
    """A certificate to give a SAML identity provider: ``content`` is its PEM text."""

    content: str | None = None
    not_after: datetime | None = None
    not_before: datetime | None = None


class PemFileInfoUpdate(AtlasModel):
    """The certificates to give a SAML identity provider."""

    certificates: list[X509CertificateUpdate] | None = None
    file_name: str | None = None


class FederationIdentityProvider(AtlasModel):
    """An identity provider of a federation: ``protocol`` ``SAML`` or ``OIDC``, ``idp_type`` ``WORKFORCE``
    (people signing in to MongoDB Cloud or a database) or ``WORKLOAD`` (applications). ``id`` names it in this
    API; ``okta_idp_id`` is its legacy id, the one ``ConnectedOrgConfig.identity_provider_id`` and the
    federation settings use. SAML providers have ``sso_url``, ``pem_file_info``, ``acs_url`` ...; OIDC ones
    ``audience``, ``client_id``, ``groups_claim`` ...; the others are ``None``."""

    id: str
    okta_idp_id: str | None = None
    protocol: str | None = None
    idp_type: str | None = None
    display_name: str | None = None
    description: str | None = None
    issuer_uri: str | None = None
    associated_domains: list[str] | None = None
    associated_orgs: list[ConnectedOrgConfig] = Field(default_factory=list)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    # OIDC
    audience: str | None = None
    authorization_type: str | None = None
    client_id: str | None = None
    groups_claim: str | None = None
    requested_scopes: list[str] | None = None
    user_claim: str | None = None
    # SAML
    acs_url: str | None = None
    audience_uri: str | None = None
    pem_file_info: PemFileInfo | None = None
    request_binding: str | None = None
    response_signature_algorithm: str | None = None
    slug: str | None = None
    sso_debug_enabled: bool | None = None
    sso_url: str | None = None
    status: str | None = None


class FederationOidcIdentityProviderUpdate(AtlasModel):
    """A new OIDC identity provider: ``protocol="OIDC"``, ``idp_type``, ``display_name``, ``issuer_uri``,
    ``audience``, the claims that carry the user and its groups, ``authorization_type`` (``GROUP`` or
    ``USER``); a workforce one also ``client_id``, ``requested_scopes`` and ``associated_domains``."""

    protocol: str | None = None
    idp_type: str | None = None
    display_name: str | None = None
    description: str | None = None
    issuer_uri: str | None = None
    audience: str | None = None
    authorization_type: str | None = None
    groups_claim: str | None = None
    user_claim: str | None = None
    client_id: str | None = None
    requested_scopes: list[str] | None = None
    associated_domains: list[str] | None = None


class FederationIdentityProviderUpdate(FederationOidcIdentityProviderUpdate):
    """What to change of an identity provider, SAML or OIDC: the fields given change, the rest stay."""

    pem_file_info: PemFileInfoUpdate | None = None
    request_binding: str | None = None
    response_signature_algorithm: str | None = None
    slug: str | None = None
    sso_debug_enabled: bool | None = None
    sso_url: str | None = None
    status: str | None = None
