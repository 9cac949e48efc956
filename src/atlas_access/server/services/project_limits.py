"""A project's user-managed limits: reading them with what they count now, setting and removing them, and the
checks the writes they limit call. Nothing here knows about HTTP.

What is MongoDB's and what is ours (docs/limits-and-root.md):
- The limits, their defaults and maximums are the spec's; ``currentUsage`` counts what this server holds (database
  users, IP access list entries, custom roles); it is 0 for what it does not hold (clusters, private endpoints).
- A value below the limit's minimum or above its maximum: 400; below its current usage: 409 (codes ours).
- The limits on database users and access-list entries are enforced with their real errors
  (``GROUP_USERS_LIMIT_EXCEEDED``, ``ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED``); the fixed 500 MongoDB Cloud users per
  project (members and pending project invitations) with ``GROUP_CLOUD_USERS_LIMIT_EXCEEDED`` (ours).
- The spec names no event for a limit's change, and none is written.

A change of a limit takes the project's row in ``Lock.CHANGE`` (``project_lock``), as the writes that add database
users or access-list entries do, so that a limit and a count it checks never pass each other.
"""

from atlas_access.core import project_limits as rules
from atlas_access.core.directory import Project
from atlas_access.core.errors import ApiError
from atlas_access.core.project_limits import Limit, LimitKind
from atlas_access.server.services import project_lock
from atlas_access.server.services.context import Context
from atlas_access.store import custom_db_roles, database_users, project_access_list
from atlas_access.store import project_limits as store

__all__ = ["Limit", "check_room_for_user", "find", "listing", "remove", "set_value", "value_of"]


def _usage(ctx: Context, project: Project, kind: LimitKind) -> int | None:
    """What the limit counts in the project now; None for a limit on something other than a count (bytes, a
    subnet mask)."""
    if kind.name == rules.DATABASE_USERS:
        return len(database_users.of_project(ctx.conn, project.id, ctx.now))
    if kind.name == rules.ACCESS_LIST_ENTRIES:
        return len(project_access_list.entries(ctx.conn, project.id, ctx.now))
    if kind.name == rules.CUSTOM_ROLES:
        return len(custom_db_roles.of_project(ctx.conn, project.id))
    if kind.default is None or kind.minimum > 1:
        return None
    return 0  # clusters, serverless instances, private endpoints: none here


def _limit(ctx: Context, project: Project, kind: LimitKind, overrides: dict[str, int]) -> Limit:
    return Limit(kind, rules.in_force(kind, overrides), _usage(ctx, project, kind))


def listing(ctx: Context, project: Project) -> list[Limit]:
    """Every limit the project has a value for (a default or its own), in the spec's order."""
    overrides = store.overrides(ctx.conn, project.id)
    found = (_limit(ctx, project, kind, overrides) for kind in rules.KINDS)
    return [limit for limit in found if limit.value is not None]


def find(ctx: Context, project: Project, name: str) -> Limit:
    """The project's limit of this name; 404 for an unknown name, or a limit with no default the project has not set
    (ours)."""
    kind = rules.kind_named(name)
    limit = _limit(ctx, project, kind, store.overrides(ctx.conn, project.id))
    if limit.value is None:
        raise ApiError("LIMIT_NOT_FOUND", name)
    return limit


def set_value(ctx: Context, project: Project, name: str, value: int) -> Limit:
    """``setGroupLimit``: the project's own value for the limit."""
    kind = rules.kind_named(name)
    project_lock.hold(ctx, project)
    usage = _usage(ctx, project, kind)
    store.put(ctx.conn, project.id, kind.name, rules.check_value(kind, value, usage))
    return Limit(kind, value, usage)


def remove(ctx: Context, project: Project, name: str) -> None:
    """``deleteGroupLimit``: the limit goes back to its default (a limit without one is gone). Removing a limit
    the project never set changes nothing and is no error (ours)."""
    kind = rules.kind_named(name)
    project_lock.hold(ctx, project)
    if kind.default is not None and kind.default < (_usage(ctx, project, kind) or 0):
        raise ApiError("LIMIT_BELOW_CURRENT_USAGE", kind.name, kind.default, _usage(ctx, project, kind))
    store.remove(ctx.conn, project.id, kind.name)


def value_of(ctx: Context, project: Project, name: str) -> int:
    """The value in force of a limit with a default, for the writes it limits."""
    value = rules.in_force(rules.kind_named(name), store.overrides(ctx.conn, project.id))
    assert value is not None, name
    return value


def check_room_for_user(ctx: Context, project: Project) -> None:
    """Refuse one more MongoDB Cloud user of the project (member or pending project invitation) beyond the 500."""
    if store.cloud_users(ctx.conn, project.id, ctx.now) >= rules.MAX_CLOUD_USERS_PER_PROJECT:
        raise ApiError("GROUP_CLOUD_USERS_LIMIT_EXCEEDED", rules.MAX_CLOUD_USERS_PER_PROJECT)
