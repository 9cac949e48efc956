"""Service accounts' OAuth 2.0 tokens: issuing one for a client's id and secret, and revoking one (RFC 7009).

A client is its ``(client_id, secret)`` pair as the token endpoint read it; a secret is good while it has not
expired by the server's clock, and using one marks it used.
"""

import hmac

from atlas_access.core.clock import real_now, server_now
from atlas_access.core.credentials import ServiceAccountCredential
from atlas_access.server.auth import tokens
from atlas_access.server.auth.authenticate import REVOCATION_SLACK_SECONDS, ServerKeys, hash_secret
from atlas_access.store import credentials, settings
from atlas_access.store.database import Transaction

Client = tuple[str, str]  # (client id, secret)


def _account(conn: Transaction, client: Client, now: int) -> ServiceAccountCredential | None:
    """The service account whose id and live secret the client gave; None for any other pair."""
    account = credentials.service_account_by_client_id(conn, client[0])
    if account is None:
        return None
    offered = hash_secret(client[1])
    for secret in credentials.secrets(conn, account.id):
        if hmac.compare_digest(secret.secret_hash, offered) and now < secret.expires_at:
            credentials.mark_secret_used(conn, secret.id, now)
            return account
    return None


def issue(conn: Transaction, keys: ServerKeys, client: Client) -> str | None:
    """A new access token for the client's service account; None if the id and secret do not match one."""
    now = server_now(settings.clock_offset(conn))
    account = _account(conn, client, now)
    if account is None:
        return None
    issued, _ = tokens.issue(keys.token_key, account.id, account.client_id, now, real=int(real_now()))
    return issued


def revoke(conn: Transaction, keys: ServerKeys, client: Client, raw_token: str) -> bool:
    """Revoke a token the client's service account was issued; False if the id and secret do not match one. An
    invalid or expired token, or another account's, needs no revoking (True)."""
    offset = settings.clock_offset(conn)
    now = server_now(offset)
    account = _account(conn, client, now)
    if account is None:
        return False
    try:
        claims = tokens.verify(keys.token_keys, raw_token, now)
    except tokens.InvalidToken:
        return True
    if claims.client_id == account.client_id:
        # Kept until the token has ended by the real clock too: forgetting it then revives nothing.
        credentials.revoke(conn, claims.jti, claims.real_end(offset) + REVOCATION_SLACK_SECONDS)
    return True
