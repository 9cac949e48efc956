"""Organizations and projects, as the store keeps them and the services and routes pass them around."""

from dataclasses import dataclass

Tag = tuple[str, str]  # a resource tag: (key, value)


@dataclass(frozen=True, slots=True)
class Org:
    """An organization."""

    id: str
    name: str
    skip_default_alerts: bool = False  # the organization's skipDefaultAlertsSettings


@dataclass(frozen=True, slots=True)
class Project:
    """A project (a "group" on the wire), with the name of its organization."""

    id: str
    name: str
    org_id: str
    org_name: str
    created_at: int = 0
    tags: tuple[Tag, ...] = ()
    with_default_alerts: bool = True


# A project and what one member holds there: its org roles and its own project roles (None: not a member).
ProjectWithRoles = tuple[Project, frozenset[str] | None, frozenset[str] | None]
