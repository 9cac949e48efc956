"""Valid requests for the RBAC matrix: the home project's user security (LDAP, self-managed X.509) and the
certificates of a managed X.509 user.

Verifications name 127.0.0.1 on a port where nothing listens: the matrix reaches no other host. Certificates are
made for one shared managed X.509 user of ``$external``.
"""

from __future__ import annotations

import itertools
import socket

from support.matrix.world import Request, World

_names = itertools.count()
_BIND = "cn=admin,dc=example,dc=org"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _verify_body() -> dict[str, object]:
    return {"hostname": "127.0.0.1", "port": _closed_port(), "bindUsername": _BIND, "bindPassword": "matrix"}


def _x509_user(world: World) -> str:
    if "x509user" not in world.shared:
        name = f"matrix-x509-{next(_names)}"
        body = {
            "databaseName": "$external",
            "username": name,
            "x509Type": "MANAGED",
            "roles": [{"databaseName": "admin", "roleName": "readAnyDatabase"}],
        }
        world.made("POST", f"/api/atlas/v2/groups/{world.home_group}/databaseUsers", body)
        world.shared["x509user"] = name
    found: str = world.shared["x509user"]
    return found


def _verification(world: World) -> str:
    if "verification" not in world.shared:
        made = world.made("POST", f"/api/atlas/v2/groups/{world.home_group}/userSecurity/ldap/verify", _verify_body())
        world.shared["verification"] = made["requestId"]
    found: str = world.shared["verification"]
    return found


def request(world: World, operation: str) -> Request | None:
    """One request valid in every respect but the caller's permission; None for another area's operation."""
    security = f"/api/atlas/v2/groups/{world.home_group}/userSecurity"
    users = f"/api/atlas/v2/groups/{world.home_group}/databaseUsers"
    match operation:
        case "getGroupUserSecurity":
            return Request("GET", security, None, 200)
        case "updateGroupUserSecurity":
            return Request("PATCH", security, {"ldap": {"authenticationEnabled": False}}, 202)
        case "deleteGroupUserSecurityLdapUserToDnMapping":
            return Request("DELETE", f"{security}/ldap/userToDNMapping", None, 202)
        case "disableGroupUserSecurityCustomerX509":
            return Request("DELETE", f"{security}/customerX509", None, 202)
        case "verifyGroupUserSecurityLdap":
            return Request("POST", f"{security}/ldap/verify", _verify_body(), 200)
        case "getGroupUserSecurityLdapVerify":
            return Request("GET", f"{security}/ldap/verify/{_verification(world)}", None, 200)
        case "createGroupDatabaseUserCert":
            return Request("POST", f"{users}/{_x509_user(world)}/certs", {"monthsUntilExpiration": 1}, 201)
        case "listGroupDatabaseUserCerts":
            return Request("GET", f"{users}/{_x509_user(world)}/certs", None, 200)
    return None
