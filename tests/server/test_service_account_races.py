"""Service accounts on both database engines, and changes that race: one of two concurrent assignments wins (the
other gets 409), and a removal racing changes to the account leaves no half-done state and no 500.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from support.concurrency import at_once
from support.server import LocalServer

ACCEPT = "application/vnd.atlas.2024-08-05+json"
DATABASES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _server(request: pytest.FixtureRequest, database: str) -> LocalServer:
    server: LocalServer = request.getfixturevalue("server" if database == "sqlite" else "pg_server")
    return server


def _account(owner: httpx.Client, server: LocalServer) -> dict[str, Any]:
    body = {"name": "racer", "description": "d", "roles": ["ORG_MEMBER"], "secretExpiresAfterHours": 24}
    response = owner.post(f"/api/atlas/v2/orgs/{server.org_id}/serviceAccounts", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def _together(server: LocalServer, calls: list[Callable[[httpx.Client], httpx.Response]]) -> list[int]:
    return at_once(server, calls, ACCEPT)


@pytest.mark.parametrize("database", DATABASES)
def test_the_whole_lifecycle(request: pytest.FixtureRequest, database: str) -> None:
    server = _server(request, database)
    owner = server.digest(accept=ACCEPT)
    org = f"/api/atlas/v2/orgs/{server.org_id}/serviceAccounts"
    group = f"/api/atlas/v2/groups/{server.project_id}/serviceAccounts"
    account = _account(owner, server)
    one = f"{org}/{account['clientId']}"
    steps: list[tuple[str, str, Any, int]] = [
        ("POST", f"{group}/{account['clientId']}:invite", {"roles": ["GROUP_READ_ONLY"]}, 200),
        ("PATCH", one, {"name": "renamed", "roles": ["ORG_READ_ONLY"]}, 200),
        ("PATCH", f"{group}/{account['clientId']}", {"roles": ["GROUP_OWNER"]}, 200),
        ("POST", f"{one}/secrets", {"secretExpiresAfterHours": 24}, 201),
        ("POST", f"{one}/accessList", [{"cidrBlock": "10.0.0.0/8"}], 200),
        ("DELETE", f"{one}/accessList/10.0.0.0%2F8", None, 204),
        ("GET", f"{one}/groups", None, 200),
        ("DELETE", f"{one}/secrets/{account['secrets'][0]['id']}", None, 204),
        ("DELETE", f"{group}/{account['clientId']}", None, 204),
        ("DELETE", one, None, 204),
        ("GET", one, None, 404),
    ]
    for method, path, body, status in steps:
        response = owner.request(method, path, json=body)
        assert response.status_code == status, (method, path, response.text)


@pytest.mark.parametrize("database", DATABASES)
def test_two_concurrent_assignments_one_wins(request: pytest.FixtureRequest, database: str) -> None:
    server = _server(request, database)
    owner = server.digest(accept=ACCEPT)
    account = _account(owner, server)
    path = f"/api/atlas/v2/groups/{server.project_id}/serviceAccounts/{account['clientId']}:invite"
    statuses = _together(server, [lambda c, r=role: c.post(path, json={"roles": [r]}) for role in ("A", "B")])
    # Invalid roles first, to see both reach the body check at once; then the real race.
    assert statuses == [400, 400]
    roles = ("GROUP_READ_ONLY", "GROUP_OWNER")
    statuses = _together(server, [lambda c, r=role: c.post(path, json={"roles": [r]}) for role in roles])
    assert sorted(statuses) == [200, 409]
    groups = owner.get(f"/api/atlas/v2/orgs/{server.org_id}/serviceAccounts/{account['clientId']}/groups").json()
    assert len(groups["results"]) == 1


@pytest.mark.parametrize("database", DATABASES)
def test_a_removal_racing_changes_leaves_nothing_behind(request: pytest.FixtureRequest, database: str) -> None:
    server = _server(request, database)
    owner = server.digest(accept=ACCEPT)
    account = _account(owner, server)
    client_id = account["clientId"]
    one = f"/api/atlas/v2/orgs/{server.org_id}/serviceAccounts/{client_id}"
    invite = f"/api/atlas/v2/groups/{server.project_id}/serviceAccounts/{client_id}:invite"
    statuses = _together(
        server,
        [
            lambda c: c.delete(one),
            lambda c: c.post(invite, json={"roles": ["GROUP_READ_ONLY"]}),
            lambda c: c.post(f"{one}/secrets", json={"secretExpiresAfterHours": 24}),
            lambda c: c.post(f"{one}/accessList", json=[{"ipAddress": "10.1.2.3"}]),
            lambda c: c.patch(one, json={"name": "late"}),
        ],
    )
    assert statuses[0] == 204
    assert statuses[1] in (200, 404)
    assert statuses[2] in (201, 404)
    assert statuses[3] in (200, 404)
    assert statuses[4] in (200, 404)
    # Whatever won, the account is gone everywhere.
    assert owner.get(one).status_code == 404
    in_project = owner.get(f"/api/atlas/v2/groups/{server.project_id}/serviceAccounts").json()["results"]
    assert client_id not in [a["clientId"] for a in in_project]
