"""The MongoDB Cloud users API (2025-02-19): organization and project users, active or pending; and the
2023-01-01 ``CloudAppUser`` that the deprecated team-member operations answer with."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from atlas_access.client.models._common import AtlasModel, Link

__all__ = [
    "AddOrRemoveGroupRole",
    "AddOrRemoveOrgRole",
    "CloudAccessRoleAssignment",
    "CloudAppUser",
    "CloudAppUserRequest",
    "GroupRoleAssignment",
    "GroupUserRequest",
    "GroupUserResponse",
    "OrgUserRequest",
    "OrgUserResponse",
    "OrgUserRolesRequest",
    "OrgUserRolesResponse",
    "OrgUserUpdateRequest",
]


class GroupRoleAssignment(AtlasModel):
    """A user's roles in one project."""

    group_id: str
    group_roles: list[str] = Field(default_factory=list)


class OrgUserRolesResponse(AtlasModel):
    """A user's organization roles and project roles within one organization."""

    org_roles: list[str] = Field(default_factory=list)
    group_role_assignments: list[GroupRoleAssignment] = Field(default_factory=list)


class _CloudUser(AtlasModel):
    """What organization and project users share. ``org_membership_status`` is ``ACTIVE``, or ``PENDING``,
    ``INVITATION_EXPIRED``, ``INVITATION_REJECTED`` for an invited user, who has the ``invitation_*`` and
    ``inviter_username`` fields instead of the profile ones (``first_name``, ``created_at``, ...)."""

    id: str
    username: str
    org_membership_status: str
    invitation_created_at: datetime | None = None
    invitation_expires_at: datetime | None = None
    inviter_username: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    country: str | None = None
    mobile_number: str | None = None
    created_at: datetime | None = None
    last_auth: datetime | None = None


class OrgUserResponse(_CloudUser):
    """A user of an organization, active or invited."""

    roles: OrgUserRolesResponse
    team_ids: list[str] = Field(default_factory=list)


class GroupUserResponse(_CloudUser):
    """A user of a project, active or invited; ``roles`` are its project roles."""

    roles: list[str] = Field(default_factory=list)


class OrgUserRolesRequest(AtlasModel):
    """Organization roles (at least one) and project roles to give a user."""

    org_roles: list[str]
    group_role_assignments: list[GroupRoleAssignment] | None = None


class OrgUserRequest(AtlasModel):
    """A user to invite to an organization (it becomes a pending user and an invitation)."""

    username: str
    roles: OrgUserRolesRequest
    team_ids: list[str] | None = None


class OrgUserUpdateRequest(AtlasModel):
    """New roles or teams for an organization user."""

    roles: OrgUserRolesRequest | None = None
    team_ids: list[str] | None = None


class AddOrRemoveOrgRole(AtlasModel):
    """One organization role to add or remove."""

    org_role: str


class GroupUserRequest(AtlasModel):
    """A user to add to a project, with its project roles (at least one)."""

    username: str
    roles: list[str]


class AddOrRemoveGroupRole(AtlasModel):
    """One project role to add or remove."""

    group_role: str


class CloudAccessRoleAssignment(AtlasModel):
    """One role of a user or an API key, in an organization (``org_id``) or in a project (``group_id``)."""

    role_name: str
    org_id: str | None = None
    group_id: str | None = None


class CloudAppUser(AtlasModel):
    """An active MongoDB Cloud user as the 2023-01-01 operations show it (the deprecated team-member ones):
    profile fields and every role, organization and project ones in one list."""

    id: str
    username: str
    first_name: str | None = None
    last_name: str | None = None
    email_address: str | None = None
    country: str | None = None
    mobile_number: str | None = None
    created_at: datetime | None = None
    last_auth: datetime | None = None
    roles: list[CloudAccessRoleAssignment] = Field(default_factory=list)
    team_ids: list[str] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)


class CloudAppUserRequest(AtlasModel):
    """A new MongoDB Cloud user for the legacy users API's ``create_user`` (the spec's ``CloudAppUser`` as a
    request, without its read-only fields; ours): a username that is an email address, a password, a name, a
    country (ISO 3166-1 alpha-2) and at least one role in an organization or a project. The password goes only in
    the request, and never into a ``repr``."""

    username: str
    password: str = Field(repr=False)
    first_name: str
    last_name: str
    country: str
    mobile_number: str | None = None
    email_address: str | None = None
    roles: list[CloudAccessRoleAssignment] = Field(default_factory=list)
