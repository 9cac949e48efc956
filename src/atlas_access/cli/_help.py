"""Help in the real Atlas CLI's (cobra's) layout: description, ``Usage:``, ``Aliases:``, ``Flags:`` with their
types and defaults, ``Global Flags:``, and for groups ``Available Commands:``.

``Flag`` is a click option that knows its Go type name (``string``, ``int``, ``stringArray`` ...), and
``Command``/``Group`` render that layout; every ``atlas`` command is built on them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

__all__ = ["CONTEXT_SETTINGS", "Command", "Flag", "Group", "command_path", "flag_lines"]

CONTEXT_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"]}

PROFILE_HELP = (
    "Name of the profile to use from your configuration file. To learn about profiles for the Atlas CLI, "
    "see https://dochub.mongodb.org/core/atlas-cli-save-connection-settings"
)
GLOBAL_FLAGS = (("-P, --profile string", PROFILE_HELP),)


class Flag(click.Option):
    """A click option shown as pflag shows it: ``-o, --output string   usage (default "json")``."""

    def __init__(
        self,
        *args: Any,
        go_type: str = "string",
        shown_default: str | None = None,
        required_flag: bool = False,
        **kwargs: Any,
    ) -> None:
        """``required_flag``: checked by the command itself after the profile filled in values (cobra's order),
        so click does not enforce it; it is only shown in help."""
        super().__init__(*args, **kwargs)
        self.required_flag = required_flag
        self.go_type = go_type
        self.shown_default = shown_default

    def left(self) -> str:
        longs = [o for o in self.opts if o.startswith("--")]
        shorts = [o for o in self.opts if not o.startswith("--")]
        head = f"{shorts[0]}, {longs[0]}" if shorts else f"    {longs[0]}"
        return f"{head} {self.go_type}" if self.go_type else head

    def right(self) -> str:
        text = self.help or ""
        if self.required_flag:
            text += " (required)"
        if self.shown_default is not None:
            text += (
                f' (default "{self.shown_default}")' if self.go_type == "string" else f" (default {self.shown_default})"
            )
        return text


def flag_lines(rows: Sequence[tuple[str, str]]) -> str:
    """pflag's two columns, the usage aligned three spaces after the widest flag."""
    width = max((len(left) for left, _ in rows), default=0)
    return "".join(f"  {left.ljust(width)}   {right}".rstrip() + "\n" for left, right in rows)


def command_path(ctx: click.Context) -> str:
    """The command path by each command's own name, also when called by aliases (as cobra shows it)."""
    names: list[str] = []
    current: click.Context | None = ctx
    while current is not None:
        names.append(current.command.name or current.info_name or "")
        current = current.parent
    return " ".join(reversed(names))


def _rows(command: click.Command, ctx: click.Context) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for param in command.get_params(ctx):
        if isinstance(param, Flag) and not param.hidden:
            rows.append((param.left(), param.right()))
        elif isinstance(param, click.Option) and param.opts and set(param.opts) & {"-h", "--help"}:
            rows.append(("-h, --help", f"help for {command.name}"))
    return sorted(rows, key=lambda row: row[0].lstrip(" -").split(",")[-1].strip(" -").lower())


def _head(command: click.Command, usage: str, aliases: Sequence[str]) -> str:
    """What every help page starts with: the description, ``Usage:`` and, if the command has any, ``Aliases:``."""
    text = (command.help or command.short_help or "").strip()
    out = f"{text}\n\n" if text else ""
    out += f"Usage:\n  {usage}\n"
    if aliases:
        out += "\nAliases:\n  " + ", ".join((command.name or "", *aliases)) + "\n"
    return out


def _flags_block(command: click.Command, ctx: click.Context) -> str:
    return "\nFlags:\n" + flag_lines(_rows(command, ctx)) + "\nGlobal Flags:\n" + flag_lines(GLOBAL_FLAGS)


class Command(click.Command):
    """A leaf command. ``usage`` is what follows the command path (``[flags]``, ``<invitationId> [flags]``)."""

    def __init__(self, *args: Any, usage: str = "[flags]", aliases: Sequence[str] = (), **kwargs: Any) -> None:
        kwargs.setdefault("context_settings", CONTEXT_SETTINGS)
        super().__init__(*args, **kwargs)
        self.usage = usage
        self.aliases = tuple(aliases)

    def usage_line(self, ctx: click.Context) -> str:
        return f"{command_path(ctx)} {self.usage}"

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write(_head(self, self.usage_line(ctx), self.aliases) + _flags_block(self, ctx))


class Group(click.Group):
    """A command group whose subcommands may have aliases (``orgs`` for ``organizations``)."""

    def __init__(self, *args: Any, aliases: Sequence[str] = (), **kwargs: Any) -> None:
        kwargs.setdefault("context_settings", CONTEXT_SETTINGS)
        super().__init__(*args, **kwargs)
        self.aliases = tuple(aliases)

    def resolve_alias(self, name: str) -> str | None:
        """The real name of a subcommand called by an alias."""
        for sub_name in self.list_commands(click.Context(self)):
            sub = self.commands.get(sub_name)
            if sub is not None and name in getattr(sub, "aliases", ()):
                return sub_name
        return None

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is None:
            real = self.resolve_alias(cmd_name)
            found = super().get_command(ctx, real) if real else None
        return found

    def command_rows(self, ctx: click.Context) -> list[tuple[str, str]]:
        """(name, short help) of every visible subcommand, for ``Available Commands:``."""
        rows = []
        for name in self.list_commands(ctx):
            sub = self.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                rows.append((name, sub.get_short_help_str(limit=150)))
        return rows

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        out = _head(self, f"{command_path(ctx)} [command]", self.aliases)
        rows = self.command_rows(ctx)
        if rows:
            out += "\nAvailable Commands:\n" + flag_lines(rows)
        out += _flags_block(self, ctx)
        out += f'\nUse "{command_path(ctx)} [command] --help" for more information about a command.\n'
        formatter.write(out)
