"""SCRAM credentials of a database user, derived as MongoDB derives and stores them (``system.users``'
``credentials``): never the password, only what a server needs to verify a client's SCRAM proof.

SCRAM-SHA-1 salts MongoDB's legacy digest of the password (``MD5("<username>:mongo:<password>")``, hex), with 10,000
PBKDF2-HMAC-SHA-1 iterations and a 16-byte salt; SCRAM-SHA-256 salts the SASLprep'd password itself, with 15,000
PBKDF2-HMAC-SHA-256 iterations and a 28-byte salt (MongoDB's defaults). Each keeps ``storedKey = H(HMAC(salted,
"Client Key"))`` and ``serverKey = HMAC(salted, "Server Key")`` (RFC 5802), base64-encoded.
"""

import base64
import hashlib
import hmac
import os
from collections.abc import Mapping
from typing import Any

from pymongo.saslprep import saslprep

SHA1 = "SCRAM-SHA-1"
SHA256 = "SCRAM-SHA-256"
_SETTINGS = {SHA1: ("sha1", 10_000, 16), SHA256: ("sha256", 15_000, 28)}


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _keys(digest: str, secret: bytes, salt: bytes, iterations: int) -> dict[str, Any]:
    salted = hashlib.pbkdf2_hmac(digest, secret, salt, iterations)
    client_key = hmac.new(salted, b"Client Key", digest).digest()
    return {
        "iterationCount": iterations,
        "salt": _b64(salt),
        "storedKey": _b64(hashlib.new(digest, client_key).digest()),
        "serverKey": _b64(hmac.new(salted, b"Server Key", digest).digest()),
    }


def secret_for(mechanism: str, username: str, password: str) -> bytes:
    """What a mechanism salts: MongoDB's MD5 digest for SCRAM-SHA-1, the SASLprep'd password for SCRAM-SHA-256."""
    if mechanism == SHA1:
        return hashlib.md5(f"{username}:mongo:{password}".encode(), usedforsecurity=False).hexdigest().encode()
    prepared: str = saslprep(password)
    return prepared.encode("utf-8")


def derive(username: str, password: str) -> dict[str, Mapping[str, Any]]:
    """Fresh credentials for both mechanisms, each with a new random salt."""
    credentials: dict[str, Mapping[str, Any]] = {}
    for mechanism, (digest, iterations, salt_size) in _SETTINGS.items():
        secret = secret_for(mechanism, username, password)
        credentials[mechanism] = _keys(digest, secret, os.urandom(salt_size), iterations)
    return credentials
