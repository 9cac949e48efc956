"""The life of an invitation: create, read, update, expire, decline, accept, cancel, replace; and its events."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import httpx

from support.server import LocalServer


def _events(server: LocalServer) -> list[tuple[str, str | None, str | None]]:
    path = server.data_dir / "atlas-access.db"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT event_type, target_username, actor_name FROM events ORDER BY id").fetchall()
    return [(row[0], row[1], row[2]) for row in rows]


def _invite(client: httpx.Client, server: LocalServer, username: str, roles: list[str] | None = None) -> httpx.Response:
    return client.post(
        f"/api/atlas/v2/orgs/{server.org_id}/invites", json={"username": username, "roles": roles or ["ORG_MEMBER"]}
    )


def _seconds(stamp: str) -> int:
    return int(datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp())


def test_full_org_lifecycle_with_events(server: LocalServer) -> None:
    client = server.digest()
    base = f"/api/atlas/v2/orgs/{server.org_id}/invites"
    created = _invite(client, server, "Ada@Example.com").json()
    assert created["username"] == "ada@example.com"  # usernames are kept in lower case
    assert created["inviterUsername"] == server.bootstrap["publicKey"]
    assert _seconds(created["expiresAt"]) - _seconds(created["createdAt"]) == 30 * 86400

    by_name = client.get(base, params={"username": "ada@example.com"}).json()
    assert [item["id"] for item in by_name] == [created["id"]]
    assert client.get(base, params={"username": "nobody@example.com"}).json() == []
    # what the real Atlas CLI sends for `organizations invitations list` without --email: every invitation
    assert [item["id"] for item in client.get(f"{base}?username=").json()] == [created["id"]]

    server.advance("2d")
    updated = client.patch(base, json={"username": "ada@example.com", "roles": ["ORG_READ_ONLY"]}).json()
    assert updated["roles"] == ["ORG_READ_ONLY"]
    assert updated["expiresAt"] == created["expiresAt"]  # an update never moves the expiry
    updated = client.patch(f"{base}/{created['id']}", json={"roles": ["ORG_GROUP_CREATOR", "ORG_MEMBER"]}).json()
    assert updated["roles"] == ["ORG_GROUP_CREATOR", "ORG_MEMBER"]
    assert client.get(f"{base}/{created['id']}").json() == updated

    assert client.delete(f"{base}/{created['id']}").status_code == 204
    assert client.get(f"{base}/{created['id']}").status_code == 404
    assert client.get(base).json() == []
    assert [e[0] for e in _events(server)] == ["INVITED_TO_ORG", "ORG_INVITATION_DELETED"]
    assert _events(server)[1] == ("ORG_INVITATION_DELETED", "ada@example.com", server.bootstrap["publicKey"])


def test_duplicate_pending_invitation_conflicts(server: LocalServer) -> None:
    client = server.bearer()
    assert _invite(client, server, "dup@example.com").status_code == 200
    again = _invite(client, server, "DUP@example.com")
    assert again.status_code == 409
    assert again.json()["detail"] == "A user with username dup@example.com already exists."


def test_expired_invitation_stays_visible_and_is_replaced_by_a_new_one(server: LocalServer) -> None:
    client = server.digest()
    base = f"/api/atlas/v2/orgs/{server.org_id}/invites"
    old = _invite(client, server, "late@example.com").json()
    server.advance("30d")
    assert client.get(f"{base}/{old['id']}").status_code == 200  # expired, still readable
    assert [i["id"] for i in client.get(base).json()] == [old["id"]]
    refused = server.accept(old["id"])
    assert refused.status_code == 409
    assert refused.json()["errorCode"] == "INVITATION_NOT_PENDING"
    new = _invite(client, server, "late@example.com").json()
    assert new["id"] != old["id"]
    assert [i["id"] for i in client.get(base).json()] == [new["id"]]
    assert client.get(f"{base}/{old['id']}").status_code == 404
    assert server.accept(new["id"]).status_code == 200


def test_expired_invitation_can_be_cancelled(server: LocalServer) -> None:
    client = server.digest()
    old = _invite(client, server, "gone@example.com").json()
    server.advance("31d")
    assert client.delete(f"/api/atlas/v2/orgs/{server.org_id}/invites/{old['id']}").status_code == 204


def test_declined_invitation_is_visible_until_replaced(server: LocalServer) -> None:
    client = server.digest()
    base = f"/api/atlas/v2/orgs/{server.org_id}/invites"
    first = _invite(client, server, "no@example.com").json()
    declined = server.decline(first["id"])
    assert declined.status_code == 200
    assert declined.json()["state"] == "REJECTED"
    assert server.accept(first["id"]).status_code == 409
    assert [i["id"] for i in client.get(base).json()] == [first["id"]]
    second = _invite(client, server, "no@example.com").json()
    assert [i["id"] for i in client.get(base).json()] == [second["id"]]


def test_accepting_makes_a_member_who_cannot_be_invited_again(server: LocalServer) -> None:
    client = server.digest()
    base = f"/api/atlas/v2/orgs/{server.org_id}/invites"
    body = {
        "username": "member@example.com",
        "roles": ["ORG_MEMBER"],
        "groupRoleAssignments": [{"groupId": server.project_id, "roles": ["GROUP_READ_ONLY"]}],
    }
    created = client.post(base, json=body).json()
    assert created["groupRoleAssignments"] == [{"groupId": server.project_id, "groupRole": "GROUP_READ_ONLY"}]
    accepted = server.accept(created["id"])
    assert accepted.status_code == 200
    assert accepted.json()["state"] == "ACCEPTED"
    assert client.get(f"{base}/{created['id']}").status_code == 404
    assert client.get(base).json() == []
    assert _invite(client, server, "member@example.com").status_code == 409
    # The org invitation granted the project role: a project invitation now conflicts too.
    project = client.post(
        f"/api/atlas/v2/groups/{server.project_id}/invites",
        json={"username": "member@example.com", "roles": ["GROUP_OWNER"]},
    )
    assert project.status_code == 409
    # Joining the organization, and the project it granted (in the project's own feed).
    assert [e[0] for e in _events(server)] == ["INVITED_TO_ORG", "JOINED_ORG", "JOINED_GROUP"]
    assert server.accept(created["id"]).status_code == 409  # single use


def test_project_invitation_lifecycle(server: LocalServer) -> None:
    client = server.bearer()
    base = f"/api/atlas/v2/groups/{server.project_id}/invites"
    created = client.post(base, json={"username": "dev@example.com", "roles": ["GROUP_READ_ONLY"]})
    assert created.status_code == 200
    invitation = created.json()
    assert invitation["groupName"] == "Project 0"
    assert invitation["inviterUsername"] == server.bootstrap["clientId"]
    updated = client.patch(base, json={"username": "dev@example.com", "roles": ["GROUP_READ_ONLY", "GROUP_OWNER"]})
    assert updated.json()["roles"] == ["GROUP_READ_ONLY", "GROUP_OWNER"]
    updated = client.patch(f"{base}/{invitation['id']}", json={"roles": ["GROUP_DATA_ACCESS_READ_ONLY"]})
    assert updated.json()["roles"] == ["GROUP_DATA_ACCESS_READ_ONLY"]
    assert server.accept(invitation["id"]).status_code == 200
    assert client.delete(f"{base}/{invitation['id']}").json()["errorCode"] == "INVALID_INVITATION_ID"
    assert [e[0] for e in _events(server)] == ["INVITED_TO_GROUP", "JOINED_GROUP"]


def test_invitation_of_another_org_is_not_found_here(server: LocalServer) -> None:
    other = server.fixtures({"orgs": [{"name": "Other", "apiKeys": [{"orgRoles": ["ORG_OWNER"]}]}]})["orgs"][0]
    key = other["apiKeys"][0]
    theirs = server.digest(key["publicKey"], key["privateKey"]).post(
        f"/api/atlas/v2/orgs/{other['id']}/invites", json={"username": "x@example.com", "roles": ["ORG_MEMBER"]}
    )
    assert theirs.status_code == 200
    mine = server.digest()
    url = f"/api/atlas/v2/orgs/{server.org_id}/invites/{theirs.json()['id']}"
    assert mine.get(url).status_code == 404
    assert mine.delete(url).json()["errorCode"] == "INVALID_INVITATION_ID"


def test_team_ids_must_be_teams_of_the_org(server: LocalServer) -> None:
    client = server.digest()
    base = f"/api/atlas/v2/orgs/{server.org_id}/invites"
    response = client.post(base, json={"username": "t@example.com", "roles": ["ORG_MEMBER"], "teamIds": ["a" * 24]})
    assert response.status_code == 404
    assert response.json()["errorCode"] == "TEAM_NOT_FOUND"


def test_cloud_manager_and_atlas_serve_the_same_invitations(server: LocalServer) -> None:
    cm = server.digest(accept="application/json")
    created = cm.post(
        f"/api/public/v1.0/orgs/{server.org_id}/invites",
        json={"username": "cm@example.com", "roles": ["ORG_USER_ADMIN"]},
    )
    assert created.status_code == 201
    assert "groupRoleAssignments" not in created.json()
    seen = server.digest().get(f"/api/atlas/v2/orgs/{server.org_id}/invites/{created.json()['id']}")
    assert seen.status_code == 200
    assert seen.json()["roles"] == ["ORG_USER_ADMIN"]
    # Atlas v2 itself does not grant Cloud Manager's role.
    refused = server.digest().post(
        f"/api/atlas/v2/orgs/{server.org_id}/invites", json={"username": "a2@example.com", "roles": ["ORG_USER_ADMIN"]}
    )
    assert refused.status_code == 400
    assert refused.json()["errorCode"] == "INVALID_ROLE_FOR_ORG"
