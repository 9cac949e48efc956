"""``atlas organizations invitations`` and ``atlas projects invitations``: the real Atlas CLI's hand-written
invitation commands, one implementation for both scopes.

The commands take the same flags, print the same text and send the same requests (API version 2023-01-01) as
the real CLI; ``-o json`` prints the SDK model and ``-o go-template=...`` runs against the SDK struct.
"""

from atlas_access.cli.invitations._group import invitations_group
from atlas_access.cli.invitations._kind import ORGANIZATION, PROJECT, InvitationKind

__all__ = ["ORGANIZATION", "PROJECT", "InvitationKind", "invitations_group"]
