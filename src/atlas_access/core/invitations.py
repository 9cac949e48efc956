"""The invitation state machine (no I/O).

PENDING -> ACCEPTED (the invitee accepts) | CANCELLED (DELETE) | REJECTED (the invitee declines), and a
PENDING invitation whose ``expiresAt`` has passed by the server clock is EXPIRED without anyone asking.
Expired and rejected invitations stay visible until cancelled or replaced by a new invitation for the
same username (REPLACED). Accepted, cancelled and replaced ones are gone from every endpoint.
"""

import enum
from dataclasses import dataclass

from atlas_access.core.clock import INVITATION_LIFETIME


class Kind(enum.StrEnum):
    ORG = "ORG"
    GROUP = "GROUP"


class State(enum.StrEnum):
    PENDING = "PENDING"
    ACCEPTED = "ACCEPTED"
    CANCELLED = "CANCELLED"
    EXPIRED = "EXPIRED"
    REJECTED = "REJECTED"
    REPLACED = "REPLACED"


VISIBLE: frozenset[State] = frozenset({State.PENDING, State.EXPIRED, State.REJECTED})
# States a DELETE may cancel (stored states: an expired invitation is stored PENDING or EXPIRED).
CANCELLABLE: frozenset[State] = frozenset({State.PENDING, State.EXPIRED, State.REJECTED})
# States a new invitation for the same username replaces.
REPLACEABLE: frozenset[State] = frozenset({State.EXPIRED, State.REJECTED})
LIFETIME_SECONDS = int(INVITATION_LIFETIME.total_seconds())


def effective_state(stored: State, expires_at: int, now: int) -> State:
    """What the invitation is now: a PENDING one past its expiry is EXPIRED."""
    if stored is State.PENDING and now >= expires_at:
        return State.EXPIRED
    return stored


@dataclass(frozen=True, slots=True)
class GroupRoleAssignment:
    """Project roles an organization invitation grants on acceptance."""

    group_id: str
    roles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Invitation:
    id: str
    kind: Kind
    org_id: str
    org_name: str
    group_id: str | None
    group_name: str | None
    username: str
    roles: tuple[str, ...]
    team_ids: tuple[str, ...]
    group_role_assignments: tuple[GroupRoleAssignment, ...]
    inviter_username: str
    state: State
    created_at: int
    expires_at: int
    pending_user_id: str | None

    def state_at(self, now: int) -> State:
        return effective_state(self.state, self.expires_at, now)


def unique_in_order(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Drop repeated values, keeping the first occurrence's position (the wire lists are sets)."""
    return tuple(dict.fromkeys(values))
