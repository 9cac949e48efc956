"""Invitation bodies in and out, shared by the Atlas v2 and Cloud Manager v1.0 surfaces."""

from typing import Any

from atlas_access.core.clock import iso
from atlas_access.core.errors import ApiError
from atlas_access.core.invitations import GroupRoleAssignment, Invitation
from atlas_access.core.roles import Surface
from atlas_access.server.wire.body import WireModel, email, require


class GroupRoleAssignmentIn(WireModel):
    groupId: str | None = None
    roles: list[str] | None = None


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


def required_username(value: str | None) -> str:
    return email(require(value, "username"))


def roles_given(value: list[str] | None, *, required: bool) -> tuple[str, ...] | None:
    """Roles from a body; an invitation always grants at least one role."""
    if value is None and not required:
        return None
    if not value:
        raise ApiError("MISSING_ATTRIBUTE", "roles", fields=[("roles", "At least one role is required.")])
    return tuple(value)


def assignments_given(value: list[GroupRoleAssignmentIn] | None) -> tuple[GroupRoleAssignment, ...] | None:
    if value is None:
        return None
    result = []
    for index, item in enumerate(value):
        if item.groupId is None:
            name = f"groupRoleAssignments.{index}.groupId"
            raise ApiError("MISSING_ATTRIBUTE", name, fields=[(name, "This attribute is required.")])
        result.append(GroupRoleAssignment(item.groupId, tuple(item.roles or ())))
    return tuple(result)


def org_view(invitation: Invitation, surface: Surface) -> dict[str, Any]:
    """An organization invitation as the wire shows it (no ``links``, like the real API)."""
    view: dict[str, Any] = {
        "createdAt": iso(invitation.created_at),
        "expiresAt": iso(invitation.expires_at),
        "id": invitation.id,
        "inviterUsername": invitation.inviter_username,
        "orgId": invitation.org_id,
        "orgName": invitation.org_name,
        "roles": list(invitation.roles),
        "teamIds": list(invitation.team_ids),
        "username": invitation.username,
    }
    if surface is Surface.ATLAS_V2:
        view["groupRoleAssignments"] = [
            {"groupId": a.group_id, "groupRole": role} for a in invitation.group_role_assignments for role in a.roles
        ]
    return view


def group_view(invitation: Invitation) -> dict[str, Any]:
    """A project invitation as the wire shows it."""
    return {
        "createdAt": iso(invitation.created_at),
        "expiresAt": iso(invitation.expires_at),
        "groupId": invitation.group_id,
        "groupName": invitation.group_name,
        "id": invitation.id,
        "inviterUsername": invitation.inviter_username,
        "roles": list(invitation.roles),
        "username": invitation.username,
    }
