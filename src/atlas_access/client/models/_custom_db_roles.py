"""A project's custom database roles (2023-01-01): privileges on namespaces and inherited roles; names are the
spec's schemas."""

from __future__ import annotations

from pydantic import Field

from atlas_access.client.models._common import AtlasModel

__all__ = [
    "DatabaseInheritedRole",
    "DatabasePermittedNamespaceResource",
    "DatabasePrivilegeAction",
    "UpdateCustomDBRole",
    "UserCustomDBRole",
]


class DatabasePermittedNamespaceResource(AtlasModel):
    """Where a privilege applies: a collection of a database (``collection`` empty for all of them, ``db``
    empty for every database), or the whole cluster (``cluster=True``)."""

    db: str | None = None
    collection: str | None = None
    cluster: bool | None = None


class DatabasePrivilegeAction(AtlasModel):
    """A privilege: one action (``FIND``, ``INSERT``, ``LIST_DATABASES`` ...) on resources."""

    action: str
    resources: list[DatabasePermittedNamespaceResource] = Field(default_factory=list)


class DatabaseInheritedRole(AtlasModel):
    """A role whose privileges a custom role takes: a built-in role or another custom role, on ``db``."""

    role: str
    db: str


class UserCustomDBRole(AtlasModel):
    """A custom role: what creates one and what the reads answer."""

    role_name: str
    actions: list[DatabasePrivilegeAction] = Field(default_factory=list)
    inherited_roles: list[DatabaseInheritedRole] = Field(default_factory=list)


class UpdateCustomDBRole(AtlasModel):
    """A custom role's new privileges or inherited roles (each list given replaces the old one)."""

    actions: list[DatabasePrivilegeAction] | None = None
    inherited_roles: list[DatabaseInheritedRole] | None = None
