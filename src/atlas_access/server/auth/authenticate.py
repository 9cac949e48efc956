"""Authenticate one API request: Digest with an API key, or a Bearer token of a service account.

One statement finds the credential, whether it has an access list, and the server clock's offset; the request
pipeline passes lookups that keep that answer while the access generation stays the same (``server.access_cache``).

Nonces and tokens are checked by the server clock (which tests move) and by the real clock (which nobody moves):
moving the server clock back never revives a used nonce count or a revoked token (``store.credentials``).
"""

import hashlib
import logging
from dataclasses import dataclass
from typing import NamedTuple

from atlas_access.core.clock import real_now
from atlas_access.server.access_cache import AccessLookups, uncached
from atlas_access.server.auth import digest, tokens
from atlas_access.server.auth.ha1_seal import Ha1Seal
from atlas_access.server.auth.principal import API_KEY, SERVICE_ACCOUNT, AuthenticationRequired, Principal, Refusal
from atlas_access.server.keys import KeySet
from atlas_access.store import credentials, settings
from atlas_access.store.database import Transaction

log = logging.getLogger("atlas_access.server")
BEARER_CHALLENGE = 'Bearer error="invalid_token"'
# How much longer than a nonce's or a token's real-time life its record is kept (clocks of other processes).
NONCE_USE_SLACK_SECONDS = 60
REVOCATION_SLACK_SECONDS = 60


@dataclass(frozen=True, slots=True)
class ServerKeys:
    """The signing and sealing keys every server process shares (``server.keys``: never in the database)."""

    token_keys: tuple[bytes, ...]  # the first signs new tokens; all verify
    nonces: digest.Nonces
    ha1_seal: Ha1Seal  # seals API keys' HA1 (the current credential key); opens them (every credential key)

    @classmethod
    def of(cls, keys: KeySet) -> "ServerKeys":
        return cls(keys.token, digest.Nonces(keys.nonce[0], previous=keys.nonce[1:]), keys.ha1_seal())

    @property
    def token_key(self) -> bytes:
        """The key that signs new tokens."""
        return self.token_keys[0]


# Not frozen: one is made for every request, and a frozen dataclass takes four times as long to make.
@dataclass(slots=True)
class Attempt:
    """What authentication looks at in a request."""

    authorization: str | None
    method: str
    target: str  # path and query exactly as on the request line


# Not frozen: one is made for every request, and a frozen dataclass takes four times as long to make.
@dataclass(slots=True)
class Authenticated:
    principal: Principal
    clock: float  # the server clock (real time plus the offset), to the fraction of a second
    has_access_list: bool
    access_list_required: bool = False  # the credential's organization requires API access lists

    @property
    def now(self) -> int:
        return int(self.clock)


def authenticate(
    conn: Transaction, keys: ServerKeys, attempt: Attempt, lookups: AccessLookups | None = None
) -> Authenticated:
    """Who sent ``attempt``, or the challenge to answer; the credential is looked up through ``lookups`` (kept
    answers of the unit's access generation) when given."""
    header = attempt.authorization or ""
    scheme, _, rest = header.partition(" ")
    scheme = scheme.lower()
    lookups = lookups or uncached(conn)
    if scheme == "digest":
        return _digest(conn, keys, attempt, lookups)
    if scheme == "bearer" and rest.strip():
        return bearer(keys, rest.strip(), lookups)
    refusal = Refusal.MALFORMED_HEADER if header.strip() else Refusal.NO_CREDENTIALS
    raise _challenge(keys, settings.clock_offset(conn), refusal)


def bearer_token(attempt: Attempt) -> str | None:
    """The token of a Bearer ``attempt``; None for any other (``authenticate`` answers those)."""
    scheme, _, rest = (attempt.authorization or "").partition(" ")
    return rest.strip() or None if scheme.lower() == "bearer" else None


def writes(attempt: Attempt) -> bool:
    """Whether authenticating ``attempt`` writes: a Digest response records the use of its nonce (replays)."""
    return (attempt.authorization or "")[:7].lower() == "digest "


def _challenge(
    keys: ServerKeys, offset: int, refusal: Refusal, offered: Principal | None = None, *, stale: bool = False
) -> AuthenticationRequired:
    real = real_now()
    challenge = digest.challenge(keys.nonces.issue(real + offset, real), stale=stale)
    return AuthenticationRequired(challenge, refusal, offered)


def _digest(conn: Transaction, keys: ServerKeys, attempt: Attempt, lookups: AccessLookups) -> Authenticated:
    try:
        creds = digest.parse_authorization(attempt.authorization or "")
    except digest.DigestParseError:
        raise _challenge(keys, settings.clock_offset(conn), Refusal.MALFORMED_HEADER) from None
    key, offset = lookups.api_key(creds.username)
    if key is None or offset is None:
        raise _challenge(keys, settings.clock_offset(conn), Refusal.UNKNOWN_KEY)
    real = real_now()
    clock = real + offset
    now = int(clock)
    status = keys.nonces.check(creds.nonce, now, real)
    ha1 = keys.ha1_seal.open(key.public_key, key.ha1_sealed)
    if ha1 is None:  # sealed with a credential key this server lacks (or altered): a bad credential, never a 500
        log.warning("the HA1 of API key %s does not open with this server's credential keys", key.public_key)
    offered = Principal(API_KEY, key.id, key.public_key, key.org_id)
    refusal = _digest_refusal(creds, status, ha1, attempt)
    if refusal is not None:
        raise _challenge(keys, offset, refusal, offered)
    if status is digest.NonceStatus.STALE:
        raise _challenge(keys, offset, Refusal.STALE_NONCE, offered, stale=True)
    # Kept until the nonce is stale by the real clock (a minute more for clocks of other processes).
    keep_until = int(real) + int(keys.nonces.lifetime_seconds) + NONCE_USE_SLACK_SECONDS
    if not credentials.claim_nonce_use(conn, creds.nonce, creds.nc or "", creds.cnonce or "", keep_until):
        raise _challenge(keys, offset, Refusal.REPLAYED_NONCE, offered)  # a replayed (nonce, nc, cnonce)
    return Authenticated(offered, clock, key.has_access_list, key.access_list_required)


def _digest_refusal(
    creds: digest.DigestCredentials, status: digest.NonceStatus, ha1: str | None, attempt: Attempt
) -> Refusal | None:
    """Why a Digest response is refused before its nonce's age counts (all answer the same challenge)."""
    if status is digest.NonceStatus.INVALID:
        return Refusal.UNKNOWN_NONCE
    if ha1 is None:
        return Refusal.UNREADABLE_KEY
    if creds.realm != digest.REALM or not digest.verify(creds, ha1, attempt.method, attempt.target):
        return Refusal.BAD_SIGNATURE
    return None


def bearer(keys: ServerKeys, token: str, lookups: AccessLookups) -> Authenticated:
    """The service account whose access token ``token`` is, through ``lookups`` (the only lookup: no other
    statement)."""
    return bearer_holder(keys, token, lookups).at(real_now())


class BearerHolder(NamedTuple):  # a tuple: made for every Bearer request, and a tuple is made the quickest
    """What a token and the lookups of one access generation say of its holder, whatever the time: ``at`` adds the
    clock. Kept with that generation's answers, it answers every request with the token the same way
    (``server.wire.guarded``)."""

    principal: Principal
    offset_seconds: int  # the server clock's offset
    expires_at: int  # by the server clock
    real_end: int  # by the real clock
    has_access_list: bool
    access_list_required: bool

    def at(self, real: float) -> Authenticated:
        """The holder authenticated at real time ``real``; 401 once the token has ended."""
        clock = real + self.offset_seconds
        # Ended by the server clock, or by the real clock (the server clock was moved back since it was made).
        if int(clock) >= self.expires_at or int(real) >= self.real_end:
            raise AuthenticationRequired(BEARER_CHALLENGE, Refusal.EXPIRED_TOKEN, self.principal)
        return Authenticated(self.principal, clock, self.has_access_list, self.access_list_required)


def bearer_holder(keys: ServerKeys, token: str, lookups: AccessLookups) -> BearerHolder:
    """``bearer`` but for the clock: the refusals that do not depend on the time, raised in its order."""
    try:
        claims = tokens.decode(keys.token_keys, token)
    except tokens.InvalidToken:
        raise AuthenticationRequired(BEARER_CHALLENGE, Refusal.INVALID_TOKEN) from None
    holder = lookups.token_holder(claims.account_id, claims.jti)
    if holder is None:
        raise AuthenticationRequired(BEARER_CHALLENGE, Refusal.UNKNOWN_ACCOUNT)
    account = holder.account
    if account.client_id != claims.client_id:
        raise AuthenticationRequired(BEARER_CHALLENGE, Refusal.INVALID_TOKEN)
    principal = Principal(SERVICE_ACCOUNT, account.id, account.client_id, account.org_id)
    if holder.revoked:
        raise AuthenticationRequired(BEARER_CHALLENGE, Refusal.REVOKED_TOKEN, principal)
    offset = holder.offset_seconds
    return BearerHolder(
        principal,
        offset,
        claims.expires_at,
        claims.real_end(offset),
        account.has_access_list,
        account.access_list_required,
    )


def hash_secret(secret: str) -> str:
    """Secrets are random and long, so one SHA-256 is the right hash; only the hash is stored."""
    return hashlib.sha256(secret.encode()).hexdigest()
