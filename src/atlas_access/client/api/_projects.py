"""``client.projects``: the Go SDK's ``ProjectsApi`` (projects, their settings and their invitations, 2023-01-01):
read, create, update and delete projects, read and change their settings; the invitations are deprecated (sunset
2027-07-01).

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
        Group,
        GroupInvitation,
        GroupInvitationRequest,
        GroupInvitationUpdateRequest,
        GroupSettings,
        GroupUpdate,
        Paginated,
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
