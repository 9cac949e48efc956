"""The real CLI's checks, worded as it words them: argument counts (``internal/cli/require``), IDs
(``ValidateOrgID``/``ValidateProjectID``), required flags and mutually exclusive flags (cobra)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import click

from atlas_access.cli._errors import CliError, UsageProblem

__all__ = [
    "check_args",
    "check_exclusive",
    "check_id",
    "check_project_id_quirk",
    "check_required",
    "command_path",
]

_OBJECT_ID = re.compile(r"[0-9a-fA-F]{24}\Z")


def command_path(ctx: click.Context) -> str:
    """cobra's ``CommandPath()``: the commands' own names, whatever alias was typed (``atlas organizations ...``)."""
    names: list[str] = []
    current: click.Context | None = ctx
    while current is not None:
        names.append(current.command.name or current.info_name or "")
        current = current.parent
    return " ".join(reversed(names))


def _arguments(n: int) -> str:
    return "argument" if n == 1 else "arguments"


def check_args(
    ctx: click.Context, args: Sequence[str], *, exactly: int | None = None, at_most: int | None = None
) -> None:
    """``require.NoArgs`` (``exactly=0``), ``require.ExactArgs(n)`` or ``require.MaximumNArgs(n)``."""
    path = command_path(ctx)
    usage = f"{path} {getattr(ctx.command, 'usage', '[flags]')}"
    got = len(args)
    if exactly == 0 and got:
        raise UsageProblem(f'"{path}" accepts no arguments', usage=usage)
    if exactly is not None and got != exactly:
        raise UsageProblem(f'"{path}" requires {exactly} {_arguments(exactly)}, received {got}', usage=usage)
    if at_most is not None and got > at_most:
        raise UsageProblem(f'"{path}" accepts at most {at_most} {_arguments(at_most)}, received {got}', usage=usage)


def check_id(value: str | None, flag: str) -> str:
    """``ValidateOrgID``/``ValidateProjectID``: the ID must be set and be 24 hexadecimal digits."""
    if not value:
        raise UsageProblem(f'required flag(s) "{flag}" not set')
    if not _OBJECT_ID.match(value):
        raise CliError(f"the provided value '{value}' is not a valid ID")
    return value


def check_project_id_quirk(value: str | None) -> None:
    """The real ``atlas organizations invitations update`` also runs ``ValidateProjectID``, although it has no
    ``--projectId`` flag and never uses a project. Kept, so that a script behaves the same with both CLIs, but
    said in words that tell the user where the value comes from."""
    where = "the profile's project_id or MONGODB_ATLAS_PROJECT_ID"
    if not value:
        raise CliError(
            f"this command needs a project ID from {where}, although it does not use one "
            "(the real Atlas CLI checks it too); set one with: atlas config set project_id <projectId>"
        )
    if not _OBJECT_ID.match(value):
        raise CliError(
            f"the provided value '{value}' is not a valid ID: this command checks the project ID from {where}, "
            "although it does not use it (the real Atlas CLI checks it too)"
        )


def check_required(flag: str, given: bool) -> None:
    """cobra's ``ValidateRequiredFlags``."""
    if not given:
        raise UsageProblem(f'required flag(s) "{flag}" not set')


def check_exclusive(group: Sequence[str], given: Sequence[str]) -> None:
    """cobra's ``ValidateFlagGroups`` for ``MarkFlagsMutuallyExclusive(group...)``; ``given``: the flags set."""
    both = sorted(name for name in group if name in given)
    if len(both) > 1:
        raise UsageProblem(
            f"if any flags in the group [{' '.join(group)}] are set none of the others can be; "
            f"[{' '.join(both)}] were all set"
        )
