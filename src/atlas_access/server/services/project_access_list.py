"""A project's IP access list: adding entries (or changing those given again), reading and removing them, and the
end of temporary entries. Nothing here knows about HTTP.

What is MongoDB's and what is ours (docs/network-access.md):
- A create that names an entry the list holds updates it in place with the comment and end given (real: no
  duplicate error); a permanent entry cannot be made temporary (400 ``PERMANENT_ENTITY_CANNOT_BE_MADE_TEMPORARY``,
  a published code); a temporary one given without an end becomes permanent (ours).
- An address inside a block on the list is an entry of its own: entries are blocks, compared as blocks.
- At most 200 entries, or the project's limit (403 ``ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED``, real); a create is
  all or nothing.
- A temporary entry is absent from every read from its ``deleteAfterDate`` on. The next write to the list removes it
  for good and writes its NETWORK_PERMISSION_ENTRY_REMOVED, by the SYSTEM actor, dated at its end (ours).

Events in the project's feed, each naming the entry as ``whitelistEntry`` (the spec's field of project audit
events): NETWORK_PERMISSION_ENTRY_ADDED, NETWORK_PERMISSION_ENTRY_UPDATED (only when the comment or the end
changes), NETWORK_PERMISSION_ENTRY_REMOVED.
"""

from atlas_access.core import access_list as access_list_rules
from atlas_access.core import network_access as rules
from atlas_access.core.directory import Project
from atlas_access.core.errors import ApiError
from atlas_access.core.events import SYSTEM
from atlas_access.core.network_access import AccessEntry, Wanted
from atlas_access.core.project_limits import ACCESS_LIST_ENTRIES
from atlas_access.server.services import project_limits, project_lock
from atlas_access.server.services.context import Context
from atlas_access.store import events
from atlas_access.store import project_access_list as store


def _named(entry: AccessEntry) -> dict[str, str]:
    return {"whitelistEntry": access_list_rules.shown(entry.cidr)}


def _record(ctx: Context, event_type: str, project: Project, entry: AccessEntry) -> None:
    ctx.record(event_type, org_id=project.org_id, group_id=project.id, targets=_named(entry))


def purge_expired(ctx: Context, project: Project) -> None:
    """Remove the temporary entries whose end has come, each with its event by the SYSTEM actor at its end."""
    for gone in store.expired(ctx.conn, project.id, ctx.now):
        if store.remove(ctx.conn, project.id, gone.cidr):
            assert gone.delete_after is not None
            events.record(
                ctx.conn,
                "NETWORK_PERMISSION_ENTRY_REMOVED",
                actor=SYSTEM,
                now=gone.delete_after,
                org_id=project.org_id,
                group_id=project.id,
                targets=_named(gone),
            )


def listing(ctx: Context, project: Project) -> list[AccessEntry]:
    """The entries on the list now, oldest first."""
    return store.entries(ctx.conn, project.id, ctx.now)


def find(ctx: Context, project: Project, cidr: str | None, given: str) -> AccessEntry:
    """The entry with this canonical block (None: what the path named is no address or block), else 404
    ``ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND`` naming the path's value as given (real)."""
    found = None if cidr is None else store.entry(ctx.conn, project.id, cidr, ctx.now)
    if found is None:
        raise ApiError("ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND", given, project.id)
    return found


def add(ctx: Context, project: Project, wanted: list[Wanted]) -> list[AccessEntry]:
    """``createGroupAccessListEntry``: add each entry, or update it if the list holds it; the whole list after."""
    project_lock.hold(ctx, project)
    purge_expired(ctx, project)
    held = {entry.cidr: entry for entry in store.entries(ctx.conn, project.id, ctx.now)}
    new = [one for one in wanted if one.cidr not in held]
    most = project_limits.value_of(ctx, project, ACCESS_LIST_ENTRIES)  # the project's limit, 200 by default
    if len(held) + len(new) > most:
        raise ApiError("ATLAS_NETWORK_PERMISSIONS_LIMIT_EXCEEDED", most)
    for one in wanted:
        current = held.get(one.cidr)
        if current is None:
            added = AccessEntry(project.id, one.cidr, one.comment, one.delete_after, ctx.now)
            stored = store.add(ctx.conn, added)
            assert stored, "the list's writes are serial (project_lock.hold) and expired rows are gone"
            _record(ctx, "NETWORK_PERMISSION_ENTRY_ADDED", project, added)
            continue
        changed = rules.merged(current, one)
        if changed != current:
            store.change(ctx.conn, changed)
            _record(ctx, "NETWORK_PERMISSION_ENTRY_UPDATED", project, changed)
    return listing(ctx, project)


def remove(ctx: Context, project: Project, cidr: str | None, given: str) -> None:
    """``deleteGroupAccessListEntry``: the entry leaves the list (an expired one is already gone: 404)."""
    project_lock.hold(ctx, project)
    purge_expired(ctx, project)
    found = find(ctx, project, cidr, given)
    if not store.remove(ctx.conn, project.id, found.cidr):
        raise ApiError("ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND", given, project.id)
    _record(ctx, "NETWORK_PERMISSION_ENTRY_REMOVED", project, found)
