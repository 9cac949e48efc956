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


def verify(key: bytes, token: str, now: int) -> TokenClaims:
    """Check the signature and expiry (by the server clock, which tests may move)."""
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
    if not isinstance(expires_at, int) or now >= expires_at:
        raise InvalidToken("expired")
    if not all(isinstance(payload[name], str) for name in ("sub", "cid", "jti")):
        raise InvalidToken("malformed claims")
    return TokenClaims(payload["sub"], payload["cid"], payload["jti"], expires_at)
