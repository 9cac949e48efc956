"""WIRE.md sections 2, 3 and 8 against a running server: version resolution, media types, lifecycle headers,
envelope, pretty and compact JSON, security headers, request media types, timestamps, rate-limit headers."""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from starlette.responses import PlainTextResponse

from atlas_access.server.wire.security import SecurityHeaders
from support.server import LocalServer

V2 = "/api/atlas/v2"
CM = "/api/public/v1.0"
V2_ACCEPT = "application/vnd.atlas.2023-01-01+json"
RESOLVED = "application/vnd.atlas.2023-01-01+json;charset=utf-8"
UNKNOWN_ID = "a" * 24
ORG_DEPRECATION = "Wed, 19 Feb 2025 00:00:00 GMT"
GROUP_DEPRECATION = "Wed, 4 Oct 2023 00:00:00 GMT"
SUNSET = "Thu, 1 Jul 2027 00:00:00 GMT"
INVALID_VERSION_BODY = (
    b'{"detail":"Invalid accept header or version date.","error":406,"errorCode":"INVALID_VERSION_DATE",'
    b'"parameters":[],"reason":"Not Acceptable"}'
)
UNAUTHORIZED_BODY = (
    b'{\n  "error" : 401,\n  "reason" : "Unauthorized",\n'
    b'  "detail" : "You are not authorized for this resource.",\n  "errorCode" : "UNEXPECTED_ERROR"\n}'
)
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
OBJECT_ID = re.compile(r"[a-f0-9]{24}")
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    """One server for the module, rate limits on (each rate-limit test uses a fresh organization's buckets)."""
    running = LocalServer(tmp_path_factory.mktemp("wire") / "data").start()
    yield running
    running.stop()


@dataclass(frozen=True)
class Wire:
    """An organization "Wire" (no spaces in any name) with a project, a team and an owner API key."""

    org: str
    group: str
    team: str
    public_key: str
    v2: httpx.Client
    cm: httpx.Client

    def client(self, base: str) -> httpx.Client:
        return self.v2 if base == V2 else self.cm


@pytest.fixture(scope="module")
def world(server: LocalServer) -> Wire:
    document = {
        "orgs": [
            {
                "name": "Wire",
                "projects": [{"name": "Proj"}],
                "teams": [{"name": "Team"}],
                "apiKeys": [{"orgRoles": ["ORG_OWNER"]}],
            }
        ]
    }
    org = server.fixtures(document)["orgs"][0]
    key = org["apiKeys"][0]
    return Wire(
        org=org["id"],
        group=org["projects"][0]["id"],
        team=org["teams"][0]["id"],
        public_key=key["publicKey"],
        v2=server.digest(key["publicKey"], key["privateKey"], accept=V2_ACCEPT),
        cm=server.digest(key["publicKey"], key["privateKey"], accept="application/json"),
    )


_names = itertools.count()


def unique(prefix: str = "wire") -> str:
    return f"{prefix}-{next(_names)}@example.com"


def new_org_invite(world: Wire, username: str | None = None) -> dict[str, Any]:
    response = world.v2.post(
        f"{V2}/orgs/{world.org}/invites", json={"username": username or unique(), "roles": ["ORG_MEMBER"]}
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def new_group_invite(world: Wire, username: str | None = None) -> dict[str, Any]:
    response = world.v2.post(
        f"{V2}/groups/{world.group}/invites", json={"username": username or unique(), "roles": ["GROUP_READ_ONLY"]}
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


# --- the twelve operations of each surface, each called validly ---------------------------------------------

Call = tuple[str, str, dict[str, Any] | None, int]  # method, path, body, success status


def valid_call(world: Wire, base: str, operation: str) -> Call:
    """A request that succeeds for the organization owner (fresh invitations where the call consumes one)."""
    org, group = f"{base}/orgs/{world.org}/invites", f"{base}/groups/{world.group}/invites"
    created = 200 if base == V2 else 201
    if operation == "listOrgInvites":
        return "GET", org, None, 200
    if operation == "createOrgInvite":
        return "POST", org, {"username": unique(), "roles": ["ORG_MEMBER"]}, created
    if operation == "updateOrgInvites":
        return "PATCH", org, {"username": new_org_invite(world)["username"], "roles": ["ORG_READ_ONLY"]}, 200
    if operation == "getOrgInvite":
        return "GET", f"{org}/{new_org_invite(world)['id']}", None, 200
    if operation == "updateOrgInviteById":
        return "PATCH", f"{org}/{new_org_invite(world)['id']}", {"roles": ["ORG_READ_ONLY"]}, 200
    if operation == "deleteOrgInvite":
        return "DELETE", f"{org}/{new_org_invite(world)['id']}", None, 204
    if operation == "listGroupInvites":
        return "GET", group, None, 200
    if operation == "createGroupInvite":
        return "POST", group, {"username": unique(), "roles": ["GROUP_READ_ONLY"]}, created
    if operation == "updateGroupInvites":
        return "PATCH", group, {"username": new_group_invite(world)["username"], "roles": ["GROUP_OWNER"]}, 200
    if operation == "getGroupInvite":
        return "GET", f"{group}/{new_group_invite(world)['id']}", None, 200
    if operation == "updateGroupInviteById":
        return "PATCH", f"{group}/{new_group_invite(world)['id']}", {"roles": ["GROUP_OWNER"]}, 200
    assert operation == "deleteGroupInvite"
    return "DELETE", f"{group}/{new_group_invite(world)['id']}", None, 204


ORG_OPERATIONS = [
    "listOrgInvites",
    "createOrgInvite",
    "updateOrgInvites",
    "getOrgInvite",
    "updateOrgInviteById",
    "deleteOrgInvite",
]
GROUP_OPERATIONS = [op.replace("Org", "Group") for op in ORG_OPERATIONS]


def call(
    world: Wire,
    base: str,
    operation: str,
    *,
    params: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """Call ``operation`` validly as the owner; the answer must be its success (200 when enveloped)."""
    method, path, body, status = valid_call(world, base, operation)
    response = world.client(base).request(method, path, json=body, params=params, headers=headers)
    enveloped = (params or {}).get("envelope") == "true"
    assert response.status_code == (200 if enveloped else status), response.text
    return response


# --- version resolution -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "accept",
    [
        "application/vnd.atlas.2023-01-01+json",
        "application/vnd.atlas.2025-03-12+json",
        "application/vnd.atlas.2099-12-31+json",
        "application/vnd.atlas.2024-01-01+json; charset=utf-8",
        "application/json, application/vnd.atlas.2024-01-01+json;q=0.9",
        "text/html;q=0.1, application/vnd.atlas.2025-03-12+json, */*;q=0.01",
        "Application/VND.Atlas.2023-01-01+JSON",
    ],
)
@pytest.mark.parametrize("operation", ["listOrgInvites", "deleteGroupInvite"])
def test_a_date_resolves_to_the_newest_version_on_or_before_it(world: Wire, accept: str, operation: str) -> None:
    response = call(world, V2, operation, headers={"Accept": accept})
    assert response.headers["content-type"] == RESOLVED


@pytest.mark.parametrize(
    "accept", ["application/vnd.atlas.preview+json", "application/vnd.atlas.2022-12-31+json", "application/json"]
)
@pytest.mark.parametrize("operation", ["listOrgInvites", "createGroupInvite"])
def test_preview_and_early_dates_are_not_acceptable(world: Wire, accept: str, operation: str) -> None:
    method, path, body, _ = valid_call(world, V2, operation)
    response = world.v2.request(method, path, json=body, headers={"Accept": accept})
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/json"
    assert response.content == INVALID_VERSION_BODY


@pytest.mark.parametrize("operation", ["deleteOrgInvite", "deleteGroupInvite"])
@pytest.mark.parametrize("accept", ["application/vnd.atlas.2023-01-01+json", "application/vnd.atlas.2025-03-12+json"])
def test_content_type_on_204(world: Wire, operation: str, accept: str) -> None:
    response = call(world, V2, operation, headers={"Accept": accept})
    assert response.content == b""
    assert response.headers["content-type"] == RESOLVED


@pytest.mark.parametrize("operation", ["deleteOrgInvite", "deleteGroupInvite"])
def test_cloud_manager_content_type_on_204(world: Wire, operation: str) -> None:
    response = call(world, CM, operation)
    assert response.content == b""
    assert response.headers["content-type"] == "application/json"


@pytest.mark.parametrize("operation", ORG_OPERATIONS + GROUP_OPERATIONS)
def test_success_content_types(world: Wire, operation: str) -> None:
    assert call(world, V2, operation).headers["content-type"] == RESOLVED
    assert call(world, CM, operation).headers["content-type"] == "application/json"


# --- Deprecation and Sunset ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operation", "deprecation"),
    [(op, ORG_DEPRECATION) for op in ORG_OPERATIONS] + [(op, GROUP_DEPRECATION) for op in GROUP_OPERATIONS],
)
def test_deprecation_and_sunset_on_v2(world: Wire, operation: str, deprecation: str) -> None:
    response = call(world, V2, operation, headers={"Accept": "application/vnd.atlas.2025-03-12+json"})
    assert response.headers["deprecation"] == deprecation
    assert response.headers["sunset"] == SUNSET
    assert response.headers.get_list("deprecation") == [deprecation]
    assert response.headers.get_list("sunset") == [SUNSET]


@pytest.mark.parametrize("operation", ORG_OPERATIONS + GROUP_OPERATIONS)
def test_no_lifecycle_headers_on_cloud_manager(world: Wire, operation: str) -> None:
    response = call(world, CM, operation)
    assert "deprecation" not in response.headers
    assert "sunset" not in response.headers


# --- envelope ---------------------------------------------------------------------------------------------


def test_envelope_single_object(world: Wire) -> None:
    invitation = new_org_invite(world)
    plain = world.v2.get(f"{V2}/orgs/{world.org}/invites/{invitation['id']}")
    response = world.v2.get(f"{V2}/orgs/{world.org}/invites/{invitation['id']}", params={"envelope": "true"})
    assert response.status_code == 200
    assert response.headers["content-type"] == RESOLVED
    assert response.json() == {"content": plain.json(), "status": 200}
    assert response.content == canonical({"content": plain.json(), "status": 200})


@pytest.mark.parametrize(("base", "status"), [(V2, 200), (CM, 201)])
def test_envelope_on_create_carries_the_real_status(world: Wire, base: str, status: int) -> None:
    response = call(world, base, "createGroupInvite", params={"envelope": "true"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"content", "status"}
    assert body["status"] == status
    assert OBJECT_ID.fullmatch(body["content"]["id"])


@pytest.mark.parametrize("base", [V2, CM])
def test_envelope_bare_array(world: Wire, base: str) -> None:
    client = world.client(base)
    plain = client.get(f"{base}/groups/{world.group}/invites")
    assert isinstance(plain.json(), list)
    response = client.get(f"{base}/groups/{world.group}/invites", params={"envelope": "true"})
    assert response.status_code == 200
    assert response.json() == {"content": plain.json(), "status": 200}


@pytest.mark.parametrize(("base", "media"), [(V2, RESOLVED), (CM, "application/json")])
@pytest.mark.parametrize("operation", ["deleteOrgInvite", "deleteGroupInvite"])
def test_envelope_on_204(world: Wire, base: str, media: str, operation: str) -> None:
    response = call(world, base, operation, params={"envelope": "true"})
    assert response.status_code == 200
    assert response.headers["content-type"] == media
    assert response.content == b'{"content":{},"status":204}'


@pytest.mark.parametrize("base", [V2, CM])
def test_envelope_on_an_error(world: Wire, base: str) -> None:
    client = world.client(base)
    url = f"{base}/orgs/{world.org}/invites/{UNKNOWN_ID}"
    plain = client.get(url)
    assert plain.status_code == 404
    response = client.get(url, params={"envelope": "true"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"content": plain.json(), "status": 404}


def test_envelope_on_406(world: Wire) -> None:
    response = world.v2.get(
        f"{V2}/orgs/{world.org}/invites", params={"envelope": "true"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 200
    assert response.content == b'{"content":' + INVALID_VERSION_BODY + b',"status":406}'


@pytest.mark.parametrize("flags", [{"envelope": "true"}, {"envelope": "true", "pretty": "true"}])
def test_the_401_challenge_is_never_enveloped(server: LocalServer, world: Wire, flags: dict[str, str]) -> None:
    response = server.client().get(f"{V2}/orgs/{world.org}/invites", params=flags)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith('Digest realm="MMS Public API"')
    assert response.content == UNAUTHORIZED_BODY


def test_envelope_false_is_the_plain_answer(world: Wire) -> None:
    response = world.v2.get(f"{V2}/groups/{world.group}/invites", params={"envelope": "false"})
    assert response.status_code == 200
    assert isinstance(response.json(), list)


# --- pretty and compact -------------------------------------------------------------------------------------


def _rich_org_invite(world: Wire, **params: str) -> httpx.Response:
    body = {
        "username": unique("pretty"),
        "roles": ["ORG_MEMBER", "ORG_READ_ONLY"],
        "teamIds": [world.team],
        "groupRoleAssignments": [{"groupId": world.group, "roles": ["GROUP_OWNER", "GROUP_READ_ONLY"]}],
    }
    response = world.v2.post(f"{V2}/orgs/{world.org}/invites", json=body, params=params)
    assert response.status_code == 200, response.text
    return response


def _expected_pretty_org_invite(invitation: dict[str, Any], indent: str = "") -> str:
    i = indent
    return (
        "{\n"
        f'{i}  "createdAt" : "{invitation["createdAt"]}",\n'
        f'{i}  "expiresAt" : "{invitation["expiresAt"]}",\n'
        f'{i}  "groupRoleAssignments" : [ {{\n'
        f'{i}    "groupId" : "{invitation["groupRoleAssignments"][0]["groupId"]}",\n'
        f'{i}    "groupRole" : "GROUP_OWNER"\n'
        f"{i}  }}, {{\n"
        f'{i}    "groupId" : "{invitation["groupRoleAssignments"][1]["groupId"]}",\n'
        f'{i}    "groupRole" : "GROUP_READ_ONLY"\n'
        f"{i}  }} ],\n"
        f'{i}  "id" : "{invitation["id"]}",\n'
        f'{i}  "inviterUsername" : "{invitation["inviterUsername"]}",\n'
        f'{i}  "orgId" : "{invitation["orgId"]}",\n'
        f'{i}  "orgName" : "Wire",\n'
        f'{i}  "roles" : [ "ORG_MEMBER", "ORG_READ_ONLY" ],\n'
        f'{i}  "teamIds" : [ "{invitation["teamIds"][0]}" ],\n'
        f'{i}  "username" : "{invitation["username"]}"\n'
        f"{i}}}"
    )


def test_pretty_single_object_is_jacksons_form(world: Wire) -> None:
    response = _rich_org_invite(world, pretty="true")
    invitation = response.json()
    assert invitation["groupRoleAssignments"] == [
        {"groupId": world.group, "groupRole": "GROUP_OWNER"},
        {"groupId": world.group, "groupRole": "GROUP_READ_ONLY"},
    ]
    assert response.content.decode() == _expected_pretty_org_invite(invitation)


def test_pretty_list_inside_an_envelope(world: Wire) -> None:
    invitation = _rich_org_invite(world).json()
    response = world.v2.get(
        f"{V2}/orgs/{world.org}/invites",
        params={"pretty": "true", "envelope": "true", "username": invitation["username"]},
    )
    nested = _expected_pretty_org_invite(invitation, indent="  ")
    assert response.content.decode() == '{\n  "content" : [ ' + nested.lstrip() + ' ],\n  "status" : 200\n}'


def test_pretty_bare_list(world: Wire) -> None:
    invitation = new_group_invite(world)
    response = world.cm.get(
        f"{CM}/groups/{world.group}/invites", params={"pretty": "true", "username": invitation["username"]}
    )
    assert response.content.decode() == (
        "[ {\n"
        f'  "createdAt" : "{invitation["createdAt"]}",\n'
        f'  "expiresAt" : "{invitation["expiresAt"]}",\n'
        f'  "groupId" : "{world.group}",\n'
        '  "groupName" : "Proj",\n'
        f'  "id" : "{invitation["id"]}",\n'
        f'  "inviterUsername" : "{world.public_key}",\n'
        '  "roles" : [ "GROUP_READ_ONLY" ],\n'
        f'  "username" : "{invitation["username"]}"\n'
        "} ]"
    )


def test_pretty_empty_list_and_empty_arrays(world: Wire) -> None:
    response = world.v2.get(
        f"{V2}/orgs/{world.org}/invites", params={"pretty": "true", "username": "nobody-here@example.com"}
    )
    assert response.content == b"[ ]"
    invitation = new_org_invite(world)
    pretty = world.v2.get(f"{V2}/orgs/{world.org}/invites/{invitation['id']}", params={"pretty": "true"})
    assert '  "groupRoleAssignments" : [ ],\n' in pretty.text
    assert '  "teamIds" : [ ],\n' in pretty.text


def test_pretty_empty_object_in_a_204_envelope(world: Wire) -> None:
    response = call(world, V2, "deleteOrgInvite", params={"pretty": "true", "envelope": "true"})
    assert response.content == b'{\n  "content" : { },\n  "status" : 204\n}'


def test_pretty_error(world: Wire) -> None:
    response = world.v2.get(f"{V2}/orgs/{world.org}/invites/{UNKNOWN_ID}", params={"pretty": "true"})
    assert response.status_code == 404
    assert response.content.decode() == (
        "{\n"
        f'  "detail" : "Cannot find resource invitation with ID {UNKNOWN_ID}.",\n'
        '  "error" : 404,\n'
        '  "errorCode" : "RESOURCE_NOT_FOUND",\n'
        f'  "parameters" : [ "invitation with ID {UNKNOWN_ID}" ],\n'
        '  "reason" : "Not Found"\n'
        "}"
    )


def test_pretty_false_is_compact(world: Wire) -> None:
    response = world.v2.get(f"{V2}/orgs/{world.org}/invites", params={"pretty": "false"})
    assert response.content == canonical(response.json())


@pytest.mark.parametrize("base", [V2, CM])
def test_compact_bodies_sort_keys_and_have_no_spaces(world: Wire, base: str) -> None:
    created = _rich_org_invite(world)
    assert created.content == canonical(created.json())
    assert b" " not in created.content
    client = world.client(base)
    listed = client.get(f"{base}/orgs/{world.org}/invites", params={"username": created.json()["username"]})
    assert listed.content == canonical(listed.json())
    error = client.post(f"{base}/orgs/{world.org}/invites", json={"username": 1})
    assert error.status_code == 400
    assert error.content == canonical(error.json())
    assert list(error.json()) == sorted(error.json())


# --- security headers -----------------------------------------------------------------------------------------


def _kinds(server: LocalServer, world: Wire) -> dict[str, Callable[[], httpx.Response]]:
    org = world.org
    return {
        "success": lambda: world.v2.get(f"{V2}/orgs/{org}/invites"),
        "success-204": lambda: call(world, V2, "deleteGroupInvite"),
        "cloud-manager": lambda: world.cm.get(f"{CM}/orgs/{org}/invites"),
        "error-400": lambda: world.v2.post(f"{V2}/orgs/{org}/invites", json={}),
        "error-404-invitation": lambda: world.v2.get(f"{V2}/orgs/{org}/invites/{UNKNOWN_ID}"),
        "error-404-path": lambda: httpx.get(f"{server.base_url}/nope"),
        "error-405": lambda: world.v2.put(f"{V2}/orgs/{org}/invites"),
        "error-406": lambda: world.v2.get(f"{V2}/orgs/{org}/invites", headers={"Accept": "*/*"}),
        "error-415": lambda: world.v2.post(
            f"{V2}/orgs/{org}/invites", content=b"x", headers={"Content-Type": "text/plain"}
        ),
        "error-401": lambda: httpx.get(f"{server.base_url}{V2}/orgs/{org}/invites"),
        "oauth-token": lambda: httpx.post(
            f"{server.base_url}/api/oauth/token",
            auth=(server.bootstrap["clientId"], server.bootstrap["clientSecret"]),
            data={"grant_type": "client_credentials"},
        ),
        "oauth-token-401": lambda: httpx.post(
            f"{server.base_url}/api/oauth/token",
            auth=(server.bootstrap["clientId"], "wrong"),
            data={"grant_type": "client_credentials"},
        ),
        "ipinfo": lambda: server.digest().get("/api/private/ipinfo"),
        "local-control": lambda: server.admin().get("/api/local/v1/clock"),
    }


SECURITY_KINDS = [
    "success",
    "success-204",
    "cloud-manager",
    "error-400",
    "error-404-invitation",
    "error-404-path",
    "error-405",
    "error-406",
    "error-415",
    "error-401",
    "oauth-token",
    "oauth-token-401",
    "ipinfo",
    "local-control",
]


@pytest.mark.parametrize("kind", SECURITY_KINDS)
def test_security_headers_on_every_response_kind(server: LocalServer, world: Wire, kind: str) -> None:
    response = _kinds(server, world)[kind]()
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get_list(name) == [value], (kind, name, response.status_code)
    assert "strict-transport-security" not in response.headers  # plain http


def test_hsts_only_over_tls() -> None:
    """The middleware itself, driven in process: only an https scope gets HSTS (real value)."""

    async def hello(scope: Any, receive: Any, send: Any) -> None:
        await PlainTextResponse("hi")(scope, receive, send)

    async def fetch(base_url: str) -> httpx.Response:
        transport = httpx.ASGITransport(app=SecurityHeaders(hello))
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
            return await client.get("/")

    secure = asyncio.run(fetch("https://testserver"))
    assert secure.headers["strict-transport-security"] == "max-age=31536000; includeSubdomains;"
    plain = asyncio.run(fetch("http://testserver"))
    assert "strict-transport-security" not in plain.headers
    for response in (secure, plain):
        for name, value in SECURITY_HEADERS.items():
            assert response.headers[name] == value


# --- request bodies ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/json; charset=utf-8",
        "application/json;charset=UTF-8",
        "application/vnd.atlas.2023-01-01+json",
        "application/vnd.atlas.2023-01-01+json; charset=utf-8",
        "application/vnd.atlas.2025-03-12+json;charset=utf-8",
    ],
)
@pytest.mark.parametrize(("base", "status"), [(V2, 200), (CM, 201)])
def test_request_body_media_types(world: Wire, content_type: str, base: str, status: int) -> None:
    client = world.client(base)
    username = unique("media")
    content = json.dumps({"username": username, "roles": ["GROUP_READ_ONLY"]}).encode()
    response = client.post(
        f"{base}/groups/{world.group}/invites", content=content, headers={"Content-Type": content_type}
    )
    assert response.status_code == status, response.text
    assert response.json()["username"] == username
    patched = client.patch(
        f"{base}/groups/{world.group}/invites/{response.json()['id']}",
        content=b'{"roles":["GROUP_OWNER"]}',
        headers={"Content-Type": content_type},
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["roles"] == ["GROUP_OWNER"]


# --- timestamps ---------------------------------------------------------------------------------------------------


def _server_clock(server: LocalServer) -> datetime:
    now = server.admin().get("/api/local/v1/clock").json()["now"]
    return datetime.strptime(now, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def _parse(stamp: str) -> datetime:
    assert TIMESTAMP.fullmatch(stamp), stamp
    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("base", "operation"),
    [(V2, "createOrgInvite"), (CM, "createOrgInvite"), (V2, "createGroupInvite"), (CM, "createGroupInvite")],
)
def test_timestamps_and_thirty_day_lifetime(server: LocalServer, world: Wire, base: str, operation: str) -> None:
    before = _server_clock(server)
    invitation = call(world, base, operation).json()
    after = _server_clock(server)
    created, expires = _parse(invitation["createdAt"]), _parse(invitation["expiresAt"])
    assert before <= created <= after
    assert expires - created == timedelta(days=30)
    assert OBJECT_ID.fullmatch(invitation["id"])


def test_update_never_moves_expiry(world: Wire) -> None:
    invitation = new_org_invite(world)
    updated = world.v2.patch(f"{V2}/orgs/{world.org}/invites/{invitation['id']}", json={"roles": ["ORG_BILLING_ADMIN"]})
    assert updated.status_code == 200
    assert (updated.json()["createdAt"], updated.json()["expiresAt"]) == (
        invitation["createdAt"],
        invitation["expiresAt"],
    )


# --- rate-limit headers -------------------------------------------------------------------------------------------


def _fresh_scope(server: LocalServer) -> dict[str, Any]:
    """A new organization (so new, full buckets) with a project and an owner API key."""
    document = {"orgs": [{"name": "Buckets", "projects": [{"name": "P"}], "apiKeys": [{"orgRoles": ["ORG_OWNER"]}]}]}
    org = server.fixtures(document)["orgs"][0]
    key = org["apiKeys"][0]
    return {"org": org["id"], "group": org["projects"][0]["id"], "key": (key["publicKey"], key["privateKey"])}


@pytest.mark.parametrize(("base", "accept"), [(V2, V2_ACCEPT), (CM, "application/json")])
@pytest.mark.parametrize(("scope", "limit"), [("orgs", 500), ("groups", 1200)])
def test_rate_limit_headers_count_down(server: LocalServer, base: str, accept: str, scope: str, limit: int) -> None:
    fresh = _fresh_scope(server)
    client = server.digest(*fresh["key"], accept=accept)
    scope_id = fresh["org"] if scope == "orgs" else fresh["group"]
    url = f"{base}/{scope}/{scope_id}/invites"
    seen = []
    for response in (client.get(url), client.get(url), client.get(f"{url}/{UNKNOWN_ID}")):
        assert response.headers["ratelimit-limit"] == str(limit)
        seen.append(int(response.headers["ratelimit-remaining"]))
    assert seen == [limit - 1, limit - 2, limit - 3]  # errors past the limiter count and carry the headers too
    assert "retry-after" not in response.headers
