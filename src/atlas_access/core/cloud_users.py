"""MongoDB Cloud users made through the legacy users API (``createUser``): what a new user's details must be, and
its password kept only as a scrypt hash."""

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from atlas_access.core.errors import ApiError

MIN_PASSWORD = 8  # the spec's minLength
MAX_PASSWORD = 1024  # ours: scrypt's cost grows with the input; nobody types more
MAX_NAME = 128  # the size of the users table's name columns (ours)
_COUNTRY = re.compile(r"[A-Z]{2}")  # ISO 3166-1 alpha-2, as the spec's pattern
_MOBILE = re.compile(r"\+?[0-9][0-9 .()-]{5,30}")  # ours: looser than the spec's North American pattern
# scrypt's cost: 2**14 blocks of 8 * 128 bytes, 16 MiB (the parameters Python's docs and OWASP's minimum name).
_N, _R, _P = 2**14, 8, 1


@dataclass(frozen=True, slots=True)
class RoleGrant:
    """One item of ``roles``: a role in an organization or in a project, never both."""

    org_id: str | None
    group_id: str | None
    role: str


def check_password(password: str) -> str:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise ApiError(
            "INVALID_ATTRIBUTE", "password", fields=[("password", f"{MIN_PASSWORD} to {MAX_PASSWORD} characters.")]
        )
    return password


def check_name(value: str, field: str) -> str:
    if not 1 <= len(value) <= MAX_NAME or not value.strip():
        raise ApiError("INVALID_ATTRIBUTE", field, fields=[(field, f"1 to {MAX_NAME} characters, not only spaces.")])
    return value


def check_country(value: str) -> str:
    if not _COUNTRY.fullmatch(value):
        raise ApiError("INVALID_ATTRIBUTE", "country", fields=[("country", "Two capital letters (ISO 3166-1).")])
    return value


def check_mobile_number(value: str) -> str:
    if not _MOBILE.fullmatch(value):
        raise ApiError("INVALID_ATTRIBUTE", "mobileNumber", fields=[("mobileNumber", "A telephone number.")])
    return value


def hash_password(password: str) -> str:
    """``scrypt$N$r$p$<salt>$<key>``, base64 without padding: what verifying the password needs, and no more."""
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, maxmem=64 * 1024 * 1024, dklen=32)
    return "$".join(("scrypt", str(_N), str(_R), str(_P), _b64(salt), _b64(key)))


def password_matches(password: str, stored: str) -> bool:
    """Whether ``password`` is the one ``stored`` was made from."""
    kind, n, r, p, salt, key = stored.split("$")
    if kind != "scrypt":
        return False
    derived = hashlib.scrypt(
        password.encode(), salt=_unb64(salt), n=int(n), r=int(r), p=int(p), maxmem=64 * 1024 * 1024, dklen=32
    )
    return hmac.compare_digest(derived, _unb64(key))


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
