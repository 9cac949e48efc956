"""Authenticate one API request: Digest with an API key, or a Bearer token of a service account."""

import hashlib
from dataclasses import dataclass

from sqlalchemy import Connection

from atlas_access.server.auth import digest, tokens
from atlas_access.server.auth.principal import API_KEY, SERVICE_ACCOUNT, AuthenticationRequired, Principal
from atlas_access.store import credentials

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


def authenticate(conn: Connection, keys: ServerKeys, attempt: Attempt, now: int) -> Principal:
    header = attempt.authorization or ""
    scheme, _, rest = header.partition(" ")
    scheme = scheme.lower()
    if scheme == "digest":
        return _digest(conn, keys, attempt, now)
    if scheme == "bearer" and rest.strip():
        return _bearer(conn, keys, rest.strip(), now)
    raise _challenge(keys, now)


def _challenge(keys: ServerKeys, now: int, stale: bool = False) -> AuthenticationRequired:
    return AuthenticationRequired(digest.challenge(keys.nonces.issue(now), stale=stale))


def _digest(conn: Connection, keys: ServerKeys, attempt: Attempt, now: int) -> Principal:
    try:
        creds = digest.parse_authorization(attempt.authorization or "")
    except digest.DigestParseError:
        raise _challenge(keys, now) from None
    status = keys.nonces.check(creds.nonce, now)
    key = credentials.api_key(conn, creds.username)
    if (
        creds.realm != digest.REALM
        or status is digest.NonceStatus.INVALID
        or key is None
        or not digest.verify(creds, key.ha1, attempt.method, attempt.target)
    ):
        raise _challenge(keys, now)
    if status is digest.NonceStatus.STALE:
        raise _challenge(keys, now, stale=True)
    expires_at = now + int(keys.nonces.lifetime_seconds) + 60
    if not credentials.claim_nonce_use(conn, creds.nonce, creds.nc or "", creds.cnonce or "", expires_at):
        raise _challenge(keys, now)  # a replayed (nonce, nc, cnonce)
    return Principal(API_KEY, key.id, key.public_key, key.org_id)


def _bearer(conn: Connection, keys: ServerKeys, token: str, now: int) -> Principal:
    try:
        claims = tokens.verify(keys.token_key, token, now)
    except tokens.InvalidToken:
        raise AuthenticationRequired(BEARER_CHALLENGE) from None
    if credentials.is_revoked(conn, claims.jti):
        raise AuthenticationRequired(BEARER_CHALLENGE)
    account = credentials.service_account_by_id(conn, claims.account_id)
    if account is None or account.client_id != claims.client_id:
        raise AuthenticationRequired(BEARER_CHALLENGE)
    return Principal(SERVICE_ACCOUNT, account.id, account.client_id, account.org_id)


def hash_secret(secret: str) -> str:
    """Secrets are random and long, so one SHA-256 is the right hash; only the hash is stored."""
    return hashlib.sha256(secret.encode()).hexdigest()
