"""A federation's identity providers: SAML (made by the local API or the fixture document, as MongoDB Cloud's
Federation Management Console makes them) and OIDC, for workforce or workload (the API makes those). Nothing here
knows about HTTP (docs/federation.md).

What is MongoDB's and what is ours:
- ``createFederationSettingIdentityProvider`` makes OIDC identity providers only (the spec's note).
- Deleting one that is connected to more than one organization is refused (the spec's note; 400
  ``IDENTITY_PROVIDER_IN_USE``, ours), and one connected to an organization the caller does not own too (401
  ``USER_UNAUTHORIZED``); an identity provider connected to one organization of the caller is disconnected and
  deleted.
- Revoking the JWKS is for OIDC identity providers, the metadata for SAML ones; the other protocol is a 400
  ``IDENTITY_PROVIDER_PROTOCOL_MISMATCH`` (ours).

Events, in the federation's home organization's feed (``services.federation.home_org``), with
``identityProviderId``: IDENTITY_PROVIDER_CREATED, IDENTITY_PROVIDER_UPDATED (SAML) or
OIDC_IDENTITY_PROVIDER_UPDATED (OIDC), IDENTITY_PROVIDER_ACTIVATED / _DEACTIVATED (a SAML status change),
IDENTITY_PROVIDER_JWKS_REVOKED and IDENTITY_PROVIDER_DELETED.
"""

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from atlas_access.core.errors import ApiError
from atlas_access.core.federation import Federation, IdentityProvider, IdpType, Protocol, new_legacy_id
from atlas_access.core.ids import new_id
from atlas_access.server.services import federation as federations
from atlas_access.server.services.context import Context
from atlas_access.store import directory
from atlas_access.store import federation as store


def _record(ctx: Context, event_type: str, federation: Federation, idp_id: str) -> None:
    ctx.record(
        event_type,
        org_id=federations.home_org(ctx, federation),
        targets={"federationSettingsId": federation.id, "identityProviderId": idp_id},
    )


def listing(
    ctx: Context, federation_id: str, protocols: frozenset[Protocol], idp_types: frozenset[IdpType]
) -> list[IdentityProvider]:
    """The federation's identity providers of these protocols and types, in the order they were made (ours)."""
    found = store.identity_providers(ctx.conn, federations.find(ctx, federation_id).id)
    return [idp for idp in found if idp.protocol in protocols and idp.idp_type in idp_types]


def find(ctx: Context, federation_id: str, idp_id: str) -> IdentityProvider:
    """The federation's identity provider with this id; 404 ``IDENTITY_PROVIDER_NOT_FOUND`` otherwise."""
    found = store.identity_provider(ctx.conn, idp_id)
    if found is None or found.federation_id != federation_id:
        raise ApiError("IDENTITY_PROVIDER_NOT_FOUND", idp_id, federation_id)
    return found


def of_protocol(ctx: Context, federation_id: str, idp_id: str, protocol: Protocol) -> IdentityProvider:
    found = find(ctx, federation_id, idp_id)
    if found.protocol is not protocol:
        raise ApiError("IDENTITY_PROVIDER_PROTOCOL_MISMATCH", idp_id, protocol.value)
    return found


def create(
    ctx: Context,
    federation_id: str,
    protocol: Protocol,
    idp_type: IdpType,
    attributes: Mapping[str, Any],
    legacy_id: str | None = None,
) -> IdentityProvider:
    """A new identity provider; a SAML one gets its 20-hex legacy id (``legacy_id``, or a new one)."""
    federation = federations.held(ctx, federation_id)
    idp = IdentityProvider(
        id=new_id(),
        federation_id=federation.id,
        protocol=protocol,
        idp_type=idp_type,
        legacy_id=(legacy_id or new_legacy_id()) if protocol is Protocol.SAML else None,
        attributes=dict(attributes),
        created_at=ctx.now,
    )
    store.add_identity_provider(ctx.conn, idp)
    _record(ctx, "IDENTITY_PROVIDER_CREATED", federation, idp.id)
    return idp


def update(
    ctx: Context, federation_id: str, idp_id: str, idp_type: IdpType | None, changes: Mapping[str, Any]
) -> IdentityProvider:
    """The identity provider with ``changes`` (wire names) applied; ``updatedAt`` moves when anything changes."""
    federation = federations.held(ctx, federation_id)
    current = find(ctx, federation.id, idp_id)
    attributes = {**current.attributes, **changes}
    changed = replace(current, idp_type=idp_type or current.idp_type, attributes=attributes)
    if changed == current:
        return current
    changed = replace(changed, updated_at=ctx.now)
    if not store.change_identity_provider(ctx.conn, changed):
        raise ApiError("IDENTITY_PROVIDER_NOT_FOUND", idp_id, federation.id)
    if current.protocol is Protocol.OIDC:
        _record(ctx, "OIDC_IDENTITY_PROVIDER_UPDATED", federation, idp_id)
    else:
        _record(ctx, "IDENTITY_PROVIDER_UPDATED", federation, idp_id)
        if current.attributes.get("status") != changed.attributes.get("status"):
            activated = changed.attributes.get("status") == "ACTIVE"
            status_event = "IDENTITY_PROVIDER_ACTIVATED" if activated else "IDENTITY_PROVIDER_DEACTIVATED"
            _record(ctx, status_event, federation, idp_id)
    return changed


def associated_orgs(ctx: Context, idp: IdentityProvider) -> list[str]:
    """The organizations that sign in with the identity provider or use it for data access."""
    return [
        config.org_id
        for config in store.connected(ctx.conn, idp.federation_id)
        if config.identity_provider_id == idp.id or idp.id in config.data_access_identity_provider_ids
    ]


def delete(ctx: Context, federation_id: str, idp_id: str, caller_id: str) -> None:
    """Delete an identity provider connected to one of the caller's organizations at most (disconnecting it)."""
    federation = federations.held(ctx, federation_id)
    idp = find(ctx, federation.id, idp_id)
    using = associated_orgs(ctx, idp)
    if len(using) > 1:
        raise ApiError("IDENTITY_PROVIDER_IN_USE", idp.id)
    for org_id in using:
        if "ORG_OWNER" not in (directory.org_roles(ctx.conn, org_id, caller_id) or ()):
            raise ApiError("USER_UNAUTHORIZED", org_id)
        config = store.config_of_org(ctx.conn, org_id)
        assert config is not None
        kept = tuple(one for one in config.data_access_identity_provider_ids if one != idp.id)
        sign_in = None if config.identity_provider_id == idp.id else config.identity_provider_id
        kept_config = replace(config, identity_provider_id=sign_in, data_access_identity_provider_ids=kept)
        store.update_config(ctx.conn, kept_config)
    if not store.delete_identity_provider(ctx.conn, idp.id):
        raise ApiError("IDENTITY_PROVIDER_NOT_FOUND", idp_id, federation.id)
    _record(ctx, "IDENTITY_PROVIDER_DELETED", federation, idp.id)


def revoke_jwks(ctx: Context, federation_id: str, idp_id: str) -> None:
    """Revoke an OIDC identity provider's JWKS: noted with the time (there are no clusters to refresh here)."""
    federation = federations.held(ctx, federation_id)
    idp = of_protocol(ctx, federation.id, idp_id, Protocol.OIDC)
    store.change_identity_provider(ctx.conn, replace(idp, jwks_revoked_at=ctx.now))
    _record(ctx, "IDENTITY_PROVIDER_JWKS_REVOKED", federation, idp.id)
