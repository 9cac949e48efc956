"""Database users on the wire: the ``CloudDatabaseUser`` body and answer.

As recorded (``reference/recordings/dbusers``): keys in the order ``awsIAMType, databaseName, deleteAfterDate?,
description?, groupId, labels, ldapAuthType, links, oidcAuthType, roles, scopes, username, x509Type``; ``labels`` and
``scopes`` always present (``[]``), ``deleteAfterDate`` and ``description`` only when set; the self link escapes
the username (``d0123456789abcdef012345d%2Fuser-998``). The password never appears.
"""

from typing import Any
from urllib.parse import quote

from atlas_access.core.clock import iso, parse_iso
from atlas_access.core.database_users import (
    AWS_IAM_TYPES,
    LDAP_AUTH_TYPES,
    MAX_DESCRIPTION,
    NONE,
    OIDC_AUTH_TYPES,
    X509_TYPES,
    DatabaseRole,
    DatabaseUser,
    UserChanges,
    UserScope,
)
from atlas_access.core.errors import ApiError
from atlas_access.server.wire.body import WireModel, require

_MAX_LABEL = 255  # the spec's maxLength of a label's key and value
# What a path segment keeps unescaped (RFC 3986 pchar), as the recorded self links show ("/" becomes %2F).
_SEGMENT_SAFE = "!$&'()*+,;=:@"


class RoleIn(WireModel):
    roleName: str | None = None
    databaseName: str | None = None
    collectionName: str | None = None


class ScopeIn(WireModel):
    name: str | None = None
    type: str | None = None


class LabelIn(WireModel):
    key: str | None = None
    value: str | None = None


class LinkIn(WireModel):
    href: str | None = None
    rel: str | None = None


class DatabaseUserIn(WireModel):
    """``CloudDatabaseUser``. ``links`` is read-only: a user read and sent back may carry it (ignored, ours)."""

    awsIAMType: str | None = None
    databaseName: str | None = None
    deleteAfterDate: str | None = None
    description: str | None = None
    groupId: str | None = None
    labels: list[LabelIn] | None = None
    ldapAuthType: str | None = None
    links: list[LinkIn] | None = None
    oidcAuthType: str | None = None
    password: str | None = None
    roles: list[RoleIn] | None = None
    scopes: list[ScopeIn] | None = None
    username: str | None = None
    x509Type: str | None = None


def _enum(value: str | None, allowed: tuple[str, ...], field: str) -> str | None:
    if value is not None and value not in allowed:
        raise ApiError("INVALID_ENUM_VALUE", value, fields=[(field, f"One of {', '.join(allowed)}.")])
    return value


def _roles(given: list[RoleIn] | None) -> tuple[DatabaseRole, ...] | None:
    if given is None:
        return None
    return tuple(
        DatabaseRole(
            require(role.roleName, "roles.roleName"),
            require(role.databaseName, "roles.databaseName"),
            role.collectionName or None,
        )
        for role in given
    )


def _scopes(given: list[ScopeIn] | None) -> tuple[UserScope, ...] | None:
    if given is None:
        return None
    return tuple(UserScope(require(one.name, "scopes.name"), require(one.type, "scopes.type")) for one in given)


def _label_text(value: str | None, field: str) -> str:
    text: str = require(value, field)
    if not 1 <= len(text) <= _MAX_LABEL:
        raise ApiError("INVALID_ATTRIBUTE", field, fields=[(field, f"1 to {_MAX_LABEL} characters.")])
    return text


def _labels(given: list[LabelIn] | None) -> tuple[tuple[str, str], ...] | None:
    if given is None:
        return None
    return tuple((_label_text(one.key, "labels.key"), _label_text(one.value, "labels.value")) for one in given)


def _delete_after(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return parse_iso(value)
    except (ValueError, OverflowError):
        raise ApiError(
            "INVALID_JSON_ATTRIBUTE", "deleteAfterDate", fields=[("deleteAfterDate", "An ISO-8601 date and time.")]
        ) from None


def _description(value: str | None) -> str | None:
    if value is not None and len(value) > MAX_DESCRIPTION:
        raise ApiError("INVALID_ATTRIBUTE", "description", fields=[("description", "At most 100 characters.")])
    return value


def _auth_types(body: DatabaseUserIn) -> tuple[str | None, str | None, str | None, str | None]:
    return (
        _enum(body.x509Type, X509_TYPES, "x509Type"),
        _enum(body.awsIAMType, AWS_IAM_TYPES, "awsIAMType"),
        _enum(body.ldapAuthType, LDAP_AUTH_TYPES, "ldapAuthType"),
        _enum(body.oidcAuthType, OIDC_AUTH_TYPES, "oidcAuthType"),
    )


def _same_project(body: DatabaseUserIn, group_id: str) -> None:
    if body.groupId is not None and body.groupId != group_id:
        raise ApiError("GROUP_MISMATCH", body.groupId)


def new_user(body: DatabaseUserIn, group_id: str, now: int) -> DatabaseUser:
    """The user a create asks for (the password apart); ``groupId``, if given, must be the path's project."""
    _same_project(body, group_id)
    username: str = require(body.username, "username")
    database_name: str = require(body.databaseName, "databaseName")
    roles = _roles(require(body.roles, "roles"))
    x509_type, aws_iam_type, ldap_auth_type, oidc_auth_type = _auth_types(body)
    return DatabaseUser(
        group_id=group_id,
        database_name=database_name,
        username=username,
        x509_type=x509_type or NONE,
        aws_iam_type=aws_iam_type or NONE,
        ldap_auth_type=ldap_auth_type or NONE,
        oidc_auth_type=oidc_auth_type or NONE,
        roles=roles or (),
        scopes=_scopes(body.scopes) or (),
        labels=_labels(body.labels) or (),
        description=_description(body.description) or None,
        delete_after=_delete_after(body.deleteAfterDate),
        created_at=now,
    )


def changes_of(body: DatabaseUserIn, group_id: str) -> UserChanges:
    """What an update names; the rest stays. Empty ``roles`` and ``scopes`` keep the user's: the real CLI's
    ``dbusers update --password`` sends ``"roles": [], "scopes": []``, and MongoDB Cloud answered it keeping both
    (recorded, ``dbusers`` Update_only_password)."""
    _same_project(body, group_id)
    return UserChanges(
        username=body.username,
        database_name=body.databaseName,
        auth_types=_auth_types(body),
        password=body.password,
        roles=_roles(body.roles or None),
        scopes=_scopes(body.scopes or None),
        labels=_labels(body.labels),
        description=_description(body.description),
        delete_after=_delete_after(body.deleteAfterDate),
    )


def users_path(group_id: str) -> str:
    return f"/api/atlas/v2/groups/{group_id}/databaseUsers"


def user_path(user: DatabaseUser) -> str:
    database, username = quote(user.database_name, safe=_SEGMENT_SAFE), quote(user.username, safe=_SEGMENT_SAFE)
    return f"{users_path(user.group_id)}/{database}/{username}"


def _role_view(role: DatabaseRole) -> dict[str, Any]:
    view: dict[str, Any] = {}
    if role.collection_name is not None:
        view["collectionName"] = role.collection_name
    view.update(databaseName=role.database_name, roleName=role.role_name)
    return view


def user_view(user: DatabaseUser, base_url: str) -> dict[str, Any]:
    """``CloudDatabaseUser`` as recorded, keys in alphabetical order."""
    view: dict[str, Any] = {"awsIAMType": user.aws_iam_type, "databaseName": user.database_name}
    if user.delete_after is not None:
        view["deleteAfterDate"] = iso(user.delete_after)
    if user.description is not None:
        view["description"] = user.description
    view.update(
        groupId=user.group_id,
        labels=[{"key": key, "value": value} for key, value in user.labels],
        ldapAuthType=user.ldap_auth_type,
        links=[{"href": f"{base_url}{user_path(user)}", "rel": "self"}],
        oidcAuthType=user.oidc_auth_type,
        roles=[_role_view(role) for role in user.roles],
        scopes=[{"name": scope.name, "type": scope.type} for scope in user.scopes],
        username=user.username,
        x509Type=user.x509_type,
    )
    return view
