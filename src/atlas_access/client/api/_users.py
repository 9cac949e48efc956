"""``client.mongo_db_cloud_users``: the Go SDK's ``MongoDBCloudUsersApi`` (the users API, 2025-02-19).

Organization users include invited ones (``org_membership_status`` ``PENDING`` ...): creating an organization
user sends an invitation, removing a pending one cancels it. Project methods carry the Go SDK's pre-2026 names
(``add_project_user``); the spec's operation ids in snake case (``add_group_users``) are the same methods.
A team's users are here too, as in the Go SDK and the spec (``list_team_users``, ``add_user_to_team``,
``remove_user_from_team``); the rest of the teams' calls are ``client.teams``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from atlas_access.client.api._base import ApiGroup, Body, calls

if TYPE_CHECKING:
    from atlas_access.client.models import (
        AddOrRemoveGroupRole,
        AddOrRemoveOrgRole,
        AddOrRemoveUserFromTeam,
        GroupUserRequest,
        GroupUserResponse,
        OrgUserRequest,
        OrgUserResponse,
        OrgUserUpdateRequest,
        Paginated,
    )

__all__ = ["MongoDbCloudUsersApi"]

Statuses = Sequence[str] | None  # ACTIVE, PENDING, INVITATION_EXPIRED, INVITATION_REJECTED


class MongoDbCloudUsersApi(ApiGroup):
    """Organization and project users. Bodies are request models or dicts in the wire's names."""

    def list_org_users(
        self,
        org_id: str,
        *,
        username: str | None = None,
        org_membership_statuses: Statuses = None,
        items_per_page: int | None = None,
        page_num: int | None = None,
        include_count: bool | None = None,
    ) -> Paginated[OrgUserResponse]:
        """One page of the organization's users, active and invited (filtered by ``username`` or statuses)."""
        return self._run(
            calls.MongoDbCloudUsers.list_org_users,
            org_id=org_id,
            username=username,
            org_membership_statuses=org_membership_statuses,
            items_per_page=items_per_page,
            page_num=page_num,
            include_count=include_count,
        )

    def iter_org_users(
        self,
        org_id: str,
        *,
        username: str | None = None,
        org_membership_statuses: Statuses = None,
        items_per_page: int = 100,
    ) -> Iterator[OrgUserResponse]:
        """Every user of the organization, page after page."""
        return self._iterate(
            calls.MongoDbCloudUsers.list_org_users,
            items_per_page,
            org_id=org_id,
            username=username,
            org_membership_statuses=org_membership_statuses,
        )

    def create_org_user(self, org_id: str, body: OrgUserRequest | Body) -> OrgUserResponse:
        """Invite ``username`` to the organization: a pending user (and an invitation mail); ``Conflict`` if the
        user is already a member or invited."""
        return self._run(calls.MongoDbCloudUsers.create_org_user, body, org_id=org_id)

    def get_org_user(self, org_id: str, user_id: str, *, org_membership_statuses: Statuses = None) -> OrgUserResponse:
        """One organization user, active or invited."""
        op = calls.MongoDbCloudUsers.get_org_user
        return self._run(op, org_id=org_id, user_id=user_id, org_membership_statuses=org_membership_statuses)

    def update_org_user(self, org_id: str, user_id: str, body: OrgUserUpdateRequest | Body) -> OrgUserResponse:
        """Replace a user's roles or teams."""
        return self._run(calls.MongoDbCloudUsers.update_org_user, body, org_id=org_id, user_id=user_id)

    def remove_org_user(self, org_id: str, user_id: str) -> None:
        """Remove a user from the organization (and its projects); for a pending user, cancel the invitation."""
        return self._run(calls.MongoDbCloudUsers.remove_org_user, org_id=org_id, user_id=user_id)

    def add_org_role(self, org_id: str, user_id: str, body: AddOrRemoveOrgRole | Body) -> OrgUserResponse:
        """Give a user one more organization role (``{"orgRole": ...}``)."""
        return self._run(calls.MongoDbCloudUsers.add_org_role, body, org_id=org_id, user_id=user_id)

    def remove_org_role(self, org_id: str, user_id: str, body: AddOrRemoveOrgRole | Body) -> OrgUserResponse:
        """Take one organization role from a user."""
        return self._run(calls.MongoDbCloudUsers.remove_org_role, body, org_id=org_id, user_id=user_id)

    def list_project_users(
        self,
        group_id: str,
        *,
        username: str | None = None,
        org_membership_statuses: Statuses = None,
        flatten_teams: bool | None = None,
        include_org_users: bool | None = None,
        items_per_page: int | None = None,
        page_num: int | None = None,
        include_count: bool | None = None,
    ) -> Paginated[GroupUserResponse]:
        """One page of the project's users, active and invited."""
        return self._run(
            calls.MongoDbCloudUsers.list_project_users,
            group_id=group_id,
            username=username,
            org_membership_statuses=org_membership_statuses,
            flatten_teams=flatten_teams,
            include_org_users=include_org_users,
            items_per_page=items_per_page,
            page_num=page_num,
            include_count=include_count,
        )

    def iter_project_users(
        self,
        group_id: str,
        *,
        username: str | None = None,
        org_membership_statuses: Statuses = None,
        flatten_teams: bool | None = None,
        include_org_users: bool | None = None,
        items_per_page: int = 100,
    ) -> Iterator[GroupUserResponse]:
        """Every user of the project, page after page."""
        return self._iterate(
            calls.MongoDbCloudUsers.list_project_users,
            items_per_page,
            group_id=group_id,
            username=username,
            org_membership_statuses=org_membership_statuses,
            flatten_teams=flatten_teams,
            include_org_users=include_org_users,
        )

    def add_project_user(self, group_id: str, body: GroupUserRequest | Body) -> GroupUserResponse:
        """Add ``username`` to the project with project ``roles``."""
        return self._run(calls.MongoDbCloudUsers.add_project_user, body, group_id=group_id)

    def get_project_user(
        self, group_id: str, user_id: str, *, org_membership_statuses: Statuses = None
    ) -> GroupUserResponse:
        """One project user, active or invited."""
        op = calls.MongoDbCloudUsers.get_project_user
        return self._run(op, group_id=group_id, user_id=user_id, org_membership_statuses=org_membership_statuses)

    def remove_project_user(self, group_id: str, user_id: str) -> None:
        """Remove a user from the project."""
        return self._run(calls.MongoDbCloudUsers.remove_project_user, group_id=group_id, user_id=user_id)

    def add_project_role(self, group_id: str, user_id: str, body: AddOrRemoveGroupRole | Body) -> GroupUserResponse:
        """Give a user one more project role (``{"groupRole": ...}``)."""
        op = calls.MongoDbCloudUsers.add_project_role
        return self._run(op, body, group_id=group_id, user_id=user_id)

    def remove_project_role(self, group_id: str, user_id: str, body: AddOrRemoveGroupRole | Body) -> GroupUserResponse:
        """Take one project role from a user."""
        op = calls.MongoDbCloudUsers.remove_project_role
        return self._run(op, body, group_id=group_id, user_id=user_id)

    def list_team_users(
        self,
        org_id: str,
        team_id: str,
        *,
        username: str | None = None,
        org_membership_statuses: Statuses = None,
        user_id: str | None = None,
        items_per_page: int | None = None,
        page_num: int | None = None,
    ) -> Paginated[OrgUserResponse]:
        """One page of a team's users, active and invited, by username (filtered by ``username``, statuses or
        ``user_id``)."""
        return self._run(
            calls.MongoDbCloudUsers.list_team_users,
            org_id=org_id,
            team_id=team_id,
            username=username,
            org_membership_statuses=org_membership_statuses,
            user_id=user_id,
            items_per_page=items_per_page,
            page_num=page_num,
        )

    def iter_team_users(
        self,
        org_id: str,
        team_id: str,
        *,
        username: str | None = None,
        org_membership_statuses: Statuses = None,
        user_id: str | None = None,
        items_per_page: int = 100,
    ) -> Iterator[OrgUserResponse]:
        """Every user of a team, page after page."""
        return self._iterate(
            calls.MongoDbCloudUsers.list_team_users,
            items_per_page,
            org_id=org_id,
            team_id=team_id,
            username=username,
            org_membership_statuses=org_membership_statuses,
            user_id=user_id,
        )

    def add_user_to_team(self, org_id: str, team_id: str, body: AddOrRemoveUserFromTeam | Body) -> OrgUserResponse:
        """Add a user of the organization, active or pending (``{"id": user_id}``), to a team; the user as it
        is now."""
        op = calls.MongoDbCloudUsers.add_user_to_team
        return self._run(op, body, org_id=org_id, team_id=team_id)

    def remove_user_from_team(self, org_id: str, team_id: str, body: AddOrRemoveUserFromTeam | Body) -> OrgUserResponse:
        """Take a user, active or pending, out of a team; the user as it is now."""
        op = calls.MongoDbCloudUsers.remove_user_from_team
        return self._run(op, body, org_id=org_id, team_id=team_id)

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
