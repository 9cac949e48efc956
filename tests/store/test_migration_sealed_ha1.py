"""Migration 0007: API keys' HA1 kept in clear are sealed with the caller's sealer (the server's credential key);
without one, a database holding some refuses to migrate, and a downgrade opens them again."""

from __future__ import annotations

import hashlib
import secrets

import pytest
from alembic import command
from sqlalchemy import column, insert, select, table

from atlas_access.server.auth.ha1_seal import Ha1Seal
from atlas_access.store import migrate
from atlas_access.store.database import Database
from atlas_access.store.tables import api_keys, organizations
from support.migrations import upgraded_to

ORG = "a" * 24
KEY = "b" * 24
PUBLIC = "abcdefgh"
HA1 = hashlib.md5(b"abcdefgh:MMS Public API:c8150efd-c7a0-4afd-8c4f-01bdd56c8977").hexdigest()


@pytest.fixture
def database(empty_database: Database) -> Database:
    """A database of each engine at migration 0006, holding one API key whose HA1 is in clear."""
    with upgraded_to(empty_database, "0006") as conn:
        conn.execute(insert(organizations).values(id=ORG, name="Acme", created_at=1))
        names = ("id", "org_id", "public_key", "ha1", "private_key_mask", "description", "created_at")
        plain = table("api_keys", *(column(name) for name in names))
        conn.execute(insert(plain).values(dict(zip(names, (KEY, ORG, PUBLIC, HA1, "****", "", 1), strict=True))))
    return empty_database


def _stored(db: Database) -> str:
    with db.engine.connect() as conn:
        return str(conn.execute(select(api_keys.c.ha1_sealed)).scalar_one())


def test_clear_ha1_are_sealed_with_the_callers_key(database: Database) -> None:
    with pytest.raises(RuntimeError, match="HA1 in clear"):
        migrate.upgrade(database)  # nobody to seal them: nothing happens
    seal = Ha1Seal.of([secrets.token_bytes(32)])
    migrate.upgrade(database, ha1_sealing=lambda: seal)
    sealed = _stored(database)
    assert sealed != HA1 and HA1 not in sealed
    assert seal.open(PUBLIC, sealed) == HA1
    migrate.upgrade(database)  # at the head: nothing more to seal, no sealer needed


def test_a_downgrade_opens_them_with_the_same_keys_only(database: Database) -> None:
    seal = Ha1Seal.of([secrets.token_bytes(32)])
    migrate.upgrade(database, ha1_sealing=lambda: seal)
    config = migrate.alembic_config()
    for refusal, sealing in (("keys", None), ("lacks", lambda: Ha1Seal.of([secrets.token_bytes(32)]))):
        with pytest.raises(RuntimeError, match=refusal), database.engine.begin() as conn:
            config.attributes.update(connection=conn, ha1_sealing=sealing)
            command.downgrade(config, "0006")
    with database.engine.begin() as conn:
        config.attributes.update(connection=conn, ha1_sealing=lambda: seal)
        command.downgrade(config, "0006")
    with database.engine.connect() as conn:
        plain = table("api_keys", column("ha1"))
        assert conn.execute(select(plain.c.ha1)).scalar_one() == HA1
