"""A project's database users: the records the store returns and the services and routes pass around, and the
rules a user must follow. Codes and texts are MongoDB's published ones; what MongoDB does not document is marked
"ours" here and in docs/database-users.md."""

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from cryptography import x509
from pymongo.saslprep import saslprep

from atlas_access.core.database_roles import (
    ADMIN,
    ADMIN_ONLY_ROLES,
    ANY_DATABASE_ROLES,
    COLLECTION_ROLES,
    EXTERNAL,
    RESTRICTED_ROLES,
    valid_collection_name,
    valid_database_name,
)
from atlas_access.core.errors import ApiError

NONE = "NONE"
X509_TYPES: tuple[str, ...] = ("NONE", "CUSTOMER", "MANAGED")
AWS_IAM_TYPES: tuple[str, ...] = ("NONE", "USER", "ROLE")
LDAP_AUTH_TYPES: tuple[str, ...] = ("NONE", "GROUP", "USER")
OIDC_AUTH_TYPES: tuple[str, ...] = ("NONE", "IDP_GROUP", "USER")
SCOPE_TYPES: tuple[str, ...] = ("CLUSTER", "DATA_LAKE", "STREAM")
MAX_USERS_PER_PROJECT = 100  # the default of the project limit (core.project_limits), which the service enforces
MAX_USERNAME = 1024  # the spec's maxLength
MAX_DESCRIPTION = 100  # the spec's maxLength
MIN_PASSWORD = 8  # the spec's minLength
MAX_DELETE_AFTER_DAYS = 7  # the spec: "a future date that falls within one week"
_SCOPE_NAME = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9-]*")  # the spec's pattern
_AWS_ARN = re.compile(r"arn:aws(?:-[a-z]+)*:iam::\d{12}:(?P<kind>user|role)/\S+")
_OIDC_NAME = re.compile(r"[0-9a-f]{24}/.+", re.DOTALL)


@dataclass(frozen=True, slots=True)
class DatabaseRole:
    """A role a database user holds: a built-in or custom role on a database, optionally one collection."""

    role_name: str
    database_name: str
    collection_name: str | None = None


@dataclass(frozen=True, slots=True)
class UserScope:
    """A cluster, data lake or stream instance of the project the user is limited to."""

    name: str
    type: str


@dataclass(frozen=True, slots=True)
class DatabaseUser:
    """A database user of a project, named by its authentication database and username.

    ``x509_type``, ``aws_iam_type``, ``ldap_auth_type`` and ``oidc_auth_type`` are ``"NONE"`` unless the user
    authenticates that way; a user with all four ``"NONE"`` is a password (SCRAM) user. ``delete_after`` is the
    server time (epoch seconds) at which the user stops existing."""

    group_id: str
    database_name: str
    username: str
    x509_type: str = NONE
    aws_iam_type: str = NONE
    ldap_auth_type: str = NONE
    oidc_auth_type: str = NONE
    roles: tuple[DatabaseRole, ...] = ()
    scopes: tuple[UserScope, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()
    description: str | None = None
    delete_after: int | None = None
    created_at: int = 0

    @property
    def is_password_user(self) -> bool:
        return self.auth_types == (NONE, NONE, NONE, NONE)

    @property
    def auth_types(self) -> tuple[str, str, str, str]:
        return (self.x509_type, self.aws_iam_type, self.ldap_auth_type, self.oidc_auth_type)

    def exists_at(self, now: int) -> bool:
        """A temporary user is gone once the server clock reaches its ``delete_after``."""
        return self.delete_after is None or now < self.delete_after


# --- authentication ---------------------------------------------------------------------------------------------


def check_authentication(user: DatabaseUser, password: str | None) -> None:
    """One way to authenticate, on the database it requires, with a password exactly when it is a password user,
    and a username of that way's form."""
    x509_type, ldap_auth_type = user.x509_type, user.ldap_auth_type
    if x509_type != NONE and ldap_auth_type != NONE:
        raise ApiError("ATLAS_X509_USER_CANNOT_USE_LDAP")
    if sum(kind != NONE for kind in user.auth_types) > 1:
        raise ApiError("ATLAS_INVALID_AUTH_SETTINGS", "A database user authenticates in one way only")  # ours: text
    if user.is_password_user:
        if password is None:
            raise ApiError("MISSING_ATTRIBUTE", "password", fields=[("password", "A password user needs one.")])
    elif password is not None:
        if x509_type != NONE:
            raise ApiError("ATLAS_X509_USER_CANNOT_USE_SCRAM")
        raise ApiError("ATLAS_INVALID_AUTH_SETTINGS", "Only SCRAM users have a password")  # ours: text
    if x509_type != NONE and user.delete_after is not None:
        raise ApiError("ATLAS_X509_USER_CANNOT_BE_TEMPORARY")
    _check_database(user)
    _check_username(user)


def _admin_kind(user: DatabaseUser) -> str | None:
    """What must live on ``admin``, named as the error says it, or None for what must live on ``$external``."""
    if user.is_password_user:
        return "SCRAM users"
    if user.ldap_auth_type == "GROUP":
        return "LDAP groups"
    if user.oidc_auth_type == "IDP_GROUP":
        return "OIDC workforce groups"
    return None


def _check_database(user: DatabaseUser) -> None:
    kind = _admin_kind(user)
    if kind is not None and user.database_name != ADMIN:
        raise ApiError("DATABASE_NAME_INVALID_ADMIN", kind, fields=[("databaseName", "Must be admin.")])
    if kind is None and user.database_name != EXTERNAL:
        raise ApiError("DATABASE_NAME_INVALID_EXTERNAL", fields=[("databaseName", "Must be $external.")])


def _invalid_username(user: DatabaseUser, code: str = "ATLAS_INVALID_USERNAME") -> ApiError:
    return ApiError(code, user.username, fields=[("username", "Not of the form this way of authenticating needs.")])


def _distinguished_name(text: str) -> x509.Name | None:
    try:
        return x509.Name.from_rfc4514_string(text)
    except ValueError:
        return None


def _check_username(user: DatabaseUser) -> None:
    name = user.username
    if not name or len(name) > MAX_USERNAME:
        raise _invalid_username(user)
    if user.aws_iam_type != NONE:
        arn = _AWS_ARN.fullmatch(name)
        # ours: a USER is an IAM user's ARN, a ROLE a role's
        if arn is None or arn["kind"] != user.aws_iam_type.lower():
            raise _invalid_username(user)
    elif user.oidc_auth_type != NONE:
        if not _OIDC_NAME.fullmatch(name):  # "<identity provider id>/<name>" (the spec); ours: the id is not looked up
            raise _invalid_username(user)
    elif user.ldap_auth_type != NONE:
        if _distinguished_name(name) is None or not name.strip():
            raise _invalid_username(user, "ATLAS_INVALID_LDAP_NAME")
    elif user.x509_type == "CUSTOMER":
        found = _distinguished_name(name)
        if found is None or not found.get_attributes_for_oid(x509.NameOID.COMMON_NAME):
            raise _invalid_username(user)  # ours: the code; the spec requires a Common Name
    elif user.x509_type == "MANAGED" and "=" in name:  # ours: a bare name is taken as the CN itself
        found = _distinguished_name(name)
        if found is None or len(found) != 1 or not found.get_attributes_for_oid(x509.NameOID.COMMON_NAME):
            raise _invalid_username(user, "ATLAS_MANAGED_X509_NAME_INVALID")


def check_password(password: str) -> str:
    """At least 8 characters (the spec), and text SASLprep accepts (SCRAM-SHA-256 needs it)."""
    try:
        saslprep(password)
    except ValueError:
        raise ApiError("INVALID_ATTRIBUTE", "password", fields=[("password", "Characters SCRAM refuses.")]) from None
    if len(password) < MIN_PASSWORD:
        raise ApiError("INVALID_ATTRIBUTE", "password", fields=[("password", "At least 8 characters.")])  # ours: code
    return password


# --- roles, scopes, expiry --------------------------------------------------------------------------------------


def check_roles(username: str, roles: Iterable[DatabaseRole], customs: Collection[str]) -> tuple[DatabaseRole, ...]:
    """One or more roles, each once: a built-in role on a database it exists for (a collection only for ``read``
    and ``readWrite``), or one of the project's custom roles (``customs``) on ``admin``."""
    given = tuple(roles)
    if not given:
        raise ApiError("MISSING_ATTRIBUTE", "roles", fields=[("roles", "At least one role.")])
    seen: set[DatabaseRole] = set()
    for role in given:
        if role in seen:
            shown = f"{role.role_name}@{role.database_name}"
            raise ApiError("DUPLICATE_DATABASE_ROLES", username, shown)
        seen.add(role)
        _check_role(role, customs)
    return given


def _check_role(role: DatabaseRole, customs: Collection[str]) -> None:
    name, database = role.role_name, role.database_name
    valid_database_name(database, "roles.databaseName")
    if role.collection_name is not None:
        valid_collection_name(role.collection_name, "roles.collectionName")
    if name in RESTRICTED_ROLES:
        raise ApiError("ATLAS_RESTRICTED_ROLE", name, database)
    if name in ADMIN_ONLY_ROLES:
        if database != ADMIN:
            raise ApiError("ATLAS_INVALID_ROLE_DATABASE", name, ADMIN)
    elif name in customs:
        if database != ADMIN:  # real: a custom role is granted on admin (UNSUPPORTED_ROLE otherwise)
            raise ApiError("UNSUPPORTED_ROLE")
    elif name not in ANY_DATABASE_ROLES:
        raise ApiError("ATLAS_INVALID_ROLE", name, database)
    if role.collection_name is not None:
        if name not in COLLECTION_ROLES:
            raise ApiError("UNSUPPORTED_ROLE")  # ours: the code for a collection on a role that takes none
        if role.collection_name.startswith("system."):
            raise ApiError("ATLAS_RESTRICTED_COLLECTION", role.collection_name, name, database)


def check_scopes(scopes: Iterable[UserScope]) -> tuple[UserScope, ...]:
    """Each scope once, in the order given (ours), its name of the spec's pattern. A scope names a cluster, data
    lake or stream instance this server does not serve: it is kept as given (ours, docs/database-users.md)."""
    kept: list[UserScope] = []
    for scope in scopes:
        if scope.type not in SCOPE_TYPES:
            raise ApiError("INVALID_ENUM_VALUE", scope.type, fields=[("scopes.type", "CLUSTER, DATA_LAKE or STREAM.")])
        if not _SCOPE_NAME.fullmatch(scope.name) or len(scope.name) > 64:  # ours: 64, as Atlas cluster names
            raise ApiError("INVALID_ATTRIBUTE", "scopes.name", fields=[("scopes.name", "Letters, digits and -.")])
        if scope not in kept:
            kept.append(scope)
    return tuple(kept)


def check_delete_after(delete_after: int, now: int) -> int:
    """A future time within one week of the server clock."""
    if delete_after <= now:
        raise ApiError("EXPIRATION_DATE_IN_PAST", fields=[("deleteAfterDate", "Must be in the future.")])
    if delete_after > now + MAX_DELETE_AFTER_DAYS * 86_400:
        raise ApiError(
            "EXPIRATION_DATE_EXCEEDS_MAX", MAX_DELETE_AFTER_DAYS, fields=[("deleteAfterDate", "Within one week.")]
        )
    return delete_after


# --- changes ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UserChanges:
    """What an update names; None: not given, kept as it is. ``description`` ``""`` removes the description (ours)."""

    username: str | None = None
    database_name: str | None = None
    auth_types: tuple[str | None, str | None, str | None, str | None] = (None, None, None, None)
    password: str | None = None
    roles: tuple[DatabaseRole, ...] | None = None
    scopes: tuple[UserScope, ...] | None = None
    labels: tuple[tuple[str, str], ...] | None = None
    description: str | None = None
    delete_after: int | None = None


def changed(current: DatabaseUser, changes: UserChanges) -> DatabaseUser:
    """``current`` with what ``changes`` names; the user's name, database and way of authenticating stay."""
    if changes.username is not None and changes.username != current.username:
        raise ApiError("DATABASE_USERNAME_CANNOT_BE_CHANGED")
    if changes.database_name is not None and changes.database_name != current.database_name:
        raise ApiError("DATABASE_NAME_CANNOT_BE_CHANGED")
    if any(
        given is not None and given != kept for given, kept in zip(changes.auth_types, current.auth_types, strict=True)
    ):
        raise ApiError("AUTH_TYPE_CANNOT_BE_CHANGED")
    if changes.password is not None and not current.is_password_user:
        if current.x509_type != NONE:
            raise ApiError("ATLAS_X509_USER_CANNOT_USE_SCRAM")
        raise ApiError("ATLAS_INVALID_AUTH_SETTINGS", "Only SCRAM users have a password")  # ours: text
    if changes.delete_after is not None and current.x509_type != NONE:
        raise ApiError("ATLAS_X509_USER_CANNOT_BE_TEMPORARY")
    description = current.description if changes.description is None else (changes.description or None)
    return DatabaseUser(
        group_id=current.group_id,
        database_name=current.database_name,
        username=current.username,
        x509_type=current.x509_type,
        aws_iam_type=current.aws_iam_type,
        ldap_auth_type=current.ldap_auth_type,
        oidc_auth_type=current.oidc_auth_type,
        roles=current.roles if changes.roles is None else changes.roles,
        scopes=current.scopes if changes.scopes is None else changes.scopes,
        labels=current.labels if changes.labels is None else changes.labels,
        description=description,
        delete_after=current.delete_after if changes.delete_after is None else changes.delete_after,
        created_at=current.created_at,
    )
