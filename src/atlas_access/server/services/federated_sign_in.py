"""The simulated sign-in (ours, docs/federation.md): a user signs in through one of a federation's SAML identity
providers with a username and the groups the identity provider's assertion names.

What it does, as MongoDB Cloud does for a federated user (where MongoDB documents the rule) or as chosen here:
- The identity provider is the one named (by id or legacy id), else the active SAML one whose associated domains
  hold the username's domain (MongoDB Cloud routes sign-ins by domain), one that an organization signs in with
  first. None: 400 ``NO_IDENTITY_PROVIDER_FOR_USERNAME`` (ours).
- The user (made if new) becomes an ACTIVE member of every connected organization that signs in with that identity
  provider. A username that an organization's domain restriction keeps out is refused before anything changes:
  400 ``USERNAME_NOT_IN_ALLOWED_DOMAINS``.
- Pending invitations of the username to the organization or its projects are accepted, as the invitee would
  (their roles, teams and projects granted, JOINED_* events by the user): MongoDB Cloud adds federated users of
  verified domains as active members directly (ours: that the invitation is then settled as accepted).
- With role mappings, the organization roles are exactly those the mappings give the user's groups plus
  ``postAuthRoleGrants``, and its project roles exactly the mapped ones (projects no mapping names are left); MongoDB
  Cloud re-applies role mappings at every sign-in. Without role mappings, the user gains ``postAuthRoleGrants``
  (``ORG_MEMBER`` when that is empty, ours) and keeps what it had.
"""

from dataclasses import dataclass

from atlas_access.core.errors import ApiError
from atlas_access.core.events import Actor
from atlas_access.core.federation import ConnectedOrg, IdentityProvider, Protocol, domain_allowed, domain_of, granted
from atlas_access.core.ids import new_id
from atlas_access.core.invitations import Kind, State
from atlas_access.core.members import USER
from atlas_access.server.services import federation as federations
from atlas_access.server.services import memberships
from atlas_access.server.services.context import Context
from atlas_access.store import directory, invitations, members
from atlas_access.store import federation as store


@dataclass(frozen=True, slots=True)
class SignedIn:
    user_id: str
    username: str
    identity_provider: IdentityProvider
    org_ids: tuple[str, ...]


def _provider(ctx: Context, federation_id: str, username: str, idp_id: str | None) -> IdentityProvider:
    found = [idp for idp in store.identity_providers(ctx.conn, federation_id) if idp.protocol is Protocol.SAML]
    if idp_id is not None:
        named = [idp for idp in found if idp_id in (idp.id, idp.legacy_id)]
        if not named:
            raise ApiError("IDENTITY_PROVIDER_NOT_FOUND", idp_id, federation_id)
        chosen = named
    else:
        domain = domain_of(username)
        chosen = [idp for idp in found if domain in (one.lower() for one in idp.associated_domains)]
    signing_in = {config.identity_provider_id for config in store.connected(ctx.conn, federation_id)}
    for idp in sorted(chosen, key=lambda one: one.id not in signing_in):  # one an organization signs in with first
        if idp.active:
            return idp
    raise ApiError("NO_IDENTITY_PROVIDER_FOR_USERNAME", federation_id, username)


def sign_in(
    ctx: Context,
    federation_id: str,
    username: str,
    groups: tuple[str, ...],
    idp_id: str | None = None,
    first_name: str = "",
    last_name: str = "",
) -> SignedIn:
    federation = federations.held(ctx, federation_id)
    idp = _provider(ctx, federation.id, username, idp_id)
    configs = [config for config in store.connected(ctx.conn, federation.id) if config.identity_provider_id == idp.id]
    for config in configs:
        if not domain_allowed(config, username):
            raise ApiError("USERNAME_NOT_IN_ALLOWED_DOMAINS", username, config.org_id)
    user_id = directory.ensure_user(ctx.conn, new_id(), username, first_name, last_name, ctx.now)
    members.touch_last_auth(ctx.conn, user_id, ctx.now)
    for config in configs:
        _join(ctx, config, user_id, username, groups, first_name, last_name)
    return SignedIn(user_id, username, idp, tuple(config.org_id for config in configs))


def _join(
    ctx: Context, config: ConnectedOrg, user_id: str, username: str, groups: tuple[str, ...], first: str, last: str
) -> None:
    org_id = config.org_id
    as_user = Context(ctx.conn, ctx.now, Actor("USER", user_id, username, ctx.actor.remote_address), ctx.post)
    was_member = directory.org_roles(ctx.conn, org_id, user_id) is not None
    projects = store.project_ids(ctx.conn, org_id)
    before = {group_id: directory.project_roles(ctx.conn, group_id, user_id) for group_id in projects}
    accepted_org, announced = _settle_invitations(ctx, org_id, projects, username, first, last)
    mappings = store.mappings(ctx.conn, org_id)
    grant = granted(config, mappings, groups)
    if mappings:
        members.put_org_member(ctx.conn, org_id, user_id, grant.org_roles or ("ORG_MEMBER",), ctx.now, kind=USER)
        for group_id in projects:
            roles = grant.group_roles.get(group_id)
            if roles:
                members.set_project_roles(ctx.conn, group_id, user_id, roles, ctx.now)
            else:
                members.remove_from_project(ctx.conn, group_id, user_id)
    else:
        held = directory.org_roles(ctx.conn, org_id, user_id)
        extra = grant.org_roles or (() if held else ("ORG_MEMBER",))
        directory.grant_org_roles(ctx.conn, org_id, user_id, USER, extra, ctx.now)
    if not was_member and not accepted_org:
        as_user.record("JOINED_ORG", org_id=org_id, target_username=username)
    for group_id in projects:
        joined = before[group_id] is None and directory.project_roles(ctx.conn, group_id, user_id) is not None
        if joined and group_id not in announced:
            as_user.record("JOINED_GROUP", org_id=org_id, group_id=group_id, target_username=username)


def _settle_invitations(
    ctx: Context, org_id: str, projects: list[str], username: str, first: str, last: str
) -> tuple[bool, set[str]]:
    """Accept the username's pending invitations to the organization and its projects: whether the user joined the
    organization by one, and the projects whose JOINED_GROUP the acceptance wrote."""
    joined_org, announced = False, set[str]()
    pending = memberships.pending_invitation(ctx, org_id, username)
    if pending is not None:
        memberships.answer(ctx, pending.id, accept=True, first_name=first, last_name=last)
        joined_org = True
        announced.update(assignment.group_id for assignment in pending.group_role_assignments)
    for group_id in projects:
        for invitation in invitations.visible(ctx.conn, Kind.GROUP, group_id, username):
            if invitation.state_at(ctx.now) is State.PENDING:
                memberships.answer(ctx, invitation.id, accept=True, first_name=first, last_name=last)
                announced.add(group_id)
    return joined_org, announced
