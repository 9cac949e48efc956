"""``client.service_accounts``: the Go SDK's ``ServiceAccountsApi`` (2024-08-05): an organization's service
accounts, their secrets and IP access lists, and the accounts assigned to a project.

Methods carry the Go SDK's pre-2026 names (``list_service_accounts``); the spec's operation ids in snake case
(``list_org_service_accounts``) are the same methods. An account is named by its ``client_id``
(``mdb_sa_id_...``); a secret is whole only in the answer that creates it. An access-list entry is named by its
address or its CIDR block (``10.0.0.0/24``, the slash sent escaped).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Unpack

from atlas_access.client.api._base import Body
from atlas_access.client.api._methods import CountedPage, Methods, Page, typed, walk

if TYPE_CHECKING:
    from atlas_access.client.models import (
        GroupServiceAccount,
        GroupServiceAccountRequest,
        GroupServiceAccountRoleAssignment,
        GroupServiceAccountUpdateRequest,
        OrgServiceAccount,
        OrgServiceAccountRequest,
        OrgServiceAccountUpdateRequest,
        Paginated,
        ServiceAccountGroup,
        ServiceAccountIPAccessListEntry,
        ServiceAccountSecret,
        ServiceAccountSecretRequest,
    )

__all__ = ["ServiceAccountsApi"]


class ServiceAccountsApi(Methods, typed_calls="ServiceAccounts"):
    """Organization and project service accounts. Bodies are request models or dicts in the wire's names."""

    @typed
    def list_service_accounts(
        org_id: str, *, include_system_managed: bool | None = None, **page: Unpack[Page]
    ) -> Paginated[OrgServiceAccount]:
        """One page of the organization's service accounts, with their organization roles and secrets (masked)."""

    @walk
    def iter_service_accounts(
        org_id: str, *, include_system_managed: bool | None = None, items_per_page: int = 100
    ) -> Iterator[OrgServiceAccount]:
        """Every service account of the organization, page after page."""

    @typed
    def create_service_account(org_id: str, body: OrgServiceAccountRequest | Body) -> OrgServiceAccount:
        """A new service account with organization roles and a first secret, whole in this answer only."""

    @typed
    def get_service_account(org_id: str, client_id: str) -> OrgServiceAccount:
        """One service account; ``NotFound`` (``SERVICE_ACCOUNT_NOT_FOUND``) if the organization has none such."""

    @typed
    def update_service_account(
        org_id: str, client_id: str, body: OrgServiceAccountUpdateRequest | Body
    ) -> OrgServiceAccount:
        """A service account's new name, description or organization roles."""

    @typed
    def delete_service_account(org_id: str, client_id: str) -> None:
        """Delete a service account and its secrets."""

    @typed
    def list_service_account_projects(
        org_id: str, client_id: str, **page: Unpack[Page]
    ) -> Paginated[ServiceAccountGroup]:
        """One page of the projects a service account is assigned to, with its roles there."""

    @walk
    def iter_service_account_projects(
        org_id: str, client_id: str, *, items_per_page: int = 100
    ) -> Iterator[ServiceAccountGroup]:
        """Every project a service account is assigned to, page after page."""

    @typed
    def create_service_account_secret(
        org_id: str, client_id: str, body: ServiceAccountSecretRequest | Body
    ) -> ServiceAccountSecret:
        """A new secret (``secret_expires_after_hours``), whole in this answer only."""

    @typed
    def delete_service_account_secret(org_id: str, client_id: str, secret_id: str) -> None:
        """Delete one secret of a service account."""

    @typed
    def list_service_account_access_list(
        org_id: str, client_id: str, **page: Unpack[CountedPage]
    ) -> Paginated[ServiceAccountIPAccessListEntry]:
        """One page of a service account's access list: with entries, its tokens work from those only."""

    @walk
    def iter_service_account_access_list(
        org_id: str, client_id: str, *, items_per_page: int = 100
    ) -> Iterator[ServiceAccountIPAccessListEntry]:
        """Every entry of a service account's access list, page after page."""

    @typed
    def create_service_account_access_list(
        org_id: str, client_id: str, body: Sequence[ServiceAccountIPAccessListEntry | Body]
    ) -> Paginated[ServiceAccountIPAccessListEntry]:
        """Add entries (``[ServiceAccountIPAccessListEntry(cidr_block="10.0.0.0/24")]``, or ``ip_address``);
        the first page of the whole list."""

    @typed
    def delete_service_account_access_list_entry(org_id: str, client_id: str, ip_address: str) -> None:
        """Remove one entry, by its address or its CIDR block (``10.0.0.0/24``)."""

    @typed
    def list_project_service_accounts(
        group_id: str, *, include_system_managed: bool | None = None, **page: Unpack[Page]
    ) -> Paginated[GroupServiceAccount]:
        """One page of the service accounts assigned to a project, with their roles there."""

    @walk
    def iter_project_service_accounts(
        group_id: str, *, include_system_managed: bool | None = None, items_per_page: int = 100
    ) -> Iterator[GroupServiceAccount]:
        """Every service account assigned to a project, page after page."""

    @typed
    def create_project_service_account(group_id: str, body: GroupServiceAccountRequest | Body) -> GroupServiceAccount:
        """A new service account of the project's organization (an Organization Member there) with project roles
        and a first secret, whole in this answer only."""

    @typed
    def get_project_service_account(group_id: str, client_id: str) -> GroupServiceAccount:
        """One service account assigned to a project; ``NotFound`` if it is not."""

    @typed
    def update_project_service_account(
        group_id: str, client_id: str, body: GroupServiceAccountUpdateRequest | Body
    ) -> GroupServiceAccount:
        """A service account's new name or description, or its new roles in the project."""

    @typed
    def delete_project_service_account(group_id: str, client_id: str) -> None:
        """Take a service account out of a project; it stays in the organization, secrets and all."""

    @typed
    def add_project_service_account(
        group_id: str, client_id: str, body: GroupServiceAccountRoleAssignment | Body
    ) -> GroupServiceAccount:
        """Assign a service account of the organization to a project with project roles."""

    @typed
    def create_project_service_account_secret(
        group_id: str, client_id: str, body: ServiceAccountSecretRequest | Body
    ) -> ServiceAccountSecret:
        """A new secret of a service account assigned to a project, whole in this answer only."""

    @typed
    def delete_project_service_account_secret(group_id: str, client_id: str, secret_id: str) -> None:
        """Delete one secret of a service account assigned to a project."""

    @typed
    def list_project_service_account_access_list(
        group_id: str, client_id: str, **page: Unpack[CountedPage]
    ) -> Paginated[ServiceAccountIPAccessListEntry]:
        """One page of the access list of a service account assigned to a project."""

    @walk
    def iter_project_service_account_access_list(
        group_id: str, client_id: str, *, items_per_page: int = 100
    ) -> Iterator[ServiceAccountIPAccessListEntry]:
        """Every access-list entry of a service account assigned to a project, page after page."""

    @typed
    def create_project_service_account_access_list(
        group_id: str, client_id: str, body: Sequence[ServiceAccountIPAccessListEntry | Body]
    ) -> Paginated[ServiceAccountIPAccessListEntry]:
        """Add entries to the access list of a service account assigned to a project; the first page of it."""

    @typed
    def delete_project_service_account_access_list_entry(group_id: str, client_id: str, ip_address: str) -> None:
        """Remove one entry, by its address or its CIDR block, from such an account's access list."""

    # the post-2026 names (the spec's operation ids)
    list_org_service_accounts = list_service_accounts

    create_org_service_account = create_service_account

    get_org_service_account = get_service_account

    update_org_service_account = update_service_account

    delete_org_service_account = delete_service_account

    get_org_service_account_groups = list_service_account_projects

    create_org_service_account_secret = create_service_account_secret

    delete_org_service_account_secret = delete_service_account_secret

    list_org_service_account_access_list = list_service_account_access_list

    create_org_service_account_access_list = create_service_account_access_list

    delete_org_service_account_access_list_entry = delete_service_account_access_list_entry

    list_group_service_accounts = list_project_service_accounts

    create_group_service_account = create_project_service_account

    get_group_service_account = get_project_service_account

    update_group_service_account = update_project_service_account

    delete_group_service_account = delete_project_service_account

    invite_group_service_account = add_project_service_account

    create_group_service_account_secret = create_project_service_account_secret

    delete_group_service_account_secret = delete_project_service_account_secret

    list_group_service_account_access_list = list_project_service_account_access_list

    create_group_service_account_access_list = create_project_service_account_access_list

    delete_group_service_account_access_list_entry = delete_project_service_account_access_list_entry
