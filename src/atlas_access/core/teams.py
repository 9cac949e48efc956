"""Teams of an organization and their assignments to projects."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Team:
    """A team; its name is unique within its organization."""

    id: str
    org_id: str
    name: str
    created_at: int


@dataclass(frozen=True, slots=True)
class Assignment:
    """A team assigned to a project: every member of the team holds ``roles`` there."""

    group_id: str
    team_id: str
    roles: tuple[str, ...]
    created_at: int
