"""``POST /api/atlas/v2/groups/{groupId}/access`` (``addGroupAccessUser``, 2023-02-01, deprecated, sunset
2027-07-01): the older way to add a user to a project, body ``{username, roles}``.

As the spec describes it: a member of the project's organization gets the project roles at once, and the answer is
204 with no body; anyone else is invited to the organization with these project roles, and the answer is 200 with
that organization invitation (``OrganizationInvitation``). It is ``addGroupUsers`` under another shape
(``services.project_users.add``): a user with a pending invitation to the organization has it extended (200 with
the invitation), a user already in the project is 409 ``USER_ALREADY_EXISTS``.
"""

from atlas_access.core.invitations import Invitation
from atlas_access.server.routes import invitation_shapes
from atlas_access.server.routes import membership_bodies as bodies
from atlas_access.server.services import project_users
from atlas_access.server.wire.endpoint import Call, Reply


def add_access_user(call: Call) -> Reply:
    project = call.the_project()
    body = call.body(bodies.GroupInvitationIn)
    username = bodies.username_given(body.username)
    added = project_users.add(call.ctx, project, username, bodies.roles_given(body.roles))
    if isinstance(added.user, Invitation):
        return Reply(200, invitation_shapes.org_view(added.user, call.surface))
    return Reply(204)
