"""A project's settings (``project_settings``): the values that differ from the defaults, as one JSON object."""

import json

from sqlalchemy import Connection, select, update

from atlas_access.store.prepared import Prepared, param
from atlas_access.store.tables import project_settings
from atlas_access.store.upsert import insert_if_absent

_T = project_settings
_GET = Prepared(select(_T.c.flags).where(_T.c.group_id == param("group")))
_SET = Prepared(update(_T).where(_T.c.group_id == param("group_id")).values(flags=param("flags")))


def overrides(conn: Connection, group_id: str) -> dict[str, bool]:
    """The project's own values, by setting name; empty for a project that kept every default."""
    text = _GET.scalar(conn, group=group_id)
    return {str(name): bool(value) for name, value in json.loads(text).items()} if text else {}


def put(conn: Connection, group_id: str, flags: dict[str, bool]) -> None:
    values = {"group_id": group_id, "flags": json.dumps(flags, sort_keys=True, separators=(",", ":"))}
    if not insert_if_absent(conn, _T, values):
        _SET.count(conn, **values)
