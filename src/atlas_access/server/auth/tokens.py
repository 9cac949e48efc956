"""Service-account access tokens: HS256 JWTs checked against the server clock and a revocation table.

Any process holding the signing key (kept in the database) can verify them, so several server processes
can share one PostgreSQL without sharing memory.
"""

import secrets
from dataclasses import dataclass

import jwt

TOKEN_LIFETIME_SECONDS = 3600
_ALGORITHM = "HS256"


@dataclass(frozen=True, slots=True)
class TokenClaims:
    account_id: str
    client_id: str
    jti: str
    expires_at: int


class InvalidToken(Exception):
    """The token does not verify, has expired or has the wrong shape."""


def issue(key: bytes, account_id: str, client_id: str, now: int) -> tuple[str, TokenClaims]:
    """A fresh access token for a service account, valid for one hour of server time."""
    claims = TokenClaims(account_id, client_id, secrets.token_hex(16), now + TOKEN_LIFETIME_SECONDS)
    payload = {
        "sub": account_id,
        "cid": client_id,
        "jti": claims.jti,
        "iat": now,
        "exp": claims.expires_at,
        "aud": "atlas-access",
    }
    return jwt.encode(payload, key, algorithm=_ALGORITHM), claims


# Tokens whose signature and claims already checked out: a request re-sending one skips the HMAC and JSON
# work (expiry and revocation are still checked every time). Bounded; the oldest entries go first.
_VERIFIED: dict[tuple[bytes, str], TokenClaims] = {}
_VERIFIED_MAX = 10_000


def verify(key: bytes, token: str, now: int) -> TokenClaims:
    """Check the signature and expiry (by the server clock, which tests may move)."""
    claims = decode(key, token)
    if now >= claims.expires_at:
        raise InvalidToken("expired")
    return claims


def decode(key: bytes, token: str) -> TokenClaims:
    """Check the signature and the claims' shape, not the expiry (see ``verify``)."""
    found = _VERIFIED.get((key, token))
    if found is not None:
        return found
    claims = _decode(key, token)
    if len(_VERIFIED) >= _VERIFIED_MAX:
        _VERIFIED.pop(next(iter(_VERIFIED)), None)
    _VERIFIED[(key, token)] = claims
    return claims


def _decode(key: bytes, token: str) -> TokenClaims:
    try:
        payload = jwt.decode(
            token,
            key,
            algorithms=[_ALGORITHM],
            audience="atlas-access",
            options={"verify_exp": False, "verify_iat": False, "require": ["sub", "cid", "jti", "exp"]},
        )
    except jwt.PyJWTError as error:
        raise InvalidToken(str(error)) from None
    expires_at = payload["exp"]
    if not isinstance(expires_at, int):
        raise InvalidToken("malformed expiry")
    if not all(isinstance(payload[name], str) for name in ("sub", "cid", "jti")):
        raise InvalidToken("malformed claims")
    return TokenClaims(payload["sub"], payload["cid"], payload["jti"], expires_at)
