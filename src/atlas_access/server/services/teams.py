"""Teams of an organization: creating, renaming and deleting them, who is in them, and the projects they are
assigned to. Nothing here knows about HTTP.

What is MongoDB's and what is ours:
- A team's name is unique within its organization (real). The database holds the rule (see ``store.teams``), so of
  two racing creators or renamers exactly one wins and the other gets 409 ``DUPLICATE_TEAM_NAME`` (the catalog's
  code; MongoDB's published catalog calls it ``TEAM_NAME_NOT_AVAILABLE``).
- ``createOrgTeam`` and the deprecated ``addOrgTeamUsers`` take ACTIVE members of the organization only: a user
  whose invitation is pending gets 404 ``CANNOT_ADD_PENDING_USER`` (real code and text), anyone else 404
  ``USER_NOT_IN_ORG`` (ours: an unknown username is not told apart from another organization's user).
- ``:addUser`` and ``:removeUser`` (2025-02-19) take pending users too, as the spec says: the team is added to or
  taken from their invitation, and they join it when they accept. A user whose only invitation has expired or was
  rejected "is treated as not belonging to the organization (USER_NOT_IN_ORG)" (the spec).
- Adding a user who is already in the team: 409 ``USER_ALREADY_IN_TEAM`` (a published code), and nothing of the
  request is applied. Removing a user who is not in the team: 404 ``RESOURCE_NOT_FOUND`` (ours).
- A team assigned to a project cannot be deleted: ``CANNOT_DELETE_TEAM_ASSIGNED_TO_PROJECT`` (real code; Terraform
  then removes the assignment and retries). Deleting a team takes it out of pending invitations' ``teamIds`` (ours).
- Assigning a team the project already has: 409 ``TEAM_ALREADY_IN_GROUP`` (MongoDB publishes ``TEAM_EXISTS_IN_GROUP``,
  "Cannot add a team that already exists in group."), and nothing of the request is applied; roles change through
  ``updateGroupTeam``.

Events, each in the transaction that makes the change: TEAM_CREATED, TEAM_NAME_CHANGED, TEAM_DELETED in the
organization's feed with ``teamId``; TEAM_ADDED_TO_GROUP, TEAM_ROLES_MODIFIED, TEAM_REMOVED_FROM_GROUP in the project's
feed with ``teamId``; JOINED_TEAM and REMOVED_FROM_TEAM in the organization's feed naming the user, as the real cloud
recorded (a deleted team's members each get REMOVED_FROM_TEAM); INVITED_TO_TEAM when a pending user is added (ours,
as an invitation naming teams writes it).
"""

from dataclasses import replace

from atlas_access.core import invitations as invitation_rules
from atlas_access.core.directory import Org, Project
from atlas_access.core.errors import ApiError
from atlas_access.core.ids import new_id
from atlas_access.core.invitations import Invitation
from atlas_access.core.members import Member, MembershipStatus
from atlas_access.core.teams import Assignment, Team
from atlas_access.server.services import memberships, org_users
from atlas_access.server.services.context import Context
from atlas_access.store import members
from atlas_access.store import teams as store
from atlas_access.store.changes import Change
from atlas_access.store.row_locks import Lock

OrgUser = org_users.OrgUser


def _record(
    ctx: Context,
    event_type: str,
    org_id: str,
    *,
    group_id: str | None = None,
    team_id: str | None = None,
    username: str | None = None,
) -> None:
    targets = {"teamId": team_id} if team_id is not None else None
    ctx.record(event_type, org_id=org_id, group_id=group_id, target_username=username, targets=targets)


def find(ctx: Context, org: Org, team_id: str) -> Team:
    """The organization's team with this id, else 404 ``TEAM_NOT_FOUND`` (another organization's team included)."""
    team = store.get(ctx.conn, team_id)
    if team is None or team.org_id != org.id:
        raise ApiError("TEAM_NOT_FOUND", team_id)
    return team


def _held(ctx: Context, org: Org, team_id: str, mode: Lock = Lock.KEEP) -> Team:
    """``find``, holding the team's row lock until the transaction ends (see ``store.teams``)."""
    team = store.lock(ctx.conn, team_id, mode)
    if team is None or team.org_id != org.id:
        raise ApiError("TEAM_NOT_FOUND", team_id)
    return team


def find_named(ctx: Context, org: Org, name: str) -> Team:
    team = store.named(ctx.conn, org.id, name)
    if team is None:
        raise ApiError("TEAM_NAME_NOT_FOUND", name, org.id)
    return team


def listing(ctx: Context, org: Org) -> list[Team]:
    return store.of_org(ctx.conn, org.id)


# --- teams ----------------------------------------------------------------------------------------------------------


def _active_named(ctx: Context, org: Org, username: str) -> Member:
    """The organization's active user with this username; a pending one is refused as such."""
    found = members.org_members_of(ctx.conn, org.id, username=username)
    if found:
        return found[0]
    if memberships.pending_invitation(ctx, org.id, username) is not None:
        raise ApiError("CANNOT_ADD_PENDING_USER")
    raise ApiError("USER_NOT_IN_ORG", username, org.id)


def _active_with_id(ctx: Context, org: Org, user_id: str) -> Member:
    """The organization's active user with this id; a pending one is refused as such."""
    user = org_users.find(ctx, org, user_id)
    if isinstance(user, Member):
        return user
    if org_users.status(ctx, user) is MembershipStatus.PENDING:
        raise ApiError("CANNOT_ADD_PENDING_USER")
    raise ApiError("USER_NOT_IN_ORG", user_id, org.id)


def create(ctx: Context, org: Org, name: str, usernames: tuple[str, ...]) -> tuple[Team, list[Member]]:
    """A new team of ``org`` with these active users in it (in the order given)."""
    joining = [_active_named(ctx, org, username) for username in invitation_rules.unique_in_order(usernames)]
    team = Team(new_id(), org.id, name, ctx.now)
    if not store.insert(ctx.conn, team):
        raise ApiError("DUPLICATE_TEAM_NAME", name, org.id)
    _record(ctx, "TEAM_CREATED", org.id, team_id=team.id)
    for user in joining:
        members.add_to_team(ctx.conn, team.id, user.id)
        _record(ctx, "JOINED_TEAM", org.id, username=user.username)
    return team, joining


def rename(ctx: Context, org: Org, team_id: str, name: str) -> Team:
    """A new name; the team's own name again changes (and writes) nothing."""
    team = find(ctx, org, team_id)
    if name == team.name:
        return team
    renamed = store.rename(ctx.conn, team.id, name)
    if renamed is Change.TAKEN:
        raise ApiError("DUPLICATE_TEAM_NAME", name, org.id)
    if renamed is Change.GONE:
        raise ApiError("TEAM_NOT_FOUND", team_id)
    _record(ctx, "TEAM_NAME_CHANGED", org.id, team_id=team.id)
    return replace(team, name=name)


def delete(ctx: Context, org: Org, team_id: str) -> None:
    """Remove a team that no project has: its members leave it, and pending invitations stop naming it."""
    team = _held(ctx, org, team_id, Lock.DELETE)
    if store.is_assigned(ctx.conn, team.id):
        raise ApiError("CANNOT_DELETE_TEAM_ASSIGNED_TO_PROJECT", team.id)
    leaving = store.members(ctx.conn, team.id)
    memberships.drop_team(ctx, org, team.id)
    if not store.delete_team(ctx.conn, team.id):
        raise ApiError("TEAM_NOT_FOUND", team_id)
    for _user_id, username in leaving:
        _record(ctx, "REMOVED_FROM_TEAM", org.id, username=username)
    _record(ctx, "TEAM_DELETED", org.id, team_id=team.id)


# --- team users -----------------------------------------------------------------------------------------------------


def users(
    ctx: Context,
    org: Org,
    team: Team,
    statuses: frozenset[MembershipStatus],
    *,
    username: str | None = None,
    user_id: str | None = None,
    pending: bool = True,
) -> list[OrgUser]:
    """The team's users in these statuses, by username: members, and (if ``pending``) pending users whose
    invitation names the team."""
    found = org_users.listing(ctx, org, statuses, username, pending=pending)
    return [
        user for user in found if team.id in user.team_ids and (user_id is None or org_users.user_id(user) == user_id)
    ]


def add_members(ctx: Context, org: Org, team_id: str, user_ids: tuple[str, ...]) -> tuple[Team, list[str]]:
    """The deprecated ``addOrgTeamUsers``: these active users join the team, all or none. The team and the ids
    of the users who joined, in the order given."""
    team = _held(ctx, org, team_id)
    joining = []
    for user_id in invitation_rules.unique_in_order(user_ids):
        user = _active_with_id(ctx, org, user_id)
        if team.id in user.team_ids:
            raise ApiError("USER_ALREADY_IN_TEAM", user.id, team.id)
        joining.append(user)
    for user in joining:
        _join(ctx, org, team, user)
    return team, [user.id for user in joining]


def _join(ctx: Context, org: Org, team: Team, user: Member) -> None:
    if not members.add_to_team(ctx.conn, team.id, user.id):  # another request added the user meanwhile
        raise ApiError("USER_ALREADY_IN_TEAM", user.id, team.id)
    _record(ctx, "JOINED_TEAM", org.id, username=user.username)


def add_user(ctx: Context, org: Org, team_id: str, user_id: str) -> OrgUser:
    """``:addUser``: an active user joins the team; a pending user's invitation gains it."""
    team = _held(ctx, org, team_id)
    user = org_users.find(ctx, org, user_id)
    if team.id in user.team_ids:
        raise ApiError("USER_ALREADY_IN_TEAM", user_id, team.id)
    if isinstance(user, Member):
        _join(ctx, org, team, user)
    else:
        if org_users.status(ctx, user) is not MembershipStatus.PENDING:
            raise ApiError("USER_NOT_IN_ORG", user_id, org.id)
        memberships.update(ctx, user, roles=None, team_ids=(*user.team_ids, team.id))
        _record(ctx, "INVITED_TO_TEAM", org.id, username=user.username)
    return org_users.refreshed(ctx, org, user)


def remove_user(ctx: Context, org: Org, team_id: str, user_id: str, *, pending: bool = True) -> OrgUser:
    """A member leaves the team; a pending user's invitation (only if ``pending``) stops naming it."""
    team = find(ctx, org, team_id)
    user = org_users.find(ctx, org, user_id, pending=pending)
    if team.id not in user.team_ids:
        raise ApiError("RESOURCE_NOT_FOUND", f"user {user_id} in team {team.id}")
    if isinstance(user, Invitation):
        memberships.update(ctx, user, roles=None, team_ids=tuple(one for one in user.team_ids if one != team.id))
    else:
        if not members.remove_from_team(ctx.conn, team.id, user.id):
            raise ApiError("RESOURCE_NOT_FOUND", f"user {user_id} in team {team.id}")
        _record(ctx, "REMOVED_FROM_TEAM", org.id, username=user.username)
    return org_users.refreshed(ctx, org, user) if pending else user


# --- teams in projects ----------------------------------------------------------------------------------------------


def _org_of(project: Project) -> Org:
    return Org(project.org_id, project.org_name)


def assignments(ctx: Context, project: Project) -> list[Assignment]:
    return store.assignments(ctx.conn, project.id)


def assignment(ctx: Context, project: Project, team_id: str) -> Assignment:
    """The team's assignment to the project: 404 ``TEAM_NOT_IN_GROUP`` if the organization's team has none."""
    team = find(ctx, _org_of(project), team_id)
    found = store.assignment(ctx.conn, project.id, team.id)
    if found is None:
        raise ApiError("TEAM_NOT_IN_GROUP", team.id, project.id)
    return found


def assign(ctx: Context, project: Project, wanted: list[tuple[str, tuple[str, ...]]]) -> list[Assignment]:
    """``addGroupTeams``: assign each (team id, roles), all or none; the new assignments in the order given."""
    made = []
    for team_id, roles in wanted:
        team = _held(ctx, _org_of(project), team_id)
        assigned = Assignment(project.id, team.id, roles, ctx.now)
        if not store.assign(ctx.conn, assigned):
            raise ApiError("TEAM_ALREADY_IN_GROUP", team.id, project.id)
        _record(ctx, "TEAM_ADDED_TO_GROUP", project.org_id, group_id=project.id, team_id=team.id)
        made.append(assigned)
    return made


def update_roles(ctx: Context, project: Project, team_id: str, roles: tuple[str, ...]) -> Assignment:
    """``updateGroupTeam``: the team's roles in the project become ``roles``; TEAM_ROLES_MODIFIED when the set of
    roles changes."""
    current = assignment(ctx, project, team_id)
    if roles == current.roles:
        return current
    if not store.set_roles(ctx.conn, project.id, current.team_id, roles):
        raise ApiError("TEAM_NOT_IN_GROUP", current.team_id, project.id)
    if set(roles) != set(current.roles):
        _record(ctx, "TEAM_ROLES_MODIFIED", project.org_id, group_id=project.id, team_id=current.team_id)
    return replace(current, roles=roles)


def unassign(ctx: Context, project: Project, team_id: str) -> None:
    team = find(ctx, _org_of(project), team_id)
    if not store.unassign(ctx.conn, project.id, team.id):
        raise ApiError("TEAM_NOT_IN_GROUP", team.id, project.id)
    _record(ctx, "TEAM_REMOVED_FROM_GROUP", project.org_id, group_id=project.id, team_id=team.id)
