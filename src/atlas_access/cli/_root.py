"""The ``atlas`` command tree. Subcommands are imported only when they run (``atlas api`` alone knows 540
commands), so ``--help`` and every command start fast."""

from __future__ import annotations

import importlib
from typing import Any

import click

from atlas_access.cli._help import Group

__all__ = ["root"]

# name -> (module:attribute, aliases, short help)
SUBCOMMANDS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "accessLists": (
        "atlas_access.cli.database_access.access_lists:access_lists",
        ("accesslists", "access-lists", "accessList", "accesslist", "access-list", "whitelists", "whitelist"),
        "Manage the list of IP addresses that can access your Atlas project.",
    ),
    "api": (
        "atlas_access.cli.api:api",
        (),
        "Access all features of the Atlas Administration API through the Atlas CLI by using the "
        "'atlas api <tag> <operationId>' command.",
    ),
    "auditing": (
        "atlas_access.cli.database_access.auditing:auditing",
        (),
        "Returns database auditing settings for MongoDB Cloud projects.",
    ),
    "completion": ("atlas_access.cli.completion:completion", (), "Generate the autocompletion script for bash or zsh."),
    "config": ("atlas_access.cli.config_cmd:config", (), "Configure and manage your user profiles."),
    "customDbRoles": (
        "atlas_access.cli.database_access.custom_db_roles:custom_db_roles",
        ("customdbroles", "custom-db-roles", "customDbRole", "customdbrole", "custom-db-role", "customDBRoles"),
        "Manage custom database roles for your project.",
    ),
    "dbusers": (
        "atlas_access.cli.database_access.dbusers:dbusers",
        ("dbuser",),
        "Manage database users for your project.",
    ),
    "federatedAuthentication": (
        "atlas_access.cli.federation:federated_authentication",
        ("federatedauthentication", "federated-authentication"),
        "Manage Atlas Federated Authentication.",
    ),
    "organizations": (
        "atlas_access.cli.organizations:organizations",
        ("organization", "orgs", "org"),
        "Manage your Atlas organizations.",
    ),
    "projects": ("atlas_access.cli.projects:projects", ("project",), "Manage your Atlas projects."),
    "security": (
        "atlas_access.cli.database_access.ldap:security",
        (),
        "Manage security configuration for your project.",
    ),
}
ROOT_HELP = (
    "CLI tool to manage MongoDB Atlas access: organizations, projects, users and invitations, a project's "
    "database users, custom roles, IP access list, auditing and LDAP settings, an organization's federated "
    "authentication, against "
    "MongoDB Cloud or an atlas-access server.\n\n"
    "Use the --help flag with any command for more info on that command."
)


class _Root(Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(SUBCOMMANDS)

    def resolve_alias(self, name: str) -> str | None:
        return next((real for real, (_, aliases, _h) in SUBCOMMANDS.items() if name in aliases), None)

    def command_rows(self, ctx: click.Context) -> list[tuple[str, str]]:
        return [(name, short) for name, (_, _a, short) in sorted(SUBCOMMANDS.items())]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        real = cmd_name if cmd_name in SUBCOMMANDS else self.resolve_alias(cmd_name)
        if real is None:
            return None
        target, aliases, _ = SUBCOMMANDS[real]
        module, _, attribute = target.partition(":")
        command: Any = getattr(importlib.import_module(module), attribute)
        if not getattr(command, "aliases", None) and aliases:
            command.aliases = aliases
        return command  # type: ignore[no-any-return]


root = _Root(name="atlas", help=ROOT_HELP)
