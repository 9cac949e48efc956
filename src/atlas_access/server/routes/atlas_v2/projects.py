"""``/api/atlas/v2/groups``: the projects a caller can read, one project by id or by name (reads)."""

from typing import Any

from atlas_access.core.clock import iso
from atlas_access.core.roles import Surface
from atlas_access.server import rate_rules
from atlas_access.server.services import directory
from atlas_access.server.wire import paging
from atlas_access.server.wire.endpoint import Call, Endpoint, Reply
from atlas_access.store.directory import Project

# Related resources a single project links to, in the recorded order (``GET /groups/{groupId}``). This server
# serves none of them; the links are the real cloud's all the same.
_RELATED = ("containers", "clusters", "databaseUsers", "peers", "processes", "whitelist")


def group_view(project: Project, base_url: str, *, related: bool = False) -> dict[str, Any]:
    """A project as MongoDB Cloud shows it (``Group``). In lists it links to itself only.

    Values without a source here are the real defaults: ``clusterCount`` 0 (this server hosts no clusters),
    ``tags`` empty (not stored yet), ``withDefaultAlertsSettings`` true (the spec's default, as recorded);
    ``regionUsageRestrictions`` is absent, as in Commercial Atlas's answers.
    """
    href = f"{base_url}/api/atlas/v2/groups/{project.id}"
    links = [{"href": href, "rel": "self"}]
    if related:
        links += [{"href": f"{href}/{name}", "rel": f"https://cloud.mongodb.com/{name}"} for name in _RELATED]
    return {
        "clusterCount": 0,
        "created": iso(project.created_at),
        "id": project.id,
        "links": links,
        "name": project.name,
        "orgId": project.org_id,
        "tags": [],
        "withDefaultAlertsSettings": True,
    }


def list_groups(call: Call) -> Reply:
    page = paging.page_of(call.query)
    found = directory.visible_projects(call.ctx, call.principal.id)
    results = [group_view(project, call.base_url) for project in found[page.offset : page.offset + page.size]]
    body = paging.paginated(results, len(found), page, call.base_url, "/api/atlas/v2/groups", call.query.multi_items())
    return Reply(200, body)


def get_group(call: Call) -> Reply:
    """``GET /groups/{groupId}`` and ``GET /groups/byName/{groupName}``: the pipeline found the project."""
    return Reply(200, group_view(call.the_project(), call.base_url, related=True))


V2 = Surface.ATLAS_V2
GROUPS = "/api/atlas/v2/groups"
# By name first: a project named like a sub-resource ("events") must not fall into ``{groupId}/events``.
ENDPOINTS = (
    Endpoint(V2, "getGroupByName", "GET", GROUPS + "/byName/{groupName}", get_group, rate_rules.ATLAS_GROUPS_PER_USER),
    Endpoint(V2, "listGroups", "GET", GROUPS, list_groups, rate_rules.ATLAS_GROUPS_PER_USER),
    Endpoint(V2, "getGroup", "GET", GROUPS + "/{groupId}", get_group, rate_rules.ATLAS_GROUPS),
)
