"""``client.projects``: the Go SDK's ``ProjectsApi`` (projects, their settings, limits and invitations,
2023-01-01): read, create, update, delete and move projects, read and change their settings and limits, add users
and replace their roles; the invitations and the older user calls are deprecated (sunset 2027-07-01).

Methods carry the Go SDK's pre-2026 names (seed 004's ``DeleteProjectInvitation``); the post-2026 names, which
are the spec's operation ids in snake case (``delete_group_invite``), are the same methods.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Unpack

from atlas_access.client.api._base import Body
from atlas_access.client.api._methods import CountedPage, Methods, typed, walk

if TYPE_CHECKING:
    from atlas_access.client.models import (
        DataFederationLimit,
        Group,
        GroupInvitation,
        GroupInvitationRequest,
        GroupInvitationUpdateRequest,
        GroupIPAddresses,
        GroupMigrationRequest,
        GroupSettings,
        GroupUpdate,
        OrganizationInvitation,
        Paginated,
        UpdateGroupRolesForUser,
    )

__all__ = ["ProjectsApi"]


class ProjectsApi(Methods, typed_calls="Projects"):
    """Projects and project invitations. Bodies are request models or dicts in the wire's names."""

    @typed
    def list_projects(**page: Unpack[CountedPage]) -> Paginated[Group]:
        """One page of the projects the caller can see."""

    @walk
    def iter_projects(*, items_per_page: int = 100) -> Iterator[Group]:
        """Every project the caller can see, page after page."""

    @typed
    def get_project(group_id: str) -> Group:
        """One project."""

    @typed
    def list_project_invitations(group_id: str, username: str | None = None) -> list[GroupInvitation]:
        """The project's invitations (pending, expired or declined), or only the one for ``username``."""

    @typed
    def get_project_invitation(group_id: str, invitation_id: str) -> GroupInvitation:
        """One invitation; ``NotFound`` once it is accepted or cancelled."""

    @typed
    def create_project_invitation(group_id: str, body: GroupInvitationRequest | Body) -> GroupInvitation:
        """Invite ``username`` to the project with project ``roles``; the invitee gets a mail with a link."""

    @typed
    def update_project_invitation(group_id: str, body: GroupInvitationRequest | Body) -> GroupInvitation:
        """Replace the roles of the pending invitation of ``body.username``."""

    @typed
    def update_project_invitation_by_id(
        group_id: str, invitation_id: str, body: GroupInvitationUpdateRequest | Body
    ) -> GroupInvitation:
        """Replace the roles of one invitation (its expiry does not move)."""

    @typed
    def delete_project_invitation(group_id: str, invitation_id: str) -> None:
        """Cancel a pending invitation; ``BadRequest`` (``INVALID_INVITATION_ID``) if it was accepted or is gone.
        An organization invitation is never cancelled through a project."""

    @typed
    def create_project(body: Body, *, project_owner_id: str | None = None) -> Group:
        """A new project: ``{"name": ..., "orgId": ...}`` (the spec's ``Group``), in an organization where the
        caller may create projects; ``project_owner_id`` names a user to make its Project Owner."""

    @typed
    def update_project(group_id: str, body: GroupUpdate | Body) -> Group:
        """Rename a project or replace its tags."""

    @typed
    def delete_project(group_id: str) -> None:
        """Delete a project (its invitations, teams' and members' roles in it go with it)."""

    @typed
    def get_project_settings(group_id: str) -> GroupSettings:
        """The project's settings (Data Explorer, Performance Advisor, ... each on or off)."""

    @typed
    def update_project_settings(group_id: str, body: GroupSettings | Body) -> GroupSettings:
        """Change the project's settings: those given change, the rest stay."""

    @typed
    def add_user_to_project(group_id: str, body: GroupInvitationRequest | Body) -> OrganizationInvitation | None:
        """Give ``username`` the project ``roles`` (2023-02-01, deprecated, sunset 2027-07-01: the users API's
        ``add_project_user`` does the same). A member of the project's organization gets them at once (``None``);
        anyone else is invited to the organization with them, and the answer is that invitation."""

    @typed
    def update_project_roles(
        group_id: str, user_id: str, body: UpdateGroupRolesForUser | Body
    ) -> UpdateGroupRolesForUser:
        """Replace a user's project roles (deprecated, sunset 2027-07-01); the answer is the roles afterwards."""

    @typed
    def migrate_project_to_another_org(group_id: str, body: GroupMigrationRequest | Body) -> Group:
        """Move a project to another organization (2024-05-30), where the caller is an Organization Owner or whose
        Organization Owner API key the body gives; the answer is the project afterwards."""

    @typed
    def list_project_limits(group_id: str) -> list[DataFederationLimit]:
        """The project's limits, each with its value, default, maximum and current use."""

    @typed
    def get_project_limit(limit_name: str, group_id: str) -> DataFederationLimit:
        """One limit of the project (``atlas.project.security.databaseAccess.users`` ...), limit first as in the
        Go SDK."""

    @typed
    def set_project_limit(limit_name: str, group_id: str, body: DataFederationLimit | Body) -> DataFederationLimit:
        """Set one limit of the project (``{"value": n}``); ``BadRequest`` above its maximum or below what the
        project uses."""

    @typed
    def delete_project_limit(limit_name: str, group_id: str) -> None:
        """Put one limit of the project back to its default."""

    @typed
    def return_all_ip_addresses(group_id: str) -> GroupIPAddresses:
        """The IP addresses of the project's clusters."""

    # the post-2026 names
    list_groups = list_projects

    get_group = get_project

    list_group_invites = list_project_invitations

    get_group_invite = get_project_invitation

    create_group_invite = create_project_invitation

    update_group_invites = update_project_invitation

    update_group_invite_by_id = update_project_invitation_by_id

    delete_group_invite = delete_project_invitation

    create_group = create_project

    update_group = update_project

    delete_group = delete_project

    get_group_settings = get_project_settings

    update_group_settings = update_project_settings

    add_group_access_user = add_user_to_project

    add_group_user = add_user_to_project  # the Go SDK's 2025 name

    update_group_user_roles = update_project_roles

    migrate_group = migrate_project_to_another_org

    list_group_limits = list_project_limits

    get_group_limit = get_project_limit

    set_group_limit = set_project_limit

    delete_group_limit = delete_project_limit

    get_group_ip_addresses = return_all_ip_addresses
