"""API keys, service accounts, their secrets and access lists, revoked tokens and used Digest nonces.

The lookups that authenticate a request also bring the server clock's offset and whether the credential
has an access list, so that authentication costs one statement.
"""

from typing import Any

from sqlalchemy import ColumnElement, Connection, Exists, delete, exists, select, update

from atlas_access.core.credentials import ApiKeyCredential, SecretHash, ServiceAccountCredential, TokenHolder
from atlas_access.store.prepared import Prepared, param
from atlas_access.store.settings import clock_offset_column, offset_seconds
from atlas_access.store.tables import (
    access_list_entries,
    api_keys,
    digest_nonce_uses,
    org_settings,
    revoked_tokens,
    service_account_secrets,
    service_accounts,
)
from atlas_access.store.upsert import insert_if_absent

__all__ = ["ApiKeyCredential", "SecretHash", "ServiceAccountCredential", "TokenHolder"]


def _has_access_list(owner: ColumnElement[Any]) -> Exists:
    return exists().where(access_list_entries.c.owner_id == owner)


def _access_list_required(org: ColumnElement[Any]) -> Exists:
    """Whether the credential's organization requires API access lists (docs/org-settings.md)."""
    return exists().where(org_settings.c.org_id == org, org_settings.c.api_access_list_required == 1)


_API_KEY = Prepared(
    select(
        api_keys.c.id,
        api_keys.c.org_id,
        api_keys.c.public_key,
        api_keys.c.ha1_sealed,
        _has_access_list(api_keys.c.id).label("has_access_list"),
        _access_list_required(api_keys.c.org_id).label("access_list_required"),
        clock_offset_column().label("clock_offset"),
    ).where(api_keys.c.public_key == param("public_key"))
)
_SEALED_HA1 = Prepared(select(api_keys.c.id, api_keys.c.public_key, api_keys.c.ha1_sealed).order_by(api_keys.c.id))
_RESEAL_HA1 = Prepared(
    update(api_keys)
    .where(api_keys.c.id == param("id"), api_keys.c.ha1_sealed == param("was"))
    .values(ha1_sealed=param("sealed"))
)
_ACCOUNT_FOR_TOKEN = Prepared(
    select(
        service_accounts.c.id,
        service_accounts.c.org_id,
        service_accounts.c.client_id,
        _has_access_list(service_accounts.c.id).label("has_access_list"),
        _access_list_required(service_accounts.c.org_id).label("access_list_required"),
        exists().where(revoked_tokens.c.jti == param("jti")).label("revoked"),
        clock_offset_column().label("clock_offset"),
    ).where(service_accounts.c.id == param("id"))
)
_SA_BY_CLIENT = Prepared(
    select(service_accounts.c.id, service_accounts.c.org_id, service_accounts.c.client_id).where(
        service_accounts.c.client_id == param("client_id")
    )
)
_SECRETS = Prepared(
    select(
        service_account_secrets.c.id, service_account_secrets.c.secret_hash, service_account_secrets.c.expires_at
    ).where(service_account_secrets.c.service_account_id == param("account"))
)
_SECRET_USED = Prepared(
    update(service_account_secrets).where(service_account_secrets.c.id == param("id")).values(last_used_at=param("now"))
)
_ACCESS_LIST = Prepared(select(access_list_entries.c.cidr).where(access_list_entries.c.owner_id == param("owner")))
_FORGET_NONCE_USES = Prepared(delete(digest_nonce_uses).where(digest_nonce_uses.c.expires_at < param("now")))
_FORGET_REVOCATIONS = Prepared(delete(revoked_tokens).where(revoked_tokens.c.expires_at < param("now")))


def api_key(conn: Connection, public_key: str) -> tuple[ApiKeyCredential | None, int | None]:
    """The API key with this public key and the clock offset (both None when there is no such key)."""
    row = _API_KEY.first(conn, public_key=public_key)
    if row is None:
        return None, None
    key = ApiKeyCredential(
        row["id"],
        row["org_id"],
        row["public_key"],
        row["ha1_sealed"],
        bool(row["has_access_list"]),
        bool(row["access_list_required"]),
    )
    return key, offset_seconds(row["clock_offset"])


def sealed_ha1(conn: Connection) -> list[tuple[str, str, str]]:
    """Every API key's id, public key and sealed HA1: for a key rotation that seals them again."""
    return [(row["id"], row["public_key"], row["ha1_sealed"]) for row in _SEALED_HA1.rows(conn)]


def reseal_ha1(conn: Connection, key_id: str, was: str, sealed: str) -> bool:
    """Replace an API key's sealed HA1 ``was`` with ``sealed`` (the same HA1 sealed with another key); False when
    the key is gone or its sealed HA1 is no longer ``was``."""
    return _RESEAL_HA1.count(conn, id=key_id, was=was, sealed=sealed) == 1


def token_holder(conn: Connection, account_id: str, jti: str) -> TokenHolder | None:
    """The service account a token names, whether the token was revoked, and the clock offset."""
    row = _ACCOUNT_FOR_TOKEN.first(conn, id=account_id, jti=jti)
    if row is None:
        return None
    account = ServiceAccountCredential(
        row["id"], row["org_id"], row["client_id"], bool(row["has_access_list"]), bool(row["access_list_required"])
    )
    return TokenHolder(account, bool(row["revoked"]), offset_seconds(row["clock_offset"]))


def service_account_by_client_id(conn: Connection, client_id: str) -> ServiceAccountCredential | None:
    row = _SA_BY_CLIENT.first(conn, client_id=client_id)
    return None if row is None else ServiceAccountCredential(row["id"], row["org_id"], row["client_id"])


def secrets(conn: Connection, account_id: str) -> list[SecretHash]:
    rows = _SECRETS.rows(conn, account=account_id)
    return [SecretHash(row["id"], row["secret_hash"], row["expires_at"]) for row in rows]


def mark_secret_used(conn: Connection, secret_id: str, now: int) -> None:
    _SECRET_USED.count(conn, id=secret_id, now=now)


def access_list(conn: Connection, owner_id: str) -> tuple[str, ...]:
    return tuple(row["cidr"] for row in _ACCESS_LIST.rows(conn, owner=owner_id))


# Revocations and nonce uses are kept until a moment of real time (the wall clock, which the local control API
# does not move), after which the token or nonce they are about is refused anyway: so forgetting them can never
# let a token or a nonce be accepted again, wherever the server clock is moved afterwards.


def revoke(conn: Connection, jti: str, keep_until: int) -> None:
    """Record a revoked token, kept until ``keep_until`` (real time, after the token's own real-time end)."""
    insert_if_absent(conn, revoked_tokens, {"jti": jti, "expires_at": keep_until})


def claim_nonce_use(conn: Connection, nonce: str, nc: str, cnonce: str, keep_until: int) -> bool:
    """Record one use of a Digest (nonce, nc, cnonce), kept until ``keep_until`` (real time, after the nonce's own
    real-time end); False when it was used before (a replay)."""
    values = {"nonce": nonce, "nc": nc, "cnonce": cnonce, "expires_at": keep_until}
    return insert_if_absent(conn, digest_nonce_uses, values)


def prune(conn: Connection, real_now: int) -> int:
    """Forget nonce uses and revoked tokens kept until before ``real_now`` (real time, never the server clock)."""
    return _FORGET_NONCE_USES.count(conn, now=real_now) + _FORGET_REVOCATIONS.count(conn, now=real_now)
