"""The users of an organization (the users API): active members and pending users, one view of both.

A pending user is an organization invitation seen from the users API: the same record, shown with its
``pending_user_id``. Active members are users with organization roles. Nothing here knows about HTTP.
"""

from collections.abc import Iterable

from atlas_access.core import members as rules
from atlas_access.core.directory import Org
from atlas_access.core.errors import ApiError
from atlas_access.core.invitations import GroupRoleAssignment, Invitation
from atlas_access.core.members import Member, MembershipStatus, status_of_invitation
from atlas_access.core.roles import Surface
from atlas_access.server.services import memberships
from atlas_access.server.services.context import Context
from atlas_access.store import directory, invitations, members, org_user_pages
from atlas_access.store.row_locks import Lock

OrgUser = Member | Invitation


def status(ctx: Context, user: OrgUser) -> MembershipStatus:
    if isinstance(user, Member):
        return MembershipStatus.ACTIVE
    return status_of_invitation(user.state_at(ctx.now))


def user_id(user: OrgUser) -> str:
    if isinstance(user, Member):
        return user.id
    assert user.pending_user_id is not None
    return user.pending_user_id


def listing(
    ctx: Context, org: Org, statuses: frozenset[MembershipStatus], username: str | None, *, pending: bool = True
) -> list[OrgUser]:
    """The organization's users in these statuses, by username (pending users only if ``pending``)."""
    found: list[OrgUser] = []
    active = members.org_members_of(ctx.conn, org.id, username=username)
    if MembershipStatus.ACTIVE in statuses:
        found.extend(active)
    if pending and statuses - {MembershipStatus.ACTIVE}:
        # One user per username: someone who joined another way (a project invitation) is shown as the member.
        joined = {member.username for member in active}
        for invitation in memberships.visible(ctx, org, username):
            if invitation.username not in joined and status(ctx, invitation) in statuses:
                found.append(invitation)
    return sorted(found, key=lambda user: (user.username, user_id(user)))


def listing_page(
    ctx: Context,
    org: Org,
    statuses: frozenset[MembershipStatus],
    username: str | None,
    offset: int,
    size: int,
    *,
    pending: bool = True,
) -> tuple[list[OrgUser], int]:
    """``listing``'s users from ``offset`` (at most ``size``), and how many ``listing`` has: only the page is read."""
    keys, total = org_user_pages.page(
        ctx.conn,
        org.id,
        active=MembershipStatus.ACTIVE in statuses,
        pending_statuses=statuses - {MembershipStatus.ACTIVE} if pending else frozenset(),
        username=username,
        now=ctx.now,
        offset=offset,
        size=size,
    )
    active_ids = [key.user_id for key in keys if key.active]
    pending_ids = [key.user_id for key in keys if not key.active]
    found: dict[str, OrgUser] = {m.id: m for m in members.org_members_with_ids(ctx.conn, org.id, active_ids)}
    found.update((user_id(i), i) for i in invitations.by_pending_user_ids(ctx.conn, pending_ids))
    return [found[key.user_id] for key in keys], total


def find(ctx: Context, org: Org, wanted_id: str, *, pending: bool = True) -> OrgUser:
    """The active or pending user with this id in the organization, else the wire's 404."""
    found = members.org_members_of(ctx.conn, org.id, user_id=wanted_id)
    if found:
        return found[0]
    invitation = memberships.pending_user(ctx, org.id, wanted_id) if pending else None
    if invitation is not None:
        return invitation
    if members.user_exists(ctx.conn, wanted_id):
        raise ApiError("USER_NOT_IN_ORG", wanted_id, org.id)
    raise ApiError("USER_NOT_FOUND", wanted_id)


def refreshed(ctx: Context, org: Org, user: OrgUser) -> OrgUser:
    return find(ctx, org, user_id(user))


def _record(ctx: Context, event_type: str, org: Org, username: str, group_id: str | None = None) -> None:
    ctx.record(event_type, org_id=org.id, group_id=group_id, target_username=username)


def _owners_left_without(ctx: Context, org: Org, user: Member) -> int:
    directory.lock_org(ctx.conn, org.id, Lock.CHANGE)  # serialises owner changes, alongside every KEEP
    return len([owner for owner in members.org_users_with_role(ctx.conn, org.id, rules.OWNER) if owner != user.id])


def _set_org_roles(ctx: Context, org: Org, user: Member, roles: tuple[str, ...]) -> None:
    rules.keep_one_role(roles)
    if rules.OWNER in user.roles and rules.OWNER not in roles:
        rules.keep_an_owner(_owners_left_without(ctx, org, user))
    if set(roles) != set(user.roles):
        members.set_org_roles(ctx.conn, org.id, user.id, roles)
        _record(ctx, "USER_ROLES_CHANGED_AUDIT", org, user.username)


def _set_project_roles(ctx: Context, org: Org, user: Member, wanted: tuple[GroupRoleAssignment, ...]) -> None:
    """Make the user's project roles in the organization exactly ``wanted`` (an empty list removes them all)."""
    desired = {a.group_id: a.roles for a in wanted if a.roles}
    for group_id in user.group_roles:
        if group_id not in desired:
            members.remove_from_project(ctx.conn, group_id, user.id)
            _record(ctx, "REMOVED_FROM_GROUP", org, user.username, group_id)
    for group_id, roles in desired.items():
        current = user.group_roles.get(group_id)
        if current is not None and set(current) == set(roles):
            continue
        joined = members.set_project_roles(ctx.conn, group_id, user.id, roles, ctx.now)
        _record(ctx, "JOINED_GROUP" if joined else "USER_ROLES_CHANGED_AUDIT", org, user.username, group_id)


def set_teams(ctx: Context, org: Org, user: Member, team_ids: Iterable[str]) -> None:
    """Make the user's teams in the organization exactly ``team_ids``, one team event per change."""
    wanted = tuple(team_ids)
    for team_id in user.team_ids:
        if team_id not in wanted and members.remove_from_team(ctx.conn, team_id, user.id):
            _record(ctx, "REMOVED_FROM_TEAM", org, user.username)
    for team_id in wanted:
        if team_id not in user.team_ids and members.add_to_team(ctx.conn, team_id, user.id):
            _record(ctx, "JOINED_TEAM", org, user.username)


def update(
    ctx: Context,
    org: Org,
    surface: Surface,
    user: OrgUser,
    *,
    roles: tuple[str, ...] | None,
    assignments: tuple[GroupRoleAssignment, ...] | None,
    team_ids: tuple[str, ...] | None,
) -> OrgUser:
    """PATCH: replace what is given (an empty list resets it); a pending user's invitation changes instead."""
    if roles is not None:
        roles = memberships.check_org_roles(roles, surface, org.id)
    if assignments is not None:
        assignments = memberships.check_assignments(ctx, org, assignments, "groupRoles")
    if team_ids is not None:
        team_ids = memberships.check_teams(ctx, org, team_ids)
    if isinstance(user, Invitation):
        if roles is not None:
            rules.keep_one_role(roles)
        return _pending_update(ctx, org, user, roles=roles, assignments=assignments, team_ids=team_ids)
    if roles is not None:
        _set_org_roles(ctx, org, user, roles)
    if assignments is not None:
        _set_project_roles(ctx, org, user, assignments)
    if team_ids is not None:
        set_teams(ctx, org, user, team_ids)
    return refreshed(ctx, org, user)


def _pending_update(
    ctx: Context,
    org: Org,
    user: Invitation,
    *,
    roles: tuple[str, ...] | None = None,
    assignments: tuple[GroupRoleAssignment, ...] | None = None,
    team_ids: tuple[str, ...] | None = None,
) -> OrgUser:
    memberships.update(ctx, user, roles=roles, team_ids=team_ids, assignments=assignments)
    return refreshed(ctx, org, user)


def add_role(ctx: Context, org: Org, user: OrgUser, role: str) -> OrgUser:
    """``:addRole``: adding a role the user holds changes nothing."""
    if role in user.roles:
        return user
    if isinstance(user, Invitation):
        return _pending_update(ctx, org, user, roles=(*user.roles, role))
    _set_org_roles(ctx, org, user, (*user.roles, role))
    return refreshed(ctx, org, user)


def remove_role(ctx: Context, org: Org, user: OrgUser, role: str) -> OrgUser:
    """``:removeRole``: the user keeps at least one role, the organization at least one owner."""
    if role not in user.roles:
        return user
    remaining = tuple(r for r in user.roles if r != role)
    if isinstance(user, Invitation):
        rules.keep_one_role(remaining)
        return _pending_update(ctx, org, user, roles=remaining)
    _set_org_roles(ctx, org, user, remaining)
    return refreshed(ctx, org, user)


def remove(ctx: Context, org: Org, wanted_id: str, *, pending: bool = True) -> None:
    """DELETE: a pending user's invitation is cancelled; an active user leaves the organization, its projects
    and its teams. Whichever of an invitee's accept and this call comes first wins; the other sees the result."""
    if pending and memberships.cancel_pending_user(ctx, org, wanted_id):
        return
    user = find(ctx, org, wanted_id, pending=False)
    assert isinstance(user, Member)
    if rules.OWNER in user.roles:
        rules.keep_an_owner(_owners_left_without(ctx, org, user))
    if not members.remove_from_org(ctx.conn, org.id, user.id):
        raise ApiError("USER_NOT_IN_ORG", wanted_id, org.id)
    _record(ctx, "REMOVED_FROM_ORG", org, user.username)
