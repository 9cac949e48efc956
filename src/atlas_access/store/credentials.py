"""API keys, service accounts, their secrets and access lists, revoked tokens and used Digest nonces.

The lookups that authenticate a request also bring the server clock's offset and whether the credential
has an access list, so that authentication costs one statement.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Exists, delete, exists, select, update

from atlas_access.store.prepared import Prepared, param
from atlas_access.store.settings import clock_offset_column, offset_seconds
from atlas_access.store.tables import (
    access_list_entries,
    api_keys,
    digest_nonce_uses,
    revoked_tokens,
    service_account_secrets,
    service_accounts,
)
from atlas_access.store.upsert import insert_if_absent


@dataclass(frozen=True, slots=True)
class ApiKeyCredential:
    id: str
    org_id: str
    public_key: str
    ha1: str
    has_access_list: bool


@dataclass(frozen=True, slots=True)
class ServiceAccountCredential:
    id: str
    org_id: str
    client_id: str
    has_access_list: bool = False


@dataclass(frozen=True, slots=True)
class Secret:
    id: str
    secret_hash: str
    expires_at: int


def _has_access_list(owner: ColumnElement[Any]) -> Exists:
    return exists().where(access_list_entries.c.owner_id == owner)


_API_KEY = Prepared(
    select(
        api_keys.c.id,
        api_keys.c.org_id,
        api_keys.c.public_key,
        api_keys.c.ha1,
        _has_access_list(api_keys.c.id),
        clock_offset_column(),
    ).where(api_keys.c.public_key == param("public_key"))
)
_ACCOUNT_FOR_TOKEN = Prepared(
    select(
        service_accounts.c.id,
        service_accounts.c.org_id,
        service_accounts.c.client_id,
        _has_access_list(service_accounts.c.id),
        exists().where(revoked_tokens.c.jti == param("jti")),
        clock_offset_column(),
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


def api_key(conn: Connection, public_key: str) -> tuple[ApiKeyCredential | None, int | None]:
    """The API key with this public key and the clock offset (both None when there is no such key)."""
    row = _API_KEY.first(conn, public_key=public_key)
    if row is None:
        return None, None
    return ApiKeyCredential(row[0], row[1], row[2], row[3], bool(row[4])), offset_seconds(row[5])


@dataclass(frozen=True, slots=True)
class TokenHolder:
    account: ServiceAccountCredential
    revoked: bool
    offset_seconds: int


def token_holder(conn: Connection, account_id: str, jti: str) -> TokenHolder | None:
    """The service account a token names, whether the token was revoked, and the clock offset."""
    row = _ACCOUNT_FOR_TOKEN.first(conn, id=account_id, jti=jti)
    if row is None:
        return None
    account = ServiceAccountCredential(row[0], row[1], row[2], bool(row[3]))
    return TokenHolder(account, bool(row[4]), offset_seconds(row[5]))


def service_account_by_client_id(conn: Connection, client_id: str) -> ServiceAccountCredential | None:
    row = _SA_BY_CLIENT.first(conn, client_id=client_id)
    return None if row is None else ServiceAccountCredential(row[0], row[1], row[2])


def secrets(conn: Connection, account_id: str) -> list[Secret]:
    return [Secret(row[0], row[1], row[2]) for row in _SECRETS.rows(conn, account=account_id)]


def mark_secret_used(conn: Connection, secret_id: str, now: int) -> None:
    _SECRET_USED.count(conn, id=secret_id, now=now)


def access_list(conn: Connection, owner_id: str) -> tuple[str, ...]:
    return tuple(row[0] for row in _ACCESS_LIST.rows(conn, owner=owner_id))


def revoke(conn: Connection, jti: str, expires_at: int) -> None:
    insert_if_absent(conn, revoked_tokens, {"jti": jti, "expires_at": expires_at})


def claim_nonce_use(conn: Connection, nonce: str, nc: str, cnonce: str, expires_at: int) -> bool:
    """Record one use of a Digest (nonce, nc, cnonce); False when it was used before (a replay)."""
    values = {"nonce": nonce, "nc": nc, "cnonce": cnonce, "expires_at": expires_at}
    return insert_if_absent(conn, digest_nonce_uses, values)


def prune(conn: Connection, now: int) -> int:
    """Forget nonce uses and revoked tokens that can no longer matter."""
    gone = conn.execute(delete(digest_nonce_uses).where(digest_nonce_uses.c.expires_at < now)).rowcount
    gone += conn.execute(delete(revoked_tokens).where(revoked_tokens.c.expires_at < now)).rowcount
    return int(gone)
