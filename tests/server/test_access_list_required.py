"""``apiAccessListRequired`` (docs/org-settings.md): with it on, an API key or service account of the organization
that has no access list is refused on every call, 403 ``ORG_REQUIRES_ACCESS_LIST`` naming the caller's address
(the real code and detail); one with a list works from its addresses (and gets ``IP_ADDRESS_NOT_ON_ACCESS_LIST``
from others, as before). The token endpoint is not subject to it (as it is not to access lists). An owner key with
a list turns it off again.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.answers import expect_error
from support.server import LocalServer

ACCEPT = "application/vnd.atlas.2025-03-12+json"
DETAIL = "This organization requires access through an access list of ip ranges."


class World:
    def __init__(self, server: LocalServer) -> None:
        self.server = server
        member = {"orgRoles": ["ORG_OWNER"]}
        (org, other) = server.fixtures(
            {
                "orgs": [
                    {
                        "name": "Listed only",
                        "projects": [{"name": "Guarded"}],
                        "apiKeys": [
                            {"description": "listed", "accessList": ["127.0.0.1"], **member},
                            {"description": "unlisted", **member},
                            {"description": "elsewhere", "accessList": ["10.0.0.0/8"], **member},
                        ],
                        "serviceAccounts": [
                            {"name": "listed", "accessList": ["127.0.0.0/8"], **member},
                            {"name": "unlisted", **member},
                        ],
                    },
                    {"name": "Not listed", "apiKeys": [{"description": "free", **member}]},
                ]
            }
        )["orgs"]
        self.org_id, self.group_id, self.other_org = org["id"], org["projects"][0]["id"], other["id"]
        self.listed, self.unlisted, self.elsewhere = (
            server.digest(key["publicKey"], key["privateKey"], accept=ACCEPT) for key in org["apiKeys"]
        )
        self.accounts = org["serviceAccounts"]
        self.unlisted_id = org["apiKeys"][1]["id"]
        self.free = server.digest(other["apiKeys"][0]["publicKey"], other["apiKeys"][0]["privateKey"], accept=ACCEPT)

    def bearer(self, index: int) -> httpx.Client:
        account = self.accounts[index]
        return self.server.bearer(account["clientId"], account["clientSecret"], accept=ACCEPT)

    def require(self, on: bool, client: httpx.Client | None = None) -> httpx.Response:
        return (client or self.listed).patch(
            f"/api/atlas/v2/orgs/{self.org_id}/settings",
            json={"apiAccessListRequired": on},
            headers={"Accept": "application/vnd.atlas.2023-01-01+json"},
        )

    def sample(self) -> list[tuple[str, str, Any, str]]:
        """Calls across areas: (method, path, body, Accept)."""
        org, group = f"/api/atlas/v2/orgs/{self.org_id}", f"/api/atlas/v2/groups/{self.group_id}"
        old = "application/vnd.atlas.2023-01-01+json"
        return [
            ("GET", "/api/atlas/v2/orgs", None, ACCEPT),
            ("GET", org, None, ACCEPT),
            ("GET", f"{org}/settings", None, old),
            ("PATCH", f"{org}/settings", {"apiAccessListRequired": False}, old),
            ("GET", f"{org}/users", None, ACCEPT),
            ("GET", f"{org}/apiKeys", None, ACCEPT),
            ("POST", f"{org}/apiKeys/{self.unlisted_id}/accessList", [{"ipAddress": "127.0.0.1"}], ACCEPT),
            ("GET", f"{org}/events", None, ACCEPT),
            ("GET", "/api/atlas/v2/groups", None, ACCEPT),
            ("GET", group, None, ACCEPT),
            ("POST", f"{group}/invites", {"username": "someone@example.com", "roles": ["GROUP_READ_ONLY"]}, old),
            ("GET", f"{group}/databaseUsers", None, ACCEPT),
            ("GET", f"{group}/accessList", None, ACCEPT),
            ("GET", f"/api/public/v1.0/orgs/{self.org_id}/invites", None, "application/json"),
        ]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(Path(tmp_path_factory.mktemp("access-list-required")) / "data", rate_limits=False).start()
    yield World(server)
    server.stop()


@pytest.fixture()
def required(world: World) -> Iterator[None]:
    response = world.require(True)
    assert response.status_code == 200, response.text
    assert response.json()["apiAccessListRequired"] is True
    yield
    assert world.require(False).status_code == 200


def test_without_it_a_key_without_a_list_works(world: World) -> None:
    for method, path, _body, accept in world.sample():
        if method == "GET":
            assert world.unlisted.get(path, headers={"Accept": accept}).status_code == 200, path


@pytest.mark.usefixtures("required")
def test_a_key_without_a_list_is_refused_everywhere(world: World) -> None:
    for method, path, body, accept in world.sample():
        response = world.unlisted.request(method, path, json=body, headers={"Accept": accept})
        found = expect_error(response, 403, "ORG_REQUIRES_ACCESS_LIST")
        assert found == {
            "detail": DETAIL,
            "error": 403,
            "errorCode": "ORG_REQUIRES_ACCESS_LIST",
            "parameters": ["127.0.0.1"],
            "reason": "Forbidden",
        }, path
    # Nothing it asked for happened: the invitation was not made, the key got no list.
    invites = world.listed.get(
        f"/api/atlas/v2/groups/{world.group_id}/invites", headers={"Accept": "application/vnd.atlas.2023-01-01+json"}
    )
    assert invites.json() == []
    entries = world.listed.get(f"/api/atlas/v2/orgs/{world.org_id}/apiKeys/{world.unlisted_id}/accessList")
    assert entries.json()["totalCount"] == 0


@pytest.mark.usefixtures("required")
def test_a_key_with_a_list_works_from_its_addresses_only(world: World) -> None:
    for method, path, body, accept in world.sample():
        if method == "GET":
            response = world.listed.request(method, path, json=body, headers={"Accept": accept})
            assert response.status_code == 200, (path, response.text)
            refused = world.elsewhere.request(method, path, json=body, headers={"Accept": accept})
            expect_error(refused, 403, "IP_ADDRESS_NOT_ON_ACCESS_LIST")


@pytest.mark.usefixtures("required")
def test_service_accounts_are_held_to_it_too_but_still_get_tokens(world: World) -> None:
    path = f"/api/atlas/v2/groups/{world.group_id}"
    assert world.bearer(0).get(path).status_code == 200
    unlisted = world.bearer(1)  # its token comes from the token endpoint, which the setting does not guard
    found = expect_error(unlisted.get(path), 403, "ORG_REQUIRES_ACCESS_LIST")
    assert found["parameters"] == ["127.0.0.1"]
    expect_error(unlisted.get("/api/atlas/v2/orgs"), 403, "ORG_REQUIRES_ACCESS_LIST")


@pytest.mark.usefixtures("required")
def test_other_organizations_are_not_held_to_it(world: World) -> None:
    assert world.free.get(f"/api/atlas/v2/orgs/{world.other_org}").status_code == 200


def test_an_owner_with_a_list_turns_it_off_and_events_say_so(world: World) -> None:
    assert world.require(True).status_code == 200
    expect_error(world.require(False, world.unlisted), 403, "ORG_REQUIRES_ACCESS_LIST")
    assert world.require(False).json()["apiAccessListRequired"] is False
    assert world.unlisted.get(f"/api/atlas/v2/orgs/{world.org_id}").status_code == 200
    response = world.listed.get(
        f"/api/atlas/v2/orgs/{world.org_id}/events",
        params={"eventType": ["ORG_PUBLIC_API_ACCESS_LIST_REQUIRED", "ORG_PUBLIC_API_ACCESS_LIST_NOT_REQUIRED"]},
    )
    shown = [event["eventTypeName"] for event in response.json()["results"]]
    assert shown[:2] == ["ORG_PUBLIC_API_ACCESS_LIST_NOT_REQUIRED", "ORG_PUBLIC_API_ACCESS_LIST_REQUIRED"]
