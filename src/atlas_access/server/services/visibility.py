"""Organizations and projects as a caller sees them: only those its memberships let it read.

An organization is visible to whoever holds a role in it. A project is visible to whoever may read it
(``getGroup``): a member of the project, or an organization member whose org role carries a project role into
every project (``ORG_OWNER``, ``ORG_READ_ONLY``; docs/wire.md §5). Other org roles (``ORG_MEMBER``,
``ORG_GROUP_CREATOR``, the billing roles) see only the projects they are members of.
"""

from atlas_access.core.directory import Org, Project
from atlas_access.core.roles import sees_project
from atlas_access.server.services.context import Context
from atlas_access.store import directory


def _named(name: str, prefix: str | None) -> bool:
    """The wire's ``name`` filter: a case-insensitive prefix (the spec's words); empty keeps everything."""
    return not prefix or name.casefold().startswith(prefix.casefold())


def visible_orgs(ctx: Context, member_id: str, name: str | None = None) -> list[Org]:
    """The organizations ``member_id`` holds a role in, by name, filtered by ``name``."""
    return [org for org in directory.orgs_of_member(ctx.conn, member_id) if _named(org.name, name)]


def visible_projects(ctx: Context, member_id: str, org_id: str | None = None, name: str | None = None) -> list[Project]:
    """The projects ``member_id`` may read (of one organization, when given), by name, filtered by ``name``."""
    return [
        project
        for project, org_roles, group_roles in directory.projects_of_member(ctx.conn, member_id)
        if sees_project(org_roles, group_roles)
        and (org_id is None or project.org_id == org_id)
        and _named(project.name, name)
    ]
