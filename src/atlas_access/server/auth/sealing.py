"""Sealing secrets the database keeps but must not show to whoever copies it: AES-256-GCM with the server's
``credential`` keys, which live outside the database (``server.keys``).

Each sealed value names its purpose and what it is bound to (its row) in the associated data, so that a value
sealed for one purpose or one row opens nowhere else. The text form is ``v1:<key id>:<base64url of nonce,
ciphertext and tag>``, the one API keys' sealed HA1 has always had (``Ha1Seal`` is this seal with its own purpose).
"""

import base64
import binascii
import hashlib
import os
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = ["KEY_BYTES", "Seal", "key_id"]

KEY_BYTES = 32  # AES-256
_VERSION = "v1"
_NONCE_BYTES = 12
_KEY_ID_CONTEXT = b"atlas-access credential key id\x00"


def key_id(key: bytes) -> str:
    """The id a sealed value names its key by: 8 hexadecimal digits (not secret: a hash of the key)."""
    return hashlib.sha256(_KEY_ID_CONTEXT + key).hexdigest()[:8]


class Seal:
    """Seals with the first of ``keys``; opens what any of them sealed."""

    __slots__ = ("_by_id", "_current", "_current_id")

    def __init__(self, keys: Sequence[bytes]) -> None:
        if not keys or any(len(key) != KEY_BYTES for key in keys):
            raise ValueError(f"credential keys must be {KEY_BYTES} bytes, and there must be one at least")
        by_id: dict[str, list[AESGCM]] = {}
        for key in keys:
            by_id.setdefault(key_id(key), []).append(AESGCM(key))
        self._by_id = {found: tuple(ciphers) for found, ciphers in by_id.items()}
        self._current = AESGCM(keys[0])
        self._current_id = key_id(keys[0])

    def close(self, purpose: bytes, bound_to: str, data: bytes) -> str:
        """Seal ``data`` for ``purpose`` (a constant naming what it is) and ``bound_to`` (the row it belongs to)."""
        nonce = os.urandom(_NONCE_BYTES)
        sealed = nonce + self._current.encrypt(nonce, data, _associated(purpose, bound_to))
        return f"{_VERSION}:{self._current_id}:{base64.urlsafe_b64encode(sealed).rstrip(b'=').decode('ascii')}"

    def open(self, purpose: bytes, bound_to: str, sealed: str) -> bytes | None:
        """What was sealed for ``purpose`` and ``bound_to``; None when it was not sealed for them with one of these
        keys (another purpose, another row, altered, or not sealed at all)."""
        version, _, rest = sealed.partition(":")
        found, _, text = rest.partition(":")
        ciphers = self._by_id.get(found)
        if version != _VERSION or ciphers is None:
            return None
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        except (binascii.Error, ValueError):
            return None
        nonce, body = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
        for cipher in ciphers:
            try:
                return cipher.decrypt(nonce, body, _associated(purpose, bound_to))
            except (InvalidTag, ValueError):
                continue
        return None

    def is_current(self, sealed: str) -> bool:
        """Whether ``sealed`` names the current key."""
        return sealed.startswith(f"{_VERSION}:{self._current_id}:")


def _associated(purpose: bytes, bound_to: str) -> bytes:
    return purpose + b"\x00" + bound_to.encode()
