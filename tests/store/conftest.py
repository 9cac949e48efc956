"""What the store's tests share: an empty database of each engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from atlas_access.store import migrate
from atlas_access.store.database import Database, sqlite_url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A fresh, empty database of each engine (not migrated yet)."""
    url = sqlite_url(tmp_path) if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    db = Database(url)
    yield db
    db.dispose()  # before postgres_url drops the database


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A migrated SQLite database in the test's directory."""
    database = Database(sqlite_url(tmp_path))
    migrate.upgrade(database)
    yield database
    database.dispose()
