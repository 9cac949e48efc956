"""Organization and project invitations (the 2023-01-01 invitation endpoints); names are the spec's schemas."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from atlas_access.client.models._common import AtlasModel

__all__ = [
    "GroupInvitation",
    "GroupInvitationRequest",
    "GroupInvitationUpdateRequest",
    "GroupRole",
    "OrganizationInvitation",
    "OrganizationInvitationGroupRoleAssignmentsRequest",
    "OrganizationInvitationRequest",
    "OrganizationInvitationUpdateRequest",
]


class GroupRole(AtlasModel):
    """One project role that an organization invitation grants on acceptance."""

    group_id: str
    group_role: str


class OrganizationInvitation(AtlasModel):
    """A pending (or expired, or declined) invitation to an organization; it expires 30 days after creation."""

    id: str
    org_id: str
    org_name: str
    username: str
    inviter_username: str | None = None
    roles: list[str] = Field(default_factory=list)
    group_role_assignments: list[GroupRole] = Field(default_factory=list)
    team_ids: list[str] = Field(default_factory=list)
    created_at: datetime
    expires_at: datetime


class OrganizationInvitationGroupRoleAssignmentsRequest(AtlasModel):
    """Project roles to grant in one project when the invitee accepts."""

    group_id: str
    roles: list[str]


class OrganizationInvitationUpdateRequest(AtlasModel):
    """New roles or teams for an invitation (the ones given replace the old; ``expires_at`` never moves)."""

    roles: list[str] | None = None
    group_role_assignments: list[OrganizationInvitationGroupRoleAssignmentsRequest] | None = None
    team_ids: list[str] | None = None


class OrganizationInvitationRequest(OrganizationInvitationUpdateRequest):
    """An invitation to send (create), or to update by ``username``."""

    username: str


class GroupInvitation(AtlasModel):
    """A pending (or expired, or declined) invitation to a project."""

    id: str
    group_id: str
    group_name: str
    username: str
    inviter_username: str | None = None
    roles: list[str] = Field(default_factory=list)
    created_at: datetime
    expires_at: datetime


class GroupInvitationUpdateRequest(AtlasModel):
    """New project roles for an invitation."""

    roles: list[str] | None = None


class GroupInvitationRequest(GroupInvitationUpdateRequest):
    """A project invitation to send (create), or to update by ``username``."""

    username: str
