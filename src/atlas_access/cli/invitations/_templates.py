"""The real CLI's default text output for invitations: Go templates, run through a tabwriter
(``cli/_struct_output.py``)."""

from __future__ import annotations

__all__ = ["DESCRIBE", "INVITE", "LIST", "UPDATE"]

LIST = (
    "ID\tUSERNAME\tCREATED AT\tEXPIRES AT{{range valueOrEmptySlice .}}\n"
    "{{.Id}}\t{{.Username}}\t{{.CreatedAt}}\t{{.ExpiresAt}}{{end}}\n"
)
DESCRIBE = "ID\tUSERNAME\tCREATED AT\tEXPIRES AT\n{{.Id}}\t{{.Username}}\t{{.CreatedAt}}\t{{.ExpiresAt}}\n"
INVITE = "User '{{.Username}}' invited.\n"
UPDATE = "Invitation {{.Id}} updated.\n"
