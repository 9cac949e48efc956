"""Sealing what a mail carries (its text, html and link, which hold an accept token) before it is stored.

The mail keys live outside the database with the server's other keys (``server.keys``): a copy of the database
alone shows no usable link.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


@dataclass(frozen=True, slots=True)
class Letter:
    """The parts of a mail that are only ever stored sealed."""

    text: str
    html: str
    link: str


# What ``Seal.open`` gives for a mail sealed with a key this server does not have: shown, never sent.
UNREADABLE = Letter("(sealed with another key)", "", "")


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
        """A seal for a reader that has none of the server's mail keys: it opens nothing (every mail shows
        ``UNREADABLE``)."""
        return cls(Fernet.generate_key())

    def close(self, letter: Letter) -> str:
        payload = json.dumps({"text": letter.text, "html": letter.html, "link": letter.link}).encode()
        return self._fernet.encrypt(payload).decode()

    def open(self, sealed: str) -> Letter:
        """The letter; a placeholder if it was sealed with a key this server no longer has."""
        try:
            payload = json.loads(self._fernet.decrypt(sealed.encode()))
        except (InvalidToken, ValueError):
            return UNREADABLE
        return Letter(payload["text"], payload["html"], payload["link"])
