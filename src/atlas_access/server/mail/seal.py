"""Sealing what a mail carries (what its letter says, with the link that holds an accept token) before it is
stored.

The mail keys live outside the database with the server's other keys (``server.keys``): a copy of the database
alone shows no usable link. A seal holds one JSON document; what the document means is ``mail.compose``'s.
"""

import json
from collections.abc import Mapping, Sequence
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from atlas_access.server.wire.render import to_json


class Seal:
    """Seals with ``key``; opens what ``key`` or one of the ``previous`` keys (a rotation kept them) sealed."""

    def __init__(self, key: bytes, previous: Sequence[bytes] = ()) -> None:
        self._fernet = MultiFernet([Fernet(one) for one in (key, *previous)])

    @classmethod
    def of(cls, keys: Sequence[bytes]) -> "Seal":
        """The seal of a key list, the current key first."""
        return cls(keys[0], keys[1:])

    @classmethod
    def without_keys(cls) -> "Seal":
        """A seal for a reader that has none of the server's mail keys: it opens nothing."""
        return cls(Fernet.generate_key())

    def close(self, document: Mapping[str, Any]) -> str:
        # The server's one compact JSON writer: a lone surrogate is written as its \u escape, as the json module
        # wrote it before, rather than failing the invitation.
        return self._fernet.encrypt(to_json(document, sort_keys=False)).decode()

    def open(self, sealed: str) -> dict[str, Any] | None:
        """The document; None if it was sealed with a key this server no longer has (or is not a seal)."""
        try:
            document = json.loads(self._fernet.decrypt(sealed.encode()))
        except (InvalidToken, ValueError):
            return None
        return document if isinstance(document, dict) else None
