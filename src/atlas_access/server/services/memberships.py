"""Memberships that are not yet: invitations, and the pending users the users API shows them as.

A pending user is an organization invitation seen from the users API (the same record, shown with its
``pending_user_id``); every route of the invitations API, the users API, the local control API and the invitee's
page invites, updates, cancels, accepts and declines through this module. Nothing here knows about HTTP.
"""

from collections.abc import Callable, Hashable
from dataclasses import replace
from typing import TypeVar

from atlas_access.core import invitations as rules
from atlas_access.core.directory import Org, Project
from atlas_access.core.errors import ApiError
from atlas_access.core.events import Actor
from atlas_access.core.ids import new_id
from atlas_access.core.invitations import GroupRoleAssignment, Invitation, Kind, State
from atlas_access.core.members import USER
from atlas_access.core.roles import GROUP_ROLES, Surface, org_roles_for, valid_group_roles, valid_org_roles
from atlas_access.server.services import federation_domains, project_limits
from atlas_access.server.services.context import Context
from atlas_access.store import directory, members
from atlas_access.store import invitations as store
from atlas_access.store.database import Autocommit
from atlas_access.store.guarded_writes import Cancellation, GuardedWrites
from atlas_access.store.streamed_reads import Batches

T = TypeVar("T")

NOT_FOUND_TEMPLATE = "invitation with ID {}"
InvitedTo = Org | Project  # what an invitation invites to: an organization, or a project


def check_org_roles(roles: tuple[str, ...], surface: Surface, org_id: str) -> tuple[str, ...]:
    return valid_org_roles(roles, org_id, org_roles_for(surface))


def check_group_roles(roles: tuple[str, ...], group_id: str, field: str = "roles") -> tuple[str, ...]:
    return valid_group_roles(roles, group_id, GROUP_ROLES, field)


def check_assignments(
    ctx: Context, org: Org, assignments: tuple[GroupRoleAssignment, ...], roles_field: str = "roles"
) -> tuple[GroupRoleAssignment, ...]:
    """Project roles granted by an org invitation must name projects of that organization."""
    known = directory.existing_projects_of_org(ctx.conn, org.id, tuple(a.group_id for a in assignments))
    merged: dict[str, tuple[str, ...]] = {}
    for assignment in assignments:
        if assignment.group_id not in known:
            raise ApiError("GROUP_NOT_FOUND", assignment.group_id)
        field = f"groupRoleAssignments.{roles_field}"
        if not assignment.roles:  # a project assignment grants one role or more
            raise ApiError("MISSING_ATTRIBUTE", field, fields=[(field, "At least one project role is required.")])
        roles = check_group_roles(assignment.roles, assignment.group_id, field)
        merged[assignment.group_id] = rules.unique_in_order((*merged.get(assignment.group_id, ()), *roles))
    return tuple(GroupRoleAssignment(group_id, roles) for group_id, roles in merged.items())


def check_teams(ctx: Context, org: Org, team_ids: tuple[str, ...]) -> tuple[str, ...]:
    team_ids = rules.unique_in_order(team_ids)
    known = directory.existing_teams_of_org(ctx.conn, org.id, team_ids)
    for team_id in team_ids:
        if team_id not in known:
            raise ApiError("TEAM_NOT_FOUND", team_id)
    return team_ids


# --- finding --------------------------------------------------------------------------------------------------------


def _kind(scope: InvitedTo) -> Kind:
    return Kind.GROUP if isinstance(scope, Project) else Kind.ORG


def _org_id(scope: InvitedTo) -> str:
    return scope.org_id if isinstance(scope, Project) else scope.id


def visible(ctx: Context, scope: InvitedTo, username: str | None = None) -> list[Invitation]:
    """The scope's pending, expired and rejected invitations (of one username, if given)."""
    return store.visible(ctx.conn, _kind(scope), scope.id, username)


def visible_batches(ctx: Context, scope: InvitedTo) -> Batches[Invitation]:
    """``visible`` for the whole scope, a batch at a time (for a list that may be long)."""
    return store.visible_batches(ctx.conn, _kind(scope), scope.id)


def get_visible(ctx: Context, scope: InvitedTo, invitation_id: str) -> Invitation:
    """A visible invitation of this scope, else 404 RESOURCE_NOT_FOUND."""
    found = store.get(ctx.conn, invitation_id)
    if found is None or not _visible_in(found, scope):
        raise ApiError("RESOURCE_NOT_FOUND", NOT_FOUND_TEMPLATE.format(invitation_id))
    return found


def get_visible_guarded(
    conn: Autocommit,
    generation: int,
    scope: InvitedTo,
    invitation_id: str,
    shaped: Hashable,
    shape: Callable[[Invitation], T],
) -> T | None:
    """``get_visible`` as one statement guarded by the access generation the caller was authorised under
    (``store.invitations.get_guarded``), as ``shape`` makes it (kept with the statement's answer: it must depend
    on nothing but the invitation and what ``shaped`` holds); None where ``get_visible`` might answer otherwise
    (the generation moved, or it would refuse): ``get_visible`` answers then."""
    kind = _kind(scope)

    def visible(found: Invitation) -> T | None:
        return shape(found) if _visible_in(found, scope) else None

    return store.get_guarded(conn, invitation_id, generation, (kind, scope.id, shaped), visible)


def _visible_in(invitation: Invitation, scope: InvitedTo) -> bool:
    return invitation.kind is _kind(scope) and _scope_id(invitation) == scope.id and invitation.state in rules.VISIBLE


def find_by_username(ctx: Context, scope: InvitedTo, username: str) -> Invitation:
    found = visible(ctx, scope, username)
    if not found:
        raise ApiError("RESOURCE_NOT_FOUND", f"invitation for username {username}")
    return found[-1]


def _scope_id(invitation: Invitation) -> str:
    return invitation.group_id if invitation.kind is Kind.GROUP and invitation.group_id else invitation.org_id


def pending_user(ctx: Context, org_id: str, user_id: str) -> Invitation | None:
    """The organization invitation the users API shows as the pending user ``user_id``, if it is still visible."""
    invitation = store.by_pending_user_id(ctx.conn, user_id)
    if invitation is not None and invitation.org_id == org_id and invitation.state in rules.VISIBLE:
        return invitation
    return None


def by_pending_user(ctx: Context, user_id: str) -> Invitation | None:
    """The organization invitation the users API shows as the pending user ``user_id``, in whatever state it is."""
    return store.by_pending_user_id(ctx.conn, user_id)


def pending_invitation(ctx: Context, org_id: str, username: str) -> Invitation | None:
    """The organization invitation of ``username`` that still waits for an answer (not expired, not declined)."""
    for invitation in store.visible(ctx.conn, Kind.ORG, org_id, username):
        if invitation.state_at(ctx.now) is State.PENDING:
            return invitation
    return None


def by_link(ctx: Context, token_hash: str) -> Invitation | None:
    """The invitation a mailed link names (by its token's hash), in whatever state it is."""
    return store.by_token_hash(ctx.conn, token_hash)


def current(ctx: Context, invitation: Invitation) -> Invitation:
    """The invitation as it is now (after another request changed it)."""
    found = store.get(ctx.conn, invitation.id)
    assert found is not None
    return found


def project_names(ctx: Context, invitation: Invitation) -> dict[str, str]:
    """The names of the projects an organization invitation grants roles in (those that still exist)."""
    names = {}
    for assignment in invitation.group_role_assignments:
        found = directory.project_with_roles(ctx.conn, assignment.group_id, "")  # no member: just the project
        if found is not None:
            names[assignment.group_id] = found[0].name
    return names


# --- inviting -------------------------------------------------------------------------------------------------------


def invite_to_org(
    ctx: Context,
    org: Org,
    surface: Surface,
    username: str,
    roles: tuple[str, ...],
    team_ids: tuple[str, ...],
    assignments: tuple[GroupRoleAssignment, ...],
    *,
    roles_field: str = "roles",
) -> Invitation:
    """A new organization invitation (the invitations API), or a pending user (the users API, whose project
    assignments name their roles ``groupRoles``): the roles, teams and projects are checked first."""
    roles = check_org_roles(roles, surface, org.id)
    team_ids = check_teams(ctx, org, team_ids)
    assignments = check_assignments(ctx, org, assignments, roles_field)
    if directory.is_active_org_member(ctx.conn, org.id, username):
        raise ApiError("USER_ALREADY_EXISTS", username)
    invitation = _new(ctx, org, username, roles, team_ids, assignments)
    _insert(ctx, invitation, org.id)
    ctx.record("INVITED_TO_ORG", org_id=org.id, target_username=username)
    for _team in team_ids:
        ctx.record("INVITED_TO_TEAM", org_id=org.id, target_username=username)
    return invitation


def invite_to_project(ctx: Context, project: Project, username: str, roles: tuple[str, ...]) -> Invitation:
    """A new project invitation (the deprecated project invitations)."""
    roles = check_group_roles(roles, project.id)
    if directory.is_active_project_member(ctx.conn, project.id, username):
        raise ApiError("USER_ALREADY_EXISTS", username)
    project_limits.check_room_for_user(ctx, project)
    invitation = _new(ctx, project, username, roles)
    _insert(ctx, invitation, project.id)
    ctx.record("INVITED_TO_GROUP", org_id=project.org_id, group_id=project.id, target_username=username)
    return invitation


def _new(
    ctx: Context,
    scope: InvitedTo,
    username: str,
    roles: tuple[str, ...],
    team_ids: tuple[str, ...] = (),
    assignments: tuple[GroupRoleAssignment, ...] = (),
) -> Invitation:
    """A new PENDING invitation to ``scope``, from the caller, for 30 days; an organization invitation also shows
    as a pending user, with an id of its own."""
    project = scope if isinstance(scope, Project) else None
    return Invitation(
        id=new_id(),
        kind=_kind(scope),
        org_id=_org_id(scope),
        org_name=scope.org_name if isinstance(scope, Project) else scope.name,
        group_id=None if project is None else project.id,
        group_name=None if project is None else project.name,
        username=username,
        roles=roles,
        team_ids=team_ids,
        group_role_assignments=assignments,
        inviter_username=ctx.actor.name or "",
        state=State.PENDING,
        created_at=ctx.now,
        expires_at=ctx.now + rules.LIFETIME_SECONDS,
        pending_user_id=new_id() if project is None else None,
    )


def _insert(ctx: Context, invitation: Invitation, scope_id: str) -> None:
    """Store a new PENDING invitation (replacing an expired or rejected one) and write its mail; a username the
    organization's federation domain restriction keeps out is refused (``federation_domains``)."""
    federation_domains.check_invitable(ctx, invitation.org_id, invitation.username)
    store.replace_for_new(ctx.conn, scope_id, invitation.username, ctx.now)
    token = ctx.post.new_token() if ctx.post is not None else None
    if not store.insert(ctx.conn, invitation, None if token is None else token.hash):
        raise ApiError("USER_ALREADY_EXISTS", invitation.username)
    if ctx.post is not None and token is not None:
        ctx.post.invitation(ctx.conn, invitation, token, ctx.now)


def update(
    ctx: Context,
    current: Invitation,
    *,
    roles: tuple[str, ...] | None,
    team_ids: tuple[str, ...] | None = None,
    assignments: tuple[GroupRoleAssignment, ...] | None = None,
) -> Invitation:
    """Replace what the invitation grants; ``expiresAt`` never moves."""
    if not store.update_grants(ctx.conn, current.id, roles=roles, team_ids=team_ids, assignments=assignments):
        raise ApiError("RESOURCE_NOT_FOUND", NOT_FOUND_TEMPLATE.format(current.id))
    updated = store.get(ctx.conn, current.id)
    assert updated is not None
    return updated


def update_org_invitation(
    ctx: Context,
    org: Org,
    surface: Surface,
    current: Invitation,
    *,
    roles: tuple[str, ...] | None,
    team_ids: tuple[str, ...] | None,
    assignments: tuple[GroupRoleAssignment, ...] | None,
) -> Invitation:
    """PATCH of an organization invitation: what is given is checked, then replaces what the invitation grants."""
    return update(
        ctx,
        current,
        roles=None if roles is None else check_org_roles(roles, surface, org.id),
        team_ids=None if team_ids is None else check_teams(ctx, org, team_ids),
        assignments=None if assignments is None else check_assignments(ctx, org, assignments),
    )


def update_project_invitation(
    ctx: Context, project: Project, current: Invitation, roles: tuple[str, ...] | None
) -> Invitation:
    """PATCH of a project invitation: the roles given replace the invitation's."""
    return update(ctx, current, roles=None if roles is None else check_group_roles(roles, project.id))


def drop_project(ctx: Context, project: Project) -> None:
    """A project is being deleted: organization invitations stop granting roles in it."""
    for invitation in store.visible(ctx.conn, Kind.ORG, project.org_id):
        kept = tuple(a for a in invitation.group_role_assignments if a.group_id != project.id)
        if kept != invitation.group_role_assignments:
            store.update_grants(ctx.conn, invitation.id, roles=None, assignments=kept)


def drop_team(ctx: Context, org: Org, team_id: str) -> None:
    """A team is being deleted: organization invitations stop naming it."""
    for invitation in store.visible(ctx.conn, Kind.ORG, org.id):
        if team_id in invitation.team_ids:
            kept = tuple(one for one in invitation.team_ids if one != team_id)
            store.update_grants(ctx.conn, invitation.id, roles=None, team_ids=kept)


# --- cancelling -----------------------------------------------------------------------------------------------------


def cancel(ctx: Context, scope: InvitedTo, invitation_id: str) -> None:
    """DELETE: cancel a pending, expired or rejected invitation of this scope."""
    if _try_cancel(ctx, scope, invitation_id):
        return
    kind = _kind(scope)
    found = store.get(ctx.conn, invitation_id)
    if found is not None and found.org_id == _org_id(scope) and found.kind is not kind and found.state in rules.VISIBLE:
        raise ApiError("CANNOT_DELETE_GROUP_INVITATION" if kind is Kind.ORG else "CANNOT_DELETE_ORG_INVITATION")
    raise ApiError("INVALID_INVITATION_ID", invitation_id)


def cancel_pending_user(ctx: Context, org: Org, user_id: str) -> bool:
    """The users API's DELETE of a pending user: its invitation is cancelled. False if ``user_id`` names no
    pending user of the organization (any more: whichever of an accept and this comes first wins)."""
    invitation = store.by_pending_user_id(ctx.conn, user_id)
    # The transition itself checks kind and organization: another org's invitation is never touched.
    return invitation is not None and _try_cancel(ctx, org, invitation.id)


def _try_cancel(ctx: Context, scope: InvitedTo, invitation_id: str) -> bool:
    """Cancel the invitation if it is still cancellable, with its event; False when it no longer is."""
    kind = _kind(scope)
    moved = store.transition(
        ctx.conn,
        invitation_id,
        to=State.CANCELLED,
        now=ctx.now,
        from_states=_CANCELLABLE,
        kind=kind,
        scope_id=scope.id,
    )
    if moved:
        ctx.record_about_invitation(_CANCELLED_EVENT[kind], _org_id(scope), invitation_id)
    return moved


_CANCELLED_EVENT = {Kind.ORG: "ORG_INVITATION_DELETED", Kind.GROUP: "GROUP_INVITATION_DELETED"}
_CANCELLABLE = tuple(rules.CANCELLABLE)


async def cancel_guarded(
    writes: GuardedWrites, generation: int, scope: InvitedTo, invitation_id: str, actor: Actor, now: int
) -> bool:
    """``cancel`` of a cancellable invitation as one statement guarded by the access generation the caller was
    authorised under (``store.guarded_writes``): the same change and event. False when it changed nothing (the
    generation moved, the scope is gone, the invitation is not cancellable here): ``cancel`` answers then."""
    kind = _kind(scope)
    change = Cancellation(
        invitation_id=invitation_id,
        kind=kind,
        scope_id=scope.id,
        from_states=_CANCELLABLE,
        to_state=State.CANCELLED,
        org_id=_org_id(scope),
        event_type=_CANCELLED_EVENT[kind],
        event_id=new_id(),
        actor=actor,
        now=now,
    )
    return await writes.cancel(generation, change)


# --- the invitee's answer -------------------------------------------------------------------------------------------


def answer(ctx: Context, invitation_id: str, *, accept: bool, first_name: str = "", last_name: str = "") -> Invitation:
    """The invitee accepts (the user becomes an ACTIVE member with everything the invitation grants) or declines
    (the invitation stays visible as REJECTED until cancelled or replaced): the local control API and the
    invitee's page. Only a pending, unexpired invitation can be answered, once."""
    to = State.ACCEPTED if accept else State.REJECTED
    if not store.transition(ctx.conn, invitation_id, to=to, now=ctx.now, from_states=(State.PENDING,), unexpired=True):
        raise _not_answerable(ctx, invitation_id)
    invitation = store.get(ctx.conn, invitation_id)
    assert invitation is not None
    if accept:
        _join(ctx, invitation, first_name, last_name)
    return invitation


def _join(ctx: Context, invitation: Invitation, first_name: str, last_name: str) -> None:
    # A new user keeps the id the users API showed for the pending user, so that automation holding it goes on working.
    user_id = directory.ensure_user(
        ctx.conn, invitation.pending_user_id or new_id(), invitation.username, first_name, last_name, ctx.now
    )
    members.touch_last_auth(ctx.conn, user_id, ctx.now)
    as_user = replace(ctx, actor=Actor("USER", user_id, invitation.username, ctx.actor.remote_address))

    def joined(event_type: str, group_id: str | None = None) -> None:
        as_user.record(event_type, org_id=invitation.org_id, group_id=group_id, target_username=invitation.username)

    if invitation.kind is Kind.ORG:
        directory.grant_org_roles(ctx.conn, invitation.org_id, user_id, USER, invitation.roles, ctx.now)
        joined("JOINED_ORG")
        for assignment in invitation.group_role_assignments:
            directory.grant_project_roles(ctx.conn, assignment.group_id, user_id, USER, assignment.roles, ctx.now)
            joined("JOINED_GROUP", assignment.group_id)  # the project's own feed shows who joined it
        for team_id in directory.existing_teams_of_org(ctx.conn, invitation.org_id, invitation.team_ids):
            if members.add_to_team(ctx.conn, team_id, user_id):
                joined("JOINED_TEAM")
    else:
        assert invitation.group_id is not None
        directory.grant_org_roles(ctx.conn, invitation.org_id, user_id, USER, ("ORG_MEMBER",), ctx.now)
        directory.grant_project_roles(ctx.conn, invitation.group_id, user_id, USER, invitation.roles, ctx.now)
        joined("JOINED_GROUP", invitation.group_id)


def _not_answerable(ctx: Context, invitation_id: str) -> ApiError:
    found = store.get(ctx.conn, invitation_id)
    if found is None:
        return ApiError("RESOURCE_NOT_FOUND", NOT_FOUND_TEMPLATE.format(invitation_id))
    state = found.state_at(ctx.now)
    return ApiError(
        "INVITATION_NOT_PENDING",
        invitation_id,
        state.value,
    )
