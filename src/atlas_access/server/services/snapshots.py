"""The whole state exported, imported, and saved under a name to restore later (docs/snapshots.md). Nothing here
knows about HTTP: the local API (``routes/local/snapshots.py``) and ``atlas-access export``/``import`` call it.

Named snapshots live in the memory of the server process that saved them (``ServerState.snapshots``): each process
of several has its own, and a restart forgets them. Export a state to keep it.
"""

import json
import re
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

from atlas_access.core.clock import iso, real_now
from atlas_access.core.errors import ApiError
from atlas_access.server.auth.ha1_seal import Ha1Seal
from atlas_access.server.services import bootstrap
from atlas_access.store import migrate, snapshot
from atlas_access.store.database import Transaction

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
NAME_RULE = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or a digit"
KEPT_SETTINGS = (bootstrap.ADMIN_TOKEN_HASH,)
"""What a load leaves as the server has it: the admin token is the key to this server's local API, not state."""

Progress = snapshot.Progress


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A state saved under a name in this process's memory."""

    name: str
    created_at: float  # real time: restoring moves the server clock back to the snapshot's
    document: Mapping[str, Any]
    size: int  # bytes of the document as compact JSON

    def view(self) -> dict[str, Any]:
        tables = {name: len(rows) for name, rows in self.document["tables"].items()}
        return {
            "name": self.name,
            "createdAt": iso(int(self.created_at)),
            "schemaRevision": self.document["schemaRevision"],
            "rows": sum(tables.values()),
            "tables": tables,
            "bytes": self.size,
        }


def export_state(conn: Transaction, progress: Progress | None = None) -> dict[str, Any]:
    """The whole state as a state document."""
    try:
        return snapshot.dump(conn, progress)
    except snapshot.StateError as problem:
        raise ApiError("INVALID_STATE_DOCUMENT", str(problem)) from None


def import_state(
    conn: Transaction,
    document: object,
    ha1_sealing: migrate.Ha1Sealing | None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Replace the whole state with ``document``'s (400 ``INVALID_STATE_DOCUMENT`` if it cannot be, and then
    nothing changed: the caller's transaction rolls back); what was loaded. ``ha1_sealing`` seals the HA1 a
    document of an earlier schema revision holds in clear with this server's credential key."""
    try:
        loaded = snapshot.load(conn, document, kept_settings=KEPT_SETTINGS, ha1_sealing=ha1_sealing, progress=progress)
    except snapshot.StateError as problem:
        raise ApiError("INVALID_STATE_DOCUMENT", str(problem)) from None
    return {
        "schemaRevision": loaded.schema_revision,
        "migrated": loaded.schema_revision != snapshot.head_revision(),
        "rows": sum(loaded.rows.values()),
        "tables": dict(loaded.rows),
        "notes": list(loaded.notes),
    }


def restore(conn: Transaction, saved: Snapshot) -> None:
    """Replace the whole state with a saved snapshot's. It was made by this process at this schema revision, so
    only the database's own rules check its rows again."""
    try:
        snapshot.load(conn, saved.document, kept_settings=KEPT_SETTINGS, trusted=True)
    except snapshot.StateError as problem:  # a newer version migrated the database meanwhile, say
        raise ApiError("INVALID_STATE_DOCUMENT", str(problem)) from None


def sealing_with(seal: Ha1Seal) -> migrate.Ha1Sealing:
    return lambda: seal


def checked_name(name: object) -> str:
    """A snapshot's name, or 400 ``INVALID_JSON_ATTRIBUTE`` naming ``name``."""
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise ApiError("INVALID_JSON_ATTRIBUTE", "name", detail=f"A snapshot's name is {NAME_RULE}.")
    return name


def keep(saved: MutableMapping[str, Snapshot], name: str, document: Mapping[str, Any]) -> Snapshot:
    """Save ``document`` as ``name``, in place of a snapshot of that name."""
    size = len(json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode())
    saved[name] = Snapshot(name, real_now(), document, size)
    return saved[name]


def find(saved: Mapping[str, Snapshot], name: str) -> Snapshot:
    """The snapshot ``name``, or 404 ``SNAPSHOT_NOT_FOUND``."""
    found = saved.get(name)
    if found is None:
        raise ApiError("SNAPSHOT_NOT_FOUND", name)
    return found


def forget(saved: MutableMapping[str, Snapshot], name: str) -> Snapshot:
    """Drop the snapshot ``name`` (404 ``SNAPSHOT_NOT_FOUND`` if there is none)."""
    found = find(saved, name)
    del saved[name]
    return found


def listing(saved: Mapping[str, Snapshot]) -> list[dict[str, Any]]:
    """Every snapshot, oldest first."""
    return [found.view() for found in sorted(saved.values(), key=lambda s: (s.created_at, s.name))]


def as_text(document: Mapping[str, Any]) -> str:
    """A state document as a file: keys in order, one row per line, so that two exports compare line by line."""
    lines = ["{"]
    for key in sorted(document):
        if key != "tables":
            lines.append(f"  {json.dumps(key)}: {json.dumps(document[key], ensure_ascii=False)},")
    lines.append('  "tables": {')
    tables = document["tables"]
    for number, name in enumerate(sorted(tables), start=1):
        rows = [json.dumps(row, sort_keys=True, ensure_ascii=False) for row in tables[name]]
        end = "," if number < len(tables) else ""
        if not rows:
            lines.append(f"    {json.dumps(name)}: []{end}")
            continue
        lines.append(f"    {json.dumps(name)}: [")
        lines.extend(f"      {row}," for row in rows[:-1])
        lines.append(f"      {rows[-1]}")
        lines.append(f"    ]{end}")
    lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"
