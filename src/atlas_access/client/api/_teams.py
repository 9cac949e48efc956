"""``client.teams``: the Go SDK's ``TeamsApi`` (2023-01-01): an organization's teams, their members (the
deprecated calls, active users only), and the teams assigned to projects with their project roles.

Methods carry the Go SDK's pre-2026 names (``list_organization_teams``); the spec's operation ids in snake case
(``list_org_teams``) are the same methods. The 2025-02-19 team-member calls, which take pending users too, are
``client.mongo_db_cloud_users.list_team_users`` / ``add_user_to_team`` / ``remove_user_from_team``: the spec and
the Go SDK put them in the MongoDB Cloud users group.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Unpack

from atlas_access.client.api._base import Body
from atlas_access.client.api._methods import CountedPage, Methods, typed, walk

if TYPE_CHECKING:
    from atlas_access.client.models import (
        AddUserToTeam,
        CloudAppUser,
        Paginated,
        Team,
        TeamResponse,
        TeamRole,
        TeamUpdate,
    )

__all__ = ["TeamsApi"]


class TeamsApi(Methods, typed_calls="Teams"):
    """Teams and project teams. Bodies are request models or dicts in the wire's names."""

    @typed
    def list_organization_teams(org_id: str, **page: Unpack[CountedPage]) -> Paginated[TeamResponse]:
        """One page of the organization's teams."""

    @walk
    def iter_organization_teams(org_id: str, *, items_per_page: int = 100) -> Iterator[TeamResponse]:
        """Every team of the organization, page after page."""

    @typed
    def create_team(org_id: str, body: Body) -> Team:
        """A new team, ``{"name": ..., "usernames": [...]}`` (the spec's ``Team``): one or more active users of
        the organization; ``Conflict`` (``DUPLICATE_TEAM_NAME``) if the organization has a team of that name."""

    @typed
    def get_team_by_id(org_id: str, team_id: str) -> TeamResponse:
        """One team; ``NotFound`` (``TEAM_NOT_FOUND``) if the organization has no such team."""

    @typed
    def get_team_by_name(org_id: str, team_name: str) -> TeamResponse:
        """One team, by its name."""

    @typed
    def rename_team(org_id: str, team_id: str, body: TeamUpdate | Body) -> TeamResponse:
        """A team's new name; ``Conflict`` (``DUPLICATE_TEAM_NAME``) if another team has it."""

    @typed
    def delete_team(org_id: str, team_id: str) -> None:
        """Delete a team that no project has (its members leave it)."""

    @typed
    def add_team_user(org_id: str, team_id: str, body: Sequence[AddUserToTeam | Body]) -> Paginated[CloudAppUser]:
        """Deprecated (sunset 2027-07-01): add active users (``[{"id": user_id}, ...]``) to a team; the team's
        active users, those added first. ``client.mongo_db_cloud_users.add_user_to_team`` takes pending ones."""

    @typed
    def remove_team_user(org_id: str, team_id: str, user_id: str) -> None:
        """Deprecated (sunset 2027-07-01): take an active user out of a team."""

    @typed
    def list_project_teams(group_id: str, **page: Unpack[CountedPage]) -> Paginated[TeamRole]:
        """One page of the teams assigned to a project, with their project roles."""

    @walk
    def iter_project_teams(group_id: str, *, items_per_page: int = 100) -> Iterator[TeamRole]:
        """Every team assigned to a project, page after page."""

    @typed
    def add_all_teams_to_project(group_id: str, body: Sequence[TeamRole | Body]) -> Paginated[TeamRole]:
        """Assign teams of the project's organization to it, each with project roles
        (``[TeamRole(team_id=..., role_names=[...])]``); the teams assigned, in the order given."""

    @typed
    def get_group_team(group_id: str, team_id: str) -> TeamRole:
        """One team's roles in a project; ``NotFound`` if the team is not assigned to it."""

    @typed
    def update_team_roles(group_id: str, team_id: str, body: TeamRole | Body) -> Paginated[TeamRole]:
        """Replace a team's roles in a project (``{"roleNames": [...]}``); a page holding the team."""

    @typed
    def remove_project_team(group_id: str, team_id: str) -> None:
        """Take a team out of a project (its members keep their own roles)."""

    # the post-2026 names (the spec's operation ids)
    list_org_teams = list_organization_teams

    create_org_team = create_team

    get_org_team = get_team_by_id

    get_org_team_by_name = get_team_by_name

    rename_org_team = rename_team

    delete_org_team = delete_team

    add_org_team_users = add_team_user

    remove_org_team_user_from_team = remove_team_user

    list_group_teams = list_project_teams

    add_group_teams = add_all_teams_to_project

    update_group_team = update_team_roles

    remove_group_team = remove_project_team
