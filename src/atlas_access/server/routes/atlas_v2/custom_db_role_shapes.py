"""Custom database roles on the wire: ``UserCustomDBRole`` and ``UpdateCustomDBRole``.

As recorded (``reference/recordings/customdbroles``): ``{actions: [{action, resources}], inheritedRoles: [{db,
role}], roleName}``; a resource is ``{cluster: true}`` or ``{collection?, db}`` (the real CLI sends ``cluster:
false`` and ``collection: ""`` for "every collection", which the answer leaves out).
"""

from typing import Any

from atlas_access.core.database_roles import (
    CustomRole,
    InheritedRole,
    Privilege,
    Resource,
    valid_action,
    valid_collection_name,
    valid_database_name,
)
from atlas_access.core.errors import ApiError
from atlas_access.server.wire.body import WireModel, require


class ResourceIn(WireModel):
    cluster: bool | None = None
    collection: str | None = None
    db: str | None = None


class ActionIn(WireModel):
    action: str | None = None
    resources: list[ResourceIn] | None = None


class InheritedRoleIn(WireModel):
    db: str | None = None
    role: str | None = None


class CustomRoleIn(WireModel):
    """``UserCustomDBRole``."""

    actions: list[ActionIn] | None = None
    inheritedRoles: list[InheritedRoleIn] | None = None
    roleName: str | None = None


class CustomRoleUpdateIn(WireModel):
    """``UpdateCustomDBRole``; ``roleName`` is accepted when it names the role itself or is empty (the real CLI sends
    a ``UserCustomDBRole`` with ``roleName: ""``), since a role cannot be renamed (ours)."""

    actions: list[ActionIn] | None = None
    inheritedRoles: list[InheritedRoleIn] | None = None
    roleName: str | None = None


def _resource(given: ResourceIn) -> Resource:
    if given.cluster:  # the spec: the cluster resource ignores db and collection
        return Resource(cluster=True)
    db = valid_database_name(given.db or "", "actions.resources.db")
    collection = valid_collection_name(given.collection, "actions.resources.collection") if given.collection else None
    return Resource(db, collection)


def privileges(given: list[ActionIn] | None) -> tuple[Privilege, ...] | None:
    if given is None:
        return None
    return tuple(
        Privilege(
            valid_action(require(one.action, "actions.action"), "actions.action"),
            tuple(_resource(resource) for resource in require(one.resources, "actions.resources")),
        )
        for one in given
    )


def inherited_roles(given: list[InheritedRoleIn] | None) -> tuple[InheritedRole, ...] | None:
    if given is None:
        return None
    return tuple(
        InheritedRole(require(one.db, "inheritedRoles.db"), require(one.role, "inheritedRoles.role")) for one in given
    )


def same_role(given: str | None, name: str) -> None:
    if given and given != name:
        raise ApiError("INVALID_ATTRIBUTE", "roleName", fields=[("roleName", "A custom role cannot be renamed.")])


def roles_path(group_id: str) -> str:
    return f"/api/atlas/v2/groups/{group_id}/customDBRoles/roles"


def _resource_view(resource: Resource) -> dict[str, Any]:
    if resource.cluster:
        return {"cluster": True}
    view: dict[str, Any] = {}
    if resource.collection is not None:
        view["collection"] = resource.collection
    view["db"] = resource.db
    return view


def role_view(role: CustomRole) -> dict[str, Any]:
    """``UserCustomDBRole`` as recorded: actions in the order given, inherited roles by database then role."""
    return {
        "actions": [
            {"action": one.action, "resources": [_resource_view(resource) for resource in one.resources]}
            for one in role.actions
        ],
        "inheritedRoles": [{"db": one.db, "role": one.role} for one in role.inherited_roles],
        "roleName": role.name,
    }
