"""Organization and project invitations: the handlers, and the endpoints each surface mounts on its own paths."""

from dataclasses import dataclass
from functools import partial
from typing import Any

from atlas_access.core.invitations import Invitation, Kind
from atlas_access.core.ratelimit import BucketRule
from atlas_access.core.roles import Surface
from atlas_access.server.routes import invitation_shapes as wire
from atlas_access.server.routes import membership_bodies as bodies
from atlas_access.server.services import memberships
from atlas_access.server.wire import render, streamed
from atlas_access.server.wire.endpoint import Call, Endpoint, Handler, Reply
from atlas_access.server.wire.guarded import GuardedCall, GuardedHandler, GuardedRead, GuardedReader
from atlas_access.server.wire.respond import Rendered


def _created(call: Call) -> int:
    # Atlas v2 answers a new invitation with 200 (recorded); Cloud Manager with 201 (its docs).
    return 200 if call.surface is Surface.ATLAS_V2 else 201


def _scope(call: Call) -> memberships.InvitedTo:
    """The project of a project invitation's path, else the organization of an organization invitation's."""
    return call.project if call.project is not None else call.the_org()


def _view(call: Call, invitation: Invitation) -> dict[str, Any]:
    return _view_on(call.surface, invitation)


def _view_on(surface: Surface, invitation: Invitation) -> dict[str, Any]:
    return wire.org_view(invitation, surface) if invitation.kind is Kind.ORG else wire.group_view(invitation)


# Both kinds


def list_invitations(call: Call) -> Reply:
    """A bare array; the whole scope's may be long, so it is written as it is read (docs/memory.md)."""
    username = bodies.username_filter(call)
    if username is not None:
        found = memberships.visible(call.ctx, _scope(call), username)
        return Reply(200, [_view(call, invitation) for invitation in found])
    return Reply(200, streamed.array(memberships.visible_batches(call.ctx, _scope(call)), partial(_view, call)))


def get_invitation(call: Call) -> Reply:
    return Reply(200, _view(call, memberships.get_visible(call.ctx, _scope(call), call.path["invitationId"])))


def get_guarded(read: GuardedRead) -> Rendered | None:
    """``get_invitation`` as one guarded statement; None leaves the request to ``get_invitation``. The answer is
    kept rendered, with what the statement found (``respond.Rendered``)."""
    scope = read.project if read.project is not None else read.org
    surface = read.surface
    return memberships.get_visible_guarded(
        read.conn, read.generation, scope, read.path["invitationId"], surface, partial(_rendered_view, surface)
    )


def _rendered_view(surface: Surface, invitation: Invitation) -> Rendered:
    return Rendered(render.to_json(_view_on(surface, invitation)))


def cancel_invitation(call: Call) -> Reply:
    memberships.cancel(call.ctx, _scope(call), call.path["invitationId"])
    return Reply(204)


async def cancel_guarded(call: GuardedCall) -> int | None:
    """``cancel_invitation`` as one statement (PostgreSQL); None leaves the request to ``cancel_invitation``."""
    scope = call.project if call.project is not None else call.org
    done = await memberships.cancel_guarded(
        call.writes, call.generation, scope, call.path["invitationId"], call.actor, call.now
    )
    return 204 if done else None


# Organization invitations


def create_org(call: Call) -> Reply:
    org = call.the_org()
    body = call.body(bodies.OrgInvitationIn)
    username = bodies.username_given(body.username)
    roles = bodies.roles_given(body.roles)
    assignments = bodies.assignments_given(body.groupRoleAssignments, "groupRoleAssignments") or ()
    invitation = memberships.invite_to_org(
        call.ctx, org, call.surface, username, roles, tuple(body.teamIds or ()), assignments
    )
    return Reply(_created(call), wire.org_view(invitation, call.surface))


def _update_org(call: Call, body: bodies.OrgInvitationUpdateIn, current: Invitation) -> Reply:
    updated = memberships.update_org_invitation(
        call.ctx,
        call.the_org(),
        call.surface,
        current,
        roles=bodies.roles_changed(body.roles),
        team_ids=None if body.teamIds is None else tuple(body.teamIds),
        assignments=bodies.assignments_given(body.groupRoleAssignments, "groupRoleAssignments"),
    )
    return Reply(200, wire.org_view(updated, call.surface))


def update_org_by_username(call: Call) -> Reply:
    body = call.body(bodies.OrgInvitationIn)
    current = memberships.find_by_username(call.ctx, call.the_org(), bodies.username_given(body.username))
    return _update_org(call, body, current)


def update_org_by_id(call: Call) -> Reply:
    current = memberships.get_visible(call.ctx, call.the_org(), call.path["invitationId"])
    return _update_org(call, call.body(bodies.OrgInvitationUpdateIn), current)


# Project invitations


def create_group(call: Call) -> Reply:
    body = call.body(bodies.GroupInvitationIn)
    username = bodies.username_given(body.username)
    roles = bodies.roles_given(body.roles)
    invitation = memberships.invite_to_project(call.ctx, call.the_project(), username, roles)
    return Reply(_created(call), wire.group_view(invitation))


def _update_group(call: Call, roles: list[str] | None, current: Invitation) -> Reply:
    updated = memberships.update_project_invitation(call.ctx, call.the_project(), current, bodies.roles_changed(roles))
    return Reply(200, wire.group_view(updated))


def update_group_by_username(call: Call) -> Reply:
    body = call.body(bodies.GroupInvitationIn)
    current = memberships.find_by_username(call.ctx, call.the_project(), bodies.username_given(body.username))
    return _update_group(call, body.roles, current)


def update_group_by_id(call: Call) -> Reply:
    current = memberships.get_visible(call.ctx, call.the_project(), call.path["invitationId"])
    return _update_group(call, call.body(bodies.GroupInvitationUpdateIn).roles, current)


# The endpoints, the same on both surfaces


@dataclass(frozen=True, slots=True)
class _Operation:
    name: str  # ``{}`` stands for ``Org`` or ``Group``
    method: str
    tail: str  # the path after the invitations' base path
    on_org: Handler
    on_group: Handler
    guarded: GuardedHandler | None = None
    guarded_read: GuardedReader | None = None


_OPERATIONS = (
    _Operation("list{}Invites", "GET", "", list_invitations, list_invitations),
    _Operation("create{}Invite", "POST", "", create_org, create_group),
    _Operation("update{}Invites", "PATCH", "", update_org_by_username, update_group_by_username),
    _Operation("get{}Invite", "GET", "/{invitationId}", get_invitation, get_invitation, guarded_read=get_guarded),
    _Operation("update{}InviteById", "PATCH", "/{invitationId}", update_org_by_id, update_group_by_id),
    _Operation("delete{}Invite", "DELETE", "/{invitationId}", cancel_invitation, cancel_invitation, cancel_guarded),
)


def endpoints(
    surface: Surface, org_path: str, group_path: str, org_rate: BucketRule, group_rate: BucketRule
) -> tuple[Endpoint, ...]:
    """The twelve invitation endpoints of ``surface``, under ``org_path`` and ``group_path``."""
    on_orgs = [_endpoint(surface, op, "Org", org_path, op.on_org, org_rate) for op in _OPERATIONS]
    on_groups = [_endpoint(surface, op, "Group", group_path, op.on_group, group_rate) for op in _OPERATIONS]
    return (*on_orgs, *on_groups)


def _endpoint(surface: Surface, op: _Operation, kind: str, base: str, handler: Handler, rate: BucketRule) -> Endpoint:
    return Endpoint(
        surface,
        op.name.format(kind),
        op.method,
        base + op.tail,
        handler,
        rate,
        guarded=op.guarded,
        guarded_read=op.guarded_read,
    )
