"""``client.organizations``: the Go SDK's ``OrganizationsApi`` (organizations and their invitations, 2023-01-01).

The invitation endpoints are deprecated (sunset 2027-07-01) in favour of the users API
(``client.mongo_db_cloud_users``); they are the seeds' ``DeleteOrgInvite``. Creating, renaming and deleting an
organization carry the Go SDK's pre-2026 names (``create_organization``); the spec's operation ids in snake case
(``create_org``) are the same methods.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from atlas_access.client.api._base import ApiGroup, Body, calls

if TYPE_CHECKING:
    from atlas_access.client.models import (
        AtlasOrganization,
        CreateOrganizationRequest,
        CreateOrganizationResponse,
        OrganizationInvitation,
        OrganizationInvitationRequest,
        OrganizationInvitationUpdateRequest,
        Paginated,
    )

__all__ = ["OrganizationsApi"]


class OrganizationsApi(ApiGroup):
    """Organizations and organization invitations. Bodies are request models or dicts in the wire's names."""

    def list_orgs(
        self,
        *,
        name: str | None = None,
        items_per_page: int | None = None,
        page_num: int | None = None,
        include_count: bool | None = None,
    ) -> Paginated[AtlasOrganization]:
        """One page of the organizations the caller can see (``name``: only those whose name contains it)."""
        op = calls.Organizations.list_orgs
        return self._run(op, name=name, items_per_page=items_per_page, page_num=page_num, include_count=include_count)

    def iter_orgs(self, *, name: str | None = None, items_per_page: int = 100) -> Iterator[AtlasOrganization]:
        """Every organization the caller can see, page after page."""
        return self._iterate(calls.Organizations.list_orgs, items_per_page, name=name)

    def get_org(self, org_id: str) -> AtlasOrganization:
        """One organization."""
        return self._run(calls.Organizations.get_org, org_id=org_id)

    def list_org_invites(self, org_id: str, username: str | None = None) -> list[OrganizationInvitation]:
        """The organization's invitations (pending, expired or declined), or only the one for ``username``."""
        return self._run(calls.Organizations.list_org_invites, org_id=org_id, username=username)

    def get_org_invite(self, org_id: str, invitation_id: str) -> OrganizationInvitation:
        """One invitation; ``NotFound`` once it is accepted or cancelled."""
        return self._run(calls.Organizations.get_org_invite, org_id=org_id, invitation_id=invitation_id)

    def create_org_invite(self, org_id: str, body: OrganizationInvitationRequest | Body) -> OrganizationInvitation:
        """Invite ``username`` with organization ``roles``, project roles and teams; ``Conflict`` if that user
        is already a member or has a pending invitation. The invitee gets a mail with a link."""
        return self._run(calls.Organizations.create_org_invite, body, org_id=org_id)

    def update_org_invite(self, org_id: str, body: OrganizationInvitationRequest | Body) -> OrganizationInvitation:
        """Replace the roles or teams of the pending invitation of ``body.username``."""
        return self._run(calls.Organizations.update_org_invite, body, org_id=org_id)

    update_org_invites = update_org_invite  # the operation id: updateOrgInvites

    def update_org_invite_by_id(
        self, org_id: str, invitation_id: str, body: OrganizationInvitationUpdateRequest | Body
    ) -> OrganizationInvitation:
        """Replace the roles or teams of one invitation (its expiry does not move)."""
        op = calls.Organizations.update_org_invite_by_id
        return self._run(op, body, org_id=org_id, invitation_id=invitation_id)

    def delete_org_invite(self, org_id: str, invitation_id: str) -> None:
        """Cancel a pending invitation; ``BadRequest`` (``INVALID_INVITATION_ID``) if it was accepted or is gone."""
        return self._run(calls.Organizations.delete_org_invite, org_id=org_id, invitation_id=invitation_id)

    def create_organization(self, body: CreateOrganizationRequest | Body) -> CreateOrganizationResponse:
        """A new organization, acting from the caller's own (where it must be an Organization Owner), with a
        first owner: ``org_owner_id`` (a user of the caller's organization), a new ``api_key`` or a new
        ``service_account``, whose private key or secret the answer shows this once."""
        return self._run(calls.Organizations.create_organization, body)

    def update_organization(self, org_id: str, body: Body) -> AtlasOrganization:
        """Rename an organization (``{"name": ...}``, required) or set ``skipDefaultAlertsSettings``."""
        return self._run(calls.Organizations.update_organization, body, org_id=org_id)

    def delete_organization(self, org_id: str) -> None:
        """Delete an organization and its credentials; ``Conflict`` (``ORG_NOT_EMPTY``) while it has projects."""
        return self._run(calls.Organizations.delete_organization, org_id=org_id)

    # the post-2026 names
    create_org = create_organization
    update_org = update_organization
    delete_org = delete_organization
