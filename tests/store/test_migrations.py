"""Alembic migrations against ``store.tables``: a fresh database of either engine gets exactly that schema.

The server runs ``migrate.upgrade`` on every start, so running it again must change nothing, and the
uniqueness the wire promises (one PENDING invitation per scope and username) must be in the database.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, insert, inspect, select, text, update
from sqlalchemy.exc import IntegrityError

from atlas_access.store import migrate
from atlas_access.store.database import Database
from atlas_access.store.tables import invitations, metadata, organizations, projects, settings
from atlas_access.store.upsert import insert_if_absent
from support.migrations import upgraded_to

PENDING_INDEX = "uq_invitations_pending_username"
ORG = "a" * 24
OTHER_ORG = "b" * 24
PROJECT = "c" * 24


@pytest.fixture
def database(empty_database: Database) -> Database:
    """A fresh, empty database of each engine (not migrated yet)."""
    return empty_database


def _schema_diffs(db: Database) -> list[Any]:
    """What autogenerate would change, with the options of ``migrations/env.py``.

    Server defaults are compared by ``_server_defaults`` instead: alembic's own comparison reports every
    ``DEFAULT ''`` on SQLite as changed (it cannot tell the empty string from no default).
    """
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "target_metadata": metadata})
        return list(compare_metadata(context, metadata))


def _normalised_default(reflected: str | None) -> str | None:
    """``''::character varying`` (PostgreSQL), ``'[]'`` (SQLite) and the like, as the plain value."""
    if reflected is None:
        return None
    value = reflected.strip()
    while value.startswith("(") and value.endswith(")"):
        value = value[1:-1].strip()
    value = re.sub(r"::[a-z ]+$", "", value)
    if len(value) >= 2 and value[0] == value[-1] == "'":
        value = value[1:-1].replace("''", "'")
    return value


def _server_defaults(db: Database) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """(in the database, in ``tables.metadata``) per ``table.column``."""
    inspector = inspect(db.engine)
    found: dict[str, str | None] = {}
    expected: dict[str, str | None] = {}
    for table in metadata.sorted_tables:
        for column in inspector.get_columns(table.name):
            found[f"{table.name}.{column['name']}"] = _normalised_default(column.get("default"))
        for column in table.columns:
            default = column.server_default
            expected[f"{table.name}.{column.name}"] = None if default is None else str(default.arg)  # type: ignore[union-attr]
    return found, expected


def _head() -> str:
    head = ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()
    assert head is not None
    return head


def _versions(db: Database) -> list[str]:
    with db.engine.connect() as conn:
        return [row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))]


def _index_sql(db: Database) -> str:
    """The CREATE INDEX statement the database itself holds for the pending-username index."""
    with db.engine.connect() as conn:
        if db.is_sqlite:
            query = text("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :name")
        else:
            query = text("SELECT indexdef FROM pg_indexes WHERE indexname = :name")
        found = conn.execute(query, {"name": PENDING_INDEX}).scalar()
    assert found is not None, f"index {PENDING_INDEX} does not exist"
    return str(found)


def _invitation(
    invitation_id: str, state: str, *, username: str = "dup@example.com", scope: str = ORG
) -> dict[str, Any]:
    is_group = scope == PROJECT
    return {
        "id": invitation_id,
        "kind": "GROUP" if is_group else "ORG",
        "org_id": ORG,
        "group_id": PROJECT if is_group else None,
        "scope_id": scope,
        "username": username,
        "roles": '["ORG_MEMBER"]',
        "inviter_username": "tester",
        "state": state,
        "created_at": 1,
        "expires_at": 2,
        "state_changed_at": 1,
    }


def _insert(db: Database, row: dict[str, Any]) -> None:
    with db.engine.begin() as conn:
        conn.execute(insert(invitations).values(**row))


def _seed_scopes(conn: Connection) -> None:
    conn.execute(insert(organizations), [{"id": org, "name": org[:4], "created_at": 1} for org in (ORG, OTHER_ORG)])
    conn.execute(insert(projects).values(id=PROJECT, org_id=ORG, name="Project 0", created_at=1))


def _states(db: Database) -> list[tuple[str, str, str]]:
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(invitations.c.id, invitations.c.scope_id, invitations.c.state).order_by(invitations.c.id)
        )
        return [(row.id, row.scope_id, row.state) for row in rows]


def test_fresh_database_gets_exactly_the_tables_schema(database: Database) -> None:
    migrate.upgrade(database)
    assert _schema_diffs(database) == []
    found, expected = _server_defaults(database)
    assert found == expected
    assert _versions(database) == [_head()]
    assert set(inspect(database.engine).get_table_names()) == {*metadata.tables, "alembic_version"}


def test_upgrade_twice_is_harmless(database: Database) -> None:
    migrate.upgrade(database)
    with database.engine.begin() as conn:
        conn.execute(insert(settings).values(key="kept", value="across upgrades"))
        _seed_scopes(conn)
    _insert(database, _invitation("1" * 24, "PENDING"))

    migrate.upgrade(database)

    assert _versions(database) == [_head()]
    assert _schema_diffs(database) == []
    with database.engine.connect() as conn:
        assert conn.execute(select(settings.c.value).where(settings.c.key == "kept")).scalar() == "across upgrades"
    assert _states(database) == [("1" * 24, ORG, "PENDING")]


def test_pending_username_index_is_a_partial_unique_index(database: Database) -> None:
    migrate.upgrade(database)
    found = {index["name"]: index for index in inspect(database.engine).get_indexes("invitations")}
    assert PENDING_INDEX in found
    assert found[PENDING_INDEX]["unique"]
    assert found[PENDING_INDEX]["column_names"] == ["scope_id", "username"]
    # The WHERE clause, as each engine stores it: SQLite keeps the text, PostgreSQL a normalised form.
    definition = _index_sql(database)
    if database.is_sqlite:
        assert re.search(r"WHERE\s+state\s*=\s*'PENDING'\s*$", definition), definition
    else:
        assert re.search(r"WHERE \(+state\)?(::text)? = 'PENDING'(::\w+( \w+)?)?\)$", definition), definition


def test_pending_username_index_allows_one_pending_invitation_per_scope(database: Database) -> None:
    migrate.upgrade(database)
    with database.engine.begin() as conn:
        _seed_scopes(conn)
    first, second = "1" * 24, "2" * 24

    _insert(database, _invitation(first, "PENDING"))
    with pytest.raises(IntegrityError):
        _insert(database, _invitation(second, "PENDING"))
    # Upper case is another username as far as the database is concerned; normalising is the server's job.
    _insert(database, _invitation("3" * 24, "PENDING", username="DUP@example.com"))
    # Finished invitations of the same username do not count...
    _insert(database, _invitation("4" * 24, "CANCELLED"))
    _insert(database, _invitation("5" * 24, "EXPIRED"))
    _insert(database, _invitation("6" * 24, "ACCEPTED"))
    # ...nor do other scopes: another organization, a project of the same organization.
    _insert(database, _invitation("7" * 24, "PENDING", scope=OTHER_ORG) | {"org_id": OTHER_ORG})
    _insert(database, _invitation("8" * 24, "PENDING", scope=PROJECT))

    # The server claims the slot with INSERT ... ON CONFLICT DO NOTHING: no error, no row, and on
    # PostgreSQL a transaction that stays usable.
    with database.engine.begin() as conn:
        assert not insert_if_absent(conn, invitations, _invitation(second, "PENDING"))
        assert conn.execute(select(invitations.c.id).where(invitations.c.id == second)).first() is None

    # Once the pending one is cancelled, the slot is free again.
    with database.engine.begin() as conn:
        conn.execute(update(invitations).where(invitations.c.id == first).values(state="CANCELLED"))
        assert insert_if_absent(conn, invitations, _invitation(second, "PENDING"))
    with pytest.raises(IntegrityError), database.engine.begin() as conn:
        conn.execute(update(invitations).where(invitations.c.id == "4" * 24).values(state="PENDING"))

    assert _states(database) == [
        (first, ORG, "CANCELLED"),
        (second, ORG, "PENDING"),
        ("3" * 24, ORG, "PENDING"),
        ("4" * 24, ORG, "CANCELLED"),
        ("5" * 24, ORG, "EXPIRED"),
        ("6" * 24, ORG, "ACCEPTED"),
        ("7" * 24, OTHER_ORG, "PENDING"),
        ("8" * 24, PROJECT, "PENDING"),
    ]


def test_project_names_are_unique_within_an_organization(database: Database) -> None:
    """createGroup's GROUP_ALREADY_EXISTS rests on this index, not on a check that could race."""
    migrate.upgrade(database)
    with database.engine.begin() as conn:
        _seed_scopes(conn)
        same = {"name": "Project 0", "created_at": 2}
        assert not insert_if_absent(conn, projects, {"id": "d" * 24, "org_id": ORG, **same})
        assert insert_if_absent(conn, projects, {"id": "e" * 24, "org_id": OTHER_ORG, **same})
    with pytest.raises(IntegrityError), database.engine.begin() as conn:
        conn.execute(insert(projects).values(id="f" * 24, org_id=ORG, name="Project 0", created_at=3))


def test_projects_from_before_tags_get_no_tags_and_default_alerts(database: Database) -> None:
    """Migration 0003 adds the tag and alert-settings columns to projects that already exist."""
    with upgraded_to(database, "0002") as conn:
        conn.execute(text("INSERT INTO organizations (id, name, created_at) VALUES (:id, 'Org', 1)"), {"id": ORG})
        conn.execute(
            text("INSERT INTO projects (id, org_id, name, created_at) VALUES (:id, :org, 'Old', 1)"),
            {"id": PROJECT, "org": ORG},
        )
    migrate.upgrade(database)
    with database.engine.connect() as conn:
        row = conn.execute(select(projects.c.tags, projects.c.with_default_alerts)).one()
    assert tuple(row) == ("[]", 1)
    assert _schema_diffs(database) == []
