"""Database roles: MongoDB's built-in roles as Atlas grants them, a project's custom roles, and their rules.

Codes and texts are MongoDB's published ones (docs/database-users.md lists them). What MongoDB does not document is
marked "ours" here and in that page.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from atlas_access.core.errors import ApiError

ADMIN = "admin"
EXTERNAL = "$external"

# The built-in roles Atlas grants database users (the spec's enum of ``roleName``): these only on ``admin``...
ADMIN_ONLY_ROLES: tuple[str, ...] = (
    "atlasAdmin",
    "backup",
    "clusterMonitor",
    "dbAdminAnyDatabase",
    "enableSharding",
    "readAnyDatabase",
    "readWriteAnyDatabase",
)
# ... these on any database; ``read`` and ``readWrite`` may also name one collection.
ANY_DATABASE_ROLES: tuple[str, ...] = ("dbAdmin", "read", "readWrite")
COLLECTION_ROLES: frozenset[str] = frozenset({"read", "readWrite"})
BUILT_IN_ROLES: frozenset[str] = frozenset((*ADMIN_ONLY_ROLES, *ANY_DATABASE_ROLES))
# MongoDB's other built-in roles, which Atlas keeps for itself: ATLAS_RESTRICTED_ROLE.
RESTRICTED_ROLES: frozenset[str] = frozenset(
    {
        "root",
        "dbOwner",
        "userAdmin",
        "userAdminAnyDatabase",
        "clusterAdmin",
        "clusterManager",
        "hostManager",
        "restore",
        "directShardOperations",
        "searchCoordinator",
        "__system",
        "__queryableBackup",
    }
)

# The privilege actions Atlas accepts in a custom role (the spec's enum of ``action``, in its order).
ACTIONS: tuple[str, ...] = (
    "FIND", "INSERT", "REMOVE", "UPDATE", "BYPASS_DOCUMENT_VALIDATION", "USE_UUID", "KILL_OP",
    "BYPASS_DEFAULT_MAX_TIME_MS", "CREATE_COLLECTION", "CREATE_INDEX", "DROP_COLLECTION", "ENABLE_PROFILER",
    "KILL_ANY_CURSOR", "ANALYZE", "CHANGE_STREAM", "COLL_MOD", "COMPACT", "CONVERT_TO_CAPPED", "DROP_DATABASE",
    "DROP_INDEX", "RE_INDEX", "RENAME_COLLECTION_SAME_DB", "SET_USER_WRITE_BLOCK", "BYPASS_USER_WRITE_BLOCK",
    "LIST_SESSIONS", "KILL_ANY_SESSION", "COLL_STATS", "CONN_POOL_STATS", "DB_HASH", "DB_STATS",
    "GET_CMD_LINE_OPTS", "GET_LOG", "GET_PARAMETER", "GET_SHARD_MAP", "HOST_INFO", "IN_PROG", "LIST_DATABASES",
    "LIST_COLLECTIONS", "LIST_INDEXES", "LIST_SHARDS", "NET_STAT", "REPL_SET_GET_CONFIG", "REPL_SET_GET_STATUS",
    "SERVER_STATUS", "VALIDATE", "SHARDING_STATE", "TOP", "SQL_GET_SCHEMA", "SQL_SET_SCHEMA", "VIEW_ALL_HISTORY",
    "OUT_TO_S3", "OUT_TO_AZURE", "OUT_TO_GCS", "STORAGE_GET_CONFIG", "STORAGE_SET_CONFIG", "FLUSH_ROUTER_CONFIG",
    "ENABLE_SHARDING", "CHECK_METADATA_CONSISTENCY", "MOVE_CHUNK", "SPLIT_CHUNK", "ANALYZE_SHARD_KEY",
    "REFINE_COLLECTION_SHARD_KEY", "CLEAR_JUMBO_FLAG", "RESHARD_COLLECTION", "SHARDED_DATA_DISTRIBUTION",
    "GET_STREAM_PROCESSOR", "CREATE_STREAM_PROCESSOR", "PROCESS_STREAM_PROCESSOR", "MODIFY_STREAM_PROCESSOR",
    "START_STREAM_PROCESSOR", "STOP_STREAM_PROCESSOR", "DROP_STREAM_PROCESSOR", "SAMPLE_STREAM_PROCESSOR",
    "LIST_STREAM_PROCESSORS", "LIST_CONNECTIONS", "STREAM_PROCESSOR_STATS", "CREATE_SEARCH_INDEX",
    "DROP_SEARCH_INDEX", "LIST_SEARCH_INDEXES", "UPDATE_SEARCH_INDEX",
)  # fmt: skip
_ACTION_SET = frozenset(ACTIONS)
# Actions on the cluster resource only, as MongoDB's privilege actions are; the rest take a database (and
# optionally a collection), except those in _EITHER_RESOURCE which take either (ours: Atlas Data Federation's and
# checkMetadataConsistency, which MongoDB grants on both).
_CLUSTER_ACTIONS: frozenset[str] = frozenset(
    {
        "USE_UUID", "KILL_OP", "BYPASS_DEFAULT_MAX_TIME_MS", "SET_USER_WRITE_BLOCK", "BYPASS_USER_WRITE_BLOCK",
        "LIST_SESSIONS", "KILL_ANY_SESSION", "CONN_POOL_STATS", "GET_CMD_LINE_OPTS", "GET_LOG", "GET_PARAMETER",
        "GET_SHARD_MAP", "HOST_INFO", "IN_PROG", "LIST_DATABASES", "LIST_SHARDS", "NET_STAT", "REPL_SET_GET_CONFIG",
        "REPL_SET_GET_STATUS", "SERVER_STATUS", "SHARDING_STATE", "TOP", "VIEW_ALL_HISTORY", "FLUSH_ROUTER_CONFIG",
        "SHARDED_DATA_DISTRIBUTION", "GET_STREAM_PROCESSOR", "CREATE_STREAM_PROCESSOR", "PROCESS_STREAM_PROCESSOR",
        "MODIFY_STREAM_PROCESSOR", "START_STREAM_PROCESSOR", "STOP_STREAM_PROCESSOR", "DROP_STREAM_PROCESSOR",
        "SAMPLE_STREAM_PROCESSOR", "LIST_STREAM_PROCESSORS", "LIST_CONNECTIONS", "STREAM_PROCESSOR_STATS",
    }
)  # fmt: skip
_EITHER_RESOURCE: frozenset[str] = frozenset(
    {
        "CHECK_METADATA_CONSISTENCY", "OUT_TO_S3", "OUT_TO_AZURE", "OUT_TO_GCS", "STORAGE_GET_CONFIG",
        "STORAGE_SET_CONFIG", "SQL_GET_SCHEMA", "SQL_SET_SCHEMA",
    }
)  # fmt: skip

# MongoDB's rules for names: a database name is 1 to 63 bytes without /\. "$*<>:|? or NUL; a collection name has
# no $ or NUL.
_BAD_DATABASE_CHARACTERS = re.compile(r'[/\\. "$*<>:|?\x00]')
_MAX_DATABASE_BYTES = 63
_ROLE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
MAX_ROLE_NAME = 256  # ours: MongoDB documents no limit
_RESERVED_PREFIX = "xgen-"


@dataclass(frozen=True, slots=True)
class Resource:
    """What an action is granted on: the cluster, or a database (``collection`` None: all its collections)."""

    db: str | None = None
    collection: str | None = None
    cluster: bool = False


@dataclass(frozen=True, slots=True)
class Privilege:
    action: str
    resources: tuple[Resource, ...]


@dataclass(frozen=True, slots=True)
class InheritedRole:
    """A role a custom role inherits: a built-in role on a database, or a custom role of the project (on ``admin``)."""

    db: str
    role: str


@dataclass(frozen=True, slots=True)
class CustomRole:
    """A project's custom database role; its name is unique within the project."""

    group_id: str
    name: str
    actions: tuple[Privilege, ...] = ()
    inherited_roles: tuple[InheritedRole, ...] = ()
    created_at: int = 0


# --- names ------------------------------------------------------------------------------------------------------


def valid_database_name(name: str, field: str) -> str:
    """A database name MongoDB accepts, else 400 ``INVALID_DATABASE_NAME``."""
    if not name or len(name.encode()) > _MAX_DATABASE_BYTES or _BAD_DATABASE_CHARACTERS.search(name):
        raise ApiError("INVALID_DATABASE_NAME", name, fields=[(field, "Not a valid MongoDB database name.")])
    return name


def valid_collection_name(name: str, field: str) -> str:
    """A collection name MongoDB accepts, else 400 ``INVALID_COLLECTION_NAME``."""
    if "$" in name or "\x00" in name:
        raise ApiError("INVALID_COLLECTION_NAME", name, fields=[(field, "Not a valid MongoDB collection name.")])
    return name


def valid_role_name(name: str) -> str:
    """A new custom role's name: letters, digits, ``-`` and ``_``, starting with a letter or digit; not a built-in
    role's name; not starting with ``xgen-``."""
    if len(name) > MAX_ROLE_NAME or not _ROLE_NAME.fullmatch(name):
        raise ApiError("ATLAS_CUSTOM_ROLE_INVALID_NAME", name, fields=[("roleName", "Letters, digits, - and _.")])
    if name in BUILT_IN_ROLES or name in RESTRICTED_ROLES:
        raise ApiError("ATLAS_INVALID_CUSTOM_ROLE_RESTRICTED", name)
    if name.startswith(_RESERVED_PREFIX):
        raise ApiError("ATLAS_RESERVED_CUSTOM_ROLE_RESTRICTED", name)
    return name


# --- privileges -------------------------------------------------------------------------------------------------


def valid_action(action: str, field: str) -> str:
    if action not in _ACTION_SET:
        raise ApiError("INVALID_ENUM_VALUE", action, fields=[(field, "Not a privilege action Atlas accepts.")])
    return action


def check_privileges(privileges: Iterable[Privilege]) -> tuple[Privilege, ...]:
    """Each action once, each with one or more distinct resources of the kind it applies to."""
    seen: set[str] = set()
    checked = []
    for privilege in privileges:
        if privilege.action in seen:
            raise ApiError("ATLAS_DUPLICATE_CUSTOM_ROLE_ACTION")
        seen.add(privilege.action)
        if len(set(privilege.resources)) != len(privilege.resources):
            raise ApiError("ATLAS_DUPLICATE_CUSTOM_ROLE_RESOURCE")
        for resource in privilege.resources:
            if not _fits(privilege.action, resource):
                raise ApiError("ATLAS_INVALID_RESOURCE")
        if not privilege.resources:  # ours: an action on nothing is an action on the wrong resource
            raise ApiError("ATLAS_INVALID_RESOURCE")
        checked.append(privilege)
    return tuple(checked)


def _fits(action: str, resource: Resource) -> bool:
    if action in _EITHER_RESOURCE:
        return True
    return resource.cluster == (action in _CLUSTER_ACTIONS)


# --- inheritance ------------------------------------------------------------------------------------------------


def check_inherited(
    name: str, inherited: Iterable[InheritedRole], customs: Mapping[str, CustomRole]
) -> tuple[InheritedRole, ...]:
    """The roles ``name`` inherits, once each, sorted by database then role (as recorded: the real API answered
    ``enableSharding@admin`` before ``read@mydb`` when sent the other way round). Built-in roles on the databases
    they exist for, or ``customs`` (the project's custom roles by name) on ``admin``; none inheriting ``name``
    back."""
    unique = sorted(set(inherited), key=lambda one: (one.db, one.role))
    for one in unique:
        if one.role == name:
            raise ApiError("ATLAS_INVALID_CUSTOM_ROLE_SELF_REFERENTIAL")
        if one.role in RESTRICTED_ROLES:
            raise ApiError("ATLAS_RESTRICTED_ROLE", one.role, one.db)
        if one.role in customs or one.role in ADMIN_ONLY_ROLES:
            if one.db != ADMIN:
                raise ApiError("ATLAS_INVALID_CUSTOM_ROLE_INHERITED_SCOPE")
        elif one.role in ANY_DATABASE_ROLES:
            valid_database_name(one.db, "inheritedRoles.db")
        else:
            raise ApiError("ATLAS_INVALID_CUSTOM_ROLE_INHERITANCE")
    if _reaches(name, [one.role for one in unique if one.role in customs], customs):
        raise ApiError("ATLAS_INVALID_CUSTOM_ROLE_CIRCULAR_DEPENDENCY")
    return tuple(unique)


def _reaches(target: str, start: list[str], customs: Mapping[str, CustomRole]) -> bool:
    """Whether ``target`` is inherited, directly or not, by any of the custom roles ``start``."""
    pending, seen = list(start), set()
    while pending:
        current = pending.pop()
        if current == target:
            return True
        if current in seen or current not in customs:
            continue
        seen.add(current)
        pending.extend(one.role for one in customs[current].inherited_roles)
    return False


def has_permissions(role: CustomRole) -> bool:
    return bool(role.actions or role.inherited_roles)


def check_has_permissions(role: CustomRole) -> CustomRole:
    if not has_permissions(role):
        raise ApiError("ATLAS_CUSTOM_ROLE_HAS_NO_PERMISSIONS")
    return role
