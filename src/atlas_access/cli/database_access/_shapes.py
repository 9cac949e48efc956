"""The atlas-sdk-go structs the real CLI decodes a project's database and network access answers into.

As with invitations (``cli/invitations/_models.py``), an answer is decoded as Go's ``json.Unmarshal`` decodes it
into the SDK struct: fields the struct does not have are dropped, names match case-insensitively, ``null`` leaves a
pointer nil. ``-o json`` prints the struct again (``json.MarshalIndent``: the struct's order, nil pointers left out)
and a Go template runs against it (``.Username``, ``.Ldap.Hostname`` ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from atlas_access.cli.invitations._models import NIL, DecodeError, GoStruct, GoTime

__all__ = [
    "AUDIT_LOG",
    "CUSTOM_DB_ROLE",
    "DATABASE_USER",
    "DATABASE_USERS",
    "GROUP_SETTINGS",
    "LDAP_VERIFY",
    "NETWORK_ACCESS",
    "NETWORK_ENTRY",
    "USER_CERTS",
    "USER_SECURITY",
    "Member",
    "Shape",
    "decode",
    "encode",
    "view",
]

Kind = Literal["value", "time", "object", "objects"]


@dataclass(frozen=True)
class Member:
    json_name: str
    go_name: str
    kind: Kind = "value"
    item: Shape | None = None
    """The struct of an ``object`` or ``objects`` member."""
    pointer: bool = True
    """``*T`` with ``omitempty``; ``False`` for a plain value, which ``json.Marshal`` always writes."""


@dataclass(frozen=True)
class Shape:
    name: str
    members: tuple[Member, ...]
    """In the struct's order (alphabetical in the SDK): the order ``json.Marshal`` writes."""

    def member(self, key: str) -> Member | None:
        for candidate in self.members:
            if candidate.json_name == key:
                return candidate
        folded = key.casefold()
        return next((m for m in self.members if m.json_name.casefold() == folded), None)


def _m(json_name: str, kind: Kind = "value", item: Shape | None = None, *, pointer: bool = True) -> Member:
    """A member whose Go name is its JSON name with a capital first letter, as the SDK generator names them."""
    return Member(json_name, json_name[:1].upper() + json_name[1:], kind, item, pointer)


LINK = Shape("Link", (_m("href"), _m("rel")))
_LINKS = _m("links", "objects", LINK)

USER_ROLE = Shape(
    "DatabaseUserRole", (_m("collectionName"), _m("databaseName", pointer=False), _m("roleName", pointer=False))
)
USER_SCOPE = Shape("UserScope", (_m("name", pointer=False), _m("type", pointer=False)))
LABEL = Shape("ComponentLabel", (_m("key"), _m("value")))
DATABASE_USER = Shape(
    "CloudDatabaseUser",
    (
        Member("awsIAMType", "AwsIAMType"),
        _m("databaseName", pointer=False),
        _m("deleteAfterDate", "time"),
        _m("description"),
        _m("groupId", pointer=False),
        _m("labels", "objects", LABEL),
        _m("ldapAuthType"),
        _LINKS,
        _m("oidcAuthType"),
        _m("password"),
        _m("roles", "objects", USER_ROLE),
        _m("scopes", "objects", USER_SCOPE),
        _m("username", pointer=False),
        _m("x509Type"),
    ),
)


def _paginated(name: str, item: Shape) -> Shape:
    return Shape(name, (_LINKS, _m("results", "objects", item), _m("totalCount")))


DATABASE_USERS = _paginated("PaginatedApiAtlasDatabaseUser", DATABASE_USER)

USER_CERT = Shape(
    "UserCert",
    (
        Member("_id", "Id"),
        _m("createdAt", "time"),
        _m("groupId"),
        _LINKS,
        _m("notAfter", "time"),
        _m("subject"),
    ),
)
USER_CERTS = _paginated("PaginatedUserCert", USER_CERT)

RESOURCE = Shape(
    "DatabasePermittedNamespaceResource",
    (_m("cluster", pointer=False), _m("collection", pointer=False), _m("db", pointer=False)),
)
ACTION = Shape("DatabasePrivilegeAction", (_m("action", pointer=False), _m("resources", "objects", RESOURCE)))
INHERITED_ROLE = Shape("DatabaseInheritedRole", (_m("db", pointer=False), _m("role", pointer=False)))
CUSTOM_DB_ROLE = Shape(
    "UserCustomDBRole",
    (
        _m("actions", "objects", ACTION),
        _m("inheritedRoles", "objects", INHERITED_ROLE),
        _m("roleName", pointer=False),
    ),
)

NETWORK_ENTRY = Shape(
    "NetworkPermissionEntry",
    (
        _m("awsSecurityGroup"),
        _m("cidrBlock"),
        _m("comment"),
        _m("deleteAfterDate", "time"),
        _m("groupId"),
        _m("ipAddress"),
        _LINKS,
    ),
)
NETWORK_ACCESS = _paginated("PaginatedNetworkAccess", NETWORK_ENTRY)

AUDIT_LOG = Shape(
    "AuditLog",
    (_m("auditAuthorizationSuccess"), _m("auditFilter"), _m("configurationType"), _m("enabled")),
)

GROUP_SETTINGS = Shape(
    "GroupSettings",
    tuple(
        _m(name)
        for name in (
            "isCollectDatabaseSpecificsStatisticsEnabled",
            "isDataExplorerEnabled",
            "isDataExplorerGenAIFeaturesEnabled",
            "isDataExplorerGenAISampleDocumentPassingEnabled",
            "isExtendedStorageSizesEnabled",
            "isPerformanceAdvisorEnabled",
            "isRealtimePerformancePanelEnabled",
            "isSchemaAdvisorEnabled",
        )
    ),
)

USER_TO_DN = Shape("UserToDNMapping", (_m("ldapQuery"), _m("match", pointer=False), _m("substitution")))
LDAP_SETTINGS = Shape(
    "LDAPSecuritySettings",
    (
        _m("authenticationEnabled"),
        _m("authorizationEnabled"),
        _m("authzQueryTemplate"),
        _m("bindPassword"),
        _m("bindUsername"),
        _m("caCertificate"),
        _m("hostname"),
        _m("port"),
        _m("userToDNMapping", "objects", USER_TO_DN),
    ),
)
CUSTOMER_X509 = Shape("DBUserTLSX509Settings", (_m("cas"), _LINKS))
USER_SECURITY = Shape(
    "UserSecurity",
    (_m("customerX509", "object", CUSTOMER_X509), _m("ldap", "object", LDAP_SETTINGS), _LINKS),
)

LDAP_REQUEST = Shape(
    "LDAPVerifyConnectivityJobRequestParams",
    (
        _m("authzQueryTemplate"),
        _m("bindPassword", pointer=False),
        _m("bindUsername", pointer=False),
        _m("caCertificate"),
        _m("hostname", pointer=False),
        _LINKS,
        _m("port", pointer=False),
    ),
)
LDAP_VALIDATION = Shape("LDAPVerifyConnectivityJobRequestValidation", (_m("status"), _m("validationType")))
LDAP_VERIFY = Shape(
    "LDAPVerifyConnectivityJobRequest",
    (
        _m("groupId"),
        _LINKS,
        _m("request", "object", LDAP_REQUEST),
        _m("requestId"),
        _m("status"),
        _m("validations", "objects", LDAP_VALIDATION),
    ),
)


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def decode(shape: Shape, value: Any, *, path: str = "") -> dict[str, Any]:
    """``value`` (parsed JSON) as the struct: unknown fields dropped, times parsed; ``DecodeError`` otherwise."""
    if not isinstance(value, dict):
        raise DecodeError(f"json: cannot unmarshal {_json_type(value)} into Go value of type admin.{shape.name}")
    result: dict[str, Any] = {}
    for key, item in value.items():
        found = shape.member(key)
        if found is None:
            continue
        if item is None:
            result.pop(found.json_name, None)
            continue
        where = f"{path}{found.go_name}"
        result[found.json_name] = _decode_member(shape, found, item, where)
    return result


def _decode_member(shape: Shape, found: Member, item: Any, where: str) -> Any:
    if found.kind == "time":
        parsed = GoTime.parse(item) if isinstance(item, str) else None
        if parsed is None:
            raise DecodeError(f"json: cannot parse {item!r} as the time of Go struct field {shape.name}.{where}")
        return parsed
    if found.kind == "object":
        assert found.item is not None
        return decode(found.item, item, path=f"{where}.")
    if found.kind == "objects":
        assert found.item is not None
        if not isinstance(item, list):
            raise DecodeError(
                f"json: cannot unmarshal {_json_type(item)} into Go struct field {shape.name}.{where} "
                f"of type []admin.{found.item.name}"
            )
        return [decode(found.item, {} if element is None else element, path=f"{where}.") for element in item]
    return item


def encode(shape: Shape, value: dict[str, Any]) -> dict[str, Any]:
    """What ``json.Marshal`` writes for the struct: the struct's order, nil pointers left out."""
    result: dict[str, Any] = {}
    for found in shape.members:
        if found.json_name not in value:
            if not found.pointer:
                result[found.json_name] = _zero(found)
            continue
        item = value[found.json_name]
        if isinstance(item, GoTime):
            result[found.json_name] = item.rfc3339()
        elif found.kind == "object":
            assert found.item is not None
            result[found.json_name] = encode(found.item, item)
        elif found.kind == "objects":
            assert found.item is not None
            result[found.json_name] = [encode(found.item, element) for element in item]
        else:
            result[found.json_name] = item
    return result


def _zero(found: Member) -> Any:
    return False if found.json_name == "cluster" else 0 if found.json_name == "port" else ""


def view(shape: Shape, value: dict[str, Any]) -> GoStruct:
    """The struct a Go template sees: every field under its Go name, a nil pointer ``<nil>``."""
    fields: dict[str, Any] = {}
    for found in shape.members:
        if found.json_name not in value:
            fields[found.go_name] = NIL if found.pointer else _zero(found)
            continue
        item = value[found.json_name]
        if found.kind == "object":
            assert found.item is not None
            fields[found.go_name] = view(found.item, item)
        elif found.kind == "objects":
            assert found.item is not None
            fields[found.go_name] = [view(found.item, element) for element in item]
        else:
            fields[found.go_name] = item
    return GoStruct(shape.name, fields)
