"""``atlas organizations`` (also ``organization``, ``orgs``, ``org``): for now its ``invitations``."""

from atlas_access.cli._help import Group
from atlas_access.cli.invitations import ORGANIZATION, invitations_group

__all__ = ["organizations"]

organizations = Group(
    name="organizations",
    aliases=("organization", "orgs", "org"),
    short_help="Manage your Atlas organizations.",
    help="Manage your Atlas organizations.\n\nCreate, list and manage your MongoDB organizations.",
)
organizations.add_command(invitations_group(ORGANIZATION))
