"""The atlas-sdk-go structs the real CLI decodes a project's database and network access answers into.

They are decoded, printed (``-o json``) and shown to Go templates (``.Username``, ``.Ldap.Hostname`` ...) by
``cli/_gostruct.py``, as the invitation models are; a decoding error names the field by its Go names
(``Model.go_paths``).
"""

from __future__ import annotations

from atlas_access.cli._gostruct import Field
from atlas_access.cli._sdk_structs import LINKS as _LINKS
from atlas_access.cli._sdk_structs import member as _m
from atlas_access.cli._sdk_structs import paginated as _paginated
from atlas_access.cli._sdk_structs import struct as _shape

__all__ = [
    "ACTION",
    "AUDIT_LOG",
    "CUSTOM_DB_ROLE",
    "DATABASE_USER",
    "DATABASE_USERS",
    "GROUP_SETTINGS",
    "INHERITED_ROLE",
    "LDAP_REQUEST",
    "LDAP_VERIFY",
    "NETWORK_ACCESS",
    "NETWORK_ENTRY",
    "USER_CERTS",
    "USER_SECURITY",
]


USER_ROLE = _shape(
    "DatabaseUserRole", (_m("collectionName"), _m("databaseName", pointer=False), _m("roleName", pointer=False))
)
USER_SCOPE = _shape("UserScope", (_m("name", pointer=False), _m("type", pointer=False)))
LABEL = _shape("ComponentLabel", (_m("key"), _m("value")))
DATABASE_USER = _shape(
    "CloudDatabaseUser",
    (
        Field("awsIAMType", "AwsIAMType", "value"),
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


DATABASE_USERS = _paginated("PaginatedApiAtlasDatabaseUser", DATABASE_USER)

USER_CERT = _shape(
    "UserCert",
    (
        Field("_id", "Id", "value"),
        _m("createdAt", "time"),
        _m("groupId"),
        _LINKS,
        _m("notAfter", "time"),
        _m("subject"),
    ),
)
USER_CERTS = _paginated("PaginatedUserCert", USER_CERT)

RESOURCE = _shape(
    "DatabasePermittedNamespaceResource",
    (_m("cluster", pointer=False, zero=False), _m("collection", pointer=False), _m("db", pointer=False)),
)
ACTION = _shape("DatabasePrivilegeAction", (_m("action", pointer=False), _m("resources", "objects", RESOURCE)))
INHERITED_ROLE = _shape("DatabaseInheritedRole", (_m("db", pointer=False), _m("role", pointer=False)))
CUSTOM_DB_ROLE = _shape(
    "UserCustomDBRole",
    (
        _m("actions", "objects", ACTION),
        _m("inheritedRoles", "objects", INHERITED_ROLE),
        _m("roleName", pointer=False),
    ),
)

NETWORK_ENTRY = _shape(
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

AUDIT_LOG = _shape(
    "AuditLog",
    (_m("auditAuthorizationSuccess"), _m("auditFilter"), _m("configurationType"), _m("enabled")),
)

GROUP_SETTINGS = _shape(
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

USER_TO_DN = _shape("UserToDNMapping", (_m("ldapQuery"), _m("match", pointer=False), _m("substitution")))
LDAP_SETTINGS = _shape(
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
CUSTOMER_X509 = _shape("DBUserTLSX509Settings", (_m("cas"), _LINKS))
USER_SECURITY = _shape(
    "UserSecurity",
    (_m("customerX509", "object", CUSTOMER_X509), _m("ldap", "object", LDAP_SETTINGS), _LINKS),
)

LDAP_REQUEST = _shape(
    "LDAPVerifyConnectivityJobRequestParams",
    (
        _m("authzQueryTemplate"),
        _m("bindPassword", pointer=False),
        _m("bindUsername", pointer=False),
        _m("caCertificate"),
        _m("hostname", pointer=False),
        _LINKS,
        _m("port", pointer=False, zero=0),
    ),
)
LDAP_VALIDATION = _shape("LDAPVerifyConnectivityJobRequestValidation", (_m("status"), _m("validationType")))
LDAP_VERIFY = _shape(
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
