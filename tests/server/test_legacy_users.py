"""The legacy users API (``/api/atlas/v2/users``, deprecated): ``createUser``, ``getUser``, ``getUserByName``
(docs/limits-and-root.md)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from atlas_access.core.cloud_users import password_matches
from support.answers import expect_error
from support.server import LocalServer

ACCEPT = "application/vnd.atlas.2023-01-01+json"


class World:
    def __init__(self, server: LocalServer) -> None:
        self.server = server
        orgs = server.fixtures(
            {
                "orgs": [
                    {
                        "name": "Users Home",
                        "projects": [{"name": "web"}],
                        "apiKeys": [
                            {"description": "owner", "orgRoles": ["ORG_OWNER"]},
                            {"description": "member", "orgRoles": ["ORG_MEMBER"]},
                        ],
                    },
                    {"name": "Elsewhere", "apiKeys": [{"description": "stranger", "orgRoles": ["ORG_OWNER"]}]},
                ]
            }
        )["orgs"]
        self.org_id, self.group_id = orgs[0]["id"], orgs[0]["projects"][0]["id"]
        self.owner, self.member = (
            server.digest(key["publicKey"], key["privateKey"], accept=ACCEPT) for key in orgs[0]["apiKeys"]
        )
        key = orgs[1]["apiKeys"][0]
        self.stranger = server.digest(key["publicKey"], key["privateKey"], accept=ACCEPT)

    def body(self, username: str, **changes: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "username": username,
            "password": "correct horse battery",
            "firstName": "Ann",
            "lastName": "Lee",
            "country": "US",
            "mobileNumber": "+1 212 555 0100",
            "roles": [
                {"orgId": self.org_id, "roleName": "ORG_MEMBER"},
                {"groupId": self.group_id, "roleName": "GROUP_READ_ONLY"},
            ],
        }
        return {**body, **changes}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    server = LocalServer(Path(tmp_path_factory.mktemp("users")) / "data", rate_limits=False).start()
    yield World(server)
    server.stop()


def test_create_answers_the_user_without_its_password_and_invites_it(world: World) -> None:
    response = world.owner.post("/api/atlas/v2/users", json=world.body("ann@example.com"))
    assert response.status_code == 200, response.text
    user = response.json()
    assert "password" not in user and "correct horse" not in response.text
    assert user["username"] == user["emailAddress"] == "ann@example.com"
    assert user["country"] == "US" and user["firstName"] == "Ann" and user["mobileNumber"] == "+1 212 555 0100"
    assert user["roles"] == [
        {"orgId": world.org_id, "roleName": "ORG_MEMBER"},
        {"groupId": world.group_id, "roleName": "GROUP_READ_ONLY"},
    ]
    assert user["links"][0] == {"href": f"{world.server.base_url}/api/atlas/v2/users/{user['id']}", "rel": "self"}
    invites = world.owner.get(f"/api/atlas/v2/orgs/{world.org_id}/invites", params={"username": "ann@example.com"})
    (invitation,) = invites.json()
    assert invitation["roles"] == ["ORG_MEMBER"]
    assert invitation["groupRoleAssignments"] == [{"groupId": world.group_id, "groupRole": "GROUP_READ_ONLY"}]
    # Until it accepts it holds nothing; then it holds the roles, under the same id.
    assert world.owner.get(f"/api/atlas/v2/users/{user['id']}").json()["roles"] == []
    assert world.server.accept(invitation["id"]).status_code == 200
    held = world.owner.get(f"/api/atlas/v2/users/{user['id']}").json()
    assert held["roles"] == user["roles"]
    by_name = world.owner.get("/api/atlas/v2/users/byName/ann@example.com")
    assert by_name.status_code == 200 and by_name.json()["id"] == user["id"]


def test_the_password_is_stored_only_as_a_scrypt_hash(world: World) -> None:
    created = world.owner.post("/api/atlas/v2/users", json=world.body("hash@example.com")).json()
    for path in world.server.data_dir.iterdir():
        if path.is_file():
            assert b"correct horse battery" not in path.read_bytes()
    (database,) = world.server.data_dir.glob("*.db")
    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as conn:
        (stored,) = conn.execute(
            "SELECT password_hash FROM cloud_user_passwords WHERE user_id = ?", (created["id"],)
        ).fetchone()
    assert stored.startswith("scrypt$")
    assert password_matches("correct horse battery", stored) and not password_matches("correct horse", stored)


def test_bad_bodies_are_refused(world: World) -> None:
    post = lambda body: world.owner.post("/api/atlas/v2/users", json=body)  # noqa: E731
    expect_error(post(world.body("ann@example.com")), 409, "USER_ALREADY_EXISTS")
    expect_error(post(world.body("not-an-email")), 400, "INVALID_USERNAME")
    expect_error(post(world.body("p@example.com", password="short")), 400, "INVALID_ATTRIBUTE")
    expect_error(post(world.body("p@example.com", country="usa")), 400, "INVALID_ATTRIBUTE")
    expect_error(post(world.body("p@example.com", roles=[])), 400, "MISSING_ATTRIBUTE")
    no_name = world.body("p@example.com")
    del no_name["firstName"]
    expect_error(post(no_name), 400, "MISSING_ATTRIBUTE")
    expect_error(
        post(world.body("p@example.com", roles=[{"orgId": world.org_id, "roleName": "ORG_KING"}])),
        400,
        "INVALID_ROLE_FOR_ORG",
    )
    both = [{"orgId": world.org_id, "groupId": world.group_id, "roleName": "ORG_MEMBER"}]
    expect_error(post(world.body("p@example.com", roles=both)), 400, "INVALID_ATTRIBUTE")
    expect_error(post(world.body("p@example.com", id="x")), 400, "INVALID_ATTRIBUTE")
    expect_error(
        post(world.body("p@example.com", roles=[{"orgId": "0" * 24, "roleName": "ORG_MEMBER"}])), 404, "ORG_NOT_FOUND"
    )
    expect_error(world.member.post("/api/atlas/v2/users", json=world.body("p@example.com")), 401, "USER_UNAUTHORIZED")
    expect_error(
        world.stranger.post("/api/atlas/v2/users", json=world.body("p@example.com")), 401, "USER_CANNOT_ACCESS_ORG"
    )
    expect_error(world.owner.get("/api/atlas/v2/users/byName/p@example.com"), 404, "USERNAME_NOT_FOUND")


def test_any_caller_reads_a_user_and_an_unknown_one_is_404(world: World) -> None:
    created = world.owner.post("/api/atlas/v2/users", json=world.body("bea@example.com")).json()
    assert world.stranger.get(f"/api/atlas/v2/users/{created['id']}").json()["username"] == "bea@example.com"
    assert world.member.get("/api/atlas/v2/users/byName/bea@example.com").json()["id"] == created["id"]
    expect_error(world.owner.get("/api/atlas/v2/users/" + "0" * 24), 404, "USER_NOT_FOUND")
    # A malformed id is the pipeline's, as on every path naming a user.
    expect_error(world.owner.get("/api/atlas/v2/users/not-an-id"), 404, "INVALID_USER_ID")


def test_the_create_writes_the_invitation_event(world: World) -> None:
    world.owner.post("/api/atlas/v2/users", json=world.body("cid@example.com"))
    events = world.owner.get(f"/api/atlas/v2/orgs/{world.org_id}/events", params={"eventType": "INVITED_TO_ORG"})
    assert any(e.get("targetUsername") == "cid@example.com" for e in events.json()["results"])
