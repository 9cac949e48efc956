"""``client.organizations``: the Go SDK's ``OrganizationsApi`` (organizations, their invitations and settings,
2023-01-01; delegation settings, 2025-03-12).

The invitation endpoints are deprecated (sunset 2027-07-01) in favour of the users API
(``client.mongo_db_cloud_users``); they are the seeds' ``DeleteOrgInvite``. Creating, renaming and deleting an
organization carry the Go SDK's pre-2026 names (``create_organization``); the spec's operation ids in snake case
(``create_org``) are the same methods.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Unpack

from atlas_access.client.api._base import Body
from atlas_access.client.api._methods import CountedPage, Methods, typed, walk

if TYPE_CHECKING:
    from atlas_access.client.models import (
        AtlasOrganization,
        CreateOrganizationRequest,
        CreateOrganizationResponse,
        OrganizationInvitation,
        OrganizationInvitationRequest,
        OrganizationInvitationUpdateRequest,
        OrganizationSettings,
        OrgDelegationSettingsResponse,
        OrgDelegationSettingsUpdateRequest,
        Paginated,
        UpdateOrgRolesForUser,
    )

__all__ = ["OrganizationsApi"]


class OrganizationsApi(Methods, typed_calls="Organizations"):
    """Organizations and organization invitations. Bodies are request models or dicts in the wire's names."""

    @typed
    def list_orgs(*, name: str | None = None, **page: Unpack[CountedPage]) -> Paginated[AtlasOrganization]:
        """One page of the organizations the caller can see (``name``: only those whose name contains it)."""

    @walk
    def iter_orgs(*, name: str | None = None, items_per_page: int = 100) -> Iterator[AtlasOrganization]:
        """Every organization the caller can see, page after page."""

    @typed
    def get_org(org_id: str) -> AtlasOrganization:
        """One organization."""

    @typed
    def list_org_invites(org_id: str, username: str | None = None) -> list[OrganizationInvitation]:
        """The organization's invitations (pending, expired or declined), or only the one for ``username``."""

    @typed
    def get_org_invite(org_id: str, invitation_id: str) -> OrganizationInvitation:
        """One invitation; ``NotFound`` once it is accepted or cancelled."""

    @typed
    def create_org_invite(org_id: str, body: OrganizationInvitationRequest | Body) -> OrganizationInvitation:
        """Invite ``username`` with organization ``roles``, project roles and teams; ``Conflict`` if that user
        is already a member or has a pending invitation. The invitee gets a mail with a link."""

    @typed
    def update_org_invite(org_id: str, body: OrganizationInvitationRequest | Body) -> OrganizationInvitation:
        """Replace the roles or teams of the pending invitation of ``body.username``."""

    update_org_invites = update_org_invite  # the operation id: updateOrgInvites

    @typed
    def update_org_invite_by_id(
        org_id: str, invitation_id: str, body: OrganizationInvitationUpdateRequest | Body
    ) -> OrganizationInvitation:
        """Replace the roles or teams of one invitation (its expiry does not move)."""

    @typed
    def delete_org_invite(org_id: str, invitation_id: str) -> None:
        """Cancel a pending invitation; ``BadRequest`` (``INVALID_INVITATION_ID``) if it was accepted or is gone."""

    @typed
    def create_organization(body: CreateOrganizationRequest | Body) -> CreateOrganizationResponse:
        """A new organization, acting from the caller's own (where it must be an Organization Owner), with a
        first owner: ``org_owner_id`` (a user of the caller's organization), a new ``api_key`` or a new
        ``service_account``, whose private key or secret the answer shows this once."""

    @typed
    def update_organization(org_id: str, body: Body) -> AtlasOrganization:
        """Rename an organization (``{"name": ...}``, required) or set ``skipDefaultAlertsSettings``."""

    @typed
    def delete_organization(org_id: str) -> None:
        """Delete an organization and its credentials; ``Conflict`` (``ORG_NOT_EMPTY``) while it has projects."""

    @typed
    def get_organization_settings(org_id: str) -> OrganizationSettings:
        """The organization's settings (API access list required, multi-factor authentication, contacts ...)."""

    @typed
    def update_organization_settings(org_id: str, body: OrganizationSettings | Body) -> OrganizationSettings:
        """Change the organization's settings: those given change, the rest stay. With
        ``api_access_list_required`` on, an API key or service account without an access list is refused on every
        call, this client's own included."""

    @typed
    def update_organization_roles(
        org_id: str, user_id: str, body: UpdateOrgRolesForUser | Body
    ) -> UpdateOrgRolesForUser:
        """Replace a user's organization roles (deprecated, sunset 2027-07-01: the users API's
        ``update_org_user`` does the same); the answer is the roles afterwards."""

    @typed
    def get_org_delegation_settings(org_id: str) -> OrgDelegationSettingsResponse:
        """Whether MCP clients and partners may act for the organization's users, and their tokens' lifetimes
        (2025-03-12; not in the Go SDK)."""

    @typed
    def update_org_delegation_settings(
        org_id: str, body: OrgDelegationSettingsUpdateRequest | Body
    ) -> OrgDelegationSettingsResponse:
        """Change the delegation settings: those given change, the rest stay."""

    # the post-2026 names
    create_org = create_organization

    update_org = update_organization

    delete_org = delete_organization

    get_org_settings = get_organization_settings

    update_org_settings = update_organization_settings

    update_org_user_roles = update_organization_roles
