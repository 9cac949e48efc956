"""Bring a database's schema to the newest migration (run on every server start)."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from atlas_access.store.database import Database

MIGRATIONS = Path(__file__).with_name("migrations")
# Serialises migrations of processes that start together on one PostgreSQL database (any constant will do).
_MIGRATION_LOCK = 0x61746C6173


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(database: Database) -> None:
    """Apply every pending migration in one transaction, one process at a time."""
    config = alembic_config()
    with database.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
