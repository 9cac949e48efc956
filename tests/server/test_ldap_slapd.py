"""``verifyGroupUserSecurityLdap`` against a real LDAP server: Debian's slapd, started for this module on
127.0.0.1 (LDAPS, a certificate from a CA made by the test, ``support/slapd.py``). Under CI it runs, never skips.

The steps and their order (docs/ldap-and-x509.md): CONNECT, AUTHENTICATE, then with an ``authzQueryTemplate``
AUTHORIZATION_ENABLED, PARSE_AUTHZ_QUERY and QUERY_SERVER, else QUERY_SERVER on the root DSE; the first that fails
ends the work (recorded: FAILED with CONNECT FAIL when nothing answers).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from support.ldap_world import Project, loopback_server
from support.server import LocalServer, free_port
from support.slapd import ADMIN, ADMIN_PASSWORD, Slapd


@pytest.fixture(scope="module")
def slapd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Slapd]:
    started = Slapd(Path(tmp_path_factory.mktemp("slapd")))
    yield started
    started.stop()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    server: LocalServer = loopback_server(Path(tmp_path_factory.mktemp("ldap-slapd")) / "data")
    yield Project(server, "slapd")
    server.stop()


def _steps(done: dict[str, object]) -> list[tuple[str, str]]:
    validations = done["validations"]
    assert isinstance(validations, list)
    return [(step["validationType"], step["status"]) for step in validations]


def test_right_credentials_succeed(slapd: Slapd, project: Project) -> None:
    made = project.verify(
        hostname="127.0.0.1",
        port=slapd.port,
        bindUsername=ADMIN,
        bindPassword=ADMIN_PASSWORD,
        caCertificate=slapd.ca_certificate,
    )
    assert made["status"] == "PENDING"
    done = project.finished(made["requestId"])
    assert done["status"] == "SUCCESS"
    assert _steps(done) == [("CONNECT", "OK"), ("AUTHENTICATE", "OK"), ("QUERY_SERVER", "OK")]
    assert ADMIN_PASSWORD not in project.verification(made["requestId"]).text


def test_right_credentials_and_a_query_template_succeed_step_by_step(slapd: Slapd, project: Project) -> None:
    made = project.verify(
        hostname="127.0.0.1",
        port=slapd.port,
        bindUsername=ADMIN,
        bindPassword=ADMIN_PASSWORD,
        caCertificate=slapd.ca_certificate,
        authzQueryTemplate="{USER}?cn?base",
    )
    done = project.finished(made["requestId"])
    assert done["request"]["authzQueryTemplate"] == "{USER}?cn?base"
    assert (done["status"], _steps(done)) == (
        "SUCCESS",
        [
            ("CONNECT", "OK"),
            ("AUTHENTICATE", "OK"),
            ("AUTHORIZATION_ENABLED", "OK"),
            ("PARSE_AUTHZ_QUERY", "OK"),
            ("QUERY_SERVER", "OK"),
        ],
    )


def test_a_template_that_does_not_parse_fails_there(slapd: Slapd, project: Project) -> None:
    made = project.verify(
        hostname="127.0.0.1",
        port=slapd.port,
        bindUsername=ADMIN,
        bindPassword=ADMIN_PASSWORD,
        caCertificate=slapd.ca_certificate,
        authzQueryTemplate="{USER}?cn?everywhere",
    )
    done = project.finished(made["requestId"])
    assert (done["status"], _steps(done)[-1]) == ("FAILED", ("PARSE_AUTHZ_QUERY", "FAIL"))


def test_a_wrong_password_fails_to_authenticate(slapd: Slapd, project: Project) -> None:
    made = project.verify(
        hostname="127.0.0.1",
        port=slapd.port,
        bindUsername=ADMIN,
        bindPassword="wrong",
        caCertificate=slapd.ca_certificate,
    )
    done = project.finished(made["requestId"])
    assert (done["status"], _steps(done)) == ("FAILED", [("CONNECT", "OK"), ("AUTHENTICATE", "FAIL")])


def test_a_server_certificate_nobody_vouches_for_fails_to_connect(slapd: Slapd, project: Project) -> None:
    made = project.verify(hostname="127.0.0.1", port=slapd.port, bindUsername=ADMIN, bindPassword=ADMIN_PASSWORD)
    done = project.finished(made["requestId"])
    assert (done["status"], _steps(done)) == ("FAILED", [("CONNECT", "FAIL")])


def test_nothing_listening_fails_to_connect(project: Project) -> None:
    made = project.verify(hostname="127.0.0.1", port=free_port(), bindUsername=ADMIN, bindPassword=ADMIN_PASSWORD)
    done = project.finished(made["requestId"])
    assert (done["status"], _steps(done)) == ("FAILED", [("CONNECT", "FAIL")])
