"""A project's custom database roles (``custom_db_roles``); a role's name is the primary key within its project, so
a create claims it with ``INSERT ... ON CONFLICT DO NOTHING``."""

import json
from typing import Any

from sqlalchemy import Connection, delete, select, update

from atlas_access.core.database_roles import CustomRole, InheritedRole, Privilege, Resource
from atlas_access.store import json_columns
from atlas_access.store.prepared import Prepared, Row, as_record, param
from atlas_access.store.tables import custom_db_roles
from atlas_access.store.upsert import insert_if_absent

__all__ = ["CustomRole"]

_T = custom_db_roles.c
_COLUMNS = (_T.group_id, _T.role_name.label("name"), _T.actions, _T.inherited_roles, _T.created_at)
_OF_PROJECT = Prepared(select(*_COLUMNS).where(_T.group_id == param("group")))
_ONE = Prepared(select(*_COLUMNS).where(_T.group_id == param("group"), _T.role_name == param("name")))
_UPDATE = Prepared(
    update(custom_db_roles)
    .where(_T.group_id == param("group"), _T.role_name == param("name"))
    .values(actions=param("actions"), inherited_roles=param("inherited"))
)
_DELETE = Prepared(delete(custom_db_roles).where(_T.group_id == param("group"), _T.role_name == param("name")))


def _resource(value: dict[str, Any]) -> Resource:
    return Resource(value.get("db"), value.get("collection"), bool(value.get("cluster")))


def _role(row: Row) -> CustomRole:
    actions = tuple(
        Privilege(one["action"], tuple(_resource(resource) for resource in one["resources"]))
        for one in json.loads(row["actions"])
    )
    inherited = tuple(InheritedRole(db, role) for db, role in json.loads(row["inherited_roles"]))
    return as_record(CustomRole, row, actions=actions, inherited_roles=inherited)


def _actions_text(role: CustomRole) -> str:
    def resource(one: Resource) -> dict[str, Any]:
        return {"cluster": True} if one.cluster else {"db": one.db, "collection": one.collection}

    actions = [{"action": one.action, "resources": [resource(r) for r in one.resources]} for one in role.actions]
    return json_columns.dump(actions)


def _inherited_text(role: CustomRole) -> str:
    return json_columns.dump([[one.db, one.role] for one in role.inherited_roles])


def of_project(conn: Connection, group_id: str) -> list[CustomRole]:
    """The project's custom roles in the order they were created (as recorded), then by name."""
    found = [_role(row) for row in _OF_PROJECT.rows(conn, group=group_id)]
    return sorted(found, key=lambda role: (role.created_at, role.name))


def get(conn: Connection, group_id: str, name: str) -> CustomRole | None:
    row = _ONE.first(conn, group=group_id, name=name)
    return None if row is None else _role(row)


def insert(conn: Connection, role: CustomRole) -> bool:
    """Create the role unless the project has one of that name; True when created."""
    values = {
        "group_id": role.group_id,
        "role_name": role.name,
        "actions": _actions_text(role),
        "inherited_roles": _inherited_text(role),
        "created_at": role.created_at,
    }
    return insert_if_absent(conn, custom_db_roles, values)


def update_role(conn: Connection, role: CustomRole) -> bool:
    """Write the role's actions and inherited roles; False if it is gone."""
    found = _UPDATE.count(
        conn, group=role.group_id, name=role.name, actions=_actions_text(role), inherited=_inherited_text(role)
    )
    return found == 1


def delete_role(conn: Connection, group_id: str, name: str) -> bool:
    return _DELETE.count(conn, group=group_id, name=name) == 1
