"""A project's LDAP settings and their verification (Atlas v2): ``getGroupUserSecurity``,
``updateGroupUserSecurity``, ``deleteGroupUserSecurityLdapUserToDnMapping``, ``verifyGroupUserSecurityLdap`` and
``getGroupUserSecurityLdapVerify``. Against a real LDAP server: test_ldap_slapd.py; self-managed X.509 and managed
certificates: test_x509.py.

As recorded (``reference/recordings/ldap``): PATCH 202 with the settings and never the bind password; the mapping's
delete 202 with the settings without it; a verification 200 PENDING at once, and FAILED with CONNECT FAIL when
nothing answers.
"""

from __future__ import annotations

import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from support.answers import expect_error
from support.ldap_world import CONTENT_TYPE, Project, loopback_server
from support.server import LocalServer, free_port

BIND = "cn=admin,dc=example,dc=org"
MAPPING = [{"match": "(.+)@ENGINEERING.EXAMPLE.COM", "substitution": "cn={0},ou=engineering,dc=example,dc=com"}]
SECRET = "s3cret-bind-password-do-not-leak"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    started = loopback_server(Path(tmp_path_factory.mktemp("ldap")) / "data")
    yield started
    started.stop()


@pytest.fixture
def project(server: LocalServer, request: pytest.FixtureRequest) -> Project:
    return Project(server, request.node.name[:40])


def _save(project: Project, **ldap: Any) -> dict[str, Any]:
    response = project.owner.patch(project.security, json={"ldap": ldap})
    assert response.status_code == 202, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    return dict(response.json())


def test_a_new_project_has_ldap_off_and_no_customer_x509(project: Project) -> None:
    response = project.owner.get(project.security)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    assert response.json() == {
        "customerX509": {},
        "ldap": {"authenticationEnabled": False, "authorizationEnabled": False},
    }


def test_save_answers_202_as_recorded_and_the_password_is_never_shown(project: Project) -> None:
    body = _save(
        project,
        authenticationEnabled=False,
        authorizationEnabled=False,
        hostname="2.tcp.ngrok.io",
        port=19657,
        bindUsername=BIND,
        bindPassword=SECRET,
        userToDNMapping=MAPPING,
    )
    expected = {
        "customerX509": {},
        "ldap": {
            "authenticationEnabled": False,
            "authorizationEnabled": False,
            "bindUsername": BIND,
            "hostname": "2.tcp.ngrok.io",
            "port": 19657,
            "userToDNMapping": MAPPING,
        },
    }
    assert body == expected
    read = project.owner.get(project.security)
    assert read.json() == expected
    assert SECRET not in read.text
    assert [event["eventTypeName"] for event in project.events("USER_SECURITY_SETTINGS_UPDATED")] == [
        "USER_SECURITY_SETTINGS_UPDATED"
    ]


def test_patch_changes_only_what_it_is_given(project: Project) -> None:
    _save(project, hostname="ldap.example.com", port=636, bindUsername=BIND, bindPassword=SECRET)
    body = _save(project, authzQueryTemplate="{USER}?memberOf?base", authenticationEnabled=True)
    assert body["ldap"] == {
        "authenticationEnabled": True,
        "authorizationEnabled": False,
        "authzQueryTemplate": "{USER}?memberOf?base",
        "bindUsername": BIND,
        "hostname": "ldap.example.com",
        "port": 636,
    }
    assert len(project.events("USER_SECURITY_SETTINGS_UPDATED")) == 2
    # The same values again change nothing and write no event.
    _save(project, hostname="ldap.example.com")
    assert len(project.events("USER_SECURITY_SETTINGS_UPDATED")) == 2


def test_enabling_ldap_needs_a_host_a_bind_dn_and_a_password(project: Project) -> None:
    body = expect_error(
        project.owner.patch(project.security, json={"ldap": {"authenticationEnabled": True}}), 400, "MISSING_ATTRIBUTE"
    )
    assert body["parameters"] == ["ldap.hostname"]
    assert project.owner.get(project.security).json()["ldap"]["authenticationEnabled"] is False
    assert project.events("USER_SECURITY_SETTINGS_UPDATED") == []


@pytest.mark.parametrize(
    ("ldap", "field"),
    [
        ({"hostname": "not a host"}, "ldap.hostname"),
        ({"port": 0}, "ldap.port"),
        ({"port": 70000}, "ldap.port"),
        ({"bindUsername": "admin"}, "ldap.bindUsername"),
        ({"authzQueryTemplate": "{USER}?memberOf?everywhere"}, "ldap.authzQueryTemplate"),
        ({"caCertificate": "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----"}, "ldap.caCertificate"),
        ({"userToDNMapping": [{"match": "(", "substitution": "x"}]}, "ldap.userToDNMapping.0.match"),
        ({"userToDNMapping": [{"match": "(.+)", "substitution": "x", "ldapQuery": "y"}]}, "ldap.userToDNMapping.0"),
    ],
)
def test_bad_values_are_400_invalid_attribute_naming_the_field(
    project: Project, ldap: dict[str, Any], field: str
) -> None:
    body = expect_error(project.owner.patch(project.security, json={"ldap": ldap}), 400, "INVALID_ATTRIBUTE")
    assert body["parameters"] == [field]
    assert body["badRequestDetail"]["fields"][0]["field"] == field


def test_wrong_types_and_unknown_attributes_are_400(project: Project) -> None:
    expect_error(project.owner.patch(project.security, json={"ldap": {"port": "636"}}), 400, "INVALID_JSON_ATTRIBUTE")
    expect_error(project.owner.patch(project.security, json={"ldap": {"colour": 1}}), 400, "INVALID_ATTRIBUTE")
    expect_error(
        project.owner.patch(project.security, json={"ldap": {"userToDNMapping": [{"substitution": "x"}]}}),
        400,
        "MISSING_ATTRIBUTE",
    )
    expect_error(
        project.owner.patch(project.security, content=b"{", headers={"Content-Type": "application/json"}),
        400,
        "MALFORMED_JSON",
    )


def test_delete_mapping_answers_202_with_the_settings_without_it(project: Project) -> None:
    _save(
        project, hostname="2.tcp.ngrok.io", port=19657, bindUsername=BIND, bindPassword=SECRET, userToDNMapping=MAPPING
    )
    response = project.owner.delete(f"{project.security}/ldap/userToDNMapping")
    assert response.status_code == 202, response.text
    assert response.headers["content-type"] == CONTENT_TYPE
    expected = {
        "customerX509": {},
        "ldap": {
            "authenticationEnabled": False,
            "authorizationEnabled": False,
            "bindUsername": BIND,
            "hostname": "2.tcp.ngrok.io",
            "port": 19657,
        },
    }
    assert response.json() == expected
    assert project.owner.get(project.security).json() == expected
    assert len(project.events("USER_SECURITY_SETTINGS_UPDATED")) == 2


def test_only_a_project_owner_reads_or_changes_it(project: Project) -> None:
    expect_error(project.reader.get(project.security), 401, "USER_UNAUTHORIZED")
    expect_error(project.reader.patch(project.security, json={"ldap": {"port": 636}}), 401, "USER_UNAUTHORIZED")
    expect_error(project.reader.post(f"{project.security}/ldap/verify", json={}), 401, "USER_UNAUTHORIZED")


# --- verification ---------------------------------------------------------------------------------------------


def _closed_port() -> int:
    return free_port()  # nothing listens there once the probe socket is closed


def test_verify_answers_pending_at_once_then_fails_to_connect_as_recorded(project: Project) -> None:
    port = _closed_port()
    made = project.verify(hostname="127.0.0.1", port=port, bindUsername=BIND, bindPassword=SECRET)
    request_id = made["requestId"]
    href = f"{project.server.base_url}{project.security}/ldap/verify/{request_id}"
    assert made == {
        "groupId": project.group_id,
        "links": [{"href": href, "rel": "self"}],
        "request": {"authzQueryTemplate": "", "bindUsername": BIND, "hostname": "127.0.0.1", "port": port},
        "requestId": request_id,
        "status": "PENDING",
        "validations": [],
    }
    done = project.finished(request_id)
    assert done == {**made, "status": "FAILED", "validations": [{"status": "FAIL", "validationType": "CONNECT"}]}
    assert SECRET not in project.verification(request_id).text


def test_a_host_beyond_the_loopback_is_never_contacted_in_tests(project: Project) -> None:
    made = project.verify(hostname="ldap.example.com", port=636, bindUsername=BIND, bindPassword=SECRET)
    done = project.finished(made["requestId"])
    assert (done["status"], done["validations"]) == ("FAILED", [{"status": "FAIL", "validationType": "CONNECT"}])


def test_a_server_that_never_answers_tls_fails_to_connect_within_the_bound(tmp_path: Path) -> None:
    server = loopback_server(tmp_path / "data", connect_seconds=0.5, overall_seconds=1.0)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()  # accepts the TCP connection, never says a word of TLS
    try:
        project = Project(server, "silent")
        made = project.verify(hostname="127.0.0.1", port=silent.getsockname()[1], bindUsername=BIND, bindPassword="x")
        done = project.finished(made["requestId"], timeout=10)
        assert (done["status"], done["validations"]) == ("FAILED", [{"status": "FAIL", "validationType": "CONNECT"}])
    finally:
        silent.close()
        server.stop()


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"port": 636, "bindUsername": BIND, "bindPassword": "x"}, "MISSING_ATTRIBUTE", "hostname"),
        ({"hostname": "h.example.com", "bindUsername": BIND, "bindPassword": "x"}, "MISSING_ATTRIBUTE", "port"),
        ({"hostname": "h.example.com", "port": 636, "bindPassword": "x"}, "MISSING_ATTRIBUTE", "bindUsername"),
        ({"hostname": "h.example.com", "port": 636, "bindUsername": BIND}, "MISSING_ATTRIBUTE", "bindPassword"),
        (
            {"hostname": "h.example.com", "port": -1, "bindUsername": BIND, "bindPassword": "x"},
            "INVALID_ATTRIBUTE",
            "port",
        ),
    ],
)
def test_verify_needs_host_port_bind_dn_and_password(
    project: Project, body: dict[str, Any], code: str, field: str
) -> None:
    answer = expect_error(project.owner.post(f"{project.security}/ldap/verify", json=body), 400, code)
    assert answer["parameters"] == [field]


def test_an_unknown_verification_is_404(project: Project, server: LocalServer) -> None:
    expect_error(project.verification("5f0000000000000000000000"), 404, "RESOURCE_NOT_FOUND")
    expect_error(project.verification("nonsense"), 404, "RESOURCE_NOT_FOUND")
    other = Project(server, "other verifier")
    made = other.verify(hostname="127.0.0.1", port=_closed_port(), bindUsername=BIND, bindPassword="x")
    expect_error(project.verification(made["requestId"]), 404, "RESOURCE_NOT_FOUND")


def test_the_outcome_survives_a_restart_and_unfinished_work_ends_failed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = loopback_server(data, connect_seconds=5.0, overall_seconds=10.0)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    try:
        project = Project(first, "restart")
        finished = project.verify(hostname="127.0.0.1", port=_closed_port(), bindUsername=BIND, bindPassword="x")
        done = project.finished(finished["requestId"])
        hanging = project.verify(
            hostname="127.0.0.1", port=silent.getsockname()[1], bindUsername=BIND, bindPassword="x"
        )
        assert project.verification(hanging["requestId"]).json()["status"] == "PENDING"
        group_id, key = project.group_id, project.owner_key
        first.stop()  # the hanging verification is cut off
    finally:
        silent.close()
    second = LocalServer(data, rate_limits=False).start()
    try:
        client = second.digest(key["publicKey"], key["privateKey"], accept="application/vnd.atlas.2023-01-01+json")
        security = f"/api/atlas/v2/groups/{group_id}/userSecurity/ldap/verify"
        again = client.get(f"{security}/{finished['requestId']}").json()
        assert {**again, "links": None} == {**done, "links": None}  # the new server has another address
        assert done["validations"] == [{"status": "FAIL", "validationType": "CONNECT"}]
        cut = client.get(f"{security}/{hanging['requestId']}").json()
        assert (cut["status"], cut["validations"]) == ("FAILED", [])
    finally:
        second.stop()


def test_the_database_never_holds_a_bind_password_in_clear(tmp_path: Path) -> None:
    server = loopback_server(tmp_path / "data")
    try:
        project = Project(server, "sealed")
        _save(project, hostname="ldap.example.com", port=636, bindUsername=BIND, bindPassword=SECRET)
        project.verify(hostname="127.0.0.1", port=_closed_port(), bindUsername=BIND, bindPassword=SECRET + "-verify")
    finally:
        server.stop()
    with sqlite3.connect(tmp_path / "data" / "atlas-access.db") as db:
        sealed = db.execute("SELECT ldap_bind_password_sealed FROM user_security").fetchone()[0]
        dump = "\n".join(db.iterdump())
    assert sealed.startswith("v1:")
    assert SECRET not in dump
    for path in (tmp_path / "data").glob("atlas-access.db*"):
        assert SECRET.encode() not in path.read_bytes()


def test_an_empty_bind_password_keeps_the_stored_one(server: LocalServer, project: Project) -> None:
    """The real CLI's ``save`` sends "" when no password is given; the cloud takes it (recorded Stdin Save, 202)."""

    def sealed() -> str:
        with sqlite3.connect(server.data_dir / "atlas-access.db") as db:
            row = db.execute(
                "SELECT ldap_bind_password_sealed FROM user_security WHERE group_id = ?", (project.group_id,)
            ).fetchone()
        return str(row[0])

    _save(project, hostname="ldap.example.com", bindUsername=BIND, bindPassword=SECRET)
    before = sealed()
    _save(project, hostname="ldap.example.com", bindPassword="")
    assert sealed() == before
