"""Teams of an organization and their roles in projects (2023-01-01); names are the spec's schemas."""

from __future__ import annotations

from pydantic import Field

from atlas_access.client.models._common import AtlasModel, Link

__all__ = ["AddOrRemoveUserFromTeam", "AddUserToTeam", "Team", "TeamResponse", "TeamRole", "TeamUpdate"]


class TeamResponse(AtlasModel):
    """A team of an organization."""

    id: str
    name: str
    links: list[Link] = Field(default_factory=list)


class Team(TeamResponse):
    """A team just created, with the usernames of its first members (create it with a dict:
    ``{"name": ..., "usernames": [...]}``)."""

    usernames: list[str] = Field(default_factory=list)


class TeamUpdate(AtlasModel):
    """A team's new name."""

    name: str


class TeamRole(AtlasModel):
    """A team's roles in one project: the answer of the project-team operations, and what assigns them
    (``TeamRole(team_id=..., role_names=[...])``)."""

    team_id: str
    role_names: list[str]
    links: list[Link] = Field(default_factory=list)


class AddUserToTeam(AtlasModel):
    """One active user to add to a team (an item of the deprecated ``addOrgTeamUsers``)."""

    id: str


class AddOrRemoveUserFromTeam(AtlasModel):
    """One user, active or pending, to add to a team or remove from it (2025-02-19)."""

    id: str
