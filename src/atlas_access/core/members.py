"""Organization and project users: membership statuses and the rules on roles (no I/O)."""

import enum

from atlas_access.core.errors import ApiError
from atlas_access.core.invitations import State

OWNER = "ORG_OWNER"


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
