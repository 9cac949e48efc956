"""Creating API keys and service accounts. Secrets are returned once and stored only as hashes (an API key's
Digest HA1, which answers a challenge as its private key does, sealed with the credential key as well)."""

from dataclasses import dataclass

from atlas_access.core.api_keys import ApiKey
from atlas_access.core.ids import new_client_id, new_client_secret, new_id, new_private_key, new_public_key
from atlas_access.core.service_accounts import Account, Secret
from atlas_access.server.auth import digest
from atlas_access.server.auth.authenticate import hash_secret
from atlas_access.server.services.context import Context
from atlas_access.store import access_lists, api_keys, service_accounts
from atlas_access.store.database import Transaction


@dataclass(frozen=True, slots=True)
class NewApiKey:
    id: str
    public_key: str
    private_key: str  # shown once


@dataclass(frozen=True, slots=True)
class NewServiceAccount:
    id: str
    client_id: str
    secret_id: str
    secret: str  # shown once
    secret_expires_at: int


PRIVATE_KEY_MASK_PREFIX = "********-****-****-"


def private_key_mask(private_key: str) -> str:
    """``c8150efd-c7a0-4afd-8c4f-01bdd56c8977`` -> ``********-****-****-01bdd56c8977``, as MongoDB Cloud shows a
    private key after its creation (recorded)."""
    return PRIVATE_KEY_MASK_PREFIX + private_key[-12:]


def mask(secret: str, keep: int = 4) -> str:
    return "*" * max(len(secret) - keep, 0) + secret[-keep:]


def create_api_key(ctx: Context, org_id: str, description: str, fixed: NewApiKey | None = None) -> NewApiKey:
    """A new key of the organization (``fixed``: its id and keys given in advance, checked by the caller); its
    HA1 stored sealed with ``ctx.ha1_seal``."""
    if ctx.ha1_seal is None:
        raise RuntimeError("an API key is made only with the server's credential key (Context.ha1_seal)")
    key = fixed or NewApiKey(new_id(), new_public_key(), new_private_key())
    public_key, private_key = key.public_key, key.private_key
    stored = ApiKey(key.id, org_id, public_key, private_key_mask(private_key), description, ctx.now)
    api_keys.add(ctx.conn, stored, ctx.ha1_seal.close(public_key, digest.compute_ha1(public_key, private_key)))
    return key


def create_service_account(
    conn: Transaction,
    org_id: str,
    name: str,
    description: str,
    secret_hours: int,
    now: int,
    fixed: tuple[str, str] | None = None,
) -> NewServiceAccount:
    """A new service account with one secret; ``fixed``: its client id and secret given in advance, checked by
    the caller."""
    account_id, client_id = new_id(), fixed[0] if fixed else new_client_id()
    service_accounts.add(conn, Account(account_id, org_id, client_id, name, description, now, (), ()))
    secret_id, secret, expires_at = add_secret(conn, account_id, secret_hours, now, fixed[1] if fixed else None)
    return NewServiceAccount(account_id, client_id, secret_id, secret, expires_at)


def add_secret(
    conn: Transaction, account_id: str, hours: int, now: int, fixed: str | None = None
) -> tuple[str, str, int]:
    secret_id, secret = new_id(), fixed or new_client_secret()
    expires_at = now + hours * 3600
    kept = Secret(secret_id, mask(secret), now, expires_at, None)
    service_accounts.add_secret(conn, account_id, kept, hash_secret(secret))
    return secret_id, secret, expires_at


def add_access_list_entry(conn: Transaction, owner_id: str, entry: str, comment: str, now: int) -> str:
    """Add a CIDR block or address to a credential's access list; ValueError if it is neither."""
    added, _new = access_lists.add(conn, owner_id, entry, comment, now)
    return added.cidr
