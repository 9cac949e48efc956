"""Flags, values and help sentences that the real CLI's own commands (invitations, database and network access)
share, in pflag's and cobra's words."""

from __future__ import annotations

import csv
from collections.abc import Sequence

from atlas_access.cli._help import Flag

__all__ = ["FORCE_HELP", "OUTPUT_HELP", "force_flag", "output_flag", "required_role", "slice_values"]

OUTPUT_HELP = (
    "Output format. Valid values are json, json-path, go-template, or go-template-file. To see the full output, "
    "use the -o json option."
)
FORCE_HELP = "Flag that indicates whether to skip the confirmation prompt before proceeding with the requested action."
_REQUIRED_ROLE = (
    "To use this command, you must authenticate with a user account, service account or an API key with the {} role."
)


def required_role(role: str) -> str:
    """The sentence every real command's long help ends with."""
    return _REQUIRED_ROLE.format(role)


def output_flag() -> Flag:
    return Flag(["-o", "--output", "output"], default=None, help=OUTPUT_HELP)


def force_flag() -> Flag:
    return Flag(["--force", "force"], is_flag=True, default=False, go_type="", help=FORCE_HELP)


def slice_values(values: Sequence[str]) -> list[str]:
    """The values of a ``StringSlice`` flag: each occurrence read as one CSV record."""
    result: list[str] = []
    for value in values:
        if value:
            result.extend(next(csv.reader([value])))
    return result
