"""``client.mongo_db_cloud_users``: the Go SDK's ``MongoDBCloudUsersApi`` (the users API, 2025-02-19).

Organization users include invited ones (``org_membership_status`` ``PENDING`` ...): creating an organization
user sends an invitation, removing a pending one cancels it. Project methods carry the Go SDK's pre-2026 names
(``add_project_user``); the spec's operation ids in snake case (``add_group_users``) are the same methods.
A team's users are here too, as in the Go SDK and the spec (``list_team_users``, ``add_user_to_team``,
``remove_user_from_team``); the rest of the teams' calls are ``client.teams``. So is the legacy users API
(``create_user``, ``get_user``, ``get_user_by_username``, 2023-01-01, deprecated).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Unpack

from atlas_access.client.api._base import Body
from atlas_access.client.api._methods import CountedPage, Methods, Page, typed, walk

if TYPE_CHECKING:
    from atlas_access.client.models import (
        AddOrRemoveGroupRole,
        AddOrRemoveOrgRole,
        AddOrRemoveUserFromTeam,
        CloudAppUser,
        CloudAppUserRequest,
        GroupUserRequest,
        GroupUserResponse,
        OrgUserRequest,
        OrgUserResponse,
        OrgUserUpdateRequest,
        Paginated,
    )

__all__ = ["MongoDbCloudUsersApi"]

Statuses = Sequence[str] | None  # ACTIVE, PENDING, INVITATION_EXPIRED, INVITATION_REJECTED


class MongoDbCloudUsersApi(Methods, typed_calls="MongoDbCloudUsers"):
    """Organization and project users. Bodies are request models or dicts in the wire's names."""

    @typed
    def list_org_users(
        org_id: str,
        *,
        username: str | None = None,
        org_membership_statuses: Statuses = None,
        **page: Unpack[CountedPage],
    ) -> Paginated[OrgUserResponse]:
        """One page of the organization's users, active and invited (filtered by ``username`` or statuses)."""

    @walk
    def iter_org_users(
        org_id: str,
        *,
        username: str | None = None,
        org_membership_statuses: Statuses = None,
        items_per_page: int = 100,
    ) -> Iterator[OrgUserResponse]:
        """Every user of the organization, page after page."""

    @typed
    def create_org_user(org_id: str, body: OrgUserRequest | Body) -> OrgUserResponse:
        """Invite ``username`` to the organization: a pending user (and an invitation mail); ``Conflict`` if the
        user is already a member or invited."""

    @typed
    def get_org_user(org_id: str, user_id: str, *, org_membership_statuses: Statuses = None) -> OrgUserResponse:
        """One organization user, active or invited."""

    @typed
    def update_org_user(org_id: str, user_id: str, body: OrgUserUpdateRequest | Body) -> OrgUserResponse:
        """Replace a user's roles or teams."""

    @typed
    def remove_org_user(org_id: str, user_id: str) -> None:
        """Remove a user from the organization (and its projects); for a pending user, cancel the invitation."""

    @typed
    def add_org_role(org_id: str, user_id: str, body: AddOrRemoveOrgRole | Body) -> OrgUserResponse:
        """Give a user one more organization role (``{"orgRole": ...}``)."""

    @typed
    def remove_org_role(org_id: str, user_id: str, body: AddOrRemoveOrgRole | Body) -> OrgUserResponse:
        """Take one organization role from a user."""

    @typed
    def list_project_users(
        group_id: str,
        *,
        username: str | None = None,
        org_membership_statuses: Statuses = None,
        flatten_teams: bool | None = None,
        include_org_users: bool | None = None,
        **page: Unpack[CountedPage],
    ) -> Paginated[GroupUserResponse]:
        """One page of the project's users, active and invited."""

    @walk
    def iter_project_users(
        group_id: str,
        *,
        username: str | None = None,
        org_membership_statuses: Statuses = None,
        flatten_teams: bool | None = None,
        include_org_users: bool | None = None,
        items_per_page: int = 100,
    ) -> Iterator[GroupUserResponse]:
        """Every user of the project, page after page."""

    @typed
    def add_project_user(group_id: str, body: GroupUserRequest | Body) -> GroupUserResponse:
        """Add ``username`` to the project with project ``roles``."""

    @typed
    def get_project_user(group_id: str, user_id: str, *, org_membership_statuses: Statuses = None) -> GroupUserResponse:
        """One project user, active or invited."""

    @typed
    def remove_project_user(group_id: str, user_id: str) -> None:
        """Remove a user from the project."""

    @typed
    def add_project_role(group_id: str, user_id: str, body: AddOrRemoveGroupRole | Body) -> GroupUserResponse:
        """Give a user one more project role (``{"groupRole": ...}``)."""

    @typed
    def remove_project_role(group_id: str, user_id: str, body: AddOrRemoveGroupRole | Body) -> GroupUserResponse:
        """Take one project role from a user."""

    @typed
    def list_team_users(
        org_id: str,
        team_id: str,
        *,
        username: str | None = None,
        org_membership_statuses: Statuses = None,
        user_id: str | None = None,
        **page: Unpack[Page],
    ) -> Paginated[OrgUserResponse]:
        """One page of a team's users, active and invited, by username (filtered by ``username``, statuses or
        ``user_id``)."""

    @walk
    def iter_team_users(
        org_id: str,
        team_id: str,
        *,
        username: str | None = None,
        org_membership_statuses: Statuses = None,
        user_id: str | None = None,
        items_per_page: int = 100,
    ) -> Iterator[OrgUserResponse]:
        """Every user of a team, page after page."""

    @typed
    def add_user_to_team(org_id: str, team_id: str, body: AddOrRemoveUserFromTeam | Body) -> OrgUserResponse:
        """Add a user of the organization, active or pending (``{"id": user_id}``), to a team; the user as it
        is now."""

    @typed
    def remove_user_from_team(org_id: str, team_id: str, body: AddOrRemoveUserFromTeam | Body) -> OrgUserResponse:
        """Take a user, active or pending, out of a team; the user as it is now."""

    @typed
    def create_user(body: CloudAppUserRequest | Body) -> CloudAppUser:
        """A new MongoDB Cloud user with a password and roles (the legacy users API, 2023-01-01, deprecated, sunset
        2027-07-01); ``Conflict`` if the username is taken. The caller must be an owner where the roles are."""

    @typed
    def get_user(user_id: str) -> CloudAppUser:
        """A MongoDB Cloud user by id, with every role it holds; ``NotFound`` for a user the caller shares no
        organization with."""

    @typed
    def get_user_by_username(user_name: str) -> CloudAppUser:
        """A MongoDB Cloud user by username (an email address)."""

    # the spec's operation ids
    add_org_user_role = add_org_role

    remove_org_user_role = remove_org_role

    list_group_users = list_project_users

    add_group_users = add_project_user

    get_group_user = get_project_user

    remove_group_user = remove_project_user

    add_group_user_role = add_project_role

    remove_group_user_role = remove_project_role

    list_org_team_users = list_team_users

    add_org_team_user = add_user_to_team

    remove_org_team_user = remove_user_from_team

    get_user_by_name = get_user_by_username
