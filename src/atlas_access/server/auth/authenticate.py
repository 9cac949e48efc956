"""Authenticate one API request: Digest with an API key, or a Bearer token of a service account.

One statement finds the credential, whether it has an access list, and the server clock's offset.
"""

import hashlib
from dataclasses import dataclass

from sqlalchemy import Connection

from atlas_access.core.clock import real_now
from atlas_access.server.auth import digest, tokens
from atlas_access.server.auth.principal import API_KEY, SERVICE_ACCOUNT, AuthenticationRequired, Principal
from atlas_access.store import credentials, settings

BEARER_CHALLENGE = 'Bearer error="invalid_token"'


@dataclass(frozen=True, slots=True)
class ServerKeys:
    """Key material every server process shares through the database."""

    token_key: bytes
    nonces: digest.Nonces


@dataclass(frozen=True, slots=True)
class Attempt:
    """What authentication looks at in a request."""

    authorization: str | None
    method: str
    target: str  # path and query exactly as on the request line


@dataclass(frozen=True, slots=True)
class Authenticated:
    principal: Principal
    clock: float  # the server clock (real time plus the offset), to the fraction of a second
    has_access_list: bool

    @property
    def now(self) -> int:
        return int(self.clock)


def authenticate(conn: Connection, keys: ServerKeys, attempt: Attempt) -> Authenticated:
    header = attempt.authorization or ""
    scheme, _, rest = header.partition(" ")
    scheme = scheme.lower()
    if scheme == "digest":
        return _digest(conn, keys, attempt)
    if scheme == "bearer" and rest.strip():
        return _bearer(conn, keys, rest.strip())
    raise _challenge(keys, _server_now(conn))


def _server_now(conn: Connection) -> int:
    return int(real_now()) + settings.clock_offset(conn)


def _challenge(keys: ServerKeys, now: int, stale: bool = False) -> AuthenticationRequired:
    return AuthenticationRequired(digest.challenge(keys.nonces.issue(now), stale=stale))


def _digest(conn: Connection, keys: ServerKeys, attempt: Attempt) -> Authenticated:
    try:
        creds = digest.parse_authorization(attempt.authorization or "")
    except digest.DigestParseError:
        raise _challenge(keys, _server_now(conn)) from None
    key, offset = credentials.api_key(conn, creds.username)
    if key is None or offset is None:
        raise _challenge(keys, _server_now(conn))
    clock = real_now() + offset
    now = int(clock)
    status = keys.nonces.check(creds.nonce, now)
    if (
        creds.realm != digest.REALM
        or status is digest.NonceStatus.INVALID
        or not digest.verify(creds, key.ha1, attempt.method, attempt.target)
    ):
        raise _challenge(keys, now)
    if status is digest.NonceStatus.STALE:
        raise _challenge(keys, now, stale=True)
    expires_at = now + int(keys.nonces.lifetime_seconds) + 60
    if not credentials.claim_nonce_use(conn, creds.nonce, creds.nc or "", creds.cnonce or "", expires_at):
        raise _challenge(keys, now)  # a replayed (nonce, nc, cnonce)
    return Authenticated(Principal(API_KEY, key.id, key.public_key, key.org_id), clock, key.has_access_list)


def _bearer(conn: Connection, keys: ServerKeys, token: str) -> Authenticated:
    try:
        claims = tokens.decode(keys.token_key, token)
    except tokens.InvalidToken:
        raise AuthenticationRequired(BEARER_CHALLENGE) from None
    holder = credentials.token_holder(conn, claims.account_id, claims.jti)
    if holder is None or holder.revoked or holder.account.client_id != claims.client_id:
        raise AuthenticationRequired(BEARER_CHALLENGE)
    clock = real_now() + holder.offset_seconds
    if int(clock) >= claims.expires_at:
        raise AuthenticationRequired(BEARER_CHALLENGE)
    account = holder.account
    principal = Principal(SERVICE_ACCOUNT, account.id, account.client_id, account.org_id)
    return Authenticated(principal, clock, account.has_access_list)


def hash_secret(secret: str) -> str:
    """Secrets are random and long, so one SHA-256 is the right hash; only the hash is stored."""
    return hashlib.sha256(secret.encode()).hexdigest()
