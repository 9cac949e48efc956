"""A schema at a given migration, for tests of what a migration does to rows an earlier version left."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from alembic import command
from sqlalchemy import Connection

from atlas_access.store import migrate
from atlas_access.store.database import Database

__all__ = ["upgraded_to"]


@contextmanager
def upgraded_to(db: Database, revision: str, **attributes: Any) -> Iterator[Connection]:
    """The schema of migration ``revision``, and the transaction that made it, to add rows of that version."""
    config = migrate.alembic_config()
    with db.engine.begin() as conn:
        config.attributes.update(connection=conn, **attributes)
        command.upgrade(config, revision)
        yield conn
