"""State documents (docs/snapshots.md) of earlier versions, made by the real migrations: a database migrated to an
older revision, filled with rows as that version wrote them, and read back table by table."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, column, insert, inspect, table, text

from atlas_access.store.database import Database, sqlite_url
from atlas_access.store.snapshot import STAYING
from support.migrations import upgraded_to

__all__ = ["clear_ha1", "document_at", "key_with_clear_ha1"]

REALM = "MMS Public API"


def document_at(revision: str, fill: Callable[[Connection], None], directory: Path) -> dict[str, Any]:
    """The state document of a database at migration ``revision`` that ``fill`` wrote rows into (SQLite, made in
    ``directory``)."""
    old = Database(sqlite_url(directory / f"at-{revision}"))
    try:
        with upgraded_to(old, revision) as conn:
            fill(conn)
        with old.engine.connect() as conn:
            names = [n for n in inspect(conn).get_table_names() if n != "alembic_version" and n not in STAYING]
            tables = {n: [dict(r) for r in conn.execute(text(f"SELECT * FROM {n}")).mappings()] for n in names}
    finally:
        old.dispose()
    return {"format": "atlas-access-state", "version": 1, "schemaRevision": revision, "tables": tables}


def clear_ha1(public_key: str, private_key: str) -> str:
    """What versions before migration 0007 kept of an API key: its Digest HA1, in clear."""
    return hashlib.md5(f"{public_key}:{REALM}:{private_key}".encode()).hexdigest()


def key_with_clear_ha1(conn: Connection, org_id: str, key_id: str, public_key: str, private_key: str) -> None:
    """An organization owning one API key (an ORG_OWNER member), as a version before 0007 wrote them."""
    conn.execute(text("INSERT INTO organizations (id, name, created_at) VALUES (:id, 'Old', 1)"), {"id": org_id})
    names = ("id", "org_id", "public_key", "ha1", "private_key_mask", "description", "created_at")
    values = (key_id, org_id, public_key, clear_ha1(public_key, private_key), "****", "from an old version", 2)
    conn.execute(insert(table("api_keys", *(column(n) for n in names))).values(dict(zip(names, values, strict=True))))
    members = table("org_members", *(column(n) for n in ("org_id", "member_id", "member_kind", "roles", "created_at")))
    conn.execute(
        insert(members).values(
            org_id=org_id, member_id=key_id, member_kind="API_KEY", roles='["ORG_OWNER"]', created_at=2
        )
    )
