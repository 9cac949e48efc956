"""``/api/atlas/v2/federationSettings/...`` and ``/orgs/{orgId}/federationSettings``: federated authentication
(docs/federation.md). Statuses as recorded (``reference/recordings/federationsettings``): creating an identity
provider answers 200, deleting one or revoking its JWKS 204, updating a connected organization 200. The rules and
events: ``services.federation``, ``identity_providers``, ``role_mappings``.
"""

from typing import Any

from atlas_access.core.errors import ApiError
from atlas_access.core.federation import ConnectedOrg, IdentityProvider, IdpType, Protocol, domain_allowed
from atlas_access.core.members import Member
from atlas_access.server.routes.atlas_v2 import federation_shapes as wire
from atlas_access.server.routes.atlas_v2.saml_metadata import metadata_xml
from atlas_access.server.routes.atlas_v2.team_shapes import page_body
from atlas_access.server.services import federation as service
from atlas_access.server.services import identity_providers, role_mappings
from atlas_access.server.services.context import Context
from atlas_access.server.wire.body import require
from atlas_access.server.wire.endpoint import Call, Reply
from atlas_access.server.wire.respond import Verbatim
from atlas_access.store import federation as store
from atlas_access.store import members

OLD_VERSION = "2023-01-01"  # the identity providers' first version, sunset 2025-01-01: SAML bodies only


def _federation_id(call: Call) -> str:
    return call.path["federationSettingsId"]


def _base(call: Call) -> str:
    return f"/api/atlas/v2/federationSettings/{_federation_id(call)}"


# --- an organization's federation settings, and the federation -------------------------------------------------------


def get_org_settings(call: Call) -> Reply:
    config = service.of_org(call.ctx, call.the_org())
    sign_in = service.sign_in_provider(call.ctx, config)
    has_mappings = service.has_role_mappings(call.ctx, config.org_id)
    return Reply(200, wire.org_settings_view(config.federation_id, sign_in, has_mappings))


def delete_federation(call: Call) -> Reply:
    service.delete(call.ctx, _federation_id(call))
    return Reply(204)


# --- connected organizations -----------------------------------------------------------------------------------------


def _conflicts(ctx: Context, config: ConnectedOrg) -> list[Member] | None:
    if not config.domain_restriction_enabled:
        return None
    found = members.org_members_of(ctx.conn, config.org_id)
    return [member for member in found if not domain_allowed(config, member.username)]


def connected_view(ctx: Context, config: ConnectedOrg) -> dict[str, Any]:
    legacy = {idp.id: idp.legacy_id for idp in store.identity_providers(ctx.conn, config.federation_id)}
    mappings = store.mappings(ctx.conn, config.org_id)
    return wire.connected_org_view(config, legacy, mappings, _conflicts(ctx, config))


def list_connected(call: Call) -> Reply:
    found = service.connected(call.ctx, _federation_id(call))
    results = [connected_view(call.ctx, config) for config in found]
    return Reply(200, page_body(call, results, f"{_base(call)}/connectedOrgConfigs", counted=False))


def get_connected(call: Call) -> Reply:
    config = service.connected_org(call.ctx, _federation_id(call), call.the_org())
    return Reply(200, connected_view(call.ctx, config))


def update_connected(call: Call) -> Reply:
    body = call.body(wire.ConnectedOrgIn)
    org = call.the_org()
    wanted = wire.connected_org_given(body, org.id, _federation_id(call))
    config = service.update_connected(
        call.ctx, _federation_id(call), org, wanted, bool(body.roleMappings), wire.connected_org_kept(body)
    )
    return Reply(200, connected_view(call.ctx, config))


def remove_connected(call: Call) -> Reply:
    service.remove_connected(call.ctx, _federation_id(call), call.the_org())
    return Reply(204)


# --- role mappings ---------------------------------------------------------------------------------------------------


def _mappings_path(call: Call) -> str:
    return f"{_base(call)}/connectedOrgConfigs/{call.the_org().id}/roleMappings"


def list_mappings(call: Call) -> Reply:
    found = role_mappings.listing(call.ctx, _federation_id(call), call.the_org())
    results = [wire.role_mapping_view(one) for one in found]
    return Reply(200, page_body(call, results, _mappings_path(call), counted=False))


def create_mapping(call: Call) -> Reply:
    name, assignments = wire.assignments_given(call.body(wire.RoleMappingIn))
    created = role_mappings.create(call.ctx, _federation_id(call), call.the_org(), name, assignments)
    return Reply(200, wire.role_mapping_view(created))


def get_mapping(call: Call) -> Reply:
    found = role_mappings.find(call.ctx, _federation_id(call), call.the_org(), call.path["id"])
    return Reply(200, wire.role_mapping_view(found))


def update_mapping(call: Call) -> Reply:
    name, assignments = wire.assignments_given(call.body(wire.RoleMappingIn))
    changed = role_mappings.update(call.ctx, _federation_id(call), call.the_org(), call.path["id"], name, assignments)
    return Reply(200, wire.role_mapping_view(changed))


def delete_mapping(call: Call) -> Reply:
    role_mappings.delete(call.ctx, _federation_id(call), call.the_org(), call.path["id"])
    return Reply(204)


# --- identity providers ----------------------------------------------------------------------------------------------


def idp_view(ctx: Context, idp: IdentityProvider) -> dict[str, Any]:
    associated = identity_providers.associated_orgs(ctx, idp)
    configs = [store.config_of_org(ctx.conn, org_id) for org_id in associated]
    return wire.identity_provider_view(idp, [connected_view(ctx, one) for one in configs if one is not None])


def _filter(call: Call, name: str, kind: type[Protocol] | type[IdpType], default: str) -> frozenset[Any]:
    """``protocol`` / ``idpType``: repeatable; when absent, SAML / WORKFORCE only (the spec)."""
    values = call.query.getlist(name) or [default]
    try:
        return frozenset(kind(value) for value in values)
    except ValueError:
        raise ApiError("INVALID_QUERY_PARAMETER", name) from None


def list_idps(call: Call) -> Reply:
    protocols = _filter(call, "protocol", Protocol, Protocol.SAML.value)
    idp_types = _filter(call, "idpType", IdpType, IdpType.WORKFORCE.value)
    found = identity_providers.listing(call.ctx, _federation_id(call), protocols, idp_types)
    results = [idp_view(call.ctx, idp) for idp in found]
    return Reply(200, page_body(call, results, f"{_base(call)}/identityProviders", counted=False))


def create_idp(call: Call) -> Reply:
    idp_type, attributes = wire.new_oidc(call.body(wire.IdentityProviderIn))
    created = identity_providers.create(call.ctx, _federation_id(call), Protocol.OIDC, idp_type, attributes)
    return Reply(200, idp_view(call.ctx, created))


def get_idp(call: Call) -> Reply:
    found = identity_providers.find(call.ctx, _federation_id(call), call.path["identityProviderId"])
    return Reply(200, idp_view(call.ctx, found))


def update_idp(call: Call) -> Reply:
    """``PATCH``: at 2023-01-01 a SAML body for a SAML identity provider; at 2023-11-15 the body of its protocol."""
    body = call.body(wire.IdentityProviderIn)
    federation_id, idp_id = _federation_id(call), call.path["identityProviderId"]
    current = identity_providers.find(call.ctx, federation_id, idp_id)
    if call.version_name == OLD_VERSION and current.protocol is not Protocol.SAML:
        raise ApiError("IDENTITY_PROVIDER_PROTOCOL_MISMATCH", idp_id, Protocol.SAML.value)
    if body.protocol is not None and body.protocol != current.protocol.value:
        raise ApiError("IDENTITY_PROVIDER_PROTOCOL_MISMATCH", idp_id, body.protocol)
    if current.protocol is Protocol.SAML:
        if call.version_name == OLD_VERSION:
            require(body.ssoDebugEnabled, "ssoDebugEnabled")  # the old body's one required field
        idp_type = IdpType(body.idpType) if body.idpType is not None else None
        changes = wire.saml_changes(body)
    else:
        idp_type = IdpType(body.idpType) if body.idpType is not None else current.idp_type
        changes = wire.oidc_changes(body, idp_type)
    changed = identity_providers.update(call.ctx, federation_id, idp_id, idp_type, changes)
    return Reply(200, idp_view(call.ctx, changed))


def delete_idp(call: Call) -> Reply:
    identity_providers.delete(call.ctx, _federation_id(call), call.path["identityProviderId"], call.principal.id)
    return Reply(204)


def revoke_jwks(call: Call) -> Reply:
    identity_providers.revoke_jwks(call.ctx, _federation_id(call), call.path["identityProviderId"])
    return Reply(204)


def get_metadata(call: Call) -> Reply:
    idp = identity_providers.of_protocol(call.ctx, _federation_id(call), call.path["identityProviderId"], Protocol.SAML)
    return Reply(200, Verbatim(metadata_xml(idp)))
