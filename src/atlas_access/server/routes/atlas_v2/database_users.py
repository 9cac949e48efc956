"""``/api/atlas/v2/groups/{groupId}/databaseUsers``: a project's database users (2023-01-01).

As recorded (``reference/recordings/dbusers``): create answers 201, update 200, delete 204; the list is paginated.
A user is named in the path by its authentication database and username; a username may hold characters that must
be escaped (an AWS IAM ARN's ``/``, an OIDC name's ``<idp id>/<name>``), so the route takes the rest of the path as
the username once decoded (``{username:path}``). A path database other than ``admin`` or ``$external`` names no user
(404 ``USERNAME_NOT_FOUND``, ours). The rules and events: ``services.database_users``.
"""

from atlas_access.server.routes.atlas_v2 import database_user_shapes as wire
from atlas_access.server.services import database_users as service
from atlas_access.server.wire import paging
from atlas_access.server.wire.endpoint import Call, Reply


def list_users(call: Call) -> Reply:
    project = call.the_project()
    found = service.listing(call.ctx, project)
    body = paging.page_body(
        call.query, call.base_url, wire.users_path(project.id), found, lambda user: wire.user_view(user, call.base_url)
    )
    return Reply(200, body)


def create_user(call: Call) -> Reply:
    project = call.the_project()
    body = call.body(wire.DatabaseUserIn)
    user = service.create(call.ctx, project, wire.new_user(body, project.id, call.ctx.now), body.password)
    return Reply(201, wire.user_view(user, call.base_url))


def get_user(call: Call) -> Reply:
    user = service.find(call.ctx, call.the_project(), call.path["databaseName"], call.path["username"])
    return Reply(200, wire.user_view(user, call.base_url))


def update_user(call: Call) -> Reply:
    project = call.the_project()
    changes = wire.changes_of(call.body(wire.DatabaseUserIn), project.id)
    user = service.update(call.ctx, project, call.path["databaseName"], call.path["username"], changes)
    return Reply(200, wire.user_view(user, call.base_url))


def delete_user(call: Call) -> Reply:
    service.delete(call.ctx, call.the_project(), call.path["databaseName"], call.path["username"])
    return Reply(204)
