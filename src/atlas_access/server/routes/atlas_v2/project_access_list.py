"""``/api/atlas/v2/groups/{groupId}/accessList``: the project's IP access list (2023-01-01), the addresses
database clients may connect from. It does not restrict API calls: an API key's or a service account's own access
list does that.

As recorded (``reference/recordings/accesslists``): create answers 201 (the spec says 200) with the whole list,
paginated; get answers the entry, delete 204. The path names an entry by its address, or by its block with the
slash escaped (``10.0.0.0%2F24``); ``/status`` answers ``{"STATUS": "ACTIVE"}`` for an entry on the list (ours:
there are no clusters for an entry to be pending on). Bodies and paths: ``project_access_list_shapes``; the rules
and events: ``services.project_access_list``.
"""

from typing import Any

from atlas_access.core.network_access import AccessEntry
from atlas_access.server.routes.atlas_v2 import project_access_list_shapes as wire
from atlas_access.server.services import project_access_list as service
from atlas_access.server.wire import paging
from atlas_access.server.wire.endpoint import Call, Reply


def _page(call: Call, status: int, found: list[AccessEntry]) -> Reply:
    path = wire.access_list_path(call.the_project().id)

    def view(entry: AccessEntry) -> dict[str, Any]:
        return wire.entry_view(entry, call.base_url)

    return Reply(status, paging.page_body(call.query, call.base_url, path, found, view))


def list_entries(call: Call) -> Reply:
    return _page(call, 200, service.listing(call.ctx, call.the_project()))


def create_entries(call: Call) -> Reply:
    paging.page_of(call.query)  # bad paging parameters fail before anything is written
    project = call.the_project()
    wanted = wire.entries_given(call.raw_body, call.content_type, project.id, call.ctx.now)
    return _page(call, 201, service.add(call.ctx, project, wanted))


def get_entry(call: Call) -> Reply:
    given = call.path["entryValue"]
    found = service.find(call.ctx, call.the_project(), wire.entry_of_path(given), given)
    return Reply(200, wire.entry_view(found, call.base_url))


def get_status(call: Call) -> Reply:
    given = call.path["entryValue"]
    service.find(call.ctx, call.the_project(), wire.entry_of_path(given), given)
    return Reply(200, wire.status_view())


def delete_entry(call: Call) -> Reply:
    given = call.path["entryValue"]
    service.remove(call.ctx, call.the_project(), wire.entry_of_path(given), given)
    return Reply(204)
