"""The atlas-sdk-go structs (v20250312) the real CLI sends and decodes its federated authentication answers into.

Decoded, printed (``-o json``) and shown to Go templates (``.Id``, ``.DataAccessIdentityProviderIds``) by
``cli/_gostruct.py``, as the database and network access models are; fields in each struct's own order.
"""

from __future__ import annotations

# The SDK generator's naming and Go paths in decoding errors, as the database access structs have them.
from atlas_access.cli._sdk_structs import member as _m
from atlas_access.cli._sdk_structs import paginated as _paginated
from atlas_access.cli._sdk_structs import struct as _shape

__all__ = [
    "CONNECTED_ORG_CONFIG",
    "CONNECTED_ORG_CONFIGS",
    "IDENTITY_PROVIDER",
    "IDENTITY_PROVIDERS",
    "IDENTITY_PROVIDER_UPDATE",
    "OIDC_IDENTITY_PROVIDER",
    "OIDC_IDENTITY_PROVIDER_UPDATE",
    "ORG_FEDERATION_SETTINGS",
]

ORG_FEDERATION_SETTINGS = _shape(
    "OrgFederationSettings",
    (
        _m("federatedDomains", "strings", pointer=False, zero=None),
        _m("hasRoleMappings"),
        _m("id"),
        _m("identityProviderId"),
        _m("identityProviderStatus"),
    ),
)

ROLE_ASSIGNMENT = _shape("ConnectedOrgConfigRoleAssignment", (_m("groupId"), _m("orgId"), _m("role")))
ROLE_MAPPING = _shape(
    "AuthFederationRoleMapping",
    (_m("externalGroupName", pointer=False), _m("id"), _m("roleAssignments", "objects", ROLE_ASSIGNMENT)),
)
FEDERATED_USER = _shape(
    "FederatedUser",
    (
        _m("emailAddress", pointer=False),
        _m("federationSettingsId", pointer=False),
        _m("firstName", pointer=False),
        _m("lastName", pointer=False),
        _m("userId"),
    ),
)
CONNECTED_ORG_CONFIG = _shape(
    "ConnectedOrgConfig",
    (
        _m("dataAccessIdentityProviderIds", "strings"),
        _m("domainAllowList", "strings"),
        _m("domainRestrictionEnabled", pointer=False, zero=False),
        _m("identityProviderId"),
        _m("instantUserProvisioningDisabled"),
        _m("orgId", pointer=False),
        _m("postAuthRoleGrants", "strings"),
        _m("roleMappings", "objects", ROLE_MAPPING),
        _m("userConflicts", "objects", FEDERATED_USER),
    ),
)
CONNECTED_ORG_CONFIGS = _paginated("PaginatedConnectedOrgConfigs", CONNECTED_ORG_CONFIG)

CERTIFICATE = _shape("X509Certificate", (_m("notAfter", "time"), _m("notBefore", "time")))
PEM_FILE_INFO = _shape("PemFileInfo", (_m("certificates", "objects", CERTIFICATE), _m("fileName")))

# The members of a SAML provider, then those of an OIDC one, that an identity provider and its update share.
_SAML_SETTINGS = (
    _m("requestBinding"),
    _m("responseSignatureAlgorithm"),
    _m("slug"),
    _m("ssoDebugEnabled"),
    _m("ssoUrl"),
    _m("status"),
)
_OIDC_SETTINGS = (
    _m("audience"),
    _m("authorizationType"),
    _m("clientId"),
    _m("groupsClaim"),
    _m("requestedScopes", "strings"),
    _m("userClaim"),
)

IDENTITY_PROVIDER = _shape(
    "FederationIdentityProvider",
    (
        _m("associatedOrgs", "objects", CONNECTED_ORG_CONFIG),
        _m("createdAt", "time"),
        _m("description"),
        _m("displayName"),
        _m("id", pointer=False),
        _m("idpType"),
        _m("issuerUri"),
        _m("oktaIdpId", pointer=False),
        _m("protocol"),
        _m("updatedAt", "time"),
        _m("acsUrl"),
        _m("associatedDomains", "strings"),
        _m("audienceUri"),
        _m("pemFileInfo", "object", PEM_FILE_INFO),
        *_SAML_SETTINGS,
        *_OIDC_SETTINGS,
    ),
)
IDENTITY_PROVIDERS = _paginated("PaginatedFederationIdentityProvider", IDENTITY_PROVIDER)

OIDC_IDENTITY_PROVIDER = _shape(
    "FederationOidcIdentityProvider",
    (
        _m("associatedOrgs", "objects", CONNECTED_ORG_CONFIG),
        _m("audience"),
        _m("authorizationType"),
        _m("createdAt", "time"),
        _m("description"),
        _m("displayName"),
        _m("groupsClaim"),
        _m("id", pointer=False),
        _m("idpType"),
        _m("issuerUri"),
        _m("oktaIdpId", pointer=False),
        _m("protocol"),
        _m("updatedAt", "time"),
        _m("userClaim"),
        _m("associatedDomains", "strings"),
        _m("clientId"),
        _m("requestedScopes", "strings"),
    ),
)

OIDC_IDENTITY_PROVIDER_UPDATE = _shape(
    "FederationOidcIdentityProviderUpdate",
    (
        _m("audience"),
        _m("authorizationType"),
        _m("description"),
        _m("displayName"),
        _m("groupsClaim"),
        _m("idpType"),
        _m("issuerUri"),
        _m("protocol"),
        _m("userClaim"),
        _m("associatedDomains", "strings"),
        _m("clientId"),
        _m("requestedScopes", "strings"),
    ),
)
IDENTITY_PROVIDER_UPDATE = _shape(
    "FederationIdentityProviderUpdate",
    (
        _m("description"),
        _m("displayName"),
        _m("idpType"),
        _m("issuerUri"),
        _m("protocol"),
        _m("associatedDomains", "strings"),
        _m("pemFileInfo", "value"),
        *_SAML_SETTINGS,
        *_OIDC_SETTINGS,
    ),
)
