"""Federations and the organizations they connect: setting one up (the local API and the fixture document stand
for MongoDB Cloud's UI), reading an organization's federation settings, connecting and disconnecting
organizations, changing a connected organization's configuration, and deleting a federation. Nothing here knows
about HTTP (docs/federation.md).

What is MongoDB's and what is ours:
- A new connection has no sign-in identity provider, no data-access ones, no allowed domains, domain restriction
  off and ``postAuthRoleGrants`` ``["ORG_OWNER"]`` (all as recorded).
- ``updateFederationSettingConnectedOrgConfig`` replaces the configuration with the body, as the spec's notes say:
  a missing ``identityProviderId`` disconnects the sign-in identity provider, missing data-access identity providers
  are disconnected, a missing ``domainRestrictionEnabled`` is false. An empty ``identityProviderId`` is a 400
  ``VALIDATION_ERROR`` (the Terraform provider's comment records it). Without a sign-in identity provider, changing
  ``postAuthRoleGrants`` or sending role mappings is refused with ``VALIDATION_ERROR`` (the spec's note; Terraform
  records the role mappings' refusal); the same values as now pass, as the real CLI's recorded PATCHes do.
  ``roleMappings`` in the body change nothing: role mappings have operations of their own (ours).
- Removing a connected organization is refused while it is the federation's last one (the spec's note), and
  deleting the federation while more than one organization is connected (the spec's note); both 400, codes ours.

Events, in the organization's feed: FEDERATION_SETTINGS_CREATED, FEDERATION_SETTINGS_UPDATED (a configuration
changed, an organization connected or removed) and FEDERATION_SETTINGS_DELETED, with ``federationSettingsId``.
"""

from dataclasses import replace

from atlas_access.core.directory import Org
from atlas_access.core.errors import ApiError
from atlas_access.core.federation import ConnectedOrg, Federation, IdentityProvider, Protocol
from atlas_access.core.ids import new_id
from atlas_access.server.services.context import Context
from atlas_access.store import directory
from atlas_access.store import federation as store
from atlas_access.store.row_locks import Lock


def record(ctx: Context, event_type: str, org_id: str, federation_id: str) -> None:
    ctx.record(event_type, org_id=org_id, targets={"federationSettingsId": federation_id})


def find(ctx: Context, federation_id: str) -> Federation:
    found = store.get(ctx.conn, federation_id)
    if found is None:
        raise ApiError("FEDERATION_SETTINGS_NOT_FOUND", federation_id)
    return found


def held(ctx: Context, federation_id: str, mode: Lock = Lock.KEEP) -> Federation:
    """``find``, holding the federation's row until the transaction ends."""
    if not store.lock(ctx.conn, federation_id, mode):
        raise ApiError("FEDERATION_SETTINGS_NOT_FOUND", federation_id)
    return find(ctx, federation_id)


def home_org(ctx: Context, federation: Federation) -> str:
    """The organization whose feed shows the federation's own events: its owner while connected, else the first
    connected organization (ours)."""
    configs = store.connected(ctx.conn, federation.id)
    if any(config.org_id == federation.owner_org_id for config in configs) or not configs:
        return federation.owner_org_id
    return configs[0].org_id


# --- setting up (the local API, the fixture document) ----------------------------------------------------------------


def create(ctx: Context, org: Org) -> Federation:
    """A new federation owned by ``org`` and connected to it; 409 ``ORG_ALREADY_IN_FEDERATION`` if the organization
    is connected to one already."""
    federation = Federation(new_id(), org.id, ctx.now)
    if not store.create(ctx.conn, federation, ConnectedOrg(org.id, federation.id, created_at=ctx.now)):
        raise ApiError("ORG_ALREADY_IN_FEDERATION", org.id)
    record(ctx, "FEDERATION_SETTINGS_CREATED", org.id, federation.id)
    return federation


def connect_org(ctx: Context, federation: Federation, org: Org) -> ConnectedOrg:
    """Connect another organization to the federation (MongoDB Cloud's Federation Management Console does it)."""
    config = ConnectedOrg(org.id, federation.id, created_at=ctx.now)
    if not store.connect(ctx.conn, config):
        raise ApiError("ORG_ALREADY_IN_FEDERATION", org.id)
    record(ctx, "FEDERATION_SETTINGS_UPDATED", org.id, federation.id)
    return config


# --- an organization's federation settings ---------------------------------------------------------------------------


def of_org(ctx: Context, org: Org) -> ConnectedOrg:
    """The organization's configuration in its federation; 404 ``ORG_NOT_IN_FEDERATION`` (ours) if it has none."""
    config = store.config_of_org(ctx.conn, org.id)
    if config is None:
        raise ApiError("ORG_NOT_IN_FEDERATION", org.id)
    return config


def sign_in_provider(ctx: Context, config: ConnectedOrg) -> IdentityProvider | None:
    if config.identity_provider_id is None:
        return None
    return store.identity_provider(ctx.conn, config.identity_provider_id)


def has_role_mappings(ctx: Context, org_id: str) -> bool:
    return bool(store.mappings(ctx.conn, org_id))


def delete(ctx: Context, federation_id: str) -> None:
    """Delete a federation that connects one organization at most, with all it holds."""
    federation = held(ctx, federation_id, Lock.DELETE)
    configs = store.connected(ctx.conn, federation.id)
    if len(configs) > 1:
        raise ApiError("FEDERATION_HAS_CONNECTED_ORGS", federation.id)
    org_id = configs[0].org_id if configs else home_org(ctx, federation)
    store.delete_federation(ctx.conn, federation.id)
    record(ctx, "FEDERATION_SETTINGS_DELETED", org_id, federation.id)


# --- connected organizations -----------------------------------------------------------------------------------------


def connected(ctx: Context, federation_id: str) -> list[ConnectedOrg]:
    return store.connected(ctx.conn, find(ctx, federation_id).id)


def connected_org(ctx: Context, federation_id: str, org: Org) -> ConnectedOrg:
    """The organization's configuration in this federation; 404 ``CONNECTED_ORG_CONFIG_NOT_FOUND`` (ours) if the
    organization is not connected to it."""
    config = store.config_of_org(ctx.conn, org.id)
    if config is None or config.federation_id != federation_id:
        raise ApiError("CONNECTED_ORG_CONFIG_NOT_FOUND", org.id, federation_id)
    return config


def update_connected(
    ctx: Context,
    federation_id: str,
    org: Org,
    wanted: ConnectedOrg,
    mappings_sent: bool,
    kept: frozenset[str] = frozenset(),
) -> ConnectedOrg:
    """Replace the organization's configuration with ``wanted`` (its identity providers checked to be the
    federation's: 404 ``IDENTITY_PROVIDER_NOT_FOUND``), but for the fields named in ``kept`` (wire names), which
    stay as they are."""
    held(ctx, federation_id)
    current = connected_org(ctx, federation_id, org)
    if "postAuthRoleGrants" in kept:
        wanted = replace(wanted, post_auth_role_grants=current.post_auth_role_grants)
    if "domainAllowList" in kept:
        wanted = replace(wanted, domain_allow_list=current.domain_allow_list)
    providers = {idp.id: idp for idp in store.identity_providers(ctx.conn, federation_id)}
    legacy = {idp.legacy_id: idp for idp in providers.values() if idp.legacy_id is not None}
    sign_in = None
    if wanted.identity_provider_id is not None:
        found = legacy.get(wanted.identity_provider_id)
        if found is None or found.protocol is not Protocol.SAML:
            raise ApiError("IDENTITY_PROVIDER_NOT_FOUND", wanted.identity_provider_id, federation_id)
        sign_in = found.id
    for idp_id in wanted.data_access_identity_provider_ids:
        found = providers.get(idp_id)
        if found is None or found.protocol is not Protocol.OIDC:
            raise ApiError("IDENTITY_PROVIDER_NOT_FOUND", idp_id, federation_id)
    if sign_in is None:
        if set(wanted.post_auth_role_grants) != set(current.post_auth_role_grants):
            raise ApiError(
                "VALIDATION_ERROR",
                "postAuthRoleGrants cannot change while no identity provider is connected",
                fields=[("postAuthRoleGrants", "Connect an identity provider first.")],
            )
        if mappings_sent:
            raise ApiError(
                "VALIDATION_ERROR",
                "roleMappings cannot change while no identity provider is connected",
                fields=[("roleMappings", "Connect an identity provider first.")],
            )
    changed = replace(wanted, org_id=current.org_id, federation_id=federation_id, identity_provider_id=sign_in)
    changed = replace(changed, created_at=current.created_at)
    if changed != current:
        if not store.update_config(ctx.conn, changed):
            raise ApiError("CONNECTED_ORG_CONFIG_NOT_FOUND", org.id, federation_id)
        record(ctx, "FEDERATION_SETTINGS_UPDATED", org.id, federation_id)
    return changed


def remove_connected(ctx: Context, federation_id: str, org: Org) -> None:
    """Disconnect the organization (its role mappings go with it); never the federation's last one."""
    held(ctx, federation_id, Lock.CHANGE)
    connected_org(ctx, federation_id, org)
    if len(store.connected(ctx.conn, federation_id)) <= 1:
        raise ApiError("CANNOT_REMOVE_LAST_CONNECTED_ORG", federation_id)
    store.disconnect(ctx.conn, org.id)
    record(ctx, "FEDERATION_SETTINGS_UPDATED", org.id, federation_id)


def org_named(ctx: Context, org_id: str) -> Org:
    """An organization by id, for the local API (404 ``ORG_NOT_FOUND``)."""
    found = directory.org_with_roles(ctx.conn, org_id, "")
    if found is None:
        raise ApiError("ORG_NOT_FOUND", org_id)
    return found[0]
