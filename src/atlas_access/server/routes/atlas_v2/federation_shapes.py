"""Federated authentication on the wire: request bodies and the answers' shapes (docs/federation.md).

As recorded (``reference/recordings/federationsettings``): an organization's federation settings are
``{federatedDomains, hasRoleMappings, id, identityProviderId, identityProviderStatus}``; a connected organization's
configuration always carries every field, ``identityProviderId`` and ``userConflicts`` as null when unset (the
latter is null unless domain restriction is on, as MongoDB documents); an OIDC identity provider shows
``oktaIdpId: null`` and ``updatedAt: null`` until changed, a workforce one also ``associatedDomains``, ``clientId``
and ``requestedScopes``; a SAML one its own fields (``acsUrl``, ``audienceUri``, ``pemFileInfo``, ``slug`` ...).
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from cryptography import x509

from atlas_access.core.clock import iso
from atlas_access.core.errors import ApiError
from atlas_access.core.federation import ConnectedOrg, IdentityProvider, IdpType, Protocol, RoleAssignment, RoleMapping
from atlas_access.core.members import Member
from atlas_access.core.roles import ATLAS_ORG_ROLES, valid_org_roles
from atlas_access.server.wire.body import WireModel, require

MAX_DISPLAY_NAME = 50  # the spec's maxLength
MAX_GROUP_NAME = 200  # the spec's maxLength of externalGroupName


# --- request bodies -------------------------------------------------------------------------------------------------


class RoleMappingIn(WireModel):
    """``AuthFederationRoleMapping``: an external group name and its role assignments."""

    id: str | None = None  # read-only; ignored when sent back
    externalGroupName: str | None = None
    roleAssignments: list["RoleAssignmentIn"] | None = None


class RoleAssignmentIn(WireModel):
    groupId: str | None = None
    orgId: str | None = None
    role: str | None = None


RoleMappingIn.model_rebuild()


class ConnectedOrgIn(WireModel):
    """``ConnectedOrgConfig`` as ``PATCH`` takes it; read-only fields are accepted when sent back (the real CLI
    sends the whole configuration it read)."""

    dataAccessIdentityProviderIds: list[str] | None = None
    domainAllowList: list[str] | None = None
    domainRestrictionEnabled: bool | None = None
    identityProviderId: str | None = None
    instantUserProvisioningDisabled: bool | None = None
    orgId: str | None = None
    postAuthRoleGrants: list[str] | None = None
    roleMappings: list[RoleMappingIn] | None = None
    userConflicts: list[dict[str, Any]] | None = None


class CertificateIn(WireModel):
    content: str | None = None
    notAfter: str | None = None
    notBefore: str | None = None


class PemFileInfoIn(WireModel):
    certificates: list[CertificateIn] | None = None
    fileName: str | None = None


class IdentityProviderIn(WireModel):
    """Every field an identity provider body may carry (``FederationOidcIdentityProviderUpdate`` and
    ``FederationIdentityProviderUpdate``, SAML's and OIDC's); which ones a protocol takes is checked after."""

    associatedDomains: list[str] | None = None
    audience: str | None = None
    authorizationType: Literal["GROUP", "USER"] | None = None
    clientId: str | None = None
    description: str | None = None
    displayName: str | None = None
    groupsClaim: str | None = None
    idpType: Literal["WORKFORCE", "WORKLOAD"] | None = None
    issuerUri: str | None = None
    pemFileInfo: PemFileInfoIn | None = None
    protocol: Literal["SAML", "OIDC"] | None = None
    requestBinding: Literal["HTTP-POST", "HTTP-REDIRECT"] | None = None
    requestedScopes: list[str] | None = None
    responseSignatureAlgorithm: Literal["SHA-1", "SHA-256"] | None = None
    slug: str | None = None
    ssoDebugEnabled: bool | None = None
    ssoUrl: str | None = None
    status: Literal["ACTIVE", "INACTIVE"] | None = None
    userClaim: str | None = None


_OIDC_FIELDS = ("audience", "authorizationType", "description", "displayName", "groupsClaim", "issuerUri", "userClaim")
_WORKFORCE_FIELDS = ("associatedDomains", "clientId", "requestedScopes")
_SAML_FIELDS = (
    "associatedDomains",
    "description",
    "displayName",
    "issuerUri",
    "requestBinding",
    "responseSignatureAlgorithm",
    "slug",
    "ssoDebugEnabled",
    "ssoUrl",
    "status",
)


def _refuse_others(body: IdentityProviderIn, allowed: Iterable[str]) -> None:
    """400 for a field this kind of identity provider does not take. An empty one is "not given": the real CLI
    sends every field, empty ones included (``"associatedDomains": [], "clientId": "", "requestedScopes": []`` for
    a workload provider), and MongoDB Cloud accepted it (recorded, ``Create_OIDC_IdP_WORKLOAD``)."""
    kept = {*allowed, "idpType", "protocol"}
    for name in type(body).model_fields:
        if name not in kept and getattr(body, name) not in (None, "", [], {}):
            raise ApiError("INVALID_ATTRIBUTE", name, fields=[(name, "This attribute is not allowed here.")])


def display_name(value: str) -> str:
    if not 1 <= len(value) <= MAX_DISPLAY_NAME:
        raise ApiError(
            "INVALID_ATTRIBUTE", "displayName", fields=[("displayName", f"1 to {MAX_DISPLAY_NAME} characters.")]
        )
    return value


def oidc_changes(body: IdentityProviderIn, idp_type: IdpType) -> dict[str, Any]:
    """The OIDC fields a body sets, by wire name; a workload identity provider takes no workforce-only fields."""
    allowed = _OIDC_FIELDS + (_WORKFORCE_FIELDS if idp_type is IdpType.WORKFORCE else ())
    _refuse_others(body, allowed)
    changes = {name: getattr(body, name) for name in allowed if getattr(body, name) is not None}
    if "displayName" in changes:
        display_name(changes["displayName"])
    return changes


def new_oidc(body: IdentityProviderIn) -> tuple[IdpType, dict[str, Any]]:
    """A new OIDC identity provider's type and fields (``protocol`` must say OIDC: the only kind the API makes)."""
    protocol = require(body.protocol, "protocol")
    if protocol != Protocol.OIDC.value:
        raise ApiError(
            "VALIDATION_ERROR",
            "only OIDC identity providers can be created",
            fields=[("protocol", "Only OIDC identity providers can be created.")],
        )
    idp_type = IdpType(body.idpType or IdpType.WORKFORCE.value)
    display_name(require(body.displayName, "displayName"))
    require(body.issuerUri, "issuerUri")
    defaults: dict[str, Any] = {"authorizationType": "GROUP", "description": None}
    if idp_type is IdpType.WORKFORCE:
        defaults.update(associatedDomains=[], clientId=None, requestedScopes=[])
    return idp_type, {**defaults, **oidc_changes(body, idp_type)}


def saml_changes(body: IdentityProviderIn) -> dict[str, Any]:
    """The SAML fields a body sets, by wire name, with ``pemFileInfo`` read from its certificates."""
    _refuse_others(body, (*_SAML_FIELDS, "pemFileInfo"))
    changes = {name: getattr(body, name) for name in _SAML_FIELDS if getattr(body, name) is not None}
    if "displayName" in changes:
        display_name(changes["displayName"])
    if body.pemFileInfo is not None:
        changes["pemFileInfo"] = _pem_file_info(body.pemFileInfo)
    return changes


def _pem_file_info(given: PemFileInfoIn) -> dict[str, Any]:
    """The file's certificates' validity, read from their PEM ``content`` (their text is not kept, ours)."""
    certificates = []
    for certificate in given.certificates or ():
        if certificate.content is None:
            raise ApiError("MISSING_ATTRIBUTE", "pemFileInfo.certificates.content")
        try:
            parsed = x509.load_pem_x509_certificate(certificate.content.encode())
        except ValueError:
            raise ApiError(
                "INVALID_ATTRIBUTE",
                "pemFileInfo.certificates.content",
                fields=[("pemFileInfo.certificates.content", "A PEM-encoded X.509 certificate.")],
            ) from None
        certificates.append(
            {
                "notAfter": iso(int(parsed.not_valid_after_utc.timestamp())),
                "notBefore": iso(int(parsed.not_valid_before_utc.timestamp())),
            }
        )
    return {"certificates": certificates, "fileName": given.fileName}


def new_saml(body: IdentityProviderIn, base_url: str, legacy_id: str) -> dict[str, Any]:
    """A new SAML identity provider's fields (the local API): the service provider's own URLs are this server's
    (ours: MongoDB Cloud's are on auth.mongodb.com)."""
    display_name(require(body.displayName, "displayName"))
    require(body.issuerUri, "issuerUri")
    require(body.ssoUrl, "ssoUrl")
    defaults: dict[str, Any] = {
        "acsUrl": f"{base_url}/sso/saml2/{legacy_id}",
        "associatedDomains": [],
        "audienceUri": f"{base_url}/saml2/service-provider/{legacy_id}",
        "description": None,
        "pemFileInfo": {"certificates": [], "fileName": None},
        "requestBinding": "HTTP-POST",
        "responseSignatureAlgorithm": "SHA-256",
        "slug": "",
        "ssoDebugEnabled": False,
        "status": "INACTIVE",
    }
    return {**defaults, **saml_changes(body)}


def assignments_given(body: RoleMappingIn) -> tuple[str, tuple[RoleAssignment, ...]]:
    """A role mapping body's group name and assignments (the role of each required)."""
    name: str = require(body.externalGroupName, "externalGroupName")
    if not 1 <= len(name) <= MAX_GROUP_NAME:
        raise ApiError(
            "INVALID_ATTRIBUTE",
            "externalGroupName",
            fields=[("externalGroupName", f"1 to {MAX_GROUP_NAME} characters.")],
        )
    given = require(body.roleAssignments, "roleAssignments")
    assignments = tuple(
        RoleAssignment(require(one.role, "roleAssignments.role"), one.orgId, one.groupId) for one in given
    )
    return name, assignments


def connected_org_kept(body: ConnectedOrgIn) -> frozenset[str]:
    """What a ``PATCH`` leaves out and so keeps: ``postAuthRoleGrants`` and ``domainAllowList``. The real CLI's
    ``connectedOrgConfigs update --file`` sends neither grants nor identity provider, and MongoDB Cloud kept the
    grants (recorded, ``Update_connected_org_config_back``); the spec's notes reset only the identity provider, the
    data-access identity providers and ``domainRestrictionEnabled`` when left out."""
    kept = {"postAuthRoleGrants"} if body.postAuthRoleGrants is None else set()
    if body.domainAllowList is None:
        kept.add("domainAllowList")
    return frozenset(kept)


def connected_org_given(body: ConnectedOrgIn, org_id: str, federation_id: str) -> ConnectedOrg:
    """The configuration a ``PATCH`` asks for; of what it leaves out, the identity provider, the data-access
    identity providers and ``domainRestrictionEnabled`` are reset (the spec's notes), the rest kept
    (``connected_org_kept``)."""
    if body.identityProviderId == "":
        raise ApiError(
            "VALIDATION_ERROR",
            "identityProviderId must not be empty",
            fields=[("identityProviderId", "Leave it out to disconnect the identity provider.")],
        )
    grants = valid_org_roles(body.postAuthRoleGrants or (), org_id, ATLAS_ORG_ROLES, "postAuthRoleGrants")
    return ConnectedOrg(
        org_id=org_id,
        federation_id=federation_id,
        identity_provider_id=body.identityProviderId,
        data_access_identity_provider_ids=_unique(body.dataAccessIdentityProviderIds or ()),
        domain_allow_list=_unique(body.domainAllowList or ()),
        domain_restriction_enabled=bool(body.domainRestrictionEnabled),
        post_auth_role_grants=grants,
    )


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


# --- answers --------------------------------------------------------------------------------------------------------


def org_settings_view(federation_id: str, sign_in: IdentityProvider | None, has_role_mappings: bool) -> dict[str, Any]:
    """``OrgFederationSettings``."""
    return {
        "federatedDomains": list(sign_in.associated_domains) if sign_in is not None else [],
        "hasRoleMappings": has_role_mappings,
        "id": federation_id,
        "identityProviderId": sign_in.legacy_id if sign_in is not None else None,
        "identityProviderStatus": "ACTIVE" if sign_in is not None and sign_in.active else "INACTIVE",
    }


def role_mapping_view(mapping: RoleMapping) -> dict[str, Any]:
    """``AuthFederationRoleMapping``: each assignment names its organization or its project, not both."""
    assignments = []
    for one in mapping.assignments:
        shown: dict[str, Any] = {"role": one.role}
        if one.group_id is not None:
            shown["groupId"] = one.group_id
        if one.org_id is not None:
            shown["orgId"] = one.org_id
        assignments.append(shown)
    return {"externalGroupName": mapping.external_group_name, "id": mapping.id, "roleAssignments": assignments}


def connected_org_view(
    config: ConnectedOrg,
    legacy_ids: Mapping[str, str | None],
    mappings: Sequence[RoleMapping],
    conflicts: Sequence[Member] | None,
) -> dict[str, Any]:
    """``ConnectedOrgConfig``; ``conflicts`` are the members outside the allowed domains (None: no restriction)."""
    sign_in = legacy_ids.get(config.identity_provider_id) if config.identity_provider_id is not None else None
    return {
        "dataAccessIdentityProviderIds": list(config.data_access_identity_provider_ids),
        "domainAllowList": list(config.domain_allow_list),
        "domainRestrictionEnabled": config.domain_restriction_enabled,
        "identityProviderId": sign_in,
        "instantUserProvisioningDisabled": False,
        "orgId": config.org_id,
        "postAuthRoleGrants": list(config.post_auth_role_grants),
        "roleMappings": [role_mapping_view(one) for one in mappings],
        "userConflicts": None
        if conflicts is None
        else [
            {
                "emailAddress": member.username,
                "federationSettingsId": config.federation_id,
                "firstName": member.first_name,
                "lastName": member.last_name,
                "userId": member.id,
            }
            for member in conflicts
        ],
    }


def identity_provider_view(idp: IdentityProvider, associated: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """``FederationIdentityProvider`` (and, for a SAML one, ``FederationSamlIdentityProvider``)."""
    view: dict[str, Any] = {
        "associatedOrgs": list(associated),
        "createdAt": iso(idp.created_at),
        "id": idp.id,
        "idpType": idp.idp_type.value,
        "oktaIdpId": idp.legacy_id,
        "protocol": idp.protocol.value,
        "updatedAt": iso(idp.updated_at) if idp.updated_at is not None else None,
    }
    if idp.protocol is Protocol.OIDC:
        names = _OIDC_FIELDS + (_WORKFORCE_FIELDS if idp.idp_type is IdpType.WORKFORCE else ())
        view.update({name: idp.attributes.get(name) for name in names})
    else:
        view.update(
            {name: idp.attributes.get(name) for name in (*_SAML_FIELDS, "acsUrl", "audienceUri", "pemFileInfo")}
        )
    return view
