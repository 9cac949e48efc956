"""The atlas-sdk-go structs (v20250312) the real CLI sends and decodes its federated authentication answers into.

Decoded, printed (``-o json``) and shown to Go templates (``.Id``, ``.DataAccessIdentityProviderIds``) by
``cli/_gostruct.py``, as the database and network access models are; fields in each struct's own order.
"""

from __future__ import annotations

from typing import Any

from atlas_access.cli._gostruct import Field, Kind, Model

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


def _shape(name: str, members: tuple[Field, ...]) -> Model:
    return Model(name, members, go_paths=True)


def _m(
    json_name: str, kind: Kind = "value", item: Model | None = None, *, pointer: bool = True, zero: Any = ""
) -> Field:
    """A member whose Go name is its JSON name with a capital first letter, as the SDK generator names them."""
    return Field(json_name, json_name[:1].upper() + json_name[1:], kind, pointer, item, zero)


LINK = _shape("Link", (_m("href"), _m("rel")))
_LINKS = _m("links", "objects", LINK)

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
CONNECTED_ORG_CONFIGS = _shape(
    "PaginatedConnectedOrgConfigs", (_LINKS, _m("results", "objects", CONNECTED_ORG_CONFIG), _m("totalCount"))
)

CERTIFICATE = _shape("X509Certificate", (_m("notAfter", "time"), _m("notBefore", "time")))
PEM_FILE_INFO = _shape("PemFileInfo", (_m("certificates", "objects", CERTIFICATE), _m("fileName")))

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
        _m("requestBinding"),
        _m("responseSignatureAlgorithm"),
        _m("slug"),
        _m("ssoDebugEnabled"),
        _m("ssoUrl"),
        _m("status"),
        _m("audience"),
        _m("authorizationType"),
        _m("clientId"),
        _m("groupsClaim"),
        _m("requestedScopes", "strings"),
        _m("userClaim"),
    ),
)
IDENTITY_PROVIDERS = _shape(
    "PaginatedFederationIdentityProvider", (_LINKS, _m("results", "objects", IDENTITY_PROVIDER), _m("totalCount"))
)

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
        _m("requestBinding"),
        _m("responseSignatureAlgorithm"),
        _m("slug"),
        _m("ssoDebugEnabled"),
        _m("ssoUrl"),
        _m("status"),
        _m("audience"),
        _m("authorizationType"),
        _m("clientId"),
        _m("groupsClaim"),
        _m("requestedScopes", "strings"),
        _m("userClaim"),
    ),
)
