"""``/api/atlas/v2/users``: the legacy users API (deprecated, sunset 2027-07-01): ``createUser``, ``getUser``,
``getUserByName``.

A user is ``CloudAppUser`` as the other deprecated operations render it (``user_shapes.cloud_app_user_view``), its
``roles`` every (organization or project, role) it holds. The create answers 200, as the spec says, with the user
and, as ``roles``, the roles its invitations grant; the password is never shown. Rules: ``services.cloud_users``.
"""

from typing import Any

from atlas_access.core import cloud_users as rules
from atlas_access.core.errors import ApiError
from atlas_access.core.ids import is_object_id
from atlas_access.core.members import Member
from atlas_access.server.routes.atlas_v2 import user_shapes
from atlas_access.server.services import cloud_users as service
from atlas_access.server.wire.body import WireModel, email, require
from atlas_access.server.wire.endpoint import Call, Reply


class RoleIn(WireModel):
    """``CloudAccessRoleAssignment``: a role in an organization or a project."""

    orgId: str | None = None
    groupId: str | None = None
    roleName: str | None = None


class UserIn(WireModel):
    """``CloudAppUser`` as a request body. ``emailAddress`` (read-only) is taken and must be the username."""

    username: str | None = None
    password: str | None = None
    firstName: str | None = None
    lastName: str | None = None
    country: str | None = None
    mobileNumber: str | None = None
    roles: list[RoleIn] | None = None
    emailAddress: str | None = None


def _grant(item: RoleIn) -> rules.RoleGrant:
    role: str = require(item.roleName, "roles.roleName")
    if (item.orgId is None) == (item.groupId is None):
        raise ApiError("INVALID_ATTRIBUTE", "roles", fields=[("roles", "Each role names an orgId or a groupId.")])
    scope_id = item.orgId if item.orgId is not None else item.groupId
    assert scope_id is not None
    if not is_object_id(scope_id):
        raise ApiError("INVALID_ORG_ID" if item.orgId is not None else "INVALID_GROUP_ID", scope_id)
    return rules.RoleGrant(item.orgId, item.groupId, role)


def _new_user(body: UserIn) -> service.NewUser:
    username = email(require(body.username, "username"))
    if body.emailAddress is not None and body.emailAddress.lower() != username:
        raise ApiError("INVALID_ATTRIBUTE", "emailAddress", fields=[("emailAddress", "Must be the username.")])
    given_roles: list[RoleIn] = require(body.roles, "roles")
    if not given_roles:
        raise ApiError("MISSING_ATTRIBUTE", "roles", fields=[("roles", "At least one role.")])
    return service.NewUser(
        username=username,
        password=rules.check_password(require(body.password, "password")),
        first_name=rules.check_name(require(body.firstName, "firstName"), "firstName"),
        last_name=rules.check_name(require(body.lastName, "lastName"), "lastName"),
        country=rules.check_country(require(body.country, "country")),
        mobile_number=None if body.mobileNumber is None else rules.check_mobile_number(body.mobileNumber),
        roles=tuple(_grant(item) for item in given_roles),
    )


def _view(call: Call, user: Member, org_roles: Any, group_roles: Any) -> dict[str, Any]:
    view = user_shapes.cloud_app_user_view(user, call.base_url, None, (), {})
    view["roles"] = [{"orgId": scope, "roleName": role} for scope, role in org_roles] + [
        {"groupId": scope, "roleName": role} for scope, role in group_roles
    ]
    return view


def create_user(call: Call) -> Reply:
    new = _new_user(call.body(UserIn))
    user, granted = service.create(call.ctx, call.principal.id, new)
    org_roles = [(g.org_id, g.role) for g in granted if g.org_id is not None]
    group_roles = [(g.group_id, g.role) for g in granted if g.group_id is not None]
    return Reply(200, _view(call, user, org_roles, group_roles))


def get_user(call: Call) -> Reply:
    found = service.find(call.ctx, call.principal.id, call.path["userId"])
    return Reply(200, _view(call, found.user, found.org_roles, found.group_roles))


def get_user_by_name(call: Call) -> Reply:
    found = service.find_named(call.ctx, call.principal.id, call.path["userName"])
    return Reply(200, _view(call, found.user, found.org_roles, found.group_roles))
