"""Sealing each API key's Digest HA1 before it is stored, so that a copy of the database alone answers no challenge.

HA1 = md5(publicKey:realm:privateKey) answers a Digest challenge as well as the private key does, so the database
keeps it only sealed: AES-256-GCM with a ``credential`` key, which lives outside the database with the server's
other keys (``server.keys``). The API key's public key is the associated data, so a sealed HA1 opens only in its
own row (moved to another key's row, it opens nothing).

A sealed HA1 is text: ``v1:<key id>:<base64url of nonce, ciphertext and tag>``. The key id (8 hexadecimal digits
of a hash of the key) names the key that sealed it, so opening tries that key only, and a rotation can tell which
rows still need the previous key. Opening costs a few microseconds (one AES-GCM decryption, the AESGCM objects
made once).
"""

import base64
import binascii
import hashlib
import os
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = ["KEY_BYTES", "Ha1Seal", "is_sealed", "key_id"]

KEY_BYTES = 32  # AES-256
_VERSION = "v1"
_NONCE_BYTES = 12
_HA1_BYTES = 16  # an MD5 digest
_CONTEXT = b"atlas-access api key ha1 v1\x00"
_KEY_ID_CONTEXT = b"atlas-access credential key id\x00"


def key_id(key: bytes) -> str:
    """The id a sealed HA1 names its key by: 8 hexadecimal digits (not secret: a hash of the key)."""
    return hashlib.sha256(_KEY_ID_CONTEXT + key).hexdigest()[:8]


def is_sealed(stored: str) -> bool:
    """Whether ``stored`` is a sealed HA1 (rather than an HA1 in clear, as versions before sealing kept it)."""
    return stored.startswith(_VERSION + ":")


class Ha1Seal:
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

    @classmethod
    def of(cls, keys: Sequence[bytes]) -> "Ha1Seal":
        """The seal of a key list, the current key first."""
        return cls(keys)

    def close(self, public_key: str, ha1: str) -> str:
        """Seal ``ha1`` (32 hexadecimal digits) for the API key ``public_key`` with the current key."""
        raw = bytes.fromhex(ha1)
        if len(raw) != _HA1_BYTES:
            raise ValueError("an HA1 is 32 hexadecimal digits")
        nonce = os.urandom(_NONCE_BYTES)
        sealed = nonce + self._current.encrypt(nonce, raw, _CONTEXT + public_key.encode())
        return f"{_VERSION}:{self._current_id}:{base64.urlsafe_b64encode(sealed).rstrip(b'=').decode('ascii')}"

    def open(self, public_key: str, sealed: str) -> str | None:
        """The HA1 (lowercase hex) sealed for ``public_key``; None when it was not sealed for it with one of these
        keys (another key, another row, altered, or not sealed at all): a bad credential."""
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
                return cipher.decrypt(nonce, body, _CONTEXT + public_key.encode()).hex()
            except (InvalidTag, ValueError):
                continue
        return None

    def is_current(self, sealed: str) -> bool:
        """Whether ``sealed`` names the current key (a rotation that forgets the others re-seals the rest)."""
        return sealed.startswith(f"{_VERSION}:{self._current_id}:")
