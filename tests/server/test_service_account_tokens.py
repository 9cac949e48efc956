"""Service accounts made through the API, used as callers: their secrets expire on the server's clock, and their
tokens do exactly what their roles allow.

Real (WIRE.md section 5): an expired secret is refused at the token endpoint with 401 ``invalid_client``. Each test
here has its own server, as they move its clock.
"""

from __future__ import annotations

from typing import Any

import httpx

from support.answers import expect_error
from support.server import LocalServer

ACCEPT = "application/vnd.atlas.2024-08-05+json"
INVALID_CLIENT = {"error": "invalid_client", "error_description": "Invalid credentials provided."}


def _mint(server: LocalServer, client_id: str, secret: str) -> httpx.Response:
    return httpx.post(
        f"{server.base_url}/api/oauth/token",
        auth=(client_id, secret),
        data={"grant_type": "client_credentials"},
        trust_env=False,
    )


def _create(owner: httpx.Client, path: str, roles: list[str], hours: int = 24) -> dict[str, Any]:
    body = {"name": "caller", "description": "a caller", "roles": roles, "secretExpiresAfterHours": hours}
    response = owner.post(path, json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_an_expired_secret_is_refused_and_a_newer_one_still_works(server: LocalServer) -> None:
    owner = server.digest(accept=ACCEPT)
    base = f"/api/atlas/v2/orgs/{server.org_id}/serviceAccounts"
    account = _create(owner, base, ["ORG_READ_ONLY"], hours=8)
    client_id, short = account["clientId"], account["secrets"][0]["secret"]
    newer = owner.post(f"{base}/{client_id}/secrets", json={"secretExpiresAfterHours": 48}).json()["secret"]
    assert _mint(server, client_id, short).status_code == 200

    server.advance("7h59m")
    assert _mint(server, client_id, short).status_code == 200
    server.advance("1m")  # the secret's expiresAt: from then on it is refused
    refused = _mint(server, client_id, short)
    assert refused.status_code == 401
    assert refused.json() == INVALID_CLIENT
    minted = _mint(server, client_id, newer)
    assert minted.status_code == 200, minted.text
    as_account = server.bearer(token=minted.json()["access_token"], accept=ACCEPT)
    assert as_account.get(f"{base}/{client_id}").status_code == 200
    # The expired secret is still listed (with its expiry) until someone deletes it.
    secrets = owner.get(f"{base}/{client_id}").json()["secrets"]
    assert [s["id"] for s in secrets] == [account["secrets"][0]["id"], secrets[1]["id"]]

    server.advance("2d")
    assert _mint(server, client_id, newer).json() == INVALID_CLIENT


def test_an_org_read_only_account_reads_the_org_but_cannot_create_a_project(server: LocalServer) -> None:
    owner = server.digest(accept=ACCEPT)
    account = _create(owner, f"/api/atlas/v2/orgs/{server.org_id}/serviceAccounts", ["ORG_READ_ONLY"])
    as_account = server.bearer(account["clientId"], account["secrets"][0]["secret"], accept=ACCEPT)
    org = as_account.get(f"/api/atlas/v2/orgs/{server.org_id}")
    assert org.status_code == 200, org.text
    assert org.json()["id"] == server.org_id
    assert as_account.get(f"/api/atlas/v2/groups/{server.project_id}").status_code == 200  # implied GROUP_READ_ONLY
    assert as_account.get(f"/api/atlas/v2/orgs/{server.org_id}/serviceAccounts").status_code == 200
    created = as_account.post("/api/atlas/v2/groups", json={"name": "not allowed", "orgId": server.org_id})
    expect_error(created, 401, "NOT_ORG_GROUP_CREATOR")
    changed = as_account.patch(f"/api/atlas/v2/orgs/{server.org_id}/serviceAccounts/{account['clientId']}", json={})
    expect_error(changed, 401, "USER_UNAUTHORIZED")


def test_a_project_read_only_account_reads_its_project_only(server: LocalServer) -> None:
    owner = server.digest(accept=ACCEPT)
    other = owner.post("/api/atlas/v2/groups", json={"name": "Another", "orgId": server.org_id})
    assert other.status_code == 201, other.text
    account = _create(owner, f"/api/atlas/v2/groups/{server.project_id}/serviceAccounts", ["GROUP_READ_ONLY"])
    as_account = server.bearer(account["clientId"], account["secrets"][0]["secret"], accept=ACCEPT)
    mine = as_account.get(f"/api/atlas/v2/groups/{server.project_id}")
    assert mine.status_code == 200, mine.text
    listed = as_account.get(f"/api/atlas/v2/groups/{server.project_id}/serviceAccounts")
    assert account["clientId"] in [a["clientId"] for a in listed.json()["results"]]
    expect_error(as_account.get(f"/api/atlas/v2/groups/{other.json()['id']}"), 401, "NOT_IN_GROUP")
    expect_error(as_account.patch(f"/api/atlas/v2/groups/{server.project_id}", json={}), 401, "USER_UNAUTHORIZED")
    # An Organization Member: it sees the organization, not its service accounts.
    assert as_account.get(f"/api/atlas/v2/orgs/{server.org_id}").status_code == 200
    expect_error(as_account.get(f"/api/atlas/v2/orgs/{server.org_id}/serviceAccounts"), 401, "USER_UNAUTHORIZED")
    # Removed from the project, it reads it no more, with the same token.
    owner.delete(f"/api/atlas/v2/groups/{server.project_id}/serviceAccounts/{account['clientId']}")
    expect_error(as_account.get(f"/api/atlas/v2/groups/{server.project_id}"), 401, "NOT_IN_GROUP")
