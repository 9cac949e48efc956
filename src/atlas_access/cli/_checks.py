"""The real CLI's checks, worded as it words them: argument counts (``internal/cli/require``), IDs
(``ValidateOrgID``/``ValidateProjectID``), required flags and mutually exclusive flags (cobra). Shared by
every hand-written ``atlas`` command."""

from __future__ import annotations

import re
from collections.abc import Sequence

import click

from atlas_access.cli._errors import CliError, UsageProblem
from atlas_access.cli._help import command_path

__all__ = [
    "check_args",
    "check_exclusive",
    "check_id",
    "check_required",
    "is_object_id",
]

_OBJECT_ID = re.compile(r"[0-9a-fA-F]{24}\Z")


def is_object_id(value: str) -> bool:
    """24 hexadecimal digits, as the real CLI's ID checks want."""
    return _OBJECT_ID.match(value) is not None


def _arguments(n: int) -> str:
    return "argument" if n == 1 else "arguments"


def check_args(
    ctx: click.Context,
    args: Sequence[str],
    *,
    exactly: int | None = None,
    at_most: int | None = None,
    use: str | None = None,
) -> None:
    """``require.NoArgs`` (``exactly=0``), ``require.ExactArgs(n)`` or ``require.MaximumNArgs(n)``; ``use`` is what
    the usage line shows after the command (default: the command's own ``usage``, else ``[flags]``)."""
    path = command_path(ctx)
    usage = f"{path} {use or getattr(ctx.command, 'usage', '[flags]')}"
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
    if not is_object_id(value):
        raise CliError(f"the provided value '{value}' is not a valid ID")
    return value


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
