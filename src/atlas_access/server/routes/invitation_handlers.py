"""Handlers for organization and project invitations; each surface mounts them on its own paths."""

from atlas_access.core.errors import ApiError
from atlas_access.core.invitations import Invitation, Kind
from atlas_access.core.roles import Surface
from atlas_access.server.routes import invitation_wire as wire
from atlas_access.server.services import invitations as service
from atlas_access.server.wire.body import email
from atlas_access.server.wire.endpoint import Call, Reply


def _created(call: Call) -> int:
    # Atlas v2 answers a new invitation with 200 (recorded); Cloud Manager with 201 (its docs).
    return 200 if call.surface is Surface.ATLAS_V2 else 201


def username_filter(call: Call) -> str | None:
    value = call.query.get("username")
    if not value:  # the real Atlas CLI always sends `?username=`, empty without --email: no filter (recorded)
        return None
    try:
        return email(value)
    except ApiError:
        raise ApiError("INVALID_QUERY_PARAMETER", "username") from None


# Organization invitations


def list_org(call: Call) -> Reply:
    org = call.the_org()
    found = service.visible_invitations(call.ctx, Kind.ORG, org.id, username_filter(call))
    return Reply(200, [wire.org_view(i, call.surface) for i in found])


def create_org(call: Call) -> Reply:
    org = call.the_org()
    body = call.body(wire.OrgInvitationIn)
    username = wire.required_username(body.username)
    roles = wire.roles_given(body.roles, required=True)
    assert roles is not None
    invitation = service.invite_to_org(
        call.ctx,
        org,
        username,
        service.check_org_roles(roles, call.surface, org.id),
        service.check_teams(call.ctx, org, tuple(body.teamIds or ())),
        service.check_assignments(call.ctx, org, wire.assignments_given(body.groupRoleAssignments) or ()),
    )
    return Reply(_created(call), wire.org_view(invitation, call.surface))


def _update_org(call: Call, body: wire.OrgInvitationUpdateIn, current: Invitation) -> Reply:
    org = call.the_org()
    roles = wire.roles_given(body.roles, required=False)
    assignments = wire.assignments_given(body.groupRoleAssignments)
    updated = service.update(
        call.ctx,
        current,
        roles=None if roles is None else service.check_org_roles(roles, call.surface, org.id),
        team_ids=None if body.teamIds is None else service.check_teams(call.ctx, org, tuple(body.teamIds)),
        assignments=None if assignments is None else service.check_assignments(call.ctx, org, assignments),
    )
    return Reply(200, wire.org_view(updated, call.surface))


def update_org_by_username(call: Call) -> Reply:
    body = call.body(wire.OrgInvitationIn)
    username = wire.required_username(body.username)
    current = service.find_by_username(call.ctx, Kind.ORG, call.the_org().id, username)
    return _update_org(call, body, current)


def get_org(call: Call) -> Reply:
    found = service.get_visible(call.ctx, Kind.ORG, call.the_org().id, call.path["invitationId"])
    return Reply(200, wire.org_view(found, call.surface))


def update_org_by_id(call: Call) -> Reply:
    current = service.get_visible(call.ctx, Kind.ORG, call.the_org().id, call.path["invitationId"])
    return _update_org(call, call.body(wire.OrgInvitationUpdateIn), current)


def delete_org(call: Call) -> Reply:
    org = call.the_org()
    service.cancel(call.ctx, Kind.ORG, org.id, org.id, call.path["invitationId"])
    return Reply(204)


# Project invitations


def list_group(call: Call) -> Reply:
    project = call.the_project()
    found = service.visible_invitations(call.ctx, Kind.GROUP, project.id, username_filter(call))
    return Reply(200, [wire.group_view(i) for i in found])


def create_group(call: Call) -> Reply:
    project = call.the_project()
    body = call.body(wire.GroupInvitationIn)
    username = wire.required_username(body.username)
    roles = wire.roles_given(body.roles, required=True)
    assert roles is not None
    invitation = service.invite_to_project(call.ctx, project, username, service.check_group_roles(roles, project.id))
    return Reply(_created(call), wire.group_view(invitation))


def _update_group(call: Call, roles_in: list[str] | None, current: Invitation) -> Reply:
    roles = wire.roles_given(roles_in, required=False)
    checked = None if roles is None else service.check_group_roles(roles, call.the_project().id)
    return Reply(200, wire.group_view(service.update(call.ctx, current, roles=checked)))


def update_group_by_username(call: Call) -> Reply:
    body = call.body(wire.GroupInvitationIn)
    username = wire.required_username(body.username)
    current = service.find_by_username(call.ctx, Kind.GROUP, call.the_project().id, username)
    return _update_group(call, body.roles, current)


def get_group(call: Call) -> Reply:
    found = service.get_visible(call.ctx, Kind.GROUP, call.the_project().id, call.path["invitationId"])
    return Reply(200, wire.group_view(found))


def update_group_by_id(call: Call) -> Reply:
    current = service.get_visible(call.ctx, Kind.GROUP, call.the_project().id, call.path["invitationId"])
    return _update_group(call, call.body(wire.GroupInvitationUpdateIn).roles, current)


def delete_group(call: Call) -> Reply:
    project = call.the_project()
    service.cancel(call.ctx, Kind.GROUP, project.org_id, project.id, call.path["invitationId"])
    return Reply(204)
