"""JSON values no attribute can take, refused by the one body reader (``wire/body.py``) for every body-taking route
family: a 400 naming the attribute, never a 500.

- an integer literal beyond 64 bits, among them one of more than 4,300 digits (which Python refuses to convert);
- a string, or an object key, holding half a surrogate pair (``"\\ud800@example.com"``): no character, so no text
  column, mail or answer could hold it.

Both are ``INVALID_JSON_ATTRIBUTE`` with the attribute's place (``roles.0``) in ``parameters`` and
``badRequestDetail``, as model validation names a field of the wrong type.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from support.answers import expect_error
from support.server import LocalServer

HUGE = "9" * 5000  # more digits than Python converts to int (4,300)
BEYOND_64_BITS = str(2**63)  # 9223372036854775808
SURROGATE = '"\\ud800@example.com"'  # JSON for a username that starts with half a surrogate pair

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
}


def _v2(server: LocalServer) -> httpx.Client:
    return server.digest()


def _cloud_manager(server: LocalServer) -> httpx.Client:
    return server.digest(accept="application/json")


def _local(server: LocalServer) -> httpx.Client:
    return server.admin()


Caller = Callable[[LocalServer], httpx.Client]

# (caller, method, path, JSON body with the value as {value}, the attribute named)
OPERATIONS: list[tuple[str, Caller, str, str, str, str]] = [
    (
        "v2 createOrgInvite",
        _v2,
        "POST",
        "/api/atlas/v2/orgs/{org}/invites",
        '{{"username": "a@example.com", "roles": [{value}]}}',
        "roles.0",
    ),
    (
        "v2 createGroupInvite",
        _v2,
        "POST",
        "/api/atlas/v2/groups/{group}/invites",
        '{{"username": {value}, "roles": ["GROUP_READ_ONLY"]}}',
        "username",
    ),
    ("v2 createOrgApiKey", _v2, "POST", "/api/atlas/v2/orgs/{org}/apiKeys", '{{"desc": {value}}}', "desc"),
    (
        "v2 createOrgServiceAccount",
        _v2,
        "POST",
        "/api/atlas/v2/orgs/{org}/serviceAccounts",
        '{{"name": "sa", "description": "d", "roles": ["ORG_MEMBER"], "secretExpiresAfterHours": {value}}}',
        "secretExpiresAfterHours",
    ),
    (
        "v2 createOrgApiKeyAccessListEntry (a list body)",
        _v2,
        "POST",
        "/api/atlas/v2/orgs/{org}/apiKeys/{key}/accessList",
        '[{{"ipAddress": "10.0.0.1"}}, {{"ipAddress": {value}}}]',
        "1.ipAddress",
    ),
    ("v2 createGroup", _v2, "POST", "/api/atlas/v2/groups", '{{"name": {value}, "orgId": "{org}"}}', "name"),
    ("v2 updateGroup", _v2, "PATCH", "/api/atlas/v2/groups/{group}", '{{"name": {value}}}', "name"),
    (
        "v1.0 createOrgInvite",
        _cloud_manager,
        "POST",
        "/api/public/v1.0/orgs/{org}/invites",
        '{{"username": {value}, "roles": ["ORG_MEMBER"]}}',
        "username",
    ),
    (
        "v1.0 createGroupInvite",
        _cloud_manager,
        "POST",
        "/api/public/v1.0/groups/{group}/invites",
        '{{"username": "a@example.com", "roles": [{value}]}}',
        "roles.0",
    ),
    ("local clock", _local, "POST", "/api/local/v1/clock", '{{"advance": {value}}}', "advance"),
    ("local fixtures", _local, "POST", "/api/local/v1/fixtures", '{{"orgs": [{{"name": {value}}}]}}', "orgs.0.name"),
]


def _send(server: LocalServer, operation: tuple[str, Caller, str, str, str, str], value: str) -> httpx.Response:
    _, caller, method, path, body, _ = operation
    ids = {"org": server.org_id, "group": server.project_id, "key": server.bootstrap["apiKeyId"]}
    content = body.format(value=value, **ids).encode()
    return caller(server).request(
        method, path.format(**ids), content=content, headers={"Content-Type": "application/json"}
    )


def _expect_named(response: httpx.Response, field: str) -> dict[str, Any]:
    body = expect_error(response, 400, "INVALID_JSON_ATTRIBUTE")
    assert body["parameters"] == [field]
    assert body["detail"] == f"Received JSON for the {field} attribute does not match expected format."
    assert [item["field"] for item in body["badRequestDetail"]["fields"]] == [field]
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    return body


@pytest.mark.parametrize("operation", OPERATIONS, ids=[operation[0] for operation in OPERATIONS])
def test_integers_beyond_64_bits_name_their_attribute(server: LocalServer, operation: Any) -> None:
    field = operation[5]
    body = _expect_named(_send(server, operation, HUGE), field)
    assert "-9223372036854775808 and 9223372036854775807" in body["badRequestDetail"]["fields"][0]["description"]
    _expect_named(_send(server, operation, BEYOND_64_BITS), field)
    _expect_named(_send(server, operation, "-" + HUGE), field)


@pytest.mark.parametrize("operation", OPERATIONS, ids=[operation[0] for operation in OPERATIONS])
def test_half_a_surrogate_pair_names_its_attribute(server: LocalServer, operation: Any) -> None:
    body = _expect_named(_send(server, operation, SURROGATE), operation[5])
    assert "surrogate" in body["badRequestDetail"]["fields"][0]["description"]


def test_a_surrogate_in_a_username_creates_nothing(server: LocalServer) -> None:
    client = server.digest()
    invites = f"/api/atlas/v2/orgs/{server.org_id}/invites"
    body = '{"username": "\\ud800@example.com", "roles": ["ORG_MEMBER"]}'
    response = client.post(invites, content=body, headers={"Content-Type": "application/json"})
    _expect_named(response, "username")
    assert client.get(invites).json() == []
    assert server.outbox() == []
    # the same address whole is a fine username
    whole = client.post(invites, json={"username": "\U0001f600@example.com", "roles": ["ORG_MEMBER"]})
    assert whole.status_code == 200, whole.text


def test_a_key_with_half_a_surrogate_pair_is_named_escaped(server: LocalServer) -> None:
    response = server.digest().post(
        f"/api/atlas/v2/orgs/{server.org_id}/teams",
        content=b'{"name": "t", "usernames": [], "\\udc00x": 1}',
        headers={"Content-Type": "application/json"},
    )
    _expect_named(response, "\\udc00x")


def test_a_surrogate_pair_escaped_whole_is_a_character(server: LocalServer) -> None:
    response = server.digest().post(
        f"/api/atlas/v2/orgs/{server.org_id}/apiKeys",
        content=b'{"desc": "deploy \\ud83d\\ude80", "roles": ["ORG_MEMBER"]}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["desc"] == "deploy \U0001f680"


def test_integers_within_64_bits_still_reach_the_rules(server: LocalServer) -> None:
    response = server.digest().post(
        f"/api/atlas/v2/orgs/{server.org_id}/serviceAccounts",
        json={"name": "sa", "description": "d", "roles": ["ORG_MEMBER"], "secretExpiresAfterHours": 2**63 - 1},
    )
    body = expect_error(response, 400, "INVALID_ATTRIBUTE")  # out of the 8 to 8760 hours, as before
    assert body["parameters"] == ["secretExpiresAfterHours"]


@pytest.mark.parametrize("document", [HUGE, SURROGATE])
def test_a_bare_value_is_not_a_body(server: LocalServer, document: str) -> None:
    response = server.digest().post(
        f"/api/atlas/v2/orgs/{server.org_id}/apiKeys",
        content=document.encode(),
        headers={"Content-Type": "application/json"},
    )
    expect_error(response, 400, "INVALID_JSON")
