"""Every statement of the seed documents (../shared/seeds), against a running server."""

from __future__ import annotations

import httpx
import pytest

from support.server import LocalServer

SEED_ACCEPT = "application/vnd.atlas.2025-03-12+json"  # seeds 001/002 send this date to a 2023-01-01 operation


def _org_invite(server: LocalServer, username: str = "invitee@example.com") -> str:
    response = server.digest().post(
        f"/api/atlas/v2/orgs/{server.org_id}/invites", json={"username": username, "roles": ["ORG_MEMBER"]}
    )
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


def _group_invite(server: LocalServer, username: str = "invitee@example.com") -> str:
    response = server.digest().post(
        f"/api/atlas/v2/groups/{server.project_id}/invites", json={"username": username, "roles": ["GROUP_READ_ONLY"]}
    )
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


@pytest.mark.parametrize("auth", ["bearer", "digest"])
def test_seed_001_cancel_org_invitation_then_documented_error(server: LocalServer, auth: str) -> None:
    invitation = _org_invite(server)
    client = server.bearer(accept=SEED_ACCEPT) if auth == "bearer" else server.digest(accept=SEED_ACCEPT)
    url = f"/api/atlas/v2/orgs/{server.org_id}/invites/{invitation}"

    first = client.delete(url)
    assert first.status_code == 204
    assert first.content == b""
    assert first.headers["content-type"] == "application/vnd.atlas.2023-01-01+json;charset=utf-8"
    assert first.headers["deprecation"] == "Wed, 19 Feb 2025 00:00:00 GMT"
    assert first.headers["sunset"] == "Thu, 1 Jul 2027 00:00:00 GMT"

    again = client.delete(url)
    assert again.status_code == 400
    assert again.headers["content-type"] == "application/json"
    assert again.headers["x-error-code"] == "INVALID_INVITATION_ID"
    assert again.json() == {
        "detail": "The invitation you tried to delete does not exist or has already been accepted.",
        "error": 400,
        "errorCode": "INVALID_INVITATION_ID",
        "parameters": [invitation],
        "reason": "Bad Request",
    }
    listed = server.digest().get(f"/api/atlas/v2/orgs/{server.org_id}/invites").json()
    assert invitation not in [item["id"] for item in listed]


def test_seed_001_accepted_invitation_cannot_be_cancelled(server: LocalServer) -> None:
    invitation = _org_invite(server)
    assert server.accept(invitation).status_code == 200
    response = server.bearer().delete(f"/api/atlas/v2/orgs/{server.org_id}/invites/{invitation}")
    assert response.status_code == 400
    assert response.json()["errorCode"] == "INVALID_INVITATION_ID"


def test_seed_001_requires_organization_owner(server: LocalServer) -> None:
    invitation = _org_invite(server)
    org = server.fixtures({"orgs": [{"name": "Other", "apiKeys": [{"orgRoles": ["ORG_MEMBER"]}]}]})["orgs"][0]
    key = org["apiKeys"][0]
    # A member of another organization cannot touch this one...
    response = server.digest(key["publicKey"], key["privateKey"]).delete(
        f"/api/atlas/v2/orgs/{server.org_id}/invites/{invitation}"
    )
    assert response.status_code == 401
    assert response.json()["errorCode"] == "USER_CANNOT_ACCESS_ORG"
    # ...and a member of this one without ORG_OWNER cannot either.
    response = server.digest(key["publicKey"], key["privateKey"]).delete(
        f"/api/atlas/v2/orgs/{org['id']}/invites/{invitation}"
    )
    assert response.status_code == 401
    assert response.json()["errorCode"] == "USER_UNAUTHORIZED"


@pytest.mark.parametrize("path", ["invites", "invitations"])
def test_seed_003_cloud_manager_delete(server: LocalServer, path: str) -> None:
    invitation = _org_invite(server)
    client = server.digest(accept="application/json")
    response = client.delete(f"/api/public/v1.0/orgs/{server.org_id}/{path}/{invitation}")
    assert response.status_code == 204
    assert response.content == b""
    assert response.headers["content-type"] == "application/json"
    again = client.delete(f"/api/public/v1.0/orgs/{server.org_id}/{path}/{invitation}")
    assert again.status_code == 400
    assert again.json()["errorCode"] == "INVALID_INVITATION_ID"


def test_seed_003_unauthenticated_challenge(server: LocalServer) -> None:
    response = httpx.delete(f"{server.base_url}/api/public/v1.0/orgs/{server.org_id}/invites/{'a' * 24}")
    assert response.status_code == 401
    challenge = response.headers["www-authenticate"]
    assert challenge.startswith('Digest realm="MMS Public API", domain="", nonce="')
    assert challenge.endswith('", algorithm=MD5, qop="auth", stale=false')
    assert response.content == (
        b'{\n  "error" : 401,\n  "reason" : "Unauthorized",\n'
        b'  "detail" : "You are not authorized for this resource.",\n  "errorCode" : "UNEXPECTED_ERROR"\n}'
    )


@pytest.mark.parametrize("auth", ["bearer", "digest"])
def test_seed_004_cancel_project_invitation(server: LocalServer, auth: str) -> None:
    invitation = _group_invite(server)
    accept = "application/vnd.atlas.2023-01-01+json"
    client = server.bearer(accept=accept) if auth == "bearer" else server.digest(accept=accept)
    url = f"/api/atlas/v2/groups/{server.project_id}/invites/{invitation}"
    first = client.delete(url)
    assert first.status_code == 204
    assert first.headers["content-type"] == "application/vnd.atlas.2023-01-01+json;charset=utf-8"
    assert first.headers["deprecation"] == "Wed, 4 Oct 2023 00:00:00 GMT"
    again = client.delete(url)
    assert again.status_code == 400
    assert again.json()["errorCode"] == "INVALID_INVITATION_ID"


def test_seed_004_project_delete_leaves_org_invitation(server: LocalServer) -> None:
    org_invitation = _org_invite(server, "both@example.com")
    group_invitation = _group_invite(server, "both@example.com")
    assert (
        server.digest().delete(f"/api/atlas/v2/groups/{server.project_id}/invites/{group_invitation}").status_code
        == 204
    )
    still = server.digest().get(f"/api/atlas/v2/orgs/{server.org_id}/invites/{org_invitation}")
    assert still.status_code == 200
    assert still.json()["username"] == "both@example.com"


def test_seed_000_envelope_and_pretty_flags(server: LocalServer) -> None:
    invitation = _org_invite(server)
    response = server.digest().delete(
        f"/api/atlas/v2/orgs/{server.org_id}/invites/{invitation}", params={"envelope": "true", "pretty": "true"}
    )
    assert response.status_code == 200
    assert response.content == b'{\n  "content" : { },\n  "status" : 204\n}'
