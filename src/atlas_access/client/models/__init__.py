"""Typed request and response models of the access-management operations (pydantic v2).

Attributes are snake_case (``invitation.expires_at``), the JSON keeps the wire's camelCase names (either is
accepted on input), timestamps are ``datetime``, and fields a newer server adds are kept in ``model_extra``.
Class names are the Admin API spec's schema names, which the Go SDK uses too. Importing this package imports
pydantic; ``atlas_access.client`` alone does not.
"""

from atlas_access.client.models._common import AtlasModel, Link, Paginated
from atlas_access.client.models._events import EventViewForNdsGroup, EventViewForOrg
from atlas_access.client.models._invitations import (
    GroupInvitation,
    GroupInvitationRequest,
    GroupInvitationUpdateRequest,
    GroupRole,
    OrganizationInvitation,
    OrganizationInvitationGroupRoleAssignmentsRequest,
    OrganizationInvitationRequest,
    OrganizationInvitationUpdateRequest,
)
from atlas_access.client.models._orgs import AtlasOrganization, Group, ResourceTag
from atlas_access.client.models._users import (
    AddOrRemoveGroupRole,
    AddOrRemoveOrgRole,
    GroupRoleAssignment,
    GroupUserRequest,
    GroupUserResponse,
    OrgUserRequest,
    OrgUserResponse,
    OrgUserRolesRequest,
    OrgUserRolesResponse,
    OrgUserUpdateRequest,
)

__all__ = [
    "AddOrRemoveGroupRole",
    "AddOrRemoveOrgRole",
    "AtlasModel",
    "AtlasOrganization",
    "EventViewForNdsGroup",
    "EventViewForOrg",
    "Group",
    "GroupInvitation",
    "GroupInvitationRequest",
    "GroupInvitationUpdateRequest",
    "GroupRole",
    "GroupRoleAssignment",
    "GroupUserRequest",
    "GroupUserResponse",
    "Link",
    "OrgUserRequest",
    "OrgUserResponse",
    "OrgUserRolesRequest",
    "OrgUserRolesResponse",
    "OrgUserUpdateRequest",
    "OrganizationInvitation",
    "OrganizationInvitationGroupRoleAssignmentsRequest",
    "OrganizationInvitationRequest",
    "OrganizationInvitationUpdateRequest",
    "Paginated",
    "ResourceTag",
]
