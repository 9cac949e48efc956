"""``atlas api <group> <command>``: one command per operation of the spec index, built when it is asked for.

Groups are the lowerCamel operation tags, commands the lowerCamel (short) operation ids, with the long
id and the pre-2026 ids as aliases. Commands whose every version is deprecated are hidden but callable.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

import click

from atlas_access import spec
from atlas_access.cli._help import Group
from atlas_access.cli.api._names import command_aliases, command_name, group_name

__all__ = ["api"]

API_HELP = (
    "Access all features of the Atlas Administration API through the Atlas CLI by using the "
    "'atlas api <tag> <operationId>' command.\n\n"
    "This feature streamlines script development by letting you interact directly with any Atlas "
    "Administration API endpoint through the Atlas CLI.\n\n"
    "For more information on\n"
    "- Atlas Administration API see: https://www.mongodb.com/docs/api/doc/atlas-admin-api-v2/\n"
    "- Getting started with the Atlas Administration API: "
    "https://www.mongodb.com/docs/atlas/configure-api-access/#std-label-atlas-admin-api-access"
)


@dataclass(frozen=True, slots=True)
class _Entry:
    operation_id: str
    aliases: tuple[str, ...]


@functools.cache
def _catalog() -> Mapping[str, tuple[str, Mapping[str, _Entry]]]:
    """group name -> (tag, command name -> entry), both sorted as the real CLI sorts them."""
    groups: dict[str, tuple[str, dict[str, _Entry]]] = {}
    for op in sorted(spec.operations().values(), key=lambda o: (o.tag, o.operation_id)):
        _, commands = groups.setdefault(group_name(op.tag), (op.tag, {}))
        commands[command_name(op)] = _Entry(op.operation_id, command_aliases(op))
    return {g: (tag, dict(sorted(cmds.items()))) for g, (tag, cmds) in sorted(groups.items())}


class _TagGroup(Group):
    def __init__(self, name: str, tag: str, entries: Mapping[str, _Entry]) -> None:
        super().__init__(name=name, help=f"The Admin API operations tagged '{tag}', one command each.")
        self._entries = entries

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self._entries)

    def _lookup(self, name: str) -> tuple[str, _Entry] | None:
        if name in self._entries:
            return name, self._entries[name]
        for real, entry in self._entries.items():
            if name in entry.aliases:
                return real, entry
        return None

    def resolve_alias(self, name: str) -> str | None:
        found = self._lookup(name)
        return found[0] if found and found[0] != name else None

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = self._lookup(cmd_name)
        if found is None:
            return None
        from atlas_access.cli.api._build import build_command

        return build_command(found[0], spec.operation(found[1].operation_id), found[1].aliases)


class _ApiGroup(Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(_catalog())

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = _catalog().get(cmd_name)
        return _TagGroup(cmd_name, *found) if found is not None else None


api = _ApiGroup(name="api", help=API_HELP, short_help=API_HELP.split("\n", 1)[0])
