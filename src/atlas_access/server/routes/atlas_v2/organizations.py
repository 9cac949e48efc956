"""``/api/atlas/v2/orgs``: the organizations a caller belongs to, one organization, and its projects; creating,
renaming and deleting an organization."""

from typing import Any

from atlas_access.core.directory import Org
from atlas_access.core.errors import ApiError
from atlas_access.core.ids import is_object_id
from atlas_access.server.routes.atlas_v2 import api_key_shapes, service_account_shapes
from atlas_access.server.routes.atlas_v2.api_keys import new_org_key
from atlas_access.server.routes.atlas_v2.projects import group_view
from atlas_access.server.routes.atlas_v2.service_accounts import new_org_account
from atlas_access.server.services import organizations, visibility
from atlas_access.server.wire import paging
from atlas_access.server.wire.body import WireModel
from atlas_access.server.wire.endpoint import Call, Reply
from atlas_access.server.wire.names import resource_name

# Related resources a single organization links to, as recorded (``GET /orgs/{orgId}``).
_RELATED = ("groups", "teams", "users")


def org_view(org: Org, base_url: str, *, related: bool = False) -> dict[str, Any]:
    """An organization as MongoDB Cloud shows it (``AtlasOrganization``). In lists it links to itself only.
    ``isDeleted`` is always false: deleted organizations are gone."""
    href = f"{base_url}/api/atlas/v2/orgs/{org.id}"
    links = [{"href": href, "rel": "self"}]
    if related:
        links += [{"href": f"{href}/{name}", "rel": f"https://cloud.mongodb.com/{name}"} for name in _RELATED]
    return {
        "id": org.id,
        "isDeleted": False,
        "links": links,
        "name": org.name,
        "skipDefaultAlertsSettings": org.skip_default_alerts,
    }


def name_filter(call: Call) -> tuple[str, list[tuple[str, str]]]:
    """The ``name`` filter and the parameters the list links keep: MongoDB Cloud echoes ``name=`` even when the
    request had none (recorded ``GET /orgs``)."""
    name = call.query.get("name", "")
    kept = [(key, value) for key, value in call.query.multi_items() if key != "name"]
    return name, [*kept, ("name", name)]


def list_orgs(call: Call) -> Reply:
    page = paging.page_of(call.query)
    name, params = name_filter(call)
    found = visibility.visible_orgs(call.ctx, call.principal.id, name)
    results = [org_view(org, call.base_url) for org in found[page.offset : page.offset + page.size]]
    return Reply(200, paging.paginated(results, len(found), page, call.base_url, "/api/atlas/v2/orgs", params))


def get_org(call: Call) -> Reply:
    return Reply(200, org_view(call.the_org(), call.base_url, related=True))


def list_org_groups(call: Call) -> Reply:
    org = call.the_org()
    page = paging.page_of(call.query)
    name, params = name_filter(call)
    found = visibility.visible_projects(call.ctx, call.principal.id, org.id, name)
    results = [group_view(project, call.base_url) for project in found[page.offset : page.offset + page.size]]
    path = f"/api/atlas/v2/orgs/{org.id}/groups"
    return Reply(200, paging.paginated(results, len(found), page, call.base_url, path, params))


class OrgUpdateIn(WireModel):
    """``AtlasOrganization`` as an update body: the name (required, as in the spec) and the alerts flag."""

    name: str | None = None
    skipDefaultAlertsSettings: bool | None = None


class OrgCreateIn(WireModel):
    """``CreateOrganizationRequest``: ``apiKey`` is ``CreateAtlasOrganizationApiKey`` (both fields required, as
    the spec says) and ``serviceAccount`` ``OrgServiceAccountRequest``."""

    name: str | None = None
    orgOwnerId: str | None = None
    apiKey: api_key_shapes.ApiKeyIn | None = None
    serviceAccount: service_account_shapes.OrgServiceAccountIn | None = None
    federationSettingsId: str | None = None
    skipDefaultAlertsSettings: bool = False


def _owner(call: Call, body: OrgCreateIn) -> str | None:
    """``orgOwnerId``, checked; a request that names no owner at all (user, key or account) is refused (ours)."""
    owner_id = body.orgOwnerId
    if owner_id is None:
        if body.apiKey is None and body.serviceAccount is None:
            raise ApiError("MISSING_ATTRIBUTE", "orgOwnerId")
        return None
    if not is_object_id(owner_id):
        raise ApiError("INVALID_ATTRIBUTE", "orgOwnerId")
    return organizations.check_owner(call.ctx, call.the_org(), owner_id)


def create_org(call: Call) -> Reply:
    """``POST /orgs``: 201 with ``CreateOrganizationResponse`` (the spec's status; nothing recorded). All of it is
    one transaction: a first key or account that fails its checks leaves no organization behind."""
    body = call.body(OrgCreateIn)
    name = resource_name(body.name)
    if body.federationSettingsId is not None:  # no federations here: whatever is named does not exist
        raise ApiError("RESOURCE_NOT_FOUND", f"federation settings {body.federationSettingsId}")
    owner_id = _owner(call, body)
    org = organizations.create(call.ctx, name, body.skipDefaultAlertsSettings, owner_id)
    answer: dict[str, Any] = {"organization": org_view(org, call.base_url, related=True)}
    if body.apiKey is not None:
        answer["apiKey"] = new_org_key(call, org.id, body.apiKey, "apiKey.desc")
    if body.serviceAccount is not None:
        answer["serviceAccount"] = new_org_account(call, org.id, body.serviceAccount)
    if owner_id is not None:
        answer["orgOwnerId"] = owner_id
    answer["skipDefaultAlertsSettings"] = org.skip_default_alerts
    return Reply(201, dict(sorted(answer.items())))


def update_org(call: Call) -> Reply:
    body = call.body(OrgUpdateIn)
    org = organizations.update(call.ctx, call.the_org(), resource_name(body.name), body.skipDefaultAlertsSettings)
    return Reply(200, org_view(org, call.base_url, related=True))


def delete_org(call: Call) -> Reply:
    """``DELETE /orgs/{orgId}``: 204 (the spec's status; nothing recorded)."""
    organizations.delete(call.ctx, call.the_org())
    return Reply(204)
