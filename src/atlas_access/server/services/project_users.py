"""The users of a project (the users API): members with project roles, and pending users whose organization
invitation grants roles in the project. Users invited with the deprecated project invitations are not here
(as in MongoDB Cloud)."""

from dataclasses import dataclass

from atlas_access.core import members as rules
from atlas_access.core.directory import Org, Project
from atlas_access.core.errors import ApiError
from atlas_access.core.invitations import GroupRoleAssignment, Invitation
from atlas_access.core.members import Member, MembershipStatus
from atlas_access.core.roles import Surface, effective_group_roles
from atlas_access.server.services import memberships, org_users, project_limits
from atlas_access.server.services.context import Context
from atlas_access.store import members

NEW_MEMBER_ORG_ROLES = ("ORG_MEMBER",)


@dataclass(frozen=True, slots=True)
class ProjectUser:
    user: Member | Invitation
    status: MembershipStatus
    roles: tuple[str, ...]  # the user's roles in this project

    @property
    def id(self) -> str:
        return org_users.user_id(self.user)


def _org(project: Project) -> Org:
    return Org(project.org_id, project.org_name)


def _granted(invitation: Invitation, group_id: str) -> tuple[str, ...] | None:
    for assignment in invitation.group_role_assignments:
        if assignment.group_id == group_id:
            return assignment.roles
    return None


def _pending(ctx: Context, project: Project, username: str | None) -> list[ProjectUser]:
    found = []
    for invitation in memberships.visible(ctx, _org(project), username):
        roles = _granted(invitation, project.id)
        if roles is not None:
            found.append(ProjectUser(invitation, org_users.status(ctx, invitation), roles))
    return found


def listing(
    ctx: Context,
    project: Project,
    statuses: frozenset[MembershipStatus],
    username: str | None,
    *,
    include_org_users: bool = False,
    flatten_teams: bool = False,
    pending: bool = True,
) -> list[ProjectUser]:
    """The project's users in these statuses, by username. ``include_org_users`` adds the organization's users
    whose organization roles give them access to every project (owners, read-only); ``flatten_teams`` the users
    who are in teams assigned to the project, with the teams' roles (the spec's ``flattenTeams``). A user shows
    its own project roles first, then what it holds only through its organization roles or its teams."""
    found: list[ProjectUser] = []
    if MembershipStatus.ACTIVE in statuses:
        own = {m.id: m for m in members.project_members_of(ctx.conn, project.id, username=username)}
        people: dict[str, Member] = dict(own)
        extra: dict[str, set[str]] = {}
        if include_org_users or flatten_teams:
            through_teams = members.roles_through_teams(ctx.conn, project.id) if flatten_teams else {}
            for member in members.org_members_of(ctx.conn, project.org_id, username=username):
                roles = set(effective_group_roles(frozenset(member.roles), None)) if include_org_users else set()
                roles |= set(through_teams.get(member.id, ()))
                if roles:
                    extra[member.id] = roles
                    people.setdefault(member.id, member)
        for member_id, member in people.items():
            held = own[member_id].roles if member_id in own else ()
            shown = tuple(held) + tuple(sorted(extra.get(member_id, set()) - set(held)))
            found.append(ProjectUser(member, MembershipStatus.ACTIVE, shown))
    if pending:
        found.extend(u for u in _pending(ctx, project, username) if u.status in statuses)
    return sorted(found, key=lambda u: (u.user.username, u.id))


def find(ctx: Context, project: Project, user_id: str) -> ProjectUser:
    """The project's active or pending user with this id, else the wire's 404."""
    active = members.project_members_of(ctx.conn, project.id, user_id=user_id)
    if active:
        return ProjectUser(active[0], MembershipStatus.ACTIVE, active[0].roles)
    invitation = memberships.pending_user(ctx, project.org_id, user_id)
    if invitation is not None:
        roles = _granted(invitation, project.id)
        if roles is not None:
            return ProjectUser(invitation, org_users.status(ctx, invitation), roles)
    if members.user_exists(ctx.conn, user_id):
        raise ApiError("USER_NOT_IN_GROUP", user_id, project.id)
    raise ApiError("USER_NOT_FOUND", user_id)


def _record(ctx: Context, event_type: str, project: Project, username: str) -> None:
    ctx.record(event_type, org_id=project.org_id, group_id=project.id, target_username=username)


def _with_project(invitation: Invitation, project: Project, roles: tuple[str, ...]) -> tuple[GroupRoleAssignment, ...]:
    """The invitation's project roles with this project's set to ``roles`` (removed when empty)."""
    kept = tuple(a for a in invitation.group_role_assignments if a.group_id != project.id)
    return (*kept, GroupRoleAssignment(project.id, roles)) if roles else kept


def add(ctx: Context, project: Project, username: str, roles: tuple[str, ...]) -> ProjectUser:
    """POST: an active organization member gets the project roles at once; a user with a pending organization
    invitation has it extended; anyone else is invited to the organization with these project roles."""
    roles = memberships.check_group_roles(roles, project.id)
    project_limits.check_room_for_user(ctx, project)
    org_member = members.org_members_of(ctx.conn, project.org_id, username=username)
    if org_member:
        user = org_member[0]
        if project.id in user.group_roles:
            raise ApiError("USER_ALREADY_EXISTS", username)
        members.set_project_roles(ctx.conn, project.id, user.id, roles, ctx.now)
        _record(ctx, "JOINED_GROUP", project, username)
        return find(ctx, project, user.id)
    invitation = memberships.pending_invitation(ctx, project.org_id, username)
    if invitation is not None:
        if _granted(invitation, project.id) is not None:
            raise ApiError("USER_ALREADY_EXISTS", username)
        memberships.update(ctx, invitation, roles=None, assignments=_with_project(invitation, project, roles))
        assert invitation.pending_user_id is not None
        return find(ctx, project, invitation.pending_user_id)
    created = memberships.invite_to_org(
        ctx,
        _org(project),
        Surface.ATLAS_V2,
        username,
        NEW_MEMBER_ORG_ROLES,
        (),
        (GroupRoleAssignment(project.id, roles),),
    )
    return ProjectUser(created, MembershipStatus.PENDING, roles)


def _set_roles(ctx: Context, project: Project, found: ProjectUser, roles: tuple[str, ...]) -> ProjectUser:
    rules.keep_one_role(roles)
    if set(roles) == set(found.roles):
        return found
    if isinstance(found.user, Invitation):
        memberships.update(ctx, found.user, roles=None, assignments=_with_project(found.user, project, roles))
    else:
        members.set_project_roles(ctx.conn, project.id, found.user.id, roles, ctx.now)
        _record(ctx, "USER_ROLES_CHANGED_AUDIT", project, found.user.username)
    return find(ctx, project, found.id)


def set_roles(ctx: Context, project: Project, found: ProjectUser, roles: tuple[str, ...]) -> ProjectUser:
    """``updateGroupUserRoles``: the user's roles in the project become ``roles`` (one at least); a pending user's
    invitation changes instead."""
    return _set_roles(ctx, project, found, roles)


def add_role(ctx: Context, project: Project, found: ProjectUser, role: str) -> ProjectUser:
    return _set_roles(ctx, project, found, found.roles if role in found.roles else (*found.roles, role))


def remove_role(ctx: Context, project: Project, found: ProjectUser, role: str) -> ProjectUser:
    return _set_roles(ctx, project, found, tuple(r for r in found.roles if r != role))


def remove(ctx: Context, project: Project, user_id: str, *, pending: bool = True) -> None:
    """DELETE: an active user leaves the project (it stays in the organization); a pending user's invitation
    no longer grants this project (the organization invitation itself stays)."""
    found = find(ctx, project, user_id)
    if isinstance(found.user, Invitation):
        if not pending:
            raise ApiError("USER_NOT_IN_GROUP", user_id, project.id)
        memberships.update(ctx, found.user, roles=None, assignments=_with_project(found.user, project, ()))
        return
    if not members.remove_from_project(ctx.conn, project.id, found.user.id):
        raise ApiError("USER_NOT_IN_GROUP", user_id, project.id)
    _record(ctx, "REMOVED_FROM_GROUP", project, found.user.username)
