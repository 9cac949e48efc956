"""Inviting, updating, cancelling, accepting and declining: the rules applied to the store.

Routes of both API surfaces call these; nothing here knows about HTTP.
"""

from atlas_access.core import invitations as rules
from atlas_access.core.directory import Org, Project
from atlas_access.core.errors import ApiError
from atlas_access.core.ids import new_id
from atlas_access.core.invitations import GroupRoleAssignment, Invitation, Kind, State
from atlas_access.core.members import USER
from atlas_access.core.roles import GROUP_ROLES, Surface, org_roles_for
from atlas_access.server.services.context import Context
from atlas_access.store import directory, events, members
from atlas_access.store import invitations as store

NOT_FOUND_TEMPLATE = "invitation with ID {}"


def check_org_roles(roles: tuple[str, ...], surface: Surface, org_id: str) -> tuple[str, ...]:
    allowed = org_roles_for(surface)
    for role in roles:
        if role not in allowed:
            raise ApiError("INVALID_ROLE_FOR_ORG", role, org_id, fields=[("roles", f"Unknown role {role}.")])
    return rules.unique_in_order(roles)


def check_group_roles(roles: tuple[str, ...], group_id: str, field: str = "roles") -> tuple[str, ...]:
    for role in roles:
        if role not in GROUP_ROLES:
            raise ApiError("INVALID_ROLE_FOR_GROUP", role, group_id, fields=[(field, f"Unknown role {role}.")])
    return rules.unique_in_order(roles)


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


def visible_invitations(ctx: Context, kind: Kind, scope_id: str, username: str | None) -> list[Invitation]:
    return store.visible(ctx.conn, kind, scope_id, username)


def get_visible(ctx: Context, kind: Kind, scope_id: str, invitation_id: str) -> Invitation:
    """A visible invitation of this scope, else 404 RESOURCE_NOT_FOUND."""
    found = store.get(ctx.conn, invitation_id)
    if found is None or found.kind is not kind or _scope(found) != scope_id or found.state not in rules.VISIBLE:
        raise ApiError("RESOURCE_NOT_FOUND", NOT_FOUND_TEMPLATE.format(invitation_id))
    return found


def find_by_username(ctx: Context, kind: Kind, scope_id: str, username: str) -> Invitation:
    found = store.visible(ctx.conn, kind, scope_id, username)
    if not found:
        raise ApiError("RESOURCE_NOT_FOUND", f"invitation for username {username}")
    return found[-1]


def _scope(invitation: Invitation) -> str:
    return invitation.group_id if invitation.kind is Kind.GROUP and invitation.group_id else invitation.org_id


def invite_to_org(
    ctx: Context,
    org: Org,
    username: str,
    roles: tuple[str, ...],
    team_ids: tuple[str, ...],
    assignments: tuple[GroupRoleAssignment, ...],
) -> Invitation:
    if directory.is_active_org_member(ctx.conn, org.id, username):
        raise ApiError("USER_ALREADY_EXISTS", username)
    invitation = Invitation(
        id=new_id(),
        kind=Kind.ORG,
        org_id=org.id,
        org_name=org.name,
        group_id=None,
        group_name=None,
        username=username,
        roles=roles,
        team_ids=team_ids,
        group_role_assignments=assignments,
        inviter_username=ctx.actor.name or "",
        state=State.PENDING,
        created_at=ctx.now,
        expires_at=ctx.now + rules.LIFETIME_SECONDS,
        pending_user_id=new_id(),
    )
    _insert(ctx, invitation, org.id)
    events.record(ctx.conn, "INVITED_TO_ORG", actor=ctx.actor, now=ctx.now, org_id=org.id, target_username=username)
    for _team in team_ids:
        events.record(
            ctx.conn, "INVITED_TO_TEAM", actor=ctx.actor, now=ctx.now, org_id=org.id, target_username=username
        )
    return invitation


def invite_to_project(ctx: Context, project: Project, username: str, roles: tuple[str, ...]) -> Invitation:
    if directory.is_active_project_member(ctx.conn, project.id, username):
        raise ApiError("USER_ALREADY_EXISTS", username)
    invitation = Invitation(
        id=new_id(),
        kind=Kind.GROUP,
        org_id=project.org_id,
        org_name=project.org_name,
        group_id=project.id,
        group_name=project.name,
        username=username,
        roles=roles,
        team_ids=(),
        group_role_assignments=(),
        inviter_username=ctx.actor.name or "",
        state=State.PENDING,
        created_at=ctx.now,
        expires_at=ctx.now + rules.LIFETIME_SECONDS,
        pending_user_id=None,
    )
    _insert(ctx, invitation, project.id)
    events.record(
        ctx.conn,
        "INVITED_TO_GROUP",
        actor=ctx.actor,
        now=ctx.now,
        org_id=project.org_id,
        group_id=project.id,
        target_username=username,
    )
    return invitation


def _insert(ctx: Context, invitation: Invitation, scope_id: str) -> None:
    """Store a new PENDING invitation (replacing an expired or rejected one) and write its mail."""
    store.settle_expired(ctx.conn, scope_id, invitation.username, ctx.now)
    store.replace_finished(ctx.conn, scope_id, invitation.username, ctx.now)
    if not store.insert(ctx.conn, invitation):
        raise ApiError("USER_ALREADY_EXISTS", invitation.username)
    if ctx.post is not None:
        ctx.post.invitation(ctx.conn, invitation, ctx.now)


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


def cancel(ctx: Context, kind: Kind, org_id: str, scope_id: str, invitation_id: str) -> None:
    """DELETE: cancel a pending, expired or rejected invitation of this scope."""
    if try_cancel(ctx, kind, org_id, scope_id, invitation_id):
        return
    found = store.get(ctx.conn, invitation_id) if len(invitation_id) == 24 else None
    if found is not None and found.org_id == org_id and found.kind is not kind and found.state in rules.VISIBLE:
        raise ApiError("CANNOT_DELETE_GROUP_INVITATION" if kind is Kind.ORG else "CANNOT_DELETE_ORG_INVITATION")
    raise ApiError("INVALID_INVITATION_ID", invitation_id)


def try_cancel(ctx: Context, kind: Kind, org_id: str, scope_id: str, invitation_id: str) -> bool:
    """Cancel the invitation if it is still cancellable, with its event; False when it no longer is."""
    moved = store.transition(
        ctx.conn,
        invitation_id,
        to=State.CANCELLED,
        now=ctx.now,
        from_states=tuple(rules.CANCELLABLE),
        kind=kind,
        scope_id=scope_id,
    )
    if moved is None:
        return False
    event = "ORG_INVITATION_DELETED" if kind is Kind.ORG else "GROUP_INVITATION_DELETED"
    events.record(
        ctx.conn,
        event,
        actor=ctx.actor,
        now=ctx.now,
        org_id=org_id,
        group_id=moved.group_id,
        target_username=moved.username,
    )
    return True


def accept(ctx: Context, invitation_id: str, first_name: str, last_name: str) -> Invitation:
    """The invitee accepts: the user becomes an ACTIVE member with everything the invitation grants."""
    if (
        store.transition(
            ctx.conn, invitation_id, to=State.ACCEPTED, now=ctx.now, from_states=(State.PENDING,), unexpired=True
        )
        is None
    ):
        raise _not_answerable(ctx, invitation_id)
    invitation = store.get(ctx.conn, invitation_id)
    assert invitation is not None
    # A new user keeps the id the users API showed for the pending user, so that automation holding it goes on working.
    user_id = directory.ensure_user(
        ctx.conn, invitation.pending_user_id or new_id(), invitation.username, first_name, last_name, ctx.now
    )
    members.touch_last_auth(ctx.conn, user_id, ctx.now)
    user_actor = events.Actor("USER", user_id, invitation.username, ctx.actor.remote_address)

    def joined(event_type: str, group_id: str | None = None) -> None:
        events.record(
            ctx.conn,
            event_type,
            actor=user_actor,
            now=ctx.now,
            org_id=invitation.org_id,
            group_id=group_id,
            target_username=invitation.username,
        )

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
    return invitation


def decline(ctx: Context, invitation_id: str) -> Invitation:
    """The invitee declines: the invitation stays visible as REJECTED until cancelled or replaced."""
    if (
        store.transition(
            ctx.conn, invitation_id, to=State.REJECTED, now=ctx.now, from_states=(State.PENDING,), unexpired=True
        )
        is None
    ):
        raise _not_answerable(ctx, invitation_id)
    invitation = store.get(ctx.conn, invitation_id)
    assert invitation is not None
    return invitation


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
