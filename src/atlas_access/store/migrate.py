"""Bring a database's schema to the newest migration (run on every server start)."""

from collections.abc import Callable, Mapping
from pathlib import Path

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


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(database: Database, adopt_keys: KeyAdopter | None = None) -> None:
    """Apply every pending migration in one transaction, one process at a time.

    ``adopt_keys`` receives the keys an earlier version kept in the database, if it has any (migration 0005); a
    database holding keys cannot be migrated without it."""
    config = alembic_config()
    config.attributes["adopt_keys"] = adopt_keys
    with database.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            _TAKE_MIGRATION_LOCK.first(conn, key=_MIGRATION_LOCK)
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
