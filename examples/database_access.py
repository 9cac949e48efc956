"""Give a new project its database and network access over plain HTTP, from the bootstrap credentials alone, and
check that every step is refused to a role that may not take it.

    python examples/database_access.py DATA_DIR/bootstrap.json

As the organization's owner key: a project, an invited user who accepts (through the local control API, as the
invitee would on the page), a team holding that user with read-only access to the project, and three project keys:
a Project Database Access Admin, a Project Network Access Manager and a Project Read Only. Then, each step as the
key whose role allows it and refused to the others: a custom role, a database user holding it, a temporary user
and a temporary access-list entry (a day ahead), a permanent entry, and an Atlas-managed X.509 user whose
certificate is checked against the project's CA (shown by the local control API) with ``cryptography``. The server
clock is then moved two days ahead (local control API): the temporary user and entry are gone, the rest stays. It
puts the clock back, prints one line per step and exits 1 at the first answer that is not the expected one.
"""

from __future__ import annotations

import sys
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from access_model import Caller, Unexpected, digest, read_bootstrap
from cryptography import x509
from cryptography.x509.oid import NameOID

LOCAL = "application/json"
DENIED = "USER_UNAUTHORIZED"


def _in_a_day(now: str) -> str:
    moment = datetime.strptime(now, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) + timedelta(days=1)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def build(boot: dict[str, Any]) -> dict[str, Any]:
    """The project, its team and the three project keys."""
    base, suffix = boot["baseUrl"].rstrip("/"), uuid.uuid4().hex[:6]
    org = boot["orgId"]
    owner = digest(base, "organization owner key", boot["publicKey"], boot["privateKey"])
    admin = Caller("local admin", httpx.Client(base_url=base, timeout=30, trust_env=False))
    admin.http.headers["Authorization"] = f"Bearer {boot['adminToken']}"
    print("Building, as the organization's owner key:")
    project = owner.expect(201, "POST", "/api/atlas/v2/groups", {"name": f"Ledger {suffix}", "orgId": org})
    groups = f"/api/atlas/v2/groups/{project['id']}"
    username = f"dana-{suffix}@example.com"
    invitation = owner.expect(
        200, "POST", f"/api/atlas/v2/orgs/{org}/invites", {"username": username, "roles": ["ORG_MEMBER"]}
    )
    admin.expect(200, "POST", f"/api/local/v1/invitations/{invitation['id']}:accept", {}, accept=LOCAL)
    team = owner.expect(
        201, "POST", f"/api/atlas/v2/orgs/{org}/teams", {"name": f"Ledger readers {suffix}", "usernames": [username]}
    )
    owner.expect(200, "POST", f"{groups}/teams", [{"teamId": team["id"], "roleNames": ["GROUP_READ_ONLY"]}])
    keys = {}
    for label, role in (
        ("database access admin key", "GROUP_DATABASE_ACCESS_ADMIN"),
        ("network access manager key", "GROUP_NETWORK_ACCESS_MANAGER"),
        ("project reader key", "GROUP_READ_ONLY"),
    ):
        made = owner.expect(200, "POST", f"{groups}/apiKeys", {"desc": label, "roles": [role]})
        keys[role] = digest(base, label, made["publicKey"], made["privateKey"])
    return {"groups": groups, "project": project["id"], "owner": owner, "admin": admin, "keys": keys}


def grant(made: dict[str, Any]) -> dict[str, str]:
    """Database and network access, each step by the role that may take it, refused to the others."""
    groups, owner, admin = made["groups"], made["owner"], made["admin"]
    dba = made["keys"]["GROUP_DATABASE_ACCESS_ADMIN"]
    network = made["keys"]["GROUP_NETWORK_ACCESS_MANAGER"]
    reader = made["keys"]["GROUP_READ_ONLY"]
    tomorrow = _in_a_day(admin.expect(200, "GET", "/api/local/v1/clock", accept=LOCAL)["now"])
    print("A custom role, as the database access admin key:")
    role = {
        "roleName": "ledgerReader",
        "actions": [{"action": "FIND", "resources": [{"db": "ledger", "collection": "entries"}]}],
        "inheritedRoles": [{"db": "ledger", "role": "read"}],
    }
    reader.expect(401, "POST", f"{groups}/customDBRoles/roles", role, code=DENIED)
    network.expect(401, "POST", f"{groups}/customDBRoles/roles", role, code=DENIED)
    dba.expect(202, "POST", f"{groups}/customDBRoles/roles", role)
    reader.expect(200, "GET", f"{groups}/customDBRoles/roles/ledgerReader")
    print("Database users, as the database access admin key:")
    app = {
        "databaseName": "admin",
        "username": "ledger-app",
        "password": "correct-horse-battery-staple",
        "roles": [{"databaseName": "admin", "roleName": "ledgerReader"}],
    }
    reader.expect(401, "POST", f"{groups}/databaseUsers", app, code=DENIED)
    network.expect(401, "POST", f"{groups}/databaseUsers", app, code=DENIED)
    created = dba.expect(201, "POST", f"{groups}/databaseUsers", app)
    if "password" in created:
        raise Unexpected("the database user's answer shows its password")
    temporary = {
        "databaseName": "admin",
        "username": "auditor-for-a-day",
        "password": "another-long-password",
        "roles": [{"databaseName": "ledger", "roleName": "read"}],
        "deleteAfterDate": tomorrow,
    }
    dba.expect(201, "POST", f"{groups}/databaseUsers", temporary)
    dba.expect(409, "DELETE", f"{groups}/customDBRoles/roles/ledgerReader", code="ATLAS_CUSTOM_ROLE_IN_USE_BY_USERS")
    print("The IP access list, as the network access manager key:")
    entries = [
        {"cidrBlock": "10.20.0.0/16", "comment": "office"},
        {"ipAddress": "203.0.113.7", "comment": "contractor", "deleteAfterDate": tomorrow},
    ]
    reader.expect(401, "POST", f"{groups}/accessList", entries, code=DENIED)
    dba.expect(401, "POST", f"{groups}/accessList", entries, code=DENIED)
    listed = network.expect(201, "POST", f"{groups}/accessList", entries)
    if listed["totalCount"] != 2:
        raise Unexpected(f"the access list holds {listed['totalCount']} entries, not 2")
    print("An Atlas-managed X.509 user and its certificate (a Project Owner's step):")
    dba.expect(
        201,
        "POST",
        f"{groups}/databaseUsers",
        {
            "databaseName": "$external",
            "username": "ledger-batch",
            "x509Type": "MANAGED",
            "roles": [{"databaseName": "ledger", "roleName": "readWrite"}],
        },
    )
    certs = f"{groups}/databaseUsers/ledger-batch/certs"
    dba.expect(401, "POST", certs, {"monthsUntilExpiration": 2}, code=DENIED)
    issued = owner.call("POST", certs, {"monthsUntilExpiration": 2})
    if issued.status_code != 201:
        raise Unexpected(f"the certificate was not issued: {issued.status_code} {issued.text}")
    print(f"  {owner.label:<28} POST   {certs:<72} 201 allowed")
    reader.expect(200, "GET", certs)
    ca = admin.expect(200, "GET", f"/api/local/v1/groups/{made['project']}/x509/ca", accept=LOCAL)
    return {"pem": issued.text, "ca": ca["certificate"], "tomorrow": tomorrow}


def verify_certificate(pem: str, ca_pem: str) -> None:
    """The certificate names the user and is signed by the project's CA."""
    certificate = x509.load_pem_x509_certificate(pem.encode())
    authority = x509.load_pem_x509_certificate(ca_pem.encode())
    certificate.verify_directly_issued_by(authority)  # raises unless the CA signed it
    names = [attribute.value for attribute in certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
    if names != ["ledger-batch"]:
        raise Unexpected(f"the certificate names {names}, not ledger-batch")
    issuer = authority.subject.rfc4514_string()
    print(f"  the certificate of CN=ledger-batch verifies against the project's CA ({issuer})")


def pass_the_dates(made: dict[str, Any]) -> None:
    """Two days later by the server clock: the temporary user and entry are gone, the rest stays."""
    groups, admin, reader = made["groups"], made["admin"], made["keys"]["GROUP_READ_ONLY"]
    print("Two days later by the server clock:")
    admin.expect(200, "POST", "/api/local/v1/clock", {"advance": "2d"}, accept=LOCAL)
    try:
        reader.expect(404, "GET", f"{groups}/databaseUsers/admin/auditor-for-a-day", code="USERNAME_NOT_FOUND")
        reader.expect(404, "GET", f"{groups}/accessList/203.0.113.7", code="ATLAS_NETWORK_PERMISSION_ENTRY_NOT_FOUND")
        users = reader.expect(200, "GET", f"{groups}/databaseUsers")["results"]
        entries = reader.expect(200, "GET", f"{groups}/accessList")["results"]
        if sorted(user["username"] for user in users) != ["ledger-app", "ledger-batch"]:
            raise Unexpected(f"the users left are {[user['username'] for user in users]}")
        if [entry["cidrBlock"] for entry in entries] != ["10.20.0.0/16"]:
            raise Unexpected(f"the entries left are {[entry['cidrBlock'] for entry in entries]}")
    finally:
        admin.expect(200, "DELETE", "/api/local/v1/clock", accept=LOCAL)


def main(argv: list[str]) -> int:
    boot = read_bootstrap(argv, __doc__)
    try:
        made = build(boot)
        issued = grant(made)
        verify_certificate(issued["pem"], issued["ca"])
        pass_the_dates(made)
    except Unexpected as problem:
        print(f"UNEXPECTED: {problem}", file=sys.stderr)
        return 1
    print("The project has its database and network access, and every role did only what it may.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
