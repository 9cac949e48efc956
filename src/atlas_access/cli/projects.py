"""``atlas projects`` (also ``project``): its ``invitations`` (deprecated and hidden as in the real CLI) and its
``settings``."""

from atlas_access.cli._help import Group
from atlas_access.cli.database_access.project_settings import settings
from atlas_access.cli.invitations import PROJECT, invitations_group

__all__ = ["projects"]

projects = Group(
    name="projects",
    aliases=("project",),
    short_help="Manage your Atlas projects.",
    help="Manage your Atlas projects.\n\nCreate, list and manage your MongoDB projects.",
)
projects.add_command(invitations_group(PROJECT))
projects.add_command(settings)
