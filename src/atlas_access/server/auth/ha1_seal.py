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

from collections.abc import Sequence

from atlas_access.server.auth.sealing import KEY_BYTES, Seal, key_id

__all__ = ["KEY_BYTES", "Ha1Seal", "is_sealed", "key_id"]

_VERSION = "v1"
_HA1_BYTES = 16  # an MD5 digest
_PURPOSE = b"atlas-access api key ha1 v1"


def is_sealed(stored: str) -> bool:
    """Whether ``stored`` is a sealed HA1 (rather than an HA1 in clear, as versions before sealing kept it)."""
    return stored.startswith(_VERSION + ":")


class Ha1Seal:
    """Seals with the first of ``keys``; opens what any of them sealed. ``secrets`` seals other secrets with the
    same keys, each for its own purpose (``server.auth.sealing``)."""

    __slots__ = ("secrets",)

    def __init__(self, keys: Sequence[bytes]) -> None:
        self.secrets = Seal(keys)

    @classmethod
    def of(cls, keys: Sequence[bytes]) -> "Ha1Seal":
        """The seal of a key list, the current key first."""
        return cls(keys)

    def close(self, public_key: str, ha1: str) -> str:
        """Seal ``ha1`` (32 hexadecimal digits) for the API key ``public_key`` with the current key."""
        raw = bytes.fromhex(ha1)
        if len(raw) != _HA1_BYTES:
            raise ValueError("an HA1 is 32 hexadecimal digits")
        return self.secrets.close(_PURPOSE, public_key, raw)

    def open(self, public_key: str, sealed: str) -> str | None:
        """The HA1 (lowercase hex) sealed for ``public_key``; None when it was not sealed for it with one of these
        keys (another key, another row, altered, or not sealed at all): a bad credential."""
        opened = self.secrets.open(_PURPOSE, public_key, sealed)
        return None if opened is None else opened.hex()

    def is_current(self, sealed: str) -> bool:
        """Whether ``sealed`` names the current key (a rotation that forgets the others re-seals the rest)."""
        return self.secrets.is_current(sealed)
