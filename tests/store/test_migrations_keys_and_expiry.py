"""Migrations 0005 and 0006: keys leave the settings table only into the caller's hands, and what was kept until a
moment of the server clock is then kept until the same moment of the real clock."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from sqlalchemy import insert, select

from atlas_access.store import migrate
from atlas_access.store.database import Database
from atlas_access.store.tables import digest_nonce_uses, revoked_tokens, settings
from support.migrations import upgraded_to

LEGACY = {"token_key": "11" * 32, "nonce_key": "22" * 32, "mail_key": "m" * 44}
DAY = 86_400


@pytest.fixture
def database(empty_database: Database) -> Database:
    """A database of each engine at migration 0004, as an earlier version left it."""
    with upgraded_to(empty_database, "0004"):
        pass
    return empty_database


def _settings(db: Database) -> dict[str, str]:
    with db.engine.connect() as conn:
        return {row.key: row.value for row in conn.execute(select(settings))}


def test_keys_in_settings_are_handed_over_then_deleted(database: Database) -> None:
    with database.engine.begin() as conn:
        conn.execute(insert(settings), [{"key": key, "value": value} for key, value in LEGACY.items()])
        conn.execute(insert(settings).values(key="clock_offset_seconds", value="0"))

    with pytest.raises(RuntimeError, match="keys"):
        migrate.upgrade(database)  # nobody to hand them to: nothing happens
    assert _settings(database).items() >= LEGACY.items()

    handed: list[Mapping[str, str]] = []
    migrate.upgrade(database, adopt_keys=handed.append)
    assert handed == [{"token": LEGACY["token_key"], "nonce": LEGACY["nonce_key"], "mail": LEGACY["mail_key"]}]
    assert _settings(database) == {"clock_offset_seconds": "0"}


def test_a_failing_hand_over_keeps_the_keys(database: Database) -> None:
    with database.engine.begin() as conn:
        conn.execute(insert(settings).values(key="token_key", value=LEGACY["token_key"]))

    def refuse(_keys: Mapping[str, str]) -> None:
        raise ValueError("no room for keys")

    with pytest.raises(ValueError, match="no room"):
        migrate.upgrade(database, adopt_keys=refuse)
    assert _settings(database) == {"token_key": LEGACY["token_key"]}


def test_expiry_by_the_server_clock_becomes_expiry_by_the_real_clock(database: Database) -> None:
    with database.engine.begin() as conn:
        conn.execute(insert(settings).values(key="clock_offset_seconds", value=str(31 * DAY)))
        conn.execute(insert(revoked_tokens).values(jti="j", expires_at=100 * DAY))
        conn.execute(insert(digest_nonce_uses).values(nonce="n", nc="00000001", cnonce="c", expires_at=100 * DAY))
    migrate.upgrade(database)
    with database.engine.connect() as conn:
        assert conn.execute(select(revoked_tokens.c.expires_at)).scalar() == 69 * DAY
        assert conn.execute(select(digest_nonce_uses.c.expires_at)).scalar() == 69 * DAY
