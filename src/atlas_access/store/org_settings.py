"""An organization's settings (``org_settings``): whether API access lists are required, the other settings that
differ from the defaults (JSON by wire name) and the delegation settings (JSON). No row: every default."""

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select, update

from atlas_access.store.prepared import Prepared, param
from atlas_access.store.tables import org_settings
from atlas_access.store.upsert import insert_if_absent

_T = org_settings
_GET = Prepared(
    select(_T.c.api_access_list_required, _T.c.settings, _T.c.delegation).where(_T.c.org_id == param("org"))
)
_SET = Prepared(
    update(_T)
    .where(_T.c.org_id == param("org_id"))
    .values(
        api_access_list_required=param("api_access_list_required"),
        settings=param("settings"),
        delegation=param("delegation"),
    )
)


@dataclass(frozen=True, slots=True)
class Stored:
    """What an organization keeps: ``settings`` holds every setting but the access-list flag, by wire name."""

    access_list_required: bool = False
    settings: dict[str, Any] = field(default_factory=dict)
    delegation: dict[str, Any] = field(default_factory=dict)


def _dump(values: dict[str, Any]) -> str:
    return json.dumps(values, sort_keys=True, separators=(",", ":"))


def get(conn: Connection, org_id: str) -> Stored:
    row = _GET.first(conn, org=org_id)
    if row is None:
        return Stored()
    return Stored(bool(row["api_access_list_required"]), json.loads(row["settings"]), json.loads(row["delegation"]))


def put(conn: Connection, org_id: str, stored: Stored) -> None:
    values = {
        "org_id": org_id,
        "api_access_list_required": int(stored.access_list_required),
        "settings": _dump(stored.settings),
        "delegation": _dump(stored.delegation),
    }
    if not insert_if_absent(conn, _T, values):
        _SET.count(conn, **values)
