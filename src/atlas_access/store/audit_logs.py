"""A project's database auditing configuration (``project_audit_logs``): one row once it has been changed; a project
without one has the defaults."""

from sqlalchemy import Connection, select, update

from atlas_access.core.auditing import DEFAULT, AuditLog
from atlas_access.store.prepared import Prepared, param
from atlas_access.store.tables import project_audit_logs
from atlas_access.store.upsert import insert_if_absent

_T = project_audit_logs
_GET = Prepared(
    select(_T.c.enabled, _T.c.audit_authorization_success, _T.c.audit_filter, _T.c.configuration_type).where(
        _T.c.group_id == param("group")
    )
)
_SET = Prepared(
    update(_T)
    .where(_T.c.group_id == param("group_id"))
    .values(
        enabled=param("enabled"),
        audit_authorization_success=param("audit_authorization_success"),
        audit_filter=param("audit_filter"),
        configuration_type=param("configuration_type"),
    )
)


def get(conn: Connection, group_id: str) -> AuditLog:
    row = _GET.first(conn, group=group_id)
    if row is None:
        return DEFAULT
    return AuditLog(
        bool(row["enabled"]), bool(row["audit_authorization_success"]), row["audit_filter"], row["configuration_type"]
    )


def put(conn: Connection, group_id: str, audit_log: AuditLog) -> None:
    """Store the project's configuration (the first one inserts its row; two first writers cannot both insert)."""
    values = {
        "group_id": group_id,
        "enabled": int(audit_log.enabled),
        "audit_authorization_success": int(audit_log.authorization_success),
        "audit_filter": audit_log.audit_filter,
        "configuration_type": audit_log.configuration_type,
    }
    if not insert_if_absent(conn, _T, values):
        _SET.count(conn, **values)
