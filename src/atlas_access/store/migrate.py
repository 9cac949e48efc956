"""Bring a database's schema to the newest migration (run on every server start)."""

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol

from alembic import command
from alembic.config import Config
from sqlalchemy import func, select

from atlas_access.store.database import Database
from atlas_access.store.prepared import Prepared, param

MIGRATIONS = Path(__file__).with_name("migrations")
# Serialises migrations of processes that start together on one PostgreSQL database (any constant will do).
_MIGRATION_LOCK = 0x61746C6173
_TAKE_MIGRATION_LOCK = Prepared(select(func.pg_advisory_xact_lock(param("key"))))

KeyAdopter = Callable[[Mapping[str, str]], None]
"""Takes keys an earlier version kept in the database (kind -> text: ``token``, ``nonce``, ``mail``) into the
server's key store; a migration deletes them from the database once this returned."""


class Ha1Sealer(Protocol):
    """Seals and opens API keys' HA1 with the server's credential keys (``server.auth.ha1_seal.Ha1Seal``)."""

    def close(self, public_key: str, ha1: str) -> str: ...

    def open(self, public_key: str, sealed: str) -> str | None: ...


Ha1Sealing = Callable[[], Ha1Sealer]
"""Gives the sealer of the server's key store, when a migration needs it (migration 0007 seals HA1 kept in clear);
called after ``KeyAdopter``, so that it sees the keys that adopted."""


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(database: Database, adopt_keys: KeyAdopter | None = None, ha1_sealing: Ha1Sealing | None = None) -> None:
    """Apply every pending migration in one transaction, one process at a time.

    ``adopt_keys`` receives the keys an earlier version kept in the database, if it has any (migration 0005); a
    database holding keys cannot be migrated without it. ``ha1_sealing`` gives what seals the API keys' HA1 an
    earlier version kept in clear (migration 0007); a database holding some cannot be migrated without it."""
    config = alembic_config()
    config.attributes["adopt_keys"] = adopt_keys
    config.attributes["ha1_sealing"] = ha1_sealing
    with database.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            _TAKE_MIGRATION_LOCK.first(conn, key=_MIGRATION_LOCK)
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
