"""``/api/atlas/v2/orgs``: the organizations a caller belongs to, one organization, and its projects (reads)."""

from typing import Any

from atlas_access.core.roles import Surface
from atlas_access.server import rate_rules
from atlas_access.server.routes.atlas_v2.projects import group_view
from atlas_access.server.services import directory
from atlas_access.server.wire import paging
from atlas_access.server.wire.endpoint import Call, Endpoint, Reply
from atlas_access.store.directory import Org

# Related resources a single organization links to, as recorded (``GET /orgs/{orgId}``).
_RELATED = ("groups", "teams", "users")


def org_view(org: Org, base_url: str, *, related: bool = False) -> dict[str, Any]:
    """An organization as MongoDB Cloud shows it (``AtlasOrganization``). In lists it links to itself only.
    ``isDeleted`` and ``skipDefaultAlertsSettings`` have no source here: deleted organizations are gone, and
    no alerts are created, so both are the real default, false."""
    href = f"{base_url}/api/atlas/v2/orgs/{org.id}"
    links = [{"href": href, "rel": "self"}]
    if related:
        links += [{"href": f"{href}/{name}", "rel": f"https://cloud.mongodb.com/{name}"} for name in _RELATED]
    return {"id": org.id, "isDeleted": False, "links": links, "name": org.name, "skipDefaultAlertsSettings": False}


def name_filter(call: Call) -> tuple[str, list[tuple[str, str]]]:
    """The ``name`` filter and the parameters the list links keep: MongoDB Cloud echoes ``name=`` even when the
    request had none (recorded ``GET /orgs``)."""
    name = call.query.get("name", "")
    kept = [(key, value) for key, value in call.query.multi_items() if key != "name"]
    return name, [*kept, ("name", name)]


def list_orgs(call: Call) -> Reply:
    page = paging.page_of(call.query)
    name, params = name_filter(call)
    found = directory.visible_orgs(call.ctx, call.principal.id, name)
    results = [org_view(org, call.base_url) for org in found[page.offset : page.offset + page.size]]
    return Reply(200, paging.paginated(results, len(found), page, call.base_url, "/api/atlas/v2/orgs", params))


def get_org(call: Call) -> Reply:
    return Reply(200, org_view(call.the_org(), call.base_url, related=True))


def list_org_groups(call: Call) -> Reply:
    org = call.the_org()
    page = paging.page_of(call.query)
    name, params = name_filter(call)
    found = directory.visible_projects(call.ctx, call.principal.id, org.id, name)
    results = [group_view(project, call.base_url) for project in found[page.offset : page.offset + page.size]]
    path = f"/api/atlas/v2/orgs/{org.id}/groups"
    return Reply(200, paging.paginated(results, len(found), page, call.base_url, path, params))


V2 = Surface.ATLAS_V2
ORGS = "/api/atlas/v2/orgs"
ENDPOINTS = (
    Endpoint(V2, "listOrgs", "GET", ORGS, list_orgs, rate_rules.ATLAS_ORGS_PER_USER),
    Endpoint(V2, "getOrg", "GET", ORGS + "/{orgId}", get_org, rate_rules.ATLAS_ORGS),
    Endpoint(V2, "getOrgGroups", "GET", ORGS + "/{orgId}/groups", list_org_groups, rate_rules.ATLAS_ORGS),
)
