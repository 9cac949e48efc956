"""``/api/atlas/v2/groups/{groupId}/customDBRoles/roles``: a project's custom database roles (2023-01-01).

As recorded (``reference/recordings/customdbroles``): create answers 202 (the change reaches the clusters later;
here the role exists at once), update 200, delete 204; the list is a bare JSON array. The rules and events:
``services.custom_db_roles``.
"""

from atlas_access.server.routes.atlas_v2 import custom_db_role_shapes as wire
from atlas_access.server.services import custom_db_roles as service
from atlas_access.server.wire.body import require
from atlas_access.server.wire.endpoint import Call, Reply


def list_roles(call: Call) -> Reply:
    return Reply(200, [wire.role_view(role) for role in service.listing(call.ctx, call.the_project())])


def create_role(call: Call) -> Reply:
    body = call.body(wire.CustomRoleIn)
    name: str = require(body.roleName, "roleName")
    actions = wire.privileges(body.actions) or ()
    inherited = wire.inherited_roles(body.inheritedRoles) or ()
    role = service.create(call.ctx, call.the_project(), name, actions, inherited)
    return Reply(202, wire.role_view(role))


def get_role(call: Call) -> Reply:
    return Reply(200, wire.role_view(service.find(call.ctx, call.the_project(), call.path["roleName"])))


def update_role(call: Call) -> Reply:
    body = call.body(wire.CustomRoleUpdateIn)
    name = call.path["roleName"]
    wire.same_role(body.roleName, name)
    actions, inherited = wire.privileges(body.actions), wire.inherited_roles(body.inheritedRoles)
    role = service.update(call.ctx, call.the_project(), name, actions, inherited)
    return Reply(200, wire.role_view(role))


def delete_role(call: Call) -> Reply:
    service.delete(call.ctx, call.the_project(), call.path["roleName"])
    return Reply(204)
