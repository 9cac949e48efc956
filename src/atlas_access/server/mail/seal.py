"""Sealing what a mail carries (its text, html and link, which hold an accept token) before it is stored.

The key lives in the settings table like the server's other keys; a database dump alone shows no usable link.
"""

import json
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import Connection

from atlas_access.store import settings

KEY_SETTING = "mail_key"


@dataclass(frozen=True, slots=True)
class Letter:
    """The parts of a mail that are only ever stored sealed."""

    text: str
    html: str
    link: str


# What ``Seal.open`` gives for a mail sealed with a key this server does not have: shown, never sent.
UNREADABLE = Letter("(sealed with another key)", "", "")


class Seal:
    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)

    @classmethod
    def load(cls, conn: Connection) -> "Seal":
        return cls(settings.get_or_create(conn, KEY_SETTING, Fernet.generate_key().decode()).encode())

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
