"""One writer at a time for a project's own state (its access list, auditing, settings)."""

from atlas_access.core.directory import Project
from atlas_access.core.errors import ApiError
from atlas_access.server.services.context import Context
from atlas_access.store import directory
from atlas_access.store.row_locks import Lock


def hold(ctx: Context, project: Project) -> None:
    """Take the project's row for a change of its own state (PostgreSQL; SQLite's writes are serial), so that two
    read-then-write changes wait for each other instead of one losing the other's. The pipeline already keeps the
    row with a key-share lock, which this one does not wait for, so writes under the project elsewhere go on."""
    if not directory.lock_project(ctx.conn, project.id, Lock.CHANGE):
        raise ApiError("GROUP_NOT_FOUND", project.id)
