"""X.509 for a project's database users (Atlas v2): ``createGroupDatabaseUserCert`` and
``listGroupDatabaseUserCerts`` for Atlas-managed X.509 users, signed by the project's own CA; and self-managed
X.509 (``customerX509`` of ``updateGroupUserSecurity``, ``disableGroupUserSecurityCustomerX509``).

The certificate is checked with ``cryptography``: signed by the project's CA (read from the database, where the
server keeps it; its private key is sealed there), subject ``CN=<username>``, valid from the server clock for the
months asked, for TLS client authentication only; another project's CA does not verify it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from atlas_access.core.clock import parse_iso
from atlas_access.server.x509 import new_authority
from support.answers import expect_error
from support.ldap_world import CONTENT_TYPE, Project, loopback_server
from support.server import LocalServer


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    started = loopback_server(Path(tmp_path_factory.mktemp("x509")) / "data")
    yield started
    started.stop()


@pytest.fixture
def project(server: LocalServer, request: pytest.FixtureRequest) -> Project:
    return Project(server, request.node.name[:40])


def _user(project: Project, username: str, x509_type: str = "MANAGED", database: str = "$external") -> None:
    body: dict[str, Any] = {
        "databaseName": database,
        "username": username,
        "groupId": project.group_id,
        "roles": [{"databaseName": "admin", "roleName": "readAnyDatabase"}],
    }
    if x509_type != "NONE":
        body["x509Type"] = x509_type
    else:
        body["password"] = "a-long-password-1"
    response = project.owner.post(f"/api/atlas/v2/groups/{project.group_id}/databaseUsers", json=body)
    assert response.status_code == 201, response.text


def _certs(project: Project, username: str) -> str:
    return f"/api/atlas/v2/groups/{project.group_id}/databaseUsers/{username}/certs"


def _server_now(server: LocalServer) -> int:
    return parse_iso(server.admin().get("/api/local/v1/clock").json()["now"])


def _ca(server: LocalServer, group_id: str) -> x509.Certificate:
    with sqlite3.connect(server.data_dir / "atlas-access.db") as db:
        pem = db.execute("SELECT certificate FROM project_cas WHERE group_id = ?", (group_id,)).fetchone()[0]
    return x509.load_pem_x509_certificate(pem.encode())


def _verifies(ca: x509.Certificate, certificate: x509.Certificate) -> bool:
    public = ca.public_key()
    assert isinstance(public, ec.EllipticCurvePublicKey)
    try:
        certificate.verify_directly_issued_by(ca)
    except (ValueError, InvalidSignature):
        return False
    return True


def test_a_managed_user_gets_a_certificate_signed_by_the_project_ca(server: LocalServer, project: Project) -> None:
    _user(project, "alice")
    before = _server_now(server)
    response = project.owner.post(_certs(project, "alice"), json={"monthsUntilExpiration": 5})
    after = _server_now(server)
    assert response.status_code == 201, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    pem = response.text
    assert pem.startswith("-----BEGIN CERTIFICATE-----") and "-----BEGIN PRIVATE KEY-----" in pem
    certificate = x509.load_pem_x509_certificate(pem.encode())
    key = serialization.load_pem_private_key(pem[pem.index("-----BEGIN PRIVATE KEY-----") :].encode(), None)
    assert key.public_key().public_numbers() == certificate.public_key().public_numbers()  # type: ignore[union-attr]
    assert certificate.subject.rfc4514_string() == "CN=alice"
    assert certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "alice"
    start = int(certificate.not_valid_before_utc.timestamp())
    assert before <= start <= after
    begin, end = certificate.not_valid_before_utc, certificate.not_valid_after_utc
    assert (end.year - begin.year) * 12 + end.month - begin.month == 5
    assert end.time() == begin.time() and (end.day == begin.day or begin.day > 28)
    usage = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(usage) == [ExtendedKeyUsageOID.CLIENT_AUTH]
    assert certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    assert certificate.extensions.get_extension_for_class(x509.KeyUsage).value.digital_signature
    ca = _ca(server, project.group_id)
    assert certificate.issuer == ca.subject
    assert _verifies(ca, certificate)
    # Another project's CA, and a CA made anew for this project, verify nothing.
    other = Project(server, "other CA")
    _user(other, "alice")
    assert other.owner.post(_certs(other, "alice"), json={}).status_code == 201
    assert not _verifies(_ca(server, other.group_id), certificate)
    stranger = x509.load_pem_x509_certificate(new_authority(project.group_id, before)[0].encode())
    assert not _verifies(stranger, certificate)
    # Listed, without the private key, and the event written.
    listed = project.owner.get(_certs(project, "alice"))
    assert listed.status_code == 200, listed.text
    results = listed.json()["results"]
    assert results == [
        {
            "_id": certificate.serial_number,
            "createdAt": results[0]["createdAt"],
            "groupId": project.group_id,
            "notAfter": certificate.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "subject": "CN=alice",
        }
    ]
    assert before <= parse_iso(results[0]["createdAt"]) <= after
    assert listed.json()["totalCount"] == 1
    events = project.events("MONGODB_USER_X509_CERT_CREATED")
    assert [event.get("dbUserUsername") for event in events] == ["alice"]


def test_the_default_is_three_months_and_1_to_24_are_allowed(project: Project) -> None:
    _user(project, "bob")
    for months in (0, 25, -1):
        body = expect_error(
            project.owner.post(_certs(project, "bob"), json={"monthsUntilExpiration": months}), 400, "INVALID_ATTRIBUTE"
        )
        assert body["parameters"] == ["monthsUntilExpiration"]
    made = project.owner.post(_certs(project, "bob"), json={})
    assert made.status_code == 201, made.text
    certificate = x509.load_pem_x509_certificate(made.text.encode())
    days = (certificate.not_valid_after_utc - certificate.not_valid_before_utc).days
    assert 89 <= days <= 92
    assert project.owner.post(_certs(project, "bob"), json={"monthsUntilExpiration": 24}).status_code == 201
    listed = project.owner.get(_certs(project, "bob"), params={"itemsPerPage": 1}).json()
    assert listed["totalCount"] == 2 and len(listed["results"]) == 1
    assert [link["rel"] for link in listed["links"]] == ["self", "next"]


def test_only_managed_x509_users_get_certificates(project: Project) -> None:
    _user(project, "CN=carol,OU=people,DC=example,DC=com", x509_type="CUSTOMER")
    _user(project, "dave", x509_type="NONE", database="admin")
    expect_error(
        project.owner.post(_certs(project, "CN=carol,OU=people,DC=example,DC=com"), json={}),
        400,
        "NOT_ATLAS_MANAGED_X509_USER",
    )
    expect_error(project.owner.post(_certs(project, "dave"), json={}), 404, "USERNAME_NOT_FOUND")
    expect_error(project.owner.post(_certs(project, "nobody"), json={}), 404, "USERNAME_NOT_FOUND")
    expect_error(project.owner.get(_certs(project, "nobody")), 404, "USERNAME_NOT_FOUND")
    assert project.events("MONGODB_USER_X509_CERT_CREATED") == []


def test_a_reader_lists_but_only_an_owner_creates(project: Project) -> None:
    _user(project, "erin")
    expect_error(project.reader.post(_certs(project, "erin"), json={}), 401, "USER_UNAUTHORIZED")
    assert project.reader.get(_certs(project, "erin")).status_code == 200


def _ca_pem() -> str:
    return new_authority("5f0000000000000000000000", 1_800_000_000)[0]


def test_customer_x509_is_stored_shown_and_disabled(project: Project) -> None:
    cas = _ca_pem() + _ca_pem()
    response = project.owner.patch(project.security, json={"customerX509": {"cas": cas}})
    assert response.status_code == 202, response.text
    assert response.json()["customerX509"] == {"cas": cas}
    assert project.owner.get(project.security).json()["customerX509"] == {"cas": cas}
    # While self-managed X.509 is on, Atlas makes no managed certificate.
    _user(project, "frank")
    expect_error(project.owner.post(_certs(project, "frank"), json={}), 400, "CANNOT_GENERATE_CERT_IF_ADVANCED_X509")
    disabled = project.owner.delete(f"{project.security}/customerX509")
    assert disabled.status_code == 202, disabled.text
    assert disabled.headers["content-type"] == CONTENT_TYPE
    assert disabled.json()["customerX509"] == {}
    assert project.owner.get(project.security).json()["customerX509"] == {}
    assert project.owner.post(_certs(project, "frank"), json={}).status_code == 201
    assert len(project.events("USER_SECURITY_SETTINGS_UPDATED")) == 2


@pytest.mark.parametrize(
    "cas",
    [
        "not a certificate",
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        _ca_pem() + "trailing text",
        "",
    ],
)
def test_bad_customer_cas_are_400(project: Project, cas: str) -> None:
    body = expect_error(
        project.owner.patch(project.security, json={"customerX509": {"cas": cas}}), 400, "INVALID_ATTRIBUTE"
    )
    assert body["parameters"] == ["customerX509.cas"]
    assert project.owner.get(project.security).json()["customerX509"] == {}


def test_the_project_ca_key_is_sealed_in_the_database(tmp_path: Path) -> None:
    server = loopback_server(tmp_path / "data")
    try:
        project = Project(server, "sealed CA")
        _user(project, "gina")
        assert project.owner.post(_certs(project, "gina"), json={}).status_code == 201
    finally:
        server.stop()
    with sqlite3.connect(tmp_path / "data" / "atlas-access.db") as db:
        sealed = db.execute("SELECT private_key_sealed FROM project_cas").fetchone()[0]
        dump = "\n".join(db.iterdump())
    assert sealed.startswith("v1:")
    assert "PRIVATE KEY" not in dump
    for path in (tmp_path / "data").glob("atlas-access.db*"):
        assert b"PRIVATE KEY" not in path.read_bytes()


def test_deleting_the_project_deletes_its_user_security(server: LocalServer, project: Project) -> None:
    _user(project, "hank")
    assert project.owner.post(_certs(project, "hank"), json={}).status_code == 201
    saved = project.owner.patch(project.security, json={"ldap": {"hostname": "ldap.example.com", "bindPassword": "x"}})
    assert saved.status_code == 202
    project.verify(hostname="127.0.0.1", port=1, bindUsername="cn=a,dc=b", bindPassword="x")
    users = project.owner.get(f"/api/atlas/v2/groups/{project.group_id}/databaseUsers").json()["results"]
    for user in users:
        gone = project.owner.delete(
            f"/api/atlas/v2/groups/{project.group_id}/databaseUsers/{user['databaseName']}/{user['username']}"
        )
        assert gone.status_code == 204, gone.text
    deleted = project.owner.delete(f"/api/atlas/v2/groups/{project.group_id}")
    assert deleted.status_code == 202, deleted.text
    expect_error(project.owner.get(f"/api/atlas/v2/groups/{project.group_id}"), 404, "GROUP_NOT_FOUND")
    with sqlite3.connect(server.data_dir / "atlas-access.db") as db:
        for table in ("user_security", "ldap_verify_requests", "project_cas", "user_certificates"):
            count = db.execute(f"SELECT count(*) FROM {table} WHERE group_id = ?", (project.group_id,)).fetchone()[0]
            assert count == 0, table


def test_the_local_api_shows_the_project_ca_that_verifies_its_certificates(
    server: LocalServer, project: Project
) -> None:
    """What a test or a local mongod trusts: the CA of ``GET /api/local/v1/groups/{groupId}/x509/ca``, made on first
    need and the same afterwards, never with its key."""
    shown = server.admin().get(f"/api/local/v1/groups/{project.group_id}/x509/ca")
    assert shown.status_code == 200, shown.text
    body = shown.json()
    assert sorted(body) == ["certificate", "createdAt", "groupId"] and body["groupId"] == project.group_id
    assert "PRIVATE KEY" not in shown.text
    ca = x509.load_pem_x509_certificate(body["certificate"].encode())
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True
    _user(project, "carol")
    issued = project.owner.post(_certs(project, "carol"), json={"monthsUntilExpiration": 1})
    assert issued.status_code == 201, issued.text
    assert _verifies(ca, x509.load_pem_x509_certificate(issued.text.encode()))
    assert server.admin().get(f"/api/local/v1/groups/{project.group_id}/x509/ca").json() == body
    assert _ca(server, project.group_id) == ca


def test_the_local_api_ca_of_no_project_is_404_and_needs_the_admin_token(server: LocalServer) -> None:
    expect_error(server.admin().get("/api/local/v1/groups/5f0000000000000000000000/x509/ca"), 404, "GROUP_NOT_FOUND")
    expect_error(server.admin().get("/api/local/v1/groups/nope/x509/ca"), 404, "INVALID_GROUP_ID")
    refused = server.client(accept=None).get(f"/api/local/v1/groups/{server.project_id}/x509/ca")
    assert refused.status_code == 401
