"""The access generation (migration 0015): triggers move it with every change to what the request path's cached
lookups read, on both engines, and nothing ever sets it back (server/access_cache.py relies on both)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, text

from atlas_access.core.events import SYSTEM
from atlas_access.store import access_generation, credentials, directory, events, migrate, reset, settings, snapshot
from atlas_access.store.database import Database
from atlas_access.store.prepared import Prepared
from atlas_access.store.tables import metadata

# The statements whose answers server/access_cache.py keeps.
CACHED: tuple[Prepared, ...] = (
    credentials._ACCOUNT_FOR_TOKEN,
    credentials._API_KEY,
    directory._ORG_WITH_ROLES,
    directory._PROJECT_WITH_ROLES,
)


@pytest.fixture
def database(empty_database: Database) -> Iterator[Database]:
    migrate.upgrade(empty_database)
    yield empty_database


def _generation(db: Database) -> int:
    found = db.run_sync(access_generation.current)
    assert found is not None
    return found


def _triggered_tables(conn: Connection) -> set[str]:
    if conn.dialect.name == "postgresql":
        rows = conn.execute(text("SELECT DISTINCT event_object_table FROM information_schema.triggers"))
        return {row[0] for row in rows}
    rows = conn.execute(text("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger'"))
    return {row[0] for row in rows}


def test_the_triggers_are_on_exactly_the_tracked_tables(database: Database) -> None:
    assert database.run_sync(_triggered_tables) == set(access_generation.TRACKED)


def test_every_table_a_kept_lookup_reads_is_tracked(database: Database) -> None:
    read: set[str] = set()
    for statement in CACHED:
        sql = statement._for(database.engine.dialect).plain.text
        read |= {name for name in metadata.tables if re.search(rf"\b{name}\b", sql)}
    assert read and read <= set(access_generation.TRACKED), read - set(access_generation.TRACKED)


def test_a_change_moves_it_and_other_writes_do_not(database: Database) -> None:
    start = _generation(database)
    database.run_sync(
        lambda conn: events.record(conn, "INVITED_TO_ORG", actor=SYSTEM, now=1, org_id=None, target_username="a")
    )
    assert _generation(database) == start  # an event is not what a request's credentials or roles are
    database.run_sync(lambda conn: settings.put(conn, settings.CLOCK_OFFSET, "60"))
    moved = _generation(database)
    assert moved > start


def test_a_reset_and_a_snapshot_load_count_on(database: Database) -> None:
    database.run_sync(lambda conn: settings.put(conn, settings.CLOCK_OFFSET, "60"))
    saved = database.run_sync(snapshot.dump)
    assert "access_generation" not in saved["tables"]  # never carried by a state document
    before_reset = _generation(database)
    database.run_sync(reset.empty)
    after_reset = _generation(database)
    assert after_reset > before_reset
    database.run_sync(lambda conn: snapshot.load(conn, saved))
    assert _generation(database) > after_reset
