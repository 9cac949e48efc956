"""A project's settings: reading them and changing those given.

Events: the spec names project events for four settings (``core.project_settings``): DATA_EXPLORER_ENABLED or
DATA_EXPLORER_DISABLED, PROJECT_COLLECT_DATABASE_STATISTICS_UPDATED, PROJECT_ENABLE_DATA_VALIDATION_UPDATED and
PROJECT_ENABLE_EXTENDED_STORAGE_SIZES_UPDATED, each written when its setting changes; the others change silently.
"""

from collections.abc import Mapping

from atlas_access.core import project_settings as rules
from atlas_access.core.directory import Project
from atlas_access.server.services import project_lock
from atlas_access.server.services.context import Context
from atlas_access.store import project_settings as store


def get(ctx: Context, project: Project) -> dict[str, bool]:
    return rules.current(store.overrides(ctx.conn, project.id))


def update(ctx: Context, project: Project, given: Mapping[str, bool]) -> dict[str, bool]:
    """``updateGroupSettings``: the settings given take their new values; every setting afterwards."""
    project_lock.hold(ctx, project)
    overrides = store.overrides(ctx.conn, project.id)
    before = rules.current(overrides)
    after = rules.current({**overrides, **given})
    if after != before:
        store.put(ctx.conn, project.id, {**overrides, **given})
        for event_type in rules.events(before, after):
            ctx.record(event_type, org_id=project.org_id, group_id=project.id)
    return after
