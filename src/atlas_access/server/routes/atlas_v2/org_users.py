"""``/api/atlas/v2/orgs/{orgId}/users``: the users API that replaces organization invitations.

2025-02-19 shows active and pending users (``OrgUserResponse``); 2023-01-01 lists active users only, in the
deprecated ``CloudAppUser`` shape, and its DELETE removes active users only.
"""

from atlas_access.core.errors import ApiError
from atlas_access.core.members import Member, MembershipStatus
from atlas_access.server.routes import membership_bodies as bodies
from atlas_access.server.routes.atlas_v2 import user_shapes as wire
from atlas_access.server.services import memberships, org_users
from atlas_access.server.wire import paging
from atlas_access.server.wire.body import require
from atlas_access.server.wire.endpoint import Call, Reply


def _view(call: Call, user: org_users.OrgUser) -> dict[str, object]:
    return wire.org_user_view(user, org_users.status(call.ctx, user))


def list_users(call: Call) -> Reply:
    org = call.the_org()
    page = paging.page_of(call.query)
    username = bodies.username_filter(call)
    path = f"/api/atlas/v2/orgs/{org.id}/users"
    if wire.deprecated_version(call):
        active = frozenset({MembershipStatus.ACTIVE})
        shown, total = org_users.listing_page(call.ctx, org, active, username, page.offset, page.size, pending=False)
        results = []
        for user in shown:
            assert isinstance(user, Member)
            results.append(wire.cloud_app_user_view(user, call.base_url, org.id, user.roles, user.group_roles))
    else:
        statuses = wire.statuses_given(call.query)
        shown, total = org_users.listing_page(call.ctx, org, statuses, username, page.offset, page.size)
        results = [_view(call, user) for user in shown]
    return Reply(200, paging.paginated(results, total, page, call.base_url, path, call.query.multi_items()))


def get_user(call: Call) -> Reply:
    org = call.the_org()
    user = org_users.find(call.ctx, org, call.path["userId"])
    wanted = call.query.getlist("orgMembershipStatuses")
    if wanted and org_users.status(call.ctx, user) not in wire.statuses_given(call.query):
        raise ApiError("USER_NOT_IN_ORG", call.path["userId"], org.id)
    return Reply(200, _view(call, user))


def create_user(call: Call) -> Reply:
    org = call.the_org()
    body = call.body(bodies.OrgUserIn)
    username = bodies.username_given(body.username)
    given: bodies.OrgUserRolesIn = require(body.roles, "roles")
    roles = bodies.org_roles_given(given)
    assignments = bodies.user_assignments_given(given) or ()
    team_ids = tuple(body.teamIds or ())
    invitation = memberships.invite_to_org(
        call.ctx, org, call.surface, username, roles, team_ids, assignments, roles_field="groupRoles"
    )
    return Reply(201, _view(call, invitation))


def update_user(call: Call) -> Reply:
    org = call.the_org()
    user = org_users.find(call.ctx, org, call.path["userId"])
    body = call.body(bodies.OrgUserUpdateIn)
    roles = None if body.roles is None else bodies.org_roles_given(body.roles)
    assignments = None if body.roles is None else bodies.user_assignments_given(body.roles)
    team_ids = None if body.teamIds is None else tuple(body.teamIds)
    updated = org_users.update(
        call.ctx, org, call.surface, user, roles=roles, assignments=assignments, team_ids=team_ids
    )
    return Reply(200, _view(call, updated))


def _role(call: Call) -> str:
    role = require(call.body(bodies.OrgRoleIn).orgRole, "orgRole")
    return memberships.check_org_roles((role,), call.surface, call.the_org().id)[0]


def add_role(call: Call) -> Reply:
    org = call.the_org()
    user = org_users.find(call.ctx, org, call.path["userId"])
    return Reply(200, _view(call, org_users.add_role(call.ctx, org, user, _role(call))))


def remove_role(call: Call) -> Reply:
    org = call.the_org()
    user = org_users.find(call.ctx, org, call.path["userId"])
    return Reply(200, _view(call, org_users.remove_role(call.ctx, org, user, _role(call))))


def remove_user(call: Call) -> Reply:
    org_users.remove(call.ctx, call.the_org(), call.path["userId"], pending=not wire.deprecated_version(call))
    return Reply(204)
