"""Service-account access tokens: HS256 JWTs checked against the server clock and a revocation table.

Any process holding the signing keys (``server.keys``: a key file or the environment, never the database) can
verify them, so several server processes can share one PostgreSQL without sharing memory.

A token ends after one hour by the server clock (``exp``, which tests move) and after one hour by the real clock
(``rexp``, ours), whichever comes first: moving the server clock back never gives a token a longer life, so its
revocation can be forgotten once its real hour is over.
"""

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

import jwt

TOKEN_LIFETIME_SECONDS = 3600
_ALGORITHM = "HS256"


@dataclass(frozen=True, slots=True)
class TokenClaims:
    account_id: str
    client_id: str
    jti: str
    expires_at: int  # server clock
    real_expires_at: int | None = None  # real clock; None in tokens made before the claim existed

    def real_end(self, offset_seconds: int) -> int:
        """When the token ends by the real clock (for an older token: its server-clock end at today's offset)."""
        if self.real_expires_at is not None:
            return self.real_expires_at
        return self.expires_at - offset_seconds


class InvalidToken(Exception):
    """The token does not verify, has expired or has the wrong shape."""


def issue(key: bytes, account_id: str, client_id: str, now: int, *, real: int) -> tuple[str, TokenClaims]:
    """A fresh access token for a service account, signed with ``key``: valid for one hour of server time
    (``now``) and one hour of real time (``real``)."""
    claims = TokenClaims(
        account_id, client_id, secrets.token_hex(16), now + TOKEN_LIFETIME_SECONDS, real + TOKEN_LIFETIME_SECONDS
    )
    payload = {
        "sub": account_id,
        "cid": client_id,
        "jti": claims.jti,
        "iat": now,
        "exp": claims.expires_at,
        "rexp": claims.real_expires_at,
        "aud": "atlas-access",
    }
    return jwt.encode(payload, key, algorithm=_ALGORITHM), claims


# Tokens whose signature and claims already checked out: a request re-sending one skips the HMAC and JSON
# work (expiry and revocation are still checked every time). Bounded; the oldest entries go first.
_VERIFIED: dict[tuple[tuple[bytes, ...], str], TokenClaims] = {}
_VERIFIED_MAX = 10_000


def verify(keys: Sequence[bytes], token: str, now: int) -> TokenClaims:
    """Check the signature and expiry (by the server clock, which tests may move)."""
    claims = decode(keys, token)
    if now >= claims.expires_at:
        raise InvalidToken("expired")
    return claims


def decode(keys: Sequence[bytes], token: str) -> TokenClaims:
    """Check the signature (made with any of ``keys``: the current one and those a rotation kept) and the claims'
    shape, not the expiry (see ``verify``)."""
    cache_key = (tuple(keys), token)
    found = _VERIFIED.get(cache_key)
    if found is not None:
        return found
    claims = _decode(cache_key[0], token)
    if len(_VERIFIED) >= _VERIFIED_MAX:
        _VERIFIED.pop(next(iter(_VERIFIED)), None)
    _VERIFIED[cache_key] = claims
    return claims


def _decode(keys: tuple[bytes, ...], token: str) -> TokenClaims:
    problem: jwt.PyJWTError = jwt.InvalidSignatureError("no key")
    for key in keys:
        try:
            payload = jwt.decode(
                token,
                key,
                algorithms=[_ALGORITHM],
                audience="atlas-access",
                options={"verify_exp": False, "verify_iat": False, "require": ["sub", "cid", "jti", "exp"]},
            )
        except jwt.InvalidSignatureError as error:
            problem = error  # perhaps signed with another of the keys
            continue
        except jwt.PyJWTError as error:
            raise InvalidToken(str(error)) from None
        return _claims(payload)
    raise InvalidToken(str(problem))


def _claims(payload: dict[str, object]) -> TokenClaims:
    expires_at, real_expires_at = payload["exp"], payload.get("rexp")
    if not isinstance(expires_at, int) or not isinstance(real_expires_at, int | None):
        raise InvalidToken("malformed expiry")
    subject, client_id, jti = payload["sub"], payload["cid"], payload["jti"]
    if not isinstance(subject, str) or not isinstance(client_id, str) or not isinstance(jti, str):
        raise InvalidToken("malformed claims")
    return TokenClaims(subject, client_id, jti, expires_at, real_expires_at)
