"""Bring a database's schema to the newest migration (run on every server start)."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from atlas_access.store.database import Database

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(database: Database) -> None:
    """Apply every pending migration in one transaction."""
    config = alembic_config()
    with database.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
