"""WIRE.md section 4, row by row, against a running server: status, errorCode, detail, parameters, reason,
``X-Error-Code``, ``Content-Type``, plus the check order (authentication -> path ids -> org/project exists ->
membership -> role -> body -> state).

Detail texts are written out here from WIRE.md and MongoDB's published catalog
(reference/atlas-semantics.md section 4), not imported from the server's catalog, so that a wrong template
in ``core/errors.py`` fails a test.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.server import LocalServer

V2 = "/api/atlas/v2"
CM = "/api/public/v1.0"
V2_ACCEPT = "application/vnd.atlas.2023-01-01+json"
CM_ACCEPT = "application/json"
UNKNOWN_ID = "a" * 24  # well formed, names nothing
MAX_BODY = 1024 * 1024

REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    409: "Conflict",
    410: "Gone",
    413: "Request Entity Too Large",
    415: "Unsupported Media Type",
    429: "Too Many Requests",
    500: "Internal Server Error",
}

# Catalog texts (WIRE.md section 4 and reference/atlas-semantics.md section 4).
UNAUTHORIZED_BODY = (
    b'{\n  "error" : 401,\n  "reason" : "Unauthorized",\n'
    b'  "detail" : "You are not authorized for this resource.",\n  "errorCode" : "UNEXPECTED_ERROR"\n}'
)
DIGEST_CHALLENGE = re.compile(
    r'Digest realm="MMS Public API", domain="", nonce="[A-Za-z0-9+/]{32}", algorithm=MD5, qop="auth", stale=false'
)
BEARER_CHALLENGE = 'Bearer error="invalid_token"'
CANNOT_ACCESS_ORG = "User cannot access this organization."
NOT_IN_GROUP = "The current user is not in the group, or the group does not exist."
USER_UNAUTHORIZED = "Current user is not authorized to perform this action."
NOT_ORG_USER_ADMIN = "The currently logged in user does not have the user administrator role in organization {}."
NOT_GROUP_USER_ADMIN = "The currently logged in user does not have the user administrator role in group {}."
INVALID_INVITATION_ID = "The invitation you tried to delete does not exist or has already been accepted."
CANNOT_DELETE_GROUP_INVITATION = (
    "You can't use the Cancel One Organization Invitation endpoint to delete an invitation to a group. "
    "Use Cancel One Project Invitation instead."
)
CANNOT_DELETE_ORG_INVITATION = (
    "You can't use the Cancel One Project Invitation endpoint to delete an invitation to an organization. "
    "Use Cancel One Organization Invitation instead."
)
INVALID_VERSION_BODY = (
    b'{"detail":"Invalid accept header or version date.","error":406,"errorCode":"INVALID_VERSION_DATE",'
    b'"parameters":[],"reason":"Not Acceptable"}'
)


def assert_error(
    response: httpx.Response,
    status: int,
    code: str,
    detail: str,
    parameters: list[Any],
    *,
    fields: list[str] | None = None,
) -> None:
    """The whole error answer: status, body (exact), ``X-Error-Code``, ``Content-Type``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-error-code"] == code
    body = response.json()
    bad_request = body.pop("badRequestDetail", None)
    assert body == {
        "detail": detail,
        "error": status,
        "errorCode": code,
        "parameters": parameters,
        "reason": REASONS[status],
    }
    if fields is None:
        assert bad_request is None
    else:
        assert bad_request is not None
        assert [item["field"] for item in bad_request["fields"]] == fields
        assert all(isinstance(item["description"], str) and item["description"] for item in bad_request["fields"])
    assert b"Traceback" not in response.content
    assert b"<html" not in response.content.lower()


def accept_for(base: str) -> str:
    return V2_ACCEPT if base == V2 else CM_ACCEPT


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    """One server for the module (rate limits off): every test here makes its own names, so state never
    collides. Tests that move the clock or count rate-limit tokens use ``fresh_server``."""
    running = LocalServer(tmp_path_factory.mktemp("error-table") / "data", rate_limits=False).start()
    yield running
    running.stop()


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[LocalServer]:
    running = LocalServer(tmp_path / "data").start()
    yield running
    running.stop()


_names = itertools.count()
_owners: dict[tuple[LocalServer, str], httpx.Client] = {}


def unique(prefix: str = "invitee") -> str:
    return f"{prefix}-{next(_names)}@example.com"


def owner(server: LocalServer, base: str = V2) -> httpx.Client:
    """The bootstrap organization owner (Digest), one client per server and surface."""
    if (server, base) not in _owners:
        _owners[server, base] = server.digest(accept=accept_for(base))
    return _owners[server, base]


def org_invite(server: LocalServer, username: str | None = None, org_id: str | None = None) -> str:
    response = owner(server).post(
        f"{V2}/orgs/{org_id or server.org_id}/invites", json={"username": username or unique(), "roles": ["ORG_MEMBER"]}
    )
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


def group_invite(server: LocalServer, username: str | None = None, group_id: str | None = None) -> str:
    response = owner(server).post(
        f"{V2}/groups/{group_id or server.project_id}/invites",
        json={"username": username or unique(), "roles": ["GROUP_READ_ONLY"]},
    )
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


_orgs: dict[tuple[LocalServer, str], dict[str, Any]] = {}


def other_org(server: LocalServer, **member: Any) -> dict[str, Any]:
    """An organization with one project "P" and one API key holding ``member``'s roles (one per server and
    member shape: fixtures take a while to build)."""
    key = (server, json.dumps(member, sort_keys=True))
    if key not in _orgs:
        document = {"orgs": [{"name": "Other", "projects": [{"name": "P"}], "apiKeys": [member]}]}
        _orgs[key] = dict(server.fixtures(document)["orgs"][0])
    return _orgs[key]


def key_client(server: LocalServer, org: dict[str, Any], base: str = V2) -> httpx.Client:
    key = org["apiKeys"][0]
    return server.digest(key["publicKey"], key["privateKey"], accept=accept_for(base))


# --- 401: no or bad credentials -------------------------------------------------------------------


def _no_credentials(server: LocalServer, accept: str) -> httpx.Client:
    return server.client(accept=accept)


def _wrong_private_key(server: LocalServer, accept: str) -> httpx.Client:
    return server.digest(server.bootstrap["publicKey"], "00000000-0000-0000-0000-000000000000", accept=accept)


def _unknown_public_key(server: LocalServer, accept: str) -> httpx.Client:
    return server.digest("zzzzzzzz", "00000000-0000-0000-0000-000000000000", accept=accept)


def _bad_bearer(server: LocalServer, accept: str) -> httpx.Client:
    client = server.client(accept=accept)
    client.headers["Authorization"] = "Bearer not-a-token"
    return client


BAD_CREDENTIALS = {
    "none": (_no_credentials, DIGEST_CHALLENGE),
    "wrong-private-key": (_wrong_private_key, DIGEST_CHALLENGE),
    "unknown-public-key": (_unknown_public_key, DIGEST_CHALLENGE),
    "bad-bearer-token": (_bad_bearer, re.compile(re.escape(BEARER_CHALLENGE))),
}


def assert_unauthorized(response: httpx.Response, challenge: re.Pattern[str]) -> None:
    assert response.status_code == 401
    assert challenge.fullmatch(response.headers["www-authenticate"]), response.headers["www-authenticate"]
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-error-code"] == "UNEXPECTED_ERROR"
    assert response.content == UNAUTHORIZED_BODY


@pytest.mark.parametrize("credentials", list(BAD_CREDENTIALS))
@pytest.mark.parametrize(
    ("base", "method", "path"),
    [
        (V2, "GET", "/orgs/{org}/invites"),
        (V2, "POST", "/groups/{group}/invites"),
        (CM, "DELETE", "/orgs/{org}/invites/" + UNKNOWN_ID),
        (CM, "PATCH", "/groups/{group}/invitations/" + UNKNOWN_ID),
    ],
)
def test_401_no_or_bad_credentials(server: LocalServer, credentials: str, base: str, method: str, path: str) -> None:
    make, challenge = BAD_CREDENTIALS[credentials]
    client = make(server, accept_for(base))
    url = base + path.format(org=server.org_id, group=server.project_id)
    body = {"username": "x@example.com", "roles": ["GROUP_READ_ONLY"]} if method in ("POST", "PATCH") else None
    assert_unauthorized(client.request(method, url, json=body), challenge)


# --- 401: membership and role ----------------------------------------------------------------------


@pytest.mark.parametrize("base", [V2, CM])
def test_401_not_in_the_organization(server: LocalServer, base: str) -> None:
    stranger = key_client(server, other_org(server, orgRoles=["ORG_OWNER"]), base)
    response = stranger.get(f"{base}/orgs/{server.org_id}/invites")
    assert_error(response, 401, "USER_CANNOT_ACCESS_ORG", CANNOT_ACCESS_ORG, [])


@pytest.mark.parametrize("base", [V2, CM])
def test_401_not_in_the_project(server: LocalServer, base: str) -> None:
    stranger = key_client(server, other_org(server, orgRoles=["ORG_OWNER"]), base)
    response = stranger.get(f"{base}/groups/{server.project_id}/invites")
    assert_error(response, 401, "NOT_IN_GROUP", NOT_IN_GROUP, [])


def test_401_org_member_without_a_project_role_is_not_in_the_project(server: LocalServer) -> None:
    org = other_org(server, orgRoles=["ORG_MEMBER"])
    response = key_client(server, org).get(f"{V2}/groups/{org['projects'][0]['id']}/invites")
    assert_error(response, 401, "NOT_IN_GROUP", NOT_IN_GROUP, [])


def test_401_atlas_org_member_without_org_owner(server: LocalServer) -> None:
    org = other_org(server, orgRoles=["ORG_MEMBER"])
    response = key_client(server, org).get(f"{V2}/orgs/{org['id']}/invites")
    assert_error(response, 401, "USER_UNAUTHORIZED", USER_UNAUTHORIZED, [org["id"]])


def test_401_atlas_project_member_without_group_owner(server: LocalServer) -> None:
    org = other_org(server, orgRoles=["ORG_MEMBER"], projectRoles={"P": ["GROUP_USER_ADMIN"]})
    group_id = org["projects"][0]["id"]
    response = key_client(server, org).get(f"{V2}/groups/{group_id}/invites")
    assert_error(response, 401, "USER_UNAUTHORIZED", USER_UNAUTHORIZED, [group_id])


def test_401_cloud_manager_org_member_without_user_admin(server: LocalServer) -> None:
    org = other_org(server, orgRoles=["ORG_MEMBER"])
    response = key_client(server, org, CM).get(f"{CM}/orgs/{org['id']}/invites")
    assert_error(response, 401, "NOT_ORG_USER_ADMIN", NOT_ORG_USER_ADMIN.format(org["id"]), [org["id"]])


def test_401_cloud_manager_project_member_without_user_admin(server: LocalServer) -> None:
    org = other_org(server, orgRoles=["ORG_MEMBER"], projectRoles={"P": ["GROUP_READ_ONLY"]})
    group_id = org["projects"][0]["id"]
    response = key_client(server, org, CM).get(f"{CM}/groups/{group_id}/invites")
    assert_error(response, 401, "NOT_GROUP_USER_ADMIN", NOT_GROUP_USER_ADMIN.format(group_id), [group_id])


# --- 403: access list --------------------------------------------------------------------------------


ACCESS_LIST_DETAIL = "IP address 127.0.0.1 is not allowed to access this resource."


def test_403_api_key_not_on_access_list(server: LocalServer) -> None:
    org = other_org(server, orgRoles=["ORG_OWNER"], accessList=["10.1.2.0/24"])
    response = key_client(server, org).get(f"{V2}/orgs/{org['id']}/invites")
    assert_error(response, 403, "IP_ADDRESS_NOT_ON_ACCESS_LIST", ACCESS_LIST_DETAIL, ["127.0.0.1"])
    response = key_client(server, org, CM).get(f"{CM}/orgs/{org['id']}/invites")
    assert_error(response, 403, "IP_ADDRESS_NOT_ON_ACCESS_LIST", ACCESS_LIST_DETAIL, ["127.0.0.1"])


def test_403_service_account_not_on_access_list_but_token_endpoint_is_free(server: LocalServer) -> None:
    document = {
        "orgs": [{"name": "Fenced", "serviceAccounts": [{"orgRoles": ["ORG_OWNER"], "accessList": ["10.1.2.0/24"]}]}]
    }
    org = server.fixtures(document)["orgs"][0]
    account = org["serviceAccounts"][0]
    client = server.bearer(account["clientId"], account["clientSecret"], accept=V2_ACCEPT)  # token minted: 200
    response = client.get(f"{V2}/orgs/{org['id']}/invites")
    assert_error(response, 403, "IP_ADDRESS_NOT_ON_ACCESS_LIST", ACCESS_LIST_DETAIL, ["127.0.0.1"])


def test_access_list_that_contains_the_caller_lets_it_in(server: LocalServer) -> None:
    org = other_org(server, orgRoles=["ORG_OWNER"], accessList=["10.1.2.0/24", "127.0.0.0/8"])
    assert key_client(server, org).get(f"{V2}/orgs/{org['id']}/invites").status_code == 200


# --- 404: path ids, org and project ------------------------------------------------------------------


@pytest.mark.parametrize("base", [V2, CM])
@pytest.mark.parametrize("bad_id", ["xyz", "A" * 24, "a" * 23, "a" * 25, "g" * 24])
def test_404_malformed_org_id(server: LocalServer, base: str, bad_id: str) -> None:
    response = owner(server, base).get(f"{base}/orgs/{bad_id}/invites")
    assert_error(response, 404, "INVALID_ORG_ID", f"An invalid organization ID {bad_id} was specified.", [bad_id])


@pytest.mark.parametrize("base", [V2, CM])
@pytest.mark.parametrize("bad_id", ["xyz", "A" * 24, "a" * 23])
def test_404_malformed_group_id(server: LocalServer, base: str, bad_id: str) -> None:
    response = owner(server, base).get(f"{base}/groups/{bad_id}/invites")
    assert_error(response, 404, "INVALID_GROUP_ID", f"An invalid group ID {bad_id} was specified.", [bad_id])


@pytest.mark.parametrize("base", [V2, CM])
def test_404_unknown_org(server: LocalServer, base: str) -> None:
    response = owner(server, base).get(f"{base}/orgs/{UNKNOWN_ID}/invites/{UNKNOWN_ID}")
    assert_error(response, 404, "ORG_NOT_FOUND", f"No organization with ID {UNKNOWN_ID} exists.", [UNKNOWN_ID])


@pytest.mark.parametrize("base", [V2, CM])
def test_404_unknown_group(server: LocalServer, base: str) -> None:
    response = owner(server, base).get(f"{base}/groups/{UNKNOWN_ID}/invites")
    assert_error(response, 404, "GROUP_NOT_FOUND", f"No group with ID {UNKNOWN_ID} exists.", [UNKNOWN_ID])


def test_404_group_not_found_matches_the_real_recording_byte_for_byte(server: LocalServer) -> None:
    group_id = "1" * 24
    response = owner(server).get(f"{V2}/groups/{group_id}/invites")
    assert response.content == (
        b'{"detail":"No group with ID 111111111111111111111111 exists.","error":404,"errorCode":"GROUP_NOT_FOUND",'
        b'"parameters":["111111111111111111111111"],"reason":"Not Found"}'
    )


# --- invitations that are missing, accepted, cancelled, malformed ----------------------------------


def _missing(server: LocalServer, kind: str) -> str:
    return UNKNOWN_ID


def _malformed(server: LocalServer, kind: str) -> str:
    return "not-an-id"


def _accepted(server: LocalServer, kind: str) -> str:
    invitation = org_invite(server) if kind == "org" else group_invite(server)
    assert server.accept(invitation).status_code == 200
    return invitation


def _cancelled(server: LocalServer, kind: str) -> str:
    invitation = org_invite(server) if kind == "org" else group_invite(server)
    scope = f"orgs/{server.org_id}" if kind == "org" else f"groups/{server.project_id}"
    assert owner(server).delete(f"{V2}/{scope}/invites/{invitation}").status_code == 204
    return invitation


def _wrong_kind(server: LocalServer, kind: str) -> str:
    """An invitation of the other kind (a project invitation read through the org path, and back)."""
    return group_invite(server) if kind == "org" else org_invite(server)


def _other_scope(server: LocalServer, kind: str) -> str:
    """A pending invitation of the same kind in another organization or project."""
    return _invite_in(server, other_org(server, orgRoles=["ORG_OWNER"]), kind)


def _invite_in(server: LocalServer, org: dict[str, Any], kind: str) -> str:
    client = key_client(server, org)
    if kind == "org":
        url, roles = f"{V2}/orgs/{org['id']}/invites", ["ORG_MEMBER"]
    else:
        url, roles = f"{V2}/groups/{org['projects'][0]['id']}/invites", ["GROUP_READ_ONLY"]
    response = client.post(url, json={"username": unique("elsewhere"), "roles": roles})
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


INVITATION_STATES = {
    "missing": _missing,
    "malformed": _malformed,
    "accepted": _accepted,
    "cancelled": _cancelled,
    "wrong-kind": _wrong_kind,
    "other-scope": _other_scope,
}


def _scope_path(server: LocalServer, base: str, kind: str) -> str:
    return f"{base}/orgs/{server.org_id}" if kind == "org" else f"{base}/groups/{server.project_id}"


@pytest.mark.parametrize("state", list(INVITATION_STATES))
@pytest.mark.parametrize("method", ["GET", "PATCH"])
@pytest.mark.parametrize("kind", ["org", "group"])
@pytest.mark.parametrize("base", [V2, CM])
def test_404_get_or_patch_of_an_invitation_not_there(
    server: LocalServer, base: str, kind: str, method: str, state: str
) -> None:
    invitation = INVITATION_STATES[state](server, kind)
    body = {"roles": ["ORG_READ_ONLY" if kind == "org" else "GROUP_READ_ONLY"]} if method == "PATCH" else None
    response = owner(server, base).request(method, f"{_scope_path(server, base, kind)}/invites/{invitation}", json=body)
    resource = f"invitation with ID {invitation}"
    assert_error(response, 404, "RESOURCE_NOT_FOUND", f"Cannot find resource {resource}.", [resource])


@pytest.mark.parametrize("kind", ["org", "group"])
def test_404_patch_by_username_without_a_visible_invitation(server: LocalServer, kind: str) -> None:
    body = {"username": "nobody@example.com", "roles": ["ORG_READ_ONLY" if kind == "org" else "GROUP_READ_ONLY"]}
    response = owner(server).patch(f"{_scope_path(server, V2, kind)}/invites", json=body)
    resource = "invitation for username nobody@example.com"
    assert_error(response, 404, "RESOURCE_NOT_FOUND", f"Cannot find resource {resource}.", [resource])


@pytest.mark.parametrize("state", ["missing", "malformed", "accepted", "cancelled", "other-scope"])
@pytest.mark.parametrize("kind", ["org", "group"])
@pytest.mark.parametrize("base", [V2, CM])
def test_400_delete_of_an_invitation_not_there(server: LocalServer, base: str, kind: str, state: str) -> None:
    invitation = INVITATION_STATES[state](server, kind)
    response = owner(server, base).delete(f"{_scope_path(server, base, kind)}/invites/{invitation}")
    assert_error(response, 400, "INVALID_INVITATION_ID", INVALID_INVITATION_ID, [invitation])


@pytest.mark.parametrize("base", [V2, CM])
def test_400_delete_project_invitation_through_the_org_path(server: LocalServer, base: str) -> None:
    invitation = group_invite(server)
    response = owner(server, base).delete(f"{base}/orgs/{server.org_id}/invites/{invitation}")
    assert_error(response, 400, "CANNOT_DELETE_GROUP_INVITATION", CANNOT_DELETE_GROUP_INVITATION, [])
    still = owner(server).get(f"{V2}/groups/{server.project_id}/invites/{invitation}")
    assert still.status_code == 200


@pytest.mark.parametrize("base", [V2, CM])
def test_400_delete_org_invitation_through_the_project_path(server: LocalServer, base: str) -> None:
    invitation = org_invite(server)
    response = owner(server, base).delete(f"{base}/groups/{server.project_id}/invites/{invitation}")
    assert_error(response, 400, "CANNOT_DELETE_ORG_INVITATION", CANNOT_DELETE_ORG_INVITATION, [])
    still = owner(server).get(f"{V2}/orgs/{server.org_id}/invites/{invitation}")
    assert still.status_code == 200


# --- 400: bodies --------------------------------------------------------------------------------------


def _post_raw(server: LocalServer, base: str, kind: str, content: bytes, content_type: str) -> httpx.Response:
    return owner(server, base).post(
        f"{_scope_path(server, base, kind)}/invites", content=content, headers={"Content-Type": content_type}
    )


@pytest.mark.parametrize(
    "content",
    [b"{", b"not json", b"{'username': 'single quotes'}", b'{"username":"\xff\xfe"}', b""],
    ids=["truncated", "text", "single-quotes", "invalid-utf8", "empty"],
)
@pytest.mark.parametrize(("base", "kind"), [(V2, "org"), (CM, "group")])
def test_400_malformed_json(server: LocalServer, base: str, kind: str, content: bytes) -> None:
    response = _post_raw(server, base, kind, content, "application/json")
    assert_error(response, 400, "MALFORMED_JSON", "Received JSON is malformed.", [])


@pytest.mark.parametrize("content", [b"[]", b'"text"', b"42", b"null"])
def test_400_json_that_is_not_an_object(server: LocalServer, content: bytes) -> None:
    response = _post_raw(server, V2, "org", content, "application/json")
    assert_error(response, 400, "INVALID_JSON", "Received JSON does not match expected format.", [])


@pytest.mark.parametrize(
    ("body", "attribute"),
    [
        ({"username": "x@example.com", "roles": "ORG_MEMBER"}, "roles"),
        ({"username": 42, "roles": ["ORG_MEMBER"]}, "username"),
        ({"username": "x@example.com", "roles": [1]}, "roles.0"),
    ],
    ids=["roles-as-string", "username-as-number", "role-as-number"],
)
@pytest.mark.parametrize("base", [V2, CM])
def test_400_attribute_of_the_wrong_type(server: LocalServer, base: str, body: dict[str, Any], attribute: str) -> None:
    response = owner(server, base).post(f"{base}/orgs/{server.org_id}/invites", json=body)
    detail = f"Received JSON for the {attribute} attribute does not match expected format."
    assert_error(response, 400, "INVALID_JSON_ATTRIBUTE", detail, [attribute], fields=[attribute])


@pytest.mark.parametrize("kind", ["org", "group"])
@pytest.mark.parametrize("base", [V2, CM])
def test_400_unknown_attribute(server: LocalServer, base: str, kind: str) -> None:
    role = "ORG_MEMBER" if kind == "org" else "GROUP_READ_ONLY"
    body = {"username": "x@example.com", "roles": [role], "unknownField": True}
    response = owner(server, base).post(f"{_scope_path(server, base, kind)}/invites", json=body)
    assert_error(
        response,
        400,
        "INVALID_ATTRIBUTE",
        "Invalid attribute unknownField specified.",
        ["unknownField"],
        fields=["unknownField"],
    )


@pytest.mark.parametrize(
    ("method", "path", "body", "attribute"),
    [
        ("POST", "/invites", {"roles": ["ROLE"]}, "username"),
        ("POST", "/invites", {"username": "x@example.com"}, "roles"),
        ("POST", "/invites", {"username": "x@example.com", "roles": []}, "roles"),
        ("PATCH", "/invites", {"roles": ["ROLE"]}, "username"),
    ],
    ids=["post-no-username", "post-no-roles", "post-empty-roles", "patch-no-username"],
)
@pytest.mark.parametrize("kind", ["org", "group"])
@pytest.mark.parametrize("base", [V2, CM])
def test_400_required_attribute_missing(
    server: LocalServer, base: str, kind: str, method: str, path: str, body: dict[str, Any], attribute: str
) -> None:
    role = "ORG_MEMBER" if kind == "org" else "GROUP_READ_ONLY"
    if body.get("roles"):
        body = {**body, "roles": [role]}
    response = owner(server, base).request(method, f"{_scope_path(server, base, kind)}{path}", json=body)
    detail = f"The required attribute {attribute} was not specified."
    assert_error(response, 400, "MISSING_ATTRIBUTE", detail, [attribute], fields=[attribute])


@pytest.mark.parametrize("username", ["notanemail", "a@b", "two@@example.com", "spaces in@example.com", ""])
@pytest.mark.parametrize(("base", "kind"), [(V2, "org"), (CM, "group")])
def test_400_username_not_an_email_address(server: LocalServer, base: str, kind: str, username: str) -> None:
    role = "ORG_MEMBER" if kind == "org" else "GROUP_READ_ONLY"
    response = owner(server, base).post(
        f"{_scope_path(server, base, kind)}/invites", json={"username": username, "roles": [role]}
    )
    assert_error(
        response,
        400,
        "INVALID_USERNAME",
        "The specified username is not a valid email address.",
        [],
        fields=["username"],
    )


@pytest.mark.parametrize(
    ("base", "role"),
    [(V2, "GROUP_OWNER"), (V2, "ORG_USER_ADMIN"), (V2, "NOT_A_ROLE"), (CM, "GROUP_OWNER"), (CM, "NOT_A_ROLE")],
)
def test_400_role_not_valid_for_an_organization(server: LocalServer, base: str, role: str) -> None:
    response = owner(server, base).post(
        f"{base}/orgs/{server.org_id}/invites", json={"username": "x@example.com", "roles": ["ORG_MEMBER", role]}
    )
    detail = f"Role {role} invalid for organization {server.org_id}."
    assert_error(response, 400, "INVALID_ROLE_FOR_ORG", detail, [role, server.org_id], fields=["roles"])


def test_org_user_admin_is_a_cloud_manager_org_role(server: LocalServer) -> None:
    response = owner(server, CM).post(
        f"{CM}/orgs/{server.org_id}/invites", json={"username": unique(), "roles": ["ORG_USER_ADMIN"]}
    )
    assert response.status_code == 201, response.text


@pytest.mark.parametrize("base", [V2, CM])
@pytest.mark.parametrize("role", ["ORG_OWNER", "NOT_A_ROLE"])
def test_400_role_not_valid_for_a_project(server: LocalServer, base: str, role: str) -> None:
    group = server.project_id
    response = owner(server, base).post(
        f"{base}/groups/{group}/invites", json={"username": "x@example.com", "roles": [role]}
    )
    detail = f"Role {role} is invalid for group {group}."
    assert_error(response, 400, "INVALID_ROLE_FOR_GROUP", detail, [role, group], fields=["roles"])


@pytest.mark.parametrize("kind", ["org", "group"])
def test_400_invalid_role_on_update_by_id(server: LocalServer, kind: str) -> None:
    invitation = org_invite(server) if kind == "org" else group_invite(server)
    scope_id = server.org_id if kind == "org" else server.project_id
    response = owner(server).patch(f"{_scope_path(server, V2, kind)}/invites/{invitation}", json={"roles": ["BOGUS"]})
    if kind == "org":
        detail, code = f"Role BOGUS invalid for organization {scope_id}.", "INVALID_ROLE_FOR_ORG"
    else:
        detail, code = f"Role BOGUS is invalid for group {scope_id}.", "INVALID_ROLE_FOR_GROUP"
    assert_error(response, 400, code, detail, ["BOGUS", scope_id], fields=["roles"])


@pytest.mark.parametrize(
    ("name", "value"),
    [("pretty", "maybe"), ("envelope", "2"), ("username", "notanemail"), ("pretty", "yes")],
)
@pytest.mark.parametrize("kind", ["org", "group"])
@pytest.mark.parametrize("base", [V2, CM])
def test_400_bad_query_parameter(server: LocalServer, base: str, kind: str, name: str, value: str) -> None:
    response = owner(server, base).get(f"{_scope_path(server, base, kind)}/invites", params={name: value})
    assert_error(response, 400, "INVALID_QUERY_PARAMETER", f"Invalid query parameter {name} specified.", [name])


# --- 409 ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("base", [V2, CM])
@pytest.mark.parametrize("kind", ["org", "group"])
def test_409_pending_invitation_exists(server: LocalServer, base: str, kind: str) -> None:
    username = unique("dup")
    org_invite(server, username) if kind == "org" else group_invite(server, username)
    role = "ORG_READ_ONLY" if kind == "org" else "GROUP_OWNER"
    response = owner(server, base).post(
        f"{_scope_path(server, base, kind)}/invites", json={"username": username, "roles": [role]}
    )
    detail = f"A user with username {username} already exists."
    assert_error(response, 409, "USER_ALREADY_EXISTS", detail, [username])


@pytest.mark.parametrize("base", [V2, CM])
@pytest.mark.parametrize("kind", ["org", "group"])
def test_409_active_member_after_accepting(server: LocalServer, base: str, kind: str) -> None:
    username = unique("joined")
    invitation = org_invite(server, username) if kind == "org" else group_invite(server, username)
    assert server.accept(invitation).status_code == 200
    role = "ORG_READ_ONLY" if kind == "org" else "GROUP_OWNER"
    response = owner(server, base).post(
        f"{_scope_path(server, base, kind)}/invites", json={"username": username, "roles": [role]}
    )
    detail = f"A user with username {username} already exists."
    assert_error(response, 409, "USER_ALREADY_EXISTS", detail, [username])


@pytest.mark.parametrize("kind", ["org", "group"])
def test_no_conflict_after_cancel_or_decline(server: LocalServer, kind: str) -> None:
    invite = org_invite if kind == "org" else group_invite
    username = unique("again")
    first = invite(server, username)
    scope = f"orgs/{server.org_id}" if kind == "org" else f"groups/{server.project_id}"
    assert owner(server).delete(f"{V2}/{scope}/invites/{first}").status_code == 204
    second = invite(server, username)  # the cancelled one is gone
    assert server.decline(second).status_code == 200
    third = invite(server, username)  # replaces the rejected one
    assert len({first, second, third}) == 3


# --- 405, 404 for unknown paths, 415, 413 --------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PUT", "/api/atlas/v2/orgs/{org}/invites", "GET, PATCH, POST"),
        ("DELETE", "/api/atlas/v2/orgs/{org}/invites", "GET, PATCH, POST"),
        ("POST", "/api/atlas/v2/orgs/{org}/invites/" + UNKNOWN_ID, "DELETE, GET, PATCH"),
        ("PUT", "/api/atlas/v2/groups/{group}/invites/" + UNKNOWN_ID, "DELETE, GET, PATCH"),
        ("DELETE", "/api/public/v1.0/groups/{group}/invites", "GET, PATCH, POST"),
        ("PUT", "/api/public/v1.0/orgs/{org}/invitations/" + UNKNOWN_ID, "DELETE, GET, PATCH"),
        ("GET", "/api/oauth/token", "POST"),
    ],
)
def test_405_method_not_allowed(server: LocalServer, method: str, path: str, allow: str) -> None:
    target = path.format(org=server.org_id, group=server.project_id)
    response = owner(server).request(method, target)
    detail = f"Method {method} is not allowed for {target}."
    assert_error(response, 405, "METHOD_NOT_ALLOWED", detail, [method, target])
    assert response.headers["allow"] == allow


@pytest.mark.parametrize(
    "path",
    [
        "/nope",
        "/api/atlas/v2/unknown",
        "/api/atlas/v2/orgs/{org}/invites/",
        "/api/atlas/v2/orgs/{org}/invites/" + UNKNOWN_ID + "/extra",
        "/api/atlas/v2/orgs/{org}/extra/segments",
        "/api/atlas/v2/groups/{group}/invites/",
        "/api/public/v1.0/orgs/{org}/nope",
    ],
)
def test_404_path_names_no_resource(server: LocalServer, path: str) -> None:
    target = path.format(org=server.org_id, group=server.project_id)
    response = owner(server).get(target)
    assert_error(response, 404, "RESOURCE_NOT_FOUND", f"Cannot find resource {target}.", [target])


@pytest.mark.parametrize(
    ("content_type", "content"),
    [
        ("text/plain", b'{"username":"x@example.com","roles":["ORG_MEMBER"]}'),
        ("application/x-www-form-urlencoded", b"username=x%40example.com&roles=ORG_MEMBER"),
        ("application/xml", b"<invite/>"),
    ],
)
@pytest.mark.parametrize("base", [V2, CM])
def test_415_body_neither_json_nor_vnd(server: LocalServer, base: str, content_type: str, content: bytes) -> None:
    response = _post_raw(server, base, "org", content, content_type)
    detail = f"Unsupported content type {content_type}."
    assert_error(response, 415, "UNSUPPORTED_MEDIA_TYPE", detail, [content_type])


TOO_LARGE = "The request body is larger than 1048576 bytes."


@pytest.mark.parametrize("base", [V2, CM])
def test_413_body_over_one_mebibyte_by_content_length(server: LocalServer, base: str) -> None:
    content = b'{"username":"' + b"x" * MAX_BODY + b'"}'
    response = _post_raw(server, base, "org", content, "application/json")
    assert_error(response, 413, "REQUEST_TOO_LARGE", TOO_LARGE, [MAX_BODY])


def test_413_body_over_one_mebibyte_streamed_without_content_length(server: LocalServer) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"username":"'
        for _ in range(17):
            yield b"x" * 65536  # 17 x 64 KiB: just over 1 MiB
        yield b'"}'

    seen: dict[str, str | None] = {}

    def record(request: httpx.Request) -> None:
        seen["content-length"] = request.headers.get("content-length")
        seen["transfer-encoding"] = request.headers.get("transfer-encoding")

    client = owner(server)
    client.event_hooks["request"].append(record)
    response = client.post(
        f"{V2}/orgs/{server.org_id}/invites", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert seen == {"content-length": None, "transfer-encoding": "chunked"}
    assert_error(response, 413, "REQUEST_TOO_LARGE", TOO_LARGE, [MAX_BODY])


def test_413_on_the_oauth_token_endpoint(server: LocalServer) -> None:
    """WIRE.md section 4 names no exception for the token endpoint: over 1 MiB is 413 there too."""
    content = b"grant_type=client_credentials&padding=" + b"a" * MAX_BODY
    response = httpx.post(
        f"{server.base_url}/api/oauth/token",
        content=content,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        auth=(server.bootstrap["clientId"], server.bootstrap["clientSecret"]),
    )
    assert response.status_code == 413, response.text
    assert b"access_token" not in response.content


def test_body_of_exactly_one_mebibyte_is_read(server: LocalServer) -> None:
    content = b"{" + b" " * (MAX_BODY - 2) + b"}"
    assert len(content) == MAX_BODY
    response = _post_raw(server, V2, "org", content, "application/json")
    assert_error(
        response,
        400,
        "MISSING_ATTRIBUTE",
        "The required attribute username was not specified.",
        ["username"],
        fields=["username"],
    )


# --- 406, 410: versions ----------------------------------------------------------------------------


BAD_ACCEPTS = {
    "missing": None,
    "any": "*/*",
    "json": "application/json",
    "garbage": "garbage",
    "vnd-without-date": "application/vnd.atlas+json",
    "unparsable-date": "application/vnd.atlas.2023-1-1+json",
    "before-first-version": "application/vnd.atlas.2022-12-31+json",
}


def accept_header(value: str | None) -> dict[str, str]:
    return {} if value is None else {"Accept": value}


@pytest.mark.parametrize("accept", list(BAD_ACCEPTS))
@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/orgs/{org}/invites"), ("DELETE", "/groups/{group}/invites/" + UNKNOWN_ID)],
)
def test_406_atlas_version_missing_or_unusable(server: LocalServer, accept: str, method: str, path: str) -> None:
    headers = accept_header(BAD_ACCEPTS[accept])
    client = server.digest(accept=None)
    response = client.request(method, V2 + path.format(org=server.org_id, group=server.project_id), headers=headers)
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-error-code"] == "INVALID_VERSION_DATE"
    assert response.content == INVALID_VERSION_BODY


@pytest.mark.parametrize("accept", list(BAD_ACCEPTS))
def test_cloud_manager_has_no_versioning(server: LocalServer, accept: str) -> None:
    headers = accept_header(BAD_ACCEPTS[accept])
    response = server.digest(accept=None).get(f"{CM}/orgs/{server.org_id}/invites", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"


GONE = "The API version 2023-01-01 of this resource was sunset on 2027-07-01 and is no longer available."


SUNSET_CALLS = [
    ("GET", "/orgs/{org}/invites"),
    ("POST", "/orgs/{org}/invites"),
    ("PATCH", "/orgs/{org}/invites"),
    ("GET", "/orgs/{org}/invites/" + UNKNOWN_ID),
    ("PATCH", "/orgs/{org}/invites/" + UNKNOWN_ID),
    ("DELETE", "/orgs/{org}/invites/" + UNKNOWN_ID),
    ("GET", "/groups/{group}/invites"),
    ("POST", "/groups/{group}/invites"),
    ("PATCH", "/groups/{group}/invites"),
    ("GET", "/groups/{group}/invites/" + UNKNOWN_ID),
    ("PATCH", "/groups/{group}/invites/" + UNKNOWN_ID),
    ("DELETE", "/groups/{group}/invites/" + UNKNOWN_ID),
]


def test_410_after_the_sunset_on_v2_only(fresh_server: LocalServer) -> None:
    server = fresh_server
    server.set_time("2027-06-30T23:59:00Z")
    assert owner(server).get(f"{V2}/orgs/{server.org_id}/invites").status_code == 200
    server.set_time("2027-07-02T00:00:00Z")
    clients = {
        "digest": server.digest(accept="application/vnd.atlas.2025-03-12+json"),
        "bearer": server.bearer(),  # a token minted on the new clock
    }
    for method, path in SUNSET_CALLS:
        url = V2 + path.format(org=server.org_id, group=server.project_id)
        body = {"username": "late@example.com", "roles": ["ORG_MEMBER"]} if method in ("POST", "PATCH") else None
        for name, client in clients.items():
            response = client.request(method, url, json=body)
            assert response.status_code == 410, (method, path, name, response.text)
            assert_error(response, 410, "VERSION_GONE", GONE, ["2023-01-01", "2027-07-01"])
    # Cloud Manager has no versions, so no sunset.
    assert owner(server, CM).get(f"{CM}/orgs/{server.org_id}/invites").status_code == 200
    assert owner(server, CM).get(f"{CM}/groups/{server.project_id}/invites").status_code == 200


# --- 429 ------------------------------------------------------------------------------------------------


def test_429_org_bucket_exhausted(fresh_server: LocalServer) -> None:
    server = fresh_server
    client = server.bearer(accept=V2_ACCEPT)
    url = f"{V2}/orgs/{server.org_id}/invites"
    refused = None
    remaining: list[int] = []
    for _ in range(700):
        response = client.get(url)
        if response.status_code == 429:
            refused = response
            break
        assert response.status_code == 200, response.text
        remaining.append(int(response.headers["ratelimit-remaining"]))
    assert refused is not None, "500 tokens and a refill of 250 per minute cannot last 700 quick requests"
    assert 490 <= len(remaining) <= 560
    assert remaining[0] == 499
    retry = int(refused.headers["retry-after"])
    assert retry >= 1
    detail = (
        f"Rate limit exceeded for api/atlas/v2/orgs. Please retry after {retry} seconds. "
        "Request capacity: 500. Refill rate: 250 per 60 seconds."
    )
    assert_error(refused, 429, "RATE_LIMITED_TOKEN_BUCKET", detail, ["api/atlas/v2/orgs", retry, 500, 250, 60])
    assert refused.headers["ratelimit-limit"] == "500"
    assert refused.headers["ratelimit-remaining"] == "0"
    # Another endpoint set has its own bucket.
    other = client.get(f"{V2}/groups/{server.project_id}/invites")
    assert other.status_code == 200
    assert other.headers["ratelimit-limit"] == "1200"


# --- 500 ------------------------------------------------------------------------------------------------


def test_500_never_leaks_a_stack_trace(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from atlas_access.server.services import memberships

    def explode(*args: object, **kwargs: object) -> object:
        raise RuntimeError("secret internals at /srv/atlas_access/services.py line 42")

    # The invitation list reads through visible_batches (streamed lists); visible serves the filtered one.
    monkeypatch.setattr(memberships, "visible", explode)
    monkeypatch.setattr(memberships, "visible_batches", explode)
    with caplog.at_level(logging.ERROR, logger="atlas_access.server"):
        response = owner(server).get(f"{V2}/orgs/{server.org_id}/invites")
    assert_error(response, 500, "UNEXPECTED_ERROR", "Unexpected error.", [])
    assert b"secret internals" not in response.content
    assert b"RuntimeError" not in response.content
    request_id = response.headers["x-request-id"]
    assert any(request_id in record.getMessage() for record in caplog.records)


# --- check order ------------------------------------------------------------------------------------------


def test_order_bad_credentials_beat_malformed_org_id(server: LocalServer) -> None:
    client = _wrong_private_key(server, V2_ACCEPT)
    assert_unauthorized(client.get(f"{V2}/orgs/not-an-id/invites"), DIGEST_CHALLENGE)


def test_order_bad_credentials_beat_missing_version(server: LocalServer) -> None:
    client = _no_credentials(server, "")
    assert_unauthorized(client.get(f"{V2}/orgs/{server.org_id}/invites"), DIGEST_CHALLENGE)


def test_order_bad_credentials_beat_unknown_invitation_and_bad_body(server: LocalServer) -> None:
    client = _bad_bearer(server, V2_ACCEPT)
    response = client.patch(
        f"{V2}/groups/{server.project_id}/invites/{UNKNOWN_ID}", content=b"{", headers={"Content-Type": "text/plain"}
    )
    assert_unauthorized(response, re.compile(re.escape(BEARER_CHALLENGE)))


def test_order_malformed_org_id_beats_bad_body(server: LocalServer) -> None:
    response = owner(server).post(
        f"{V2}/orgs/not-an-id/invites", content=b"{", headers={"Content-Type": "application/json"}
    )
    assert_error(response, 404, "INVALID_ORG_ID", "An invalid organization ID not-an-id was specified.", ["not-an-id"])


def test_order_malformed_group_id_beats_unsupported_media_type(server: LocalServer) -> None:
    response = owner(server).post(f"{V2}/groups/xyz/invites", content=b"x", headers={"Content-Type": "text/plain"})
    assert_error(response, 404, "INVALID_GROUP_ID", "An invalid group ID xyz was specified.", ["xyz"])


def test_order_unknown_org_beats_bad_body(server: LocalServer) -> None:
    response = owner(server).post(f"{V2}/orgs/{UNKNOWN_ID}/invites", json={"bogus": 1})
    assert_error(response, 404, "ORG_NOT_FOUND", f"No organization with ID {UNKNOWN_ID} exists.", [UNKNOWN_ID])


def test_order_non_member_beats_bad_body(server: LocalServer) -> None:
    stranger = key_client(server, other_org(server, orgRoles=["ORG_OWNER"]))
    response = stranger.post(
        f"{V2}/orgs/{server.org_id}/invites", content=b"{", headers={"Content-Type": "application/json"}
    )
    assert_error(response, 401, "USER_CANNOT_ACCESS_ORG", CANNOT_ACCESS_ORG, [])


def test_order_non_member_of_project_beats_bad_body(server: LocalServer) -> None:
    stranger = key_client(server, other_org(server, orgRoles=["ORG_OWNER"]), CM)
    response = stranger.post(f"{CM}/groups/{server.project_id}/invites", json={"username": 5})
    assert_error(response, 401, "NOT_IN_GROUP", NOT_IN_GROUP, [])


def test_order_wrong_role_beats_missing_invitation(server: LocalServer) -> None:
    org = other_org(server, orgRoles=["ORG_MEMBER"])
    client = key_client(server, org)
    for method in ("GET", "PATCH", "DELETE"):
        body = {"roles": ["ORG_MEMBER"]} if method == "PATCH" else None
        response = client.request(method, f"{V2}/orgs/{org['id']}/invites/{UNKNOWN_ID}", json=body)
        assert_error(response, 401, "USER_UNAUTHORIZED", USER_UNAUTHORIZED, [org["id"]])


def test_order_wrong_role_beats_malformed_invitation_id(server: LocalServer) -> None:
    """Reading of WIRE.md: "path ids well-formed" are the org and project ids (they have INVALID_*_ID codes); a
    malformed invitation id is a missing invitation, answered at the state step, so the role check wins."""
    org = other_org(server, orgRoles=["ORG_MEMBER"])
    client = key_client(server, org)
    for method in ("GET", "DELETE"):
        response = client.request(method, f"{V2}/orgs/{org['id']}/invites/not-an-id")
        assert_error(response, 401, "USER_UNAUTHORIZED", USER_UNAUTHORIZED, [org["id"]])


def test_order_non_member_beats_missing_invitation(server: LocalServer) -> None:
    stranger = key_client(server, other_org(server, orgRoles=["ORG_OWNER"]), CM)
    response = stranger.delete(f"{CM}/groups/{server.project_id}/invites/{UNKNOWN_ID}")
    assert_error(response, 401, "NOT_IN_GROUP", NOT_IN_GROUP, [])


def test_order_wrong_role_beats_bad_body(server: LocalServer) -> None:
    org = other_org(server, orgRoles=["ORG_MEMBER"], projectRoles={"P": ["GROUP_READ_ONLY"]})
    group_id = org["projects"][0]["id"]
    response = key_client(server, org, CM).post(
        f"{CM}/groups/{group_id}/invites", content=b"x", headers={"Content-Type": "text/plain"}
    )
    assert_error(response, 401, "NOT_GROUP_USER_ADMIN", NOT_GROUP_USER_ADMIN.format(group_id), [group_id])


def test_order_bad_body_beats_state(server: LocalServer) -> None:
    username = unique("dup")
    org_invite(server, username)
    response = owner(server).post(
        f"{V2}/orgs/{server.org_id}/invites", json={"username": username, "roles": "ORG_MEMBER"}
    )
    detail = "Received JSON for the roles attribute does not match expected format."
    assert_error(response, 400, "INVALID_JSON_ATTRIBUTE", detail, ["roles"], fields=["roles"])


def test_order_invalid_role_beats_conflict(server: LocalServer) -> None:
    username = unique("dup")
    org_invite(server, username)
    response = owner(server).post(
        f"{V2}/orgs/{server.org_id}/invites", json={"username": username, "roles": ["GROUP_OWNER"]}
    )
    assert response.status_code == 400
    assert response.json()["errorCode"] == "INVALID_ROLE_FOR_ORG"
