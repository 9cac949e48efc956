"""Organization and project users: who they are, membership statuses and the rules on roles (no I/O)."""

import enum
from dataclasses import dataclass, field

from atlas_access.core.errors import ApiError
from atlas_access.core.invitations import State

OWNER = "ORG_OWNER"

# What kind of member holds a membership: users, API keys and service accounts are all members.
USER = "USER"
API_KEY = "API_KEY"
SERVICE_ACCOUNT = "SERVICE_ACCOUNT"


@dataclass(frozen=True, slots=True)
class Member:
    """An active user of an organization (or a project), with what it holds there."""

    id: str
    username: str
    first_name: str
    last_name: str
    country: str | None
    mobile_number: str | None
    created_at: int
    last_auth: int | None
    roles: tuple[str, ...]  # organization roles, or project roles for a project's member
    group_roles: dict[str, tuple[str, ...]] = field(default_factory=dict)  # project id -> roles, in the org
    team_ids: tuple[str, ...] = ()


class MembershipStatus(enum.StrEnum):
    """``orgMembershipStatus`` of the users API: a member, or the state of the user's organization invitation."""

    ACTIVE = "ACTIVE"
    PENDING = "PENDING"
    INVITATION_EXPIRED = "INVITATION_EXPIRED"
    INVITATION_REJECTED = "INVITATION_REJECTED"


# What a list shows when the caller names no status (the spec's default).
DEFAULT_STATUSES: frozenset[MembershipStatus] = frozenset({MembershipStatus.ACTIVE, MembershipStatus.PENDING})
ALL_STATUSES: frozenset[MembershipStatus] = frozenset(MembershipStatus)

_BY_INVITATION_STATE = {
    State.PENDING: MembershipStatus.PENDING,
    State.EXPIRED: MembershipStatus.INVITATION_EXPIRED,
    State.REJECTED: MembershipStatus.INVITATION_REJECTED,
}


def status_of_invitation(state: State) -> MembershipStatus:
    """The pending user's status for an invitation in a visible state (an expired one is already EXPIRED)."""
    return _BY_INVITATION_STATE[state]


def keep_one_role(remaining: tuple[str, ...] | frozenset[str]) -> None:
    """A user keeps at least one role at all times: add the new role before removing the old one."""
    if not remaining:
        raise ApiError("CANNOT_REMOVE_ALL_USER_ROLES")


def keep_an_owner(owners_left: int) -> None:
    """An organization keeps at least one owner: the last one can be neither demoted nor removed."""
    if owners_left < 1:
        raise ApiError("CANNOT_DELETE_LAST_ADMIN")
