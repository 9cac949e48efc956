"""A project's user-managed limits: their names, defaults and maximums, and the rules for setting one.

The names, defaults and maximums are the spec's ``limitName`` table (docs/limits-and-root.md says where we read it
otherwise). ``default_name`` is the name the default-limits API (``/defaultGroupLimits``) gives the same limit.
A limit without a default (Data Federation's bytes processed) has no value until one is set, and no maximum.
"""

from dataclasses import dataclass

from atlas_access.core.errors import ApiError


@dataclass(frozen=True, slots=True)
class LimitKind:
    """One user-managed project limit."""

    name: str
    default_name: str
    default: int | None
    maximum: int | None
    minimum: int = 1  # (ours) a limit of 0 would forbid what it counts; the subnet mask's is the spec's 20
    description: str = ""  # ours, for the default-limits API


DATABASE_USERS = "atlas.project.security.databaseAccess.users"
ACCESS_LIST_ENTRIES = "atlas.project.security.networkAccess.entries"
CUSTOM_ROLES = "atlas.project.security.databaseAccess.customRoles"

# The users of a project (members and pending invitations): a fixed limit, no limit name of its own (real: "500
# MongoDB Cloud users per project", the createUser operation's own text).
MAX_CLOUD_USERS_PER_PROJECT = 500

KINDS: tuple[LimitKind, ...] = (
    LimitKind(DATABASE_USERS, "MONGODB_USERS", 100, 100, description="Database users in the project."),
    LimitKind("atlas.project.deployment.clusters", "NUM_CLUSTERS", 25, 100, description="Clusters in the project."),
    # Not in the spec's table: ours, the serverless instances a project may hold.
    LimitKind(
        "atlas.project.deployment.serverlessMTMs",
        "NUM_SERVERLESS_MTMS",
        25,
        25,
        description="Serverless instances in the project.",
    ),
    LimitKind(CUSTOM_ROLES, "NUM_USER_CUSTOM_ROLES", 100, 1400, description="Custom database roles in the project."),
    # The spec's table prints 20 as the maximum, below the default of 200: read as 20,000 (ours).
    LimitKind(
        ACCESS_LIST_ENTRIES,
        "MAX_NETWORK_PERMISSION_ENTRIES",
        200,
        20000,
        description="Entries of the project's IP access list.",
    ),
    LimitKind(
        "atlas.project.security.networkAccess.crossRegionEntries",
        "MAX_CROSS_REGION_NETWORK_PERMISSION_ENTRIES",
        40,
        220,
        description="Cross-region entries of the project's network access.",
    ),
    LimitKind(
        "atlas.project.deployment.nodesPerPrivateLinkRegion",
        "MAX_NODES_PER_PRIVATELINK_REGION",
        50,
        90,
        description="Addressable nodes per private endpoint region.",
    ),
    LimitKind(
        "dataFederation.bytesProcessed.query",
        "BYTES_PROCESSED_QUERY",
        None,
        None,
        description="Bytes one Data Federation query may process.",
    ),
    LimitKind(
        "dataFederation.bytesProcessed.daily",
        "BYTES_PROCESSED_DAILY",
        None,
        None,
        description="Bytes Data Federation may process in a day.",
    ),
    LimitKind(
        "dataFederation.bytesProcessed.weekly",
        "BYTES_PROCESSED_WEEKLY",
        None,
        None,
        description="Bytes Data Federation may process in a week.",
    ),
    LimitKind(
        "dataFederation.bytesProcessed.monthly",
        "BYTES_PROCESSED_MONTHLY",
        None,
        None,
        description="Bytes Data Federation may process in a month.",
    ),
    LimitKind(
        "atlas.project.deployment.privateServiceConnectionsPerRegionGroup",
        "NUM_PRIVATE_SERVICE_CONNECTIONS_PER_REGION_GROUP",
        50,
        100,
        description="Private Service Connections per region group.",
    ),
    LimitKind(
        "atlas.project.deployment.privateServiceConnectionsSubnetMask",
        "GCP_PSC_NAT_SUBNET_MASK",
        27,
        27,
        minimum=20,
        description="Subnet mask of the project's GCP Private Service Connect networks.",
    ),
)
_BY_NAME = {kind.name: kind for kind in KINDS}
_BY_DEFAULT_NAME = {kind.default_name: kind for kind in KINDS}


@dataclass(frozen=True, slots=True)
class Limit:
    """A limit as a project has it: the value in force (None: none set and no default) and what it counts now."""

    kind: LimitKind
    value: int | None
    usage: int | None


def kind_named(name: str) -> LimitKind:
    """The limit of this name, else 404 ``LIMIT_NOT_FOUND`` (ours)."""
    found = _BY_NAME.get(name)
    if found is None:
        raise ApiError("LIMIT_NOT_FOUND", name)
    return found


def default_named(name: str) -> LimitKind:
    """The limit the default-limits API names so (``MONGODB_USERS`` ...), else 404 ``LIMIT_NOT_FOUND``."""
    found = _BY_DEFAULT_NAME.get(name)
    if found is None:
        raise ApiError("LIMIT_NOT_FOUND", name)
    return found


def in_force(kind: LimitKind, overrides: dict[str, int]) -> int | None:
    """The value a project's limit has: its own if set, else the default."""
    return overrides.get(kind.name, kind.default)


def check_value(kind: LimitKind, value: int, usage: int | None) -> int:
    """A new value for ``kind``: within its minimum and maximum (400) and not below what it counts now (409)."""
    if value < kind.minimum:
        raise ApiError("LIMIT_BELOW_MINIMUM", value, kind.minimum, kind.name, fields=[("value", "Too small.")])
    if kind.maximum is not None and value > kind.maximum:
        raise ApiError("LIMIT_EXCEEDS_MAXIMUM", value, kind.maximum, kind.name, fields=[("value", "Too large.")])
    if usage is not None and value < usage:
        raise ApiError("LIMIT_BELOW_CURRENT_USAGE", kind.name, value, usage)
    return value
