"""The ``invitations`` group of a scope, with cobra's deprecation notice where the real CLI has one."""

from __future__ import annotations

import sys
from typing import Any

import click

from atlas_access.cli._help import Group
from atlas_access.cli.invitations._commands import build_commands
from atlas_access.cli.invitations._kind import InvitationKind

__all__ = ["invitations_group"]


class InvitationsGroup(Group):
    """A group that, when ``deprecated`` (the notice's reason), is hidden from help and prints cobra's notice
    when it runs itself.

    cobra prints the notice only for the command it executes, so ``atlas projects invitations`` (alone or with
    ``--help``) prints it and ``atlas projects invitations list`` does not.
    """

    def __init__(self, *args: Any, deprecated: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, hidden=deprecated is not None, **kwargs)
        self.deprecation = deprecated

    def _runs_subcommand(self, ctx: click.Context, args: list[str]) -> bool:
        first = next((arg for arg in args if not arg.startswith("-")), None)
        return first is not None and self.get_command(ctx, first) is not None

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if self.deprecation is not None and not self._runs_subcommand(ctx, args):
            sys.stderr.write(f'Command "{self.name}" is deprecated, {self.deprecation}\n')
        return super().parse_args(ctx, args)


def invitations_group(scope: InvitationKind) -> Group:
    """``invitations`` (also ``invitation``) with ``list``, ``describe``, ``invite``, ``update`` and ``delete``."""
    group = InvitationsGroup(
        name="invitations",
        aliases=("invitation",),
        short_help="Invitation operations.",
        help=f"Invitation operations.\n\n{scope.group_long}",
        deprecated=scope.deprecated,
    )
    for command in build_commands(scope):
        group.add_command(command)
    return group
