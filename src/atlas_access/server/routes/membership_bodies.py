"""What a request about memberships carries: the bodies of the invitations API (Atlas v2 and Cloud Manager v1.0)
and of the users API, and the ``?username=`` filter of their lists, each parsed one way."""

from pydantic import Field

from atlas_access.core.errors import ApiError
from atlas_access.core.invitations import GroupRoleAssignment
from atlas_access.server.wire.body import WireModel, email, require
from atlas_access.server.wire.endpoint import Call

# --- project roles an organization invitation or membership grants -------------------------------------------------


class GroupRoleAssignmentIn(WireModel):
    """One project's roles: ``{groupId, roles}`` in the invitations API."""

    groupId: str | None = None
    roles: list[str] | None = None


class UserGroupRoleAssignmentIn(GroupRoleAssignmentIn):
    """The same in the users API, which names the roles ``groupRoles``."""

    roles: list[str] | None = Field(default=None, alias="groupRoles")


def assignments_given(
    value: list[GroupRoleAssignmentIn] | list[UserGroupRoleAssignmentIn] | None, place: str
) -> tuple[GroupRoleAssignment, ...] | None:
    """The project roles of a body, each naming its project (``<place>.<index>.groupId`` is required)."""
    if value is None:
        return None
    return tuple(
        GroupRoleAssignment(require(item.groupId, f"{place}.{index}.groupId"), tuple(item.roles or ()))
        for index, item in enumerate(value)
    )


# --- the invitations API --------------------------------------------------------------------------------------------


class OrgInvitationUpdateIn(WireModel):
    roles: list[str] | None = None
    teamIds: list[str] | None = None
    groupRoleAssignments: list[GroupRoleAssignmentIn] | None = None


class OrgInvitationIn(OrgInvitationUpdateIn):
    username: str | None = None


class GroupInvitationUpdateIn(WireModel):
    roles: list[str] | None = None


class GroupInvitationIn(GroupInvitationUpdateIn):
    username: str | None = None


def roles_given(value: list[str] | None) -> tuple[str, ...]:
    """The roles of a new invitation or project user: at least one."""
    if not value:
        raise ApiError("MISSING_ATTRIBUTE", "roles", fields=[("roles", "At least one role is required.")])
    return tuple(value)


def roles_changed(value: list[str] | None) -> tuple[str, ...] | None:
    """The roles an invitation's update gives, if it gives any: then at least one."""
    return None if value is None else roles_given(value)


# --- the users API --------------------------------------------------------------------------------------------------


class OrgUserRolesIn(WireModel):
    orgRoles: list[str] | None = None
    groupRoleAssignments: list[UserGroupRoleAssignmentIn] | None = None


class OrgUserUpdateIn(WireModel):
    roles: OrgUserRolesIn | None = None
    teamIds: list[str] | None = None


class OrgUserIn(OrgUserUpdateIn):
    username: str | None = None


class OrgRoleIn(WireModel):
    orgRole: str | None = None


class GroupUserIn(WireModel):
    username: str | None = None
    roles: list[str] | None = None


class GroupRoleIn(WireModel):
    groupRole: str | None = None


def org_roles_given(roles: OrgUserRolesIn) -> tuple[str, ...]:
    if not roles.orgRoles:
        raise ApiError("MISSING_ATTRIBUTE", "roles.orgRoles", fields=[("roles.orgRoles", "At least one role.")])
    return tuple(roles.orgRoles)


def user_assignments_given(roles: OrgUserRolesIn) -> tuple[GroupRoleAssignment, ...] | None:
    return assignments_given(roles.groupRoleAssignments, "roles.groupRoleAssignments")


# --- both -----------------------------------------------------------------------------------------------------------


def username_given(value: str | None) -> str:
    """The invitee's or new user's username: required, an email address."""
    return email(require(value, "username"))


def username_filter(call: Call) -> str | None:
    """``?username=`` of the lists: an email address, or empty (or absent) for no filter."""
    value = call.query.get("username")
    if not value:  # the real Atlas CLI always sends `?username=`, empty without --email: no filter (recorded)
        return None
    try:
        return email(value)
    except ApiError:
        raise ApiError("INVALID_QUERY_PARAMETER", "username") from None
