"""The real CLI's default text output for invitations: Go templates, run through a tabwriter."""

from __future__ import annotations

from typing import Any

from atlas_access.cli.invitations._models import GoNil

__all__ = ["DESCRIBE", "FUNCS", "INVITE", "LIST", "UPDATE"]

LIST = (
    "ID\tUSERNAME\tCREATED AT\tEXPIRES AT{{range valueOrEmptySlice .}}\n"
    "{{.Id}}\t{{.Username}}\t{{.CreatedAt}}\t{{.ExpiresAt}}{{end}}\n"
)
DESCRIBE = "ID\tUSERNAME\tCREATED AT\tEXPIRES AT\n{{.Id}}\t{{.Username}}\t{{.CreatedAt}}\t{{.ExpiresAt}}\n"
INVITE = "User '{{.Username}}' invited.\n"
UPDATE = "Invitation {{.Id}} updated.\n"


def value_or_empty_slice(value: Any) -> Any:
    """``valueOrEmptySlice``: nil becomes an empty list, so ``range`` has nothing to do."""
    return [] if value is None or isinstance(value, GoNil) else value


FUNCS = {"valueOrEmptySlice": value_or_empty_slice}
"""The real CLI's own template functions (``internal/templatewriter``)."""
