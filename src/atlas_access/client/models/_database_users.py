"""A project's database users (2023-01-01): SCRAM users with a password, X.509, LDAP, AWS IAM and OIDC users,
their roles and the clusters they may reach; names are the spec's schemas."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from atlas_access.client.models._common import AtlasModel, Link

__all__ = ["CloudDatabaseUser", "ComponentLabel", "DatabaseUserRole", "UserScope"]


class DatabaseUserRole(AtlasModel):
    """One role of a database user on one database (``admin`` for the ``...AnyDatabase`` roles and custom
    roles), or on one collection of it."""

    role_name: str
    database_name: str
    collection_name: str | None = None


class UserScope(AtlasModel):
    """A cluster, data lake or stream workspace (``type`` ``CLUSTER``, ``DATA_LAKE``, ``STREAM``) the user may
    reach; a user with no scopes reaches every one of the project."""

    name: str
    type: str


class ComponentLabel(AtlasModel):
    """A key-value label on a database user."""

    key: str | None = None
    value: str | None = None


class CloudDatabaseUser(AtlasModel):
    """A database user: what creates one, what changes one (the fields given replace the old, those left out
    stay), and what the reads answer.

    ``database_name`` is ``admin`` for a password (SCRAM) user and ``$external`` for the others;
    ``x509_type``, ``ldap_auth_type``, ``aws_iam_type`` and ``oidc_auth_type`` say which kind it is (``NONE``
    for SCRAM). ``password`` goes only in requests: answers never carry it. ``delete_after_date`` makes a
    temporary user, which the project deletes at that time."""

    username: str
    database_name: str
    group_id: str | None = None
    roles: list[DatabaseUserRole] = Field(default_factory=list)
    scopes: list[UserScope] = Field(default_factory=list)
    labels: list[ComponentLabel] = Field(default_factory=list)
    password: str | None = Field(default=None, repr=False)
    description: str | None = None
    delete_after_date: datetime | None = None
    aws_iam_type: str | None = Field(default=None, alias="awsIAMType")
    ldap_auth_type: str | None = None
    oidc_auth_type: str | None = None
    x509_type: str | None = None
    links: list[Link] = Field(default_factory=list)
