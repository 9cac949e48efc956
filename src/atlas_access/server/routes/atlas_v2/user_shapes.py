"""The users API on the wire: its status filter, which of its versions a request asked for, and organization and
project users, active and pending, as shown (2023-01-01, 2025-02-19). Its request bodies are in
``membership_bodies``."""

from collections.abc import Mapping
from typing import Any

from atlas_access.core.clock import iso
from atlas_access.core.errors import ApiError
from atlas_access.core.invitations import Invitation, State
from atlas_access.core.members import ALL_STATUSES, DEFAULT_STATUSES, Member, MembershipStatus
from atlas_access.server.wire.endpoint import Call

MAX_STATUSES = 4
DEPRECATED_VERSION = "2023-01-01"


def deprecated_version(call: Call) -> bool:
    """Whether the request asked for 2023-01-01, whose lists of users show active users only (``CloudAppUser``)
    and whose deletes remove active users only."""
    return call.version_name == DEPRECATED_VERSION


def statuses_given(query: Any) -> frozenset[MembershipStatus]:
    """``orgMembershipStatuses`` (repeatable) or the deprecated single ``orgMembershipStatus``, never both."""
    many = query.getlist("orgMembershipStatuses")
    one = query.getlist("orgMembershipStatus")
    if many and one:
        raise ApiError(
            "INVALID_QUERY_PARAMETER",
            "orgMembershipStatus",
            detail="Invalid query parameter orgMembershipStatus specified: it cannot be combined with "
            "orgMembershipStatuses.",
        )
    given = [value for item in (many or one) for value in item.split(",") if value]
    if not given:
        return DEFAULT_STATUSES
    name = "orgMembershipStatuses" if many else "orgMembershipStatus"
    if len(given) > MAX_STATUSES or (one and len(given) > 1):
        raise ApiError("INVALID_QUERY_PARAMETER", name)
    known = {status.value: status for status in ALL_STATUSES}
    for value in given:
        if value not in known:
            raise ApiError("INVALID_QUERY_PARAMETER", name, fields=[(name, f"Unknown status {value}.")])
    return frozenset(known[value] for value in given)


def _active(user: Member) -> dict[str, Any]:
    view: dict[str, Any] = {
        "createdAt": iso(user.created_at),
        "firstName": user.first_name,
        "id": user.id,
        "lastName": user.last_name,
        "mobileNumber": user.mobile_number,
        "orgMembershipStatus": MembershipStatus.ACTIVE.value,
        "username": user.username,
    }
    if user.country is not None:
        view["country"] = user.country
    if user.last_auth is not None:
        view["lastAuth"] = iso(user.last_auth)
    return view


def _pending(invitation: Invitation, status: MembershipStatus) -> dict[str, Any]:
    assert invitation.pending_user_id is not None
    return {
        "id": invitation.pending_user_id,
        "invitationCreatedAt": iso(invitation.created_at),
        "invitationExpiresAt": None if invitation.state is State.REJECTED else iso(invitation.expires_at),
        "inviterUsername": invitation.inviter_username,
        "orgMembershipStatus": status.value,
        "username": invitation.username,
    }


def _org_roles(org_roles: tuple[str, ...], group_roles: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
    return {
        "groupRoleAssignments": [{"groupId": g, "groupRoles": list(roles)} for g, roles in group_roles.items()],
        "orgRoles": list(org_roles),
    }


def org_user_view(user: Member | Invitation, status: MembershipStatus) -> dict[str, Any]:
    """``OrgUserResponse`` (2025-02-19): an active member or a pending user."""
    if isinstance(user, Member):
        view = _active(user)
        view["roles"] = _org_roles(user.roles, user.group_roles)
    else:
        view = _pending(user, status)
        view["roles"] = _org_roles(user.roles, {a.group_id: a.roles for a in user.group_role_assignments})
    view["teamIds"] = list(user.team_ids)
    return view


def group_user_view(user: Member | Invitation, status: MembershipStatus, roles: tuple[str, ...]) -> dict[str, Any]:
    """``GroupUserResponse`` (2025-02-19): ``roles`` are the user's roles in this project."""
    view = _active(user) if isinstance(user, Member) else _pending(user, status)
    view["roles"] = list(roles)
    return view


def cloud_app_user_view(
    user: Member,
    base_url: str,
    org_id: str | None,
    org_roles: tuple[str, ...],
    group_roles: Mapping[str, tuple[str, ...]],
) -> dict[str, Any]:
    """``CloudAppUser`` (2023-01-01): the deprecated shape, active users only, roles as (scope, role) pairs."""
    self_href = f"{base_url}/api/atlas/v2/users/{user.id}"
    view = _active(user)
    del view["orgMembershipStatus"]
    if user.mobile_number is None:
        del view["mobileNumber"]
    roles: list[dict[str, str]] = [{"orgId": org_id, "roleName": role} for role in org_roles if org_id is not None]
    roles += [{"groupId": group_id, "roleName": role} for group_id, held in group_roles.items() for role in held]
    view.update(
        emailAddress=user.username,
        links=[
            {"href": self_href, "rel": "self"},
            {"href": f"{self_href}/whitelist", "rel": "https://cloud.mongodb.com/whitelist"},
            {"href": f"{self_href}/accessList", "rel": "https://cloud.mongodb.com/accessList"},
        ],
        roles=roles,
        teamIds=list(user.team_ids),
    )
    return view
