"""``/api/atlas/v2/groups``: the projects a caller can read, one project by id or by name; create, update and
delete a project."""

import json
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from atlas_access.core.clock import iso
from atlas_access.core.directory import Project, Tag
from atlas_access.core.errors import ApiError
from atlas_access.core.ids import is_object_id
from atlas_access.server.services import projects, visibility
from atlas_access.server.wire import paging
from atlas_access.server.wire.body import WireModel, require
from atlas_access.server.wire.endpoint import Call, Reply
from atlas_access.server.wire.names import resource_name

# Related resources a single project links to, in the recorded order (``GET /groups/{groupId}``). This server
# serves none of them; the links are the real cloud's all the same.
_RELATED = ("containers", "clusters", "databaseUsers", "peers", "processes", "whitelist")


def group_view(project: Project, base_url: str, *, related: bool = False) -> dict[str, Any]:
    """A project as MongoDB Cloud shows it (``Group``). In lists it links to itself only.

    ``clusterCount`` is 0 (this server hosts no clusters); ``regionUsageRestrictions`` is absent, as in
    Commercial Atlas's answers.
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
        "tags": [{"key": key, "value": value} for key, value in project.tags],
        "withDefaultAlertsSettings": project.with_default_alerts,
    }


def list_groups(call: Call) -> Reply:
    page = paging.page_of(call.query)
    found = visibility.visible_projects(call.ctx, call.principal.id)
    results = [group_view(project, call.base_url) for project in found[page.offset : page.offset + page.size]]
    body = paging.paginated(results, len(found), page, call.base_url, "/api/atlas/v2/groups", call.query.multi_items())
    return Reply(200, body)


def get_group(call: Call) -> Reply:
    """``GET /groups/{groupId}`` and ``GET /groups/byName/{groupName}``: the pipeline found the project."""
    return Reply(200, group_view(call.the_project(), call.base_url, related=True))


_TagText = Annotated[str, StringConstraints(min_length=1, max_length=255)]


class TagIn(WireModel):
    key: _TagText
    value: _TagText


class GroupUpdateIn(WireModel):
    """``GroupUpdate``; tags replace the project's tags whole, an empty list removes them all."""

    name: str | None = None
    tags: list[TagIn] | None = None
    withDefaultAlertsSettings: bool | None = None


class GroupIn(GroupUpdateIn):
    """``Group`` as a create body. ``regionUsageRestrictions`` is refused (INVALID_ATTRIBUTE): "In Commercial
    Atlas, this field will be rejected in requests" (the spec); read-only fields are refused the same way."""

    orgId: str | None = None
    tags: list[TagIn] = Field(default_factory=list)
    withDefaultAlertsSettings: bool = True


def _tags(given: list[TagIn]) -> tuple[Tag, ...]:
    return tuple((tag.key, tag.value) for tag in given)


def _org_id_given(call: Call) -> str:
    """The body's ``orgId``, read before the rest of the body so that the membership and role checks come first
    (docs/wire.md §4's order); a body without a usable one fails as the body."""
    try:
        data = json.loads(call.raw_body)
    except (UnicodeDecodeError, ValueError, RecursionError):
        data = None
    value = data.get("orgId") if isinstance(data, dict) else None
    if isinstance(value, str):
        return value
    org_id: str = require(call.body(GroupIn).orgId, "orgId")
    return org_id


def create_group(call: Call) -> Reply:
    """``POST /groups``: 201, as the real cloud answers (recorded; the spec says 200)."""
    org = call.enter_org(_org_id_given(call))
    body = call.body(GroupIn)
    owner_id = call.query.get("projectOwnerId")
    if owner_id is not None and not is_object_id(owner_id):
        raise ApiError("INVALID_QUERY_PARAMETER", "projectOwnerId")
    project = projects.create(
        call.ctx,
        org,
        resource_name(body.name),
        _tags(body.tags),
        body.withDefaultAlertsSettings,
        creator=(call.principal.id, call.principal.kind),
        owner_id=owner_id,
    )
    return Reply(201, group_view(project, call.base_url, related=True))


def update_group(call: Call) -> Reply:
    body = call.body(GroupUpdateIn)
    project = projects.update(
        call.ctx,
        call.the_project(),
        name=None if body.name is None else resource_name(body.name),
        tags=None if body.tags is None else _tags(body.tags),
        with_default_alerts=body.withDefaultAlertsSettings,
    )
    return Reply(200, group_view(project, call.base_url, related=True))


def delete_group(call: Call) -> Reply:
    """``DELETE /groups/{groupId}``: 202 with ``{}``, as the real cloud answers (recorded; the spec says 204)."""
    projects.delete(call.ctx, call.the_project())
    return Reply(202, {})
