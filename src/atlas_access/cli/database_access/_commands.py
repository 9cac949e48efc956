"""Building a command the way every database and network access command is built: the arguments, the flags,
help in cobra's layout (description, the role it needs, examples) and aliases."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import click

from atlas_access.cli._help import Command, Flag, Group

__all__ = ["arguments", "command", "group"]


def arguments() -> click.Argument:
    """Every positional argument, counted by the command itself (cobra's ``Args``) so the wording is cobra's."""
    return click.Argument(["args"], nargs=-1)


def command(
    name: str,
    run: Callable[..., None],
    flags: Sequence[Flag],
    *,
    short: str,
    usage: str = "[flags]",
    aliases: Sequence[str] = (),
    long: str = "",
    examples: str = "",
) -> Command:
    """A leaf command: ``short``, then ``long`` (with the role it needs), then ``examples``, in its help."""
    text = short + (f"\n\n{long}" if long else "") + (f"\n\nExamples:\n{examples}" if examples else "")
    return Command(
        name=name,
        params=[arguments(), *flags],
        callback=run,
        usage=usage,
        aliases=aliases,
        short_help=short,
        help=text,
    )


def group(
    name: str, short: str, commands: Sequence[click.Command], *, aliases: Sequence[str] = (), long: str = ""
) -> Group:
    made = Group(name=name, aliases=aliases, short_help=short, help=short + (f"\n\n{long}" if long else ""))
    for sub in commands:
        made.add_command(sub)
    return made
