"""Conformance of a project's user security (LDAP, self-managed X.509) and managed X.509 certificates (eight
operations) with the official Atlas Admin API v2 spec, by schemathesis.

The machinery is test_schemathesis.py's (no 5xx, a documented status and Content-Type, a body that matches the
spec's schema, errors in the catalog's form; deliberate deviations allowed by name only) with
test_schemathesis_users.py's version negotiation and seeded steering.

The server's LDAP verifications may reach 127.0.0.1 only (``VerifyPolicy.loopback_only``): a generated host is
never contacted. Steering: ``groupId`` mostly the caller's project; ``username`` mostly a managed X.509 user made
here; ``requestId`` mostly a real verification. Examples are bounded (``MAX_EXAMPLES``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import pytest
import schemathesis
from conformance_run import assert_conforms
from test_schemathesis import (
    REMOVE,
    SPEC_PATCHES,
    Findings,
    SpecPatch,
    StatusAllowance,
    _describe,
    allowed_operations,
    patched,
)
from test_schemathesis_users import Steering

from support.server import LocalServer

OPERATION_IDS = (
    "getGroupUserSecurity",
    "updateGroupUserSecurity",
    "verifyGroupUserSecurityLdap",
    "getGroupUserSecurityLdapVerify",
    "deleteGroupUserSecurityLdapUserToDnMapping",
    "disableGroupUserSecurityCustomerX509",
    "createGroupDatabaseUserCert",
    "listGroupDatabaseUserCerts",
)
VERSION = "2023-01-01"
MAX_EXAMPLES = {schemathesis.GenerationMode.POSITIVE: 10, schemathesis.GenerationMode.NEGATIVE: 6}

# --- Deliberate deviations -----------------------------------------------------------------------

USER_SECURITY_PATCHES = (
    SpecPatch(
        "ldap-verify-status-failed",
        "The real cloud answers a failed verification with status FAILED (recording ldap/TestLDAPWithFlags Watch "
        "and Get_Status); the spec's enum says FAIL.",
        "LDAPVerifyConnectivityJobRequest",
        ("properties", "status", "enum"),
        ["FAILED", "PENDING", "SUCCESS"],
    ),
    SpecPatch(
        "verify-bind-dn-in-any-case",
        "The real cloud shows bindUsername 'cn=admin,dc=example,dc=org' as given (recording ldap/TestLDAPWithFlags "
        "Verify); the spec's pattern asks for upper-case CN= and DC=. DNs are case-insensitive (RFC 4514).",
        "LDAPVerifyConnectivityJobRequestParams",
        ("properties", "bindUsername", "pattern"),
        REMOVE,
    ),
    SpecPatch(
        "verify-shows-its-query-template",
        'The real cloud shows the request\'s authzQueryTemplate, "" when none was given (recording '
        "ldap/TestLDAPWithFlags Verify, Watch, Get_Status); the spec marks it write-only.",
        "LDAPVerifyConnectivityJobRequestParams",
        ("properties", "authzQueryTemplate", "writeOnly"),
        REMOVE,
    ),
    SpecPatch(
        "managed-certificate-subject-is-cn-only",
        "An Atlas-managed X.509 user's certificate has the subject CN=<username> (the form the published "
        "ATLAS_MANAGED_X509_NAME_INVALID error asks of those usernames: CN=<username> with no additional OIDs); "
        "the spec's pattern, shared with LDAP DNs, asks for a DC= part too.",
        "UserCert",
        ("properties", "subject", "pattern"),
        REMOVE,
    ),
    SpecPatch(
        "settings-bind-dn-in-any-case",
        "Same as verify-bind-dn-in-any-case, for the saved settings (recording ldap/TestLDAPWithFlags Save, Get).",
        "LDAPSecuritySettings",
        ("properties", "bindUsername", "pattern"),
        REMOVE,
    ),
)
BODY_CODES = frozenset(
    {"MALFORMED_JSON", "INVALID_JSON", "INVALID_JSON_ATTRIBUTE", "INVALID_ATTRIBUTE", "MISSING_ATTRIBUTE"}
)
WITHOUT_400 = frozenset(
    {
        "getGroupUserSecurity",
        "getGroupUserSecurityLdapVerify",
        "deleteGroupUserSecurityLdapUserToDnMapping",
        "disableGroupUserSecurityCustomerX509",
    }
)
STATUS_ALLOWANCES: tuple[StatusAllowance, ...] = (
    StatusAllowance(
        "query-parameters-are-validated",
        "WIRE.md section 4: a bad query parameter (pretty or envelope not a boolean) is a 400 "
        "INVALID_QUERY_PARAMETER; the spec lists no 400 for these operations.",
        WITHOUT_400,
        400,
        frozenset({"INVALID_QUERY_PARAMETER"}),
    ),
)


# --- The server and the world it holds ------------------------------------------------------------


@dataclass
class World:
    server: LocalServer
    token: str
    project_id: str
    foreign_project_id: str
    username: str
    request_id: str


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(tmp_path_factory.mktemp("conformance-user-security") / "data", rate_limits=False)
    state = server.opened.state
    state.ldap_verify = replace(state.ldap_verify, loopback_only=True, connect_seconds=1.0, overall_seconds=2.0)
    server.start()
    try:
        (foreign,) = server.fixtures({"orgs": [{"name": "Foreign security", "projects": [{"name": "Elsewhere"}]}]})[
            "orgs"
        ]
        token = server.token()
        client = server.bearer(token=token, accept=f"application/vnd.atlas.{VERSION}+json")
        groups = f"/api/atlas/v2/groups/{server.project_id}"
        user = {
            "databaseName": "$external",
            "username": "conformance-x509",
            "x509Type": "MANAGED",
            "roles": [{"databaseName": "admin", "roleName": "readAnyDatabase"}],
        }
        assert client.post(f"{groups}/databaseUsers", json=user).status_code == 201
        verify = {"hostname": "127.0.0.1", "port": 1, "bindUsername": "cn=a,dc=example,dc=org", "bindPassword": "x"}
        made = client.post(f"{groups}/userSecurity/ldap/verify", json=verify)
        assert made.status_code == 200, made.text
        yield World(
            server, token, server.project_id, foreign["projects"][0]["id"], "conformance-x509", made.json()["requestId"]
        )
    finally:
        server.stop()


@pytest.fixture(scope="module")
def api_schema(openapi_document: dict[str, Any]) -> schemathesis.BaseSchema:
    document = patched(openapi_document, SPEC_PATCHES + USER_SECURITY_PATCHES)
    return schemathesis.openapi.from_dict(document).include(operation_id=list(OPERATION_IDS))


def steer(case: schemathesis.Case, steering: Steering, world: World, operation_id: str) -> None:
    path = case.path_parameters
    if path and "groupId" in path:
        path["groupId"] = steering.pick([world.project_id] * 6 + [world.foreign_project_id, path["groupId"]])
    if path and "username" in path:
        path["username"] = steering.pick([world.username] * 4 + ["nobody", path["username"]])
    if path and "requestId" in path:
        path["requestId"] = steering.pick([world.request_id] * 4 + [path["requestId"]])
    positive = case.meta is None or case.meta.generation.mode.is_positive
    body = case.body
    if positive and operation_id == "createGroupDatabaseUserCert" and isinstance(body, dict) and steering.often():
        body["monthsUntilExpiration"] = steering.pick([1, 3, 24])
        for key in [key for key in body if key != "monthsUntilExpiration"]:
            del body[key]


def _pem_answer(response: Any) -> str | None:
    """A created certificate answers PEM text (the spec's schema is a string; MongoDB's clients read it as is)."""
    text = response.text if isinstance(response.text, str) else response.content.decode()
    if "-----BEGIN CERTIFICATE-----" in text and "-----BEGIN PRIVATE KEY-----" in text:
        return None
    return f"not a PEM certificate and key: {text[:200]!r}"


def _enveloped(case: schemathesis.Case) -> bool:
    """Whether the request asks for an envelope as the server reads ``?envelope``: its last value, ``true`` in any
    case and spacing (``envelope=false`` is a bare answer, here PEM text)."""
    value = (case.query or {}).get("envelope")
    if isinstance(value, list):
        value = value[-1] if value else None
    return str(value).strip().lower() == "true"


def _judge_pem(case: schemathesis.Case, response: schemathesis.Response, findings: Findings) -> bool:
    """A new certificate's answer (outside an envelope) is PEM text, not JSON: judged here, not by the schema."""
    if not (
        case.operation.definition.raw["operationId"] == "createGroupDatabaseUserCert"
        and response.status_code == 201
        and not _enveloped(case)
    ):
        return False
    problem = _pem_answer(response)
    if problem is not None:
        findings.add(("pem", 201), _describe(response, problem))
    return True


@pytest.mark.parametrize("mode", list(MAX_EXAMPLES), ids=lambda mode: mode.value)
@pytest.mark.parametrize("operation_id", OPERATION_IDS)
def test_operation_conforms_to_official_spec(
    api_schema: schemathesis.BaseSchema, world: World, operation_id: str, mode: schemathesis.GenerationMode
) -> None:
    assert_conforms(
        api_schema.find_operation_by_id(operation_id),
        mode,
        max_examples=MAX_EXAMPLES,
        seed="user-security",
        steer=lambda case, steering: steer(case, steering, world, operation_id),
        token=world.token,
        base_url=world.server.base_url,
        version=VERSION,
        allowances=STATUS_ALLOWANCES,
        judge=_judge_pem,
    )


def test_allow_lists_name_real_operations(openapi_document: dict[str, Any]) -> None:
    """Every allowance names these operations and a status the spec really leaves undocumented; the enum patch
    changes the spec."""
    allowed_operations(openapi_document, OPERATION_IDS, STATUS_ALLOWANCES)
    enum = openapi_document["components"]["schemas"]["LDAPVerifyConnectivityJobRequest"]["properties"]["status"]["enum"]
    assert "FAILED" not in enum
