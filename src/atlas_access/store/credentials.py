"""API keys, service accounts, their secrets and access lists, revoked tokens and used Digest nonces."""

from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, delete, select, update

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


@dataclass(frozen=True, slots=True)
class ServiceAccountCredential:
    id: str
    org_id: str
    client_id: str


@dataclass(frozen=True, slots=True)
class Secret:
    id: str
    secret_hash: str
    expires_at: int


_API_KEY = select(api_keys.c.id, api_keys.c.org_id, api_keys.c.public_key, api_keys.c.ha1).where(
    api_keys.c.public_key == bindparam("public_key")
)
_SA_BY_ID = select(service_accounts.c.id, service_accounts.c.org_id, service_accounts.c.client_id).where(
    service_accounts.c.id == bindparam("id")
)
_SA_BY_CLIENT = select(service_accounts.c.id, service_accounts.c.org_id, service_accounts.c.client_id).where(
    service_accounts.c.client_id == bindparam("client_id")
)
_REVOKED = select(revoked_tokens.c.jti).where(revoked_tokens.c.jti == bindparam("jti"))
_ACCESS_LIST = select(access_list_entries.c.cidr).where(access_list_entries.c.owner_id == bindparam("owner"))


def api_key(conn: Connection, public_key: str) -> ApiKeyCredential | None:
    row = conn.execute(_API_KEY, {"public_key": public_key}).first()
    return None if row is None else ApiKeyCredential(row.id, row.org_id, row.public_key, row.ha1)


def service_account_by_id(conn: Connection, account_id: str) -> ServiceAccountCredential | None:
    row = conn.execute(_SA_BY_ID, {"id": account_id}).first()
    return None if row is None else ServiceAccountCredential(row.id, row.org_id, row.client_id)


def service_account_by_client_id(conn: Connection, client_id: str) -> ServiceAccountCredential | None:
    row = conn.execute(_SA_BY_CLIENT, {"client_id": client_id}).first()
    return None if row is None else ServiceAccountCredential(row.id, row.org_id, row.client_id)


def secrets(conn: Connection, account_id: str) -> list[Secret]:
    rows = conn.execute(
        select(
            service_account_secrets.c.id,
            service_account_secrets.c.secret_hash,
            service_account_secrets.c.expires_at,
        ).where(service_account_secrets.c.service_account_id == account_id)
    )
    return [Secret(row.id, row.secret_hash, row.expires_at) for row in rows]


def mark_secret_used(conn: Connection, secret_id: str, now: int) -> None:
    conn.execute(
        update(service_account_secrets).where(service_account_secrets.c.id == secret_id).values(last_used_at=now)
    )


def access_list(conn: Connection, owner_id: str) -> tuple[str, ...]:
    return tuple(row.cidr for row in conn.execute(_ACCESS_LIST, {"owner": owner_id}))


def is_revoked(conn: Connection, jti: str) -> bool:
    return conn.execute(_REVOKED, {"jti": jti}).first() is not None


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
