"""A project's database auditing configuration: reading it and changing it.

A change writes AUDIT_LOG_CONFIGURATION_UPDATED in the project's feed (a type the spec names); an update that
changes nothing writes nothing (ours, as everywhere here).
"""

from atlas_access.core import auditing as rules
from atlas_access.core.auditing import AuditChange, AuditLog
from atlas_access.core.directory import Project
from atlas_access.server.services import project_lock
from atlas_access.server.services.context import Context
from atlas_access.store import audit_logs as store


def get(ctx: Context, project: Project) -> AuditLog:
    return store.get(ctx.conn, project.id)


def update(ctx: Context, project: Project, change: AuditChange) -> AuditLog:
    """``updateGroupAuditLog``: the configuration with the change applied."""
    project_lock.hold(ctx, project)
    current = store.get(ctx.conn, project.id)
    changed = rules.updated(current, change)
    if changed != current:
        store.put(ctx.conn, project.id, changed)
        ctx.record("AUDIT_LOG_CONFIGURATION_UPDATED", org_id=project.org_id, group_id=project.id)
    return changed
