"""``/api/atlas/v2/groups/{groupId}/apiKeys``: the organization's keys that hold roles in a project (2023-01-01).

Real (recorded, ``reference/recordings/atlasprojectapikeys``): create answers 200 with a new organization key that is
an Organization Member with the project roles, its private key in full; PATCH replaces the key's project roles and
answers 200 with the key (the real CLI's ``assign`` step); DELETE takes the key out of the project (204) and leaves it
in the organization; the list shows the keys with roles of their own in the project, by public key, each with all
its roles. ``addGroupApiKey`` answers 204 (the spec).

Ours: POST on a key of the organization that is not in the project assigns it with the roles given; POST on a key
already in it replaces its roles as PATCH does. ``addGroupApiKey``'s body is an array of ``{roles[, userId]}``: the
roles of all items together; a ``userId`` other than the path's key is 400 ``INVALID_ATTRIBUTE``. PATCH and DELETE of
a key that is not in the project are 404 ``USER_NOT_IN_GROUP`` (the catalog's code for an API user, as MongoDB calls
a key, that is not in a group; no source records the real answer): PATCH only changes a key already in the project,
since assigning one takes ``addGroupApiKey``'s Project Owner, a stronger role than PATCH's Project Access Manager.
Keys of other organizations are 400 ``API_KEY_NOT_FOUND``, as unknown ones.
"""

from atlas_access.core.errors import ApiError
from atlas_access.server.routes.atlas_v2 import api_key_shapes as wire
from atlas_access.server.services import api_keys
from atlas_access.server.wire import body as bodies
from atlas_access.server.wire.body import require
from atlas_access.server.wire.endpoint import Call, Reply


def list_keys(call: Call) -> Reply:
    return Reply(200, wire.keys_page(call, api_keys.project_listing(call.ctx, call.the_project())))


def create_key(call: Call) -> Reply:
    """200, as the real cloud answers (recorded)."""
    project = call.the_project()
    body = call.body(wire.ApiKeyIn)
    description: str = require(body.desc, "desc")
    roles = wire.project_roles(body.roles, project.id)
    key, private_key = api_keys.create(
        call.ctx,
        project.org_id,
        description,
        api_keys.NEW_PROJECT_KEY_ORG_ROLES,
        project=project,
        project_roles=roles,
    )
    return Reply(200, wire.api_key_view(key, call.base_url, private_key))


def update_roles(call: Call) -> Reply:
    project = call.the_project()
    body = wire.update_body(call, "Give roles, a new description or both.")
    roles = None if body.roles is None else wire.project_roles(body.roles, project.id)
    updated = api_keys.update_project_roles(call.ctx, project, wire.key_of_path(call), roles, body.desc)
    return Reply(200, wire.api_key_view(updated, call.base_url))


def add_key(call: Call) -> Reply:
    project = call.the_project()
    key_id = wire.key_id_of(call)
    items = bodies.validate_list(wire.RoleAssignmentIn, call.raw_body, call.content_type)
    if any(item.userId is not None and item.userId != key_id for item in items):
        raise ApiError("INVALID_ATTRIBUTE", "userId", fields=[("userId", "Must be the key of the path, or absent.")])
    roles = wire.project_roles([role for item in items for role in item.roles or ()], project.id)
    api_keys.assign(call.ctx, project, wire.key_of_path(call), roles)
    return Reply(204)


def remove_key(call: Call) -> Reply:
    api_keys.remove_from_project(call.ctx, call.the_project(), wire.key_of_path(call))
    return Reply(204)
